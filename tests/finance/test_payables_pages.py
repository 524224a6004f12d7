"""Finance's payables pages: every page opens, lists read in a fixed number of queries, bad input
is a field or row error with nothing written, exports and the VAT registers download."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from backoffice import roles
from finance.interface import BillLineIn
from finance.models import Account, BankStatement, Payment, PaymentAllocation, SupplierBill
from finance.services import (
    AllocationIn,
    payment_record,
    supplier_bill_approve,
    supplier_bill_post,
    supplier_bill_save,
)
from tests.finance.invoicing_factories import invoicing_world, issued, line

pytestmark = pytest.mark.django_db
D = Decimal


@pytest.fixture
def world(make_user, client, login):
    w = invoicing_world()
    w["inv"] = issued(w, line(w, price="100.00"), due_date=date(2026, 3, 20))
    w["bill"] = supplier_bill_save(
        bill=None,
        supplier=w["supplier"],
        number="F-1",
        bill_date=date(2026, 3, 2),
        due_date=date(2026, 3, 12),
        lines=[BillLineIn("Paper", "2", "50.00", "20", "601", w["ops"])],
        actor=None,
    )
    supplier_bill_approve(bill=w["bill"], actor=None)
    supplier_bill_post(bill=w["bill"], actor=None)
    w["payment"] = payment_record(
        direction="received",
        partner=w["client"],
        amount=D("50.00"),
        date=date(2026, 3, 25),
        actor=None,
    )
    w["user"] = make_user(roles.FINANCE, username="fin")
    login(client, w["user"])
    return w


def test_every_page_opens(world, client):
    urls = [
        reverse("finance:payment-list"),
        reverse("finance:payment-create"),
        reverse("finance:payment-detail", args=[world["payment"].pk]),
        reverse("finance:statement-import"),
        reverse("finance:bill-list"),
        reverse("finance:bill-create"),
        reverse("finance:bill-detail", args=[world["bill"].pk]),
        reverse("finance:claim-queue"),
        reverse("finance:aged-receivables"),
        reverse("finance:aged", args=["payables"]),
        reverse("finance:aged-documents", args=["receivables"]) + "?bucket=31-60&on=2026-05-01",
        reverse("finance:vat-registers") + "?year=2026&month=3",
        reverse("finance:customer-statement", args=[world["client"].pk]),
    ]
    for url in urls:
        assert client.get(url).status_code == 200, url


def test_payment_page_proposes_and_allocates(world, client):
    url = reverse("finance:payment-detail", args=[world["payment"].pk])

    page = client.get(url).content.decode()
    assert f'name="invoice-{world["inv"].pk}"' in page and 'value="50.00"' in page

    response = client.post(
        reverse("finance:payment-allocate", args=[world["payment"].pk]),
        {f"invoice-{world['inv'].pk}": "50,00"},
    )
    assert response.status_code == 302
    world["inv"].refresh_from_db()
    assert world["inv"].paid_amount == D("50.00")


def test_allocating_too_much_on_the_page_is_an_error(world, client):
    response = client.post(
        reverse("finance:payment-allocate", args=[world["payment"].pk]),
        {f"invoice-{world['inv'].pk}": "80.00"},
    )

    assert response.status_code == 400
    assert "more than the 50.00 left" in response.content.decode()
    assert not PaymentAllocation.objects.exists()


@pytest.mark.parametrize("amount", ["-3", "abc", "0"])
def test_bad_payment_form_input_writes_nothing(world, client, amount):
    before = Payment.objects.count()
    response = client.post(
        reverse("finance:payment-create"),
        {
            "direction": "received",
            "partner": world["client"].pk,
            "method": "bank",
            "date": "2026-03-25",
            "amount": amount,
        },
    )

    assert response.status_code == 200
    assert "nothing was saved" in response.content.decode()
    assert Payment.objects.count() == before


def test_a_duplicate_bill_on_the_form_is_a_field_error(world, client):
    data = {
        "supplier": world["supplier"].pk,
        "number": "F-1",
        "bill_date": "2026-03-05",
        "due_date": "2026-04-05",
        "memo": "",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "100",
        "lines-0-description": "Paper",
        "lines-0-quantity": "1",
        "lines-0-unit_price": "5",
        "lines-0-vat_rate": "20",
        "lines-0-account": Account.objects.get(number="601").pk,
        "lines-0-department": world["ops"].pk,
    }

    response = client.post(reverse("finance:bill-create"), data)

    assert response.status_code == 400
    assert "is already entered" in response.content.decode()
    assert SupplierBill.objects.count() == 1
    data["lines-0-quantity"] = "-1"
    data["number"] = "F-2"
    response = client.post(reverse("finance:bill-create"), data)
    assert "more than zero" in response.content.decode()
    assert SupplierBill.objects.count() == 1


def test_paying_a_bill_twice_on_the_page_is_refused(world, client):
    url = reverse("finance:bill-pay", args=[world["bill"].pk])

    client.post(url, {"date": "2026-03-12", "method": "bank"})
    response = client.post(url, {"date": "2026-03-13", "method": "bank"}, follow=True)

    assert "already paid in full" in response.content.decode()
    assert Payment.objects.filter(direction="paid").count() == 1


def test_a_malformed_statement_shows_row_errors_and_writes_nothing(world, client):
    upload = SimpleUploadedFile(
        "s.csv", b"date,amount,counterparty,iban,reference\n2026-03-01,5,a,,x\n2026-99-01,5,b,,y\n"
    )

    response = client.post(
        reverse("finance:statement-import"),
        {"account": Account.objects.get(number="503").pk, "upload": upload},
    )

    text = response.content.decode()
    assert response.status_code == 400
    assert "2026-99-01 is not a date" in text
    assert not BankStatement.objects.exists()


def test_the_sample_statement_imports_and_shows_suggestions(world, client):
    sample = client.get(reverse("finance:statement-sample"))
    assert sample.status_code == 200

    response = client.post(
        reverse("finance:statement-import"),
        {
            "account": Account.objects.get(number="503").pk,
            "upload": SimpleUploadedFile("sample.xml", sample.content),
        },
        follow=True,
    )

    text = response.content.decode()
    assert "confirm the suggested matches" in text
    assert world["inv"].number in text and "Confirm" in text


def test_aged_receivables_query_count_does_not_grow(world, client, django_assert_max_num_queries):
    url = reverse("finance:aged-receivables") + "?on=2026-06-30"
    client.get(url)
    with django_assert_max_num_queries(14) as few:
        client.get(url)
    for n in range(5):
        issued(world, line(world, price=f"{10 + n}.00"), due_date=date(2026, 4, n + 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url)
    assert "Клиент ООД" in page.content.decode()


def test_aged_export_and_figures(world, client):
    response = client.get(reverse("finance:aged-receivables") + "?on=2026-05-01&export=csv")
    text = b"".join(response.streaming_content).decode()

    assert "Клиент ООД" in text
    assert ",120.00," in text.replace('"', "")  # 31-60 days late on 1 May


def test_vat_registers_download_with_vat_to_pay(world, client):
    from openpyxl import load_workbook

    response = client.get(reverse("finance:vat-registers") + "?year=2026&month=3&download=sales")
    sheet = load_workbook(io.BytesIO(response.content), read_only=True).active
    rows = list(sheet.iter_rows(values_only=True))

    assert rows[1][2] == world["inv"].number
    labels = {row[1]: row[-1] for row in rows if row and row[1]}
    assert labels["VAT on sales"] == 20
    assert labels["VAT on purchases"] == 20
    assert labels["VAT to pay"] == 0


@pytest.mark.pdf
def test_customer_statement_pdf(world, client):
    from pypdf import PdfReader

    response = client.get(
        reverse("finance:customer-statement", args=[world["client"].pk])
        + "?start=2026-01-01&end=2026-12-31&format=pdf"
    )

    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Statement of account" in text and world["inv"].number in text


def test_nobody_but_finance_reaches_payments(world, client, make_user, login):
    login(client, make_user(roles.MANAGER, roles.STAFF))

    assert client.get(reverse("finance:payment-list")).status_code == 403
    assert client.get(reverse("finance:bill-detail", args=[world["bill"].pk])).status_code == 403
    assert client.post(reverse("finance:bill-pay", args=[world["bill"].pk])).status_code == 403
    assert not Payment.objects.filter(direction="paid").exists()
    assert AllocationIn  # imported for symmetry with the service tests

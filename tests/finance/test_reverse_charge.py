"""Reverse charge on supplier bills (VAT Act art. 82(2)-(5), art. 117 protocol): the supplier
charges no VAT, the recipient self-assesses it at the standard rate of the bill date as input and
output VAT in the bill's own entry, and the VAT registers show it on both sides.

Hand-computed: base 1,000.00 x 20 % = 200.00 self-assessed; the entry is 602 Dr 1,000.00,
4531 Dr 200.00, 4532 Cr 200.00, 401 Cr 1,000.00 (debits = credits = 1,200.00); the supplier is
owed 1,000.00; the month's VAT on sales and on purchases are both 200.00, nothing to pay.
"""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from backoffice import roles
from finance.interface import BillLineIn
from finance.models import Account, JournalLine, SupplierBill, TaxCode
from finance.selectors.aging import vat_register_totals, vat_registers
from finance.services import supplier_bill_approve, supplier_bill_post, supplier_bill_save
from tests.finance.invoicing_factories import invoicing_world

pytestmark = pytest.mark.django_db
D = Decimal
MARCH = date(2026, 3, 2)


@pytest.fixture
def world(make_user):
    w = invoicing_world()
    w["codes"]["RC"] = TaxCode.objects.create(
        code="RC",
        name="Reverse charge",
        kind=TaxCode.Kind.REVERSE,
        rate=D("0"),
        legal_ground="Art. 82(2) VAT Act",
        valid_from=date(2007, 1, 1),
        sales_vat_account=w["codes"]["S20"].sales_vat_account,
        purchase_vat_account=w["codes"]["S20"].purchase_vat_account,
    )
    w["user"] = make_user(roles.FINANCE, username="fin")
    return w


def _posted(world, lines, number="EU-1", day=MARCH) -> SupplierBill:
    bill = supplier_bill_save(
        bill=None,
        supplier=world["supplier"],
        number=number,
        bill_date=day,
        due_date=day,
        lines=lines,
        actor=None,
    )
    supplier_bill_approve(bill=bill, actor=None)
    return supplier_bill_post(bill=bill, actor=None)


def _entry(bill) -> set[tuple[str, Decimal, Decimal]]:
    rows = JournalLine.objects.filter(entry=bill.entry).select_related("account")
    return {(ln.account.number, ln.debit, ln.credit) for ln in rows}


def test_reverse_charge_bill_self_assesses_vat_in_its_own_entry(world):
    rc = world["codes"]["RC"]
    bill = _posted(
        world, [BillLineIn("Software licence (EU)", "1", "1000.00", "0", "602", world["ops"], rc)]
    )

    assert (bill.net_total, bill.vat_total, bill.reverse_vat_total, bill.total) == (
        D("1000.00"),
        D("0.00"),
        D("200.00"),
        D("1000.00"),
    )
    line = bill.lines.get()
    assert (line.vat_rate, line.vat, line.reverse_vat, line.tax_code_id) == (
        D("20.00"),
        D("0.00"),
        D("200.00"),
        rc.pk,
    )
    assert _entry(bill) == {
        ("602", D("1000.00"), D("0.00")),
        ("4531", D("200.00"), D("0.00")),
        ("4532", D("0.00"), D("200.00")),
        ("401", D("0.00"), D("1000.00")),
    }
    rows = JournalLine.objects.filter(entry=bill.entry)
    assert sum(r.debit for r in rows) == sum(r.credit for r in rows) == D("1200.00")
    for row in rows.filter(account__number__in=["4531", "4532"]):
        assert bill.reference in row.text and "117" in row.text
    assert bill.open_amount == D("1000.00")


def test_the_vat_registers_show_the_self_assessed_vat_on_both_sides(world):
    rc = world["codes"]["RC"]
    _posted(
        world, [BillLineIn("Software licence (EU)", "1", "1000.00", "0", "602", world["ops"], rc)]
    )

    registers = vat_registers(viewer=world["user"], year=2026, month=3)

    assert registers.sales_vat == registers.purchases_vat == D("200.00")
    assert registers.to_pay == D("0.00")
    [purchase] = registers.purchases
    [protocol] = registers.sales
    assert (purchase.base, purchase.vat, purchase.by_rate) == (
        D("1000.00"),
        D("200.00"),
        {D("20.00"): (D("1000.00"), D("200.00"))},
    )
    assert "reverse charge" in purchase.kind and "117" in purchase.kind
    assert (protocol.base, protocol.vat, protocol.reverse_vat) == (
        D("1000.00"),
        D("200.00"),
        D("200.00"),
    )
    assert "117" in protocol.kind and "EU-1" in protocol.number
    totals = vat_register_totals(viewer=world["user"], year=2026, month=3)
    assert totals["sales_vat"] == totals["purchases_vat"] == D("200.00")
    assert (totals["sales_base"], totals["purchases_base"]) == (D("1000.00"), D("1000.00"))
    assert (totals["reverse_vat"], totals["to_pay"]) == (D("200.00"), D("0.00"))


def test_a_normal_twenty_percent_bill_is_unchanged(world):
    bill = _posted(
        world, [BillLineIn("Paper", "1", "1000.00", "20", "602", world["ops"])], number="BG-1"
    )

    assert (bill.vat_total, bill.reverse_vat_total, bill.total) == (
        D("200.00"),
        D("0.00"),
        D("1200.00"),
    )
    assert _entry(bill) == {
        ("602", D("1000.00"), D("0.00")),
        ("4531", D("200.00"), D("0.00")),
        ("401", D("0.00"), D("1200.00")),
    }
    registers = vat_registers(viewer=world["user"], year=2026, month=3)
    assert (registers.sales_vat, registers.purchases_vat) == (D("0"), D("200.00"))
    assert registers.sales == []


def test_mixed_bill_posts_supplier_vat_and_self_assessed_vat_apart(world):
    rc = world["codes"]["RC"]
    bill = _posted(
        world,
        [
            BillLineIn("Paper", "1", "100.00", "20", "602", world["ops"]),
            BillLineIn("Cloud service (EU)", "3", "33.335", "0", "602", world["ops"], rc),
        ],
    )

    # 3 x 33.335 = 100.005 -> 100.01; x 20 % = 20.002 -> 20.00
    assert (bill.net_total, bill.vat_total, bill.reverse_vat_total, bill.total) == (
        D("200.01"),
        D("20.00"),
        D("20.00"),
        D("220.01"),
    )
    rows = JournalLine.objects.filter(entry=bill.entry)
    assert sum(r.debit for r in rows) == sum(r.credit for r in rows) == D("240.01")
    assert sum(r.credit for r in rows.filter(account__number="4532")) == D("20.00")
    assert sum(r.debit for r in rows.filter(account__number="4531")) == D("40.00")


def test_the_standard_rate_comes_from_the_tax_code_in_force_on_the_bill_date(world):
    rc = world["codes"]["RC"]
    s20 = world["codes"]["S20"]
    s20.valid_to = date(2026, 3, 31)
    s20.save()
    TaxCode.objects.create(
        code="S22", name="Standard 22", kind="standard", rate=D("22"), valid_from=date(2026, 4, 1)
    )

    march = _posted(world, [BillLineIn("A", "1", "1000.00", "0", "602", world["ops"], rc)], "EU-3")
    april = _posted(
        world,
        [BillLineIn("B", "1", "1000.00", "0", "602", world["ops"], rc)],
        "EU-4",
        date(2026, 4, 2),
    )

    assert (march.reverse_vat_total, april.reverse_vat_total) == (D("200.00"), D("220.00"))


def test_reverse_charge_without_a_standard_rate_is_refused_with_nothing_written(world):
    TaxCode.objects.filter(kind="standard").update(is_active=False)

    with pytest.raises(ValidationError, match="standard VAT rate"):
        supplier_bill_save(
            bill=None,
            supplier=world["supplier"],
            number="EU-5",
            bill_date=MARCH,
            due_date=MARCH,
            lines=[BillLineIn("A", "1", "1000.00", "0", "602", world["ops"], world["codes"]["RC"])],
            actor=None,
        )
    assert not SupplierBill.objects.exists()


def test_a_tax_code_not_valid_on_the_bill_date_is_refused(world):
    TaxCode.objects.filter(pk=world["codes"]["RC"].pk).update(valid_from=date(2027, 1, 1))

    with pytest.raises(ValidationError, match="not valid on 2026-03-02"):
        supplier_bill_save(
            bill=None,
            supplier=world["supplier"],
            number="EU-6",
            bill_date=MARCH,
            due_date=MARCH,
            lines=[
                BillLineIn("A", "1", "1000.00", "0", "602", world["ops"], world["codes"]["RC"].pk)
            ],
            actor=None,
        )


@pytest.mark.postgres
def test_postgres_keeps_the_self_assessed_vat_of_a_posted_bill(world):
    from django.db import transaction

    rc = world["codes"]["RC"]
    bill = _posted(world, [BillLineIn("A", "1", "1000.00", "0", "602", world["ops"], rc)])

    with pytest.raises(Exception, match="posted"), transaction.atomic():
        SupplierBill.objects.filter(pk=bill.pk).update(reverse_vat_total=D("0"))
    bill.refresh_from_db()
    assert bill.reverse_vat_total == D("200.00")


def test_bill_form_takes_a_reverse_charge_code_and_the_pages_label_it(world, client, login):
    from openpyxl import load_workbook

    login(client, world["user"])
    rc = world["codes"]["RC"]
    response = client.post(
        reverse("finance:bill-create"),
        {
            "supplier": world["supplier"].pk,
            "number": "EU-7",
            "bill_date": "2026-03-02",
            "due_date": "2026-03-30",
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-MIN_NUM_FORMS": "0",
            "lines-MAX_NUM_FORMS": "100",
            "lines-0-description": "Licence",
            "lines-0-quantity": "1",
            "lines-0-unit_price": "1000",
            "lines-0-vat_rate": "0",
            "lines-0-tax_code": rc.pk,
            "lines-0-account": Account.objects.get(number="602").pk,
            "lines-0-department": world["ops"].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    bill = SupplierBill.objects.get(number="EU-7")
    assert (bill.total, bill.reverse_vat_total) == (D("1000.00"), D("200.00"))
    supplier_bill_approve(bill=bill, actor=None)
    supplier_bill_post(bill=bill, actor=None)

    page = client.get(reverse("finance:bill-detail", args=[bill.pk])).content.decode()
    assert "art. 117 protocol" in page and "200.00" in page
    page = client.get(reverse("finance:vat-registers") + "?year=2026&month=3").content.decode()
    assert "Reverse charge (art. 117 protocols)" in page
    response = client.get(reverse("finance:vat-registers") + "?year=2026&month=3&download=sales")
    rows = list(
        load_workbook(io.BytesIO(response.content), read_only=True).active.iter_rows(
            values_only=True
        )
    )
    labels = {row[1]: row[-1] for row in rows if row and row[1]}
    assert labels["VAT on sales"] == labels["VAT on purchases"] == 200
    assert labels["VAT to pay"] == 0
    assert labels["Of which reverse charge (art. 117 protocols)"] == 200
    assert any("117" in str(row[1]) and row[-1] == 200 for row in rows[1:] if row)

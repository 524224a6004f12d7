"""Invoicing pages: the list with constant queries, a draft made through the form, issuing and
the PDF only through the checking view, partners' form errors, and the browser journey."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from backoffice import roles
from finance.models import Partner, SalesInvoice
from tests.conftest import login_verified
from tests.finance.invoicing_factories import EIKS, draft, invoicing_world, issued


@pytest.fixture
def world(db, make_user, client):
    world = invoicing_world(2026)
    world["finance"] = make_user(roles.FINANCE)
    login_verified(client, world["finance"])
    return world


def test_the_invoice_list_reads_a_constant_number_of_queries(
    world, client, django_assert_max_num_queries
):
    issued(world)
    with django_assert_max_num_queries(25) as few:
        assert client.get(reverse("finance:invoice-list")).status_code == 200
    for _ in range(15):
        issued(world)
    draft(world)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("finance:invoice-list") + "?state=issued&sort=-total")
    assert response.status_code == 200
    assert "0000000016" in response.content.decode()


def test_the_list_exports_what_is_filtered(world, client):
    issued(world)
    draft(world)
    response = client.get(reverse("finance:invoice-list") + "?state=issued&export=csv")
    body = b"".join(response.streaming_content).decode()
    assert "0000000001" in body and body.count("\n") == 2


def test_a_draft_is_made_through_the_form_and_issued(world, client):
    data = {
        "partner": world["client"].pk,
        "series": world["series"].pk,
        "department": world["sales"].pk,
        "issue_date": "2026-03-10",
        "tax_event_date": "2026-03-10",
        "currency": "EUR",
        "rate": "1",
        "language": "bg",
        "lines-TOTAL_FORMS": "2",
        "lines-INITIAL_FORMS": "0",
        "lines-0-product": world["product"].pk,
        "lines-0-quantity": "2",
        "lines-1-description": "",
    }
    response = client.post(reverse("finance:invoice-create"), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    doc = SalesInvoice.objects.get()
    assert doc.total == 204 and doc.number is None
    response = client.post(reverse("finance:invoice-issue", args=[doc.pk]), follow=True)
    doc.refresh_from_db()
    assert doc.number == "0000000001"
    assert "was issued" in response.content.decode()


def test_a_negative_quantity_is_a_line_error_and_nothing_is_written(world, client):
    data = {
        "partner": world["client"].pk,
        "issue_date": "2026-03-10",
        "currency": "EUR",
        "language": "bg",
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-0-product": world["product"].pk,
        "lines-0-quantity": "-2",
    }
    response = client.post(reverse("finance:invoice-create"), data)
    assert response.status_code == 200
    assert "cannot be negative" in response.content.decode()
    assert not SalesInvoice.objects.exists()


def test_issuing_in_a_locked_period_says_why_and_uses_no_number(world, client):
    from finance.models import Period
    from finance.services import period_lock

    doc = draft(world)
    period_lock(period=Period.objects.get(start=date(2026, 3, 1)), actor=None)
    response = client.post(reverse("finance:invoice-issue", args=[doc.pk]), follow=True)
    assert "is locked" in response.content.decode()
    doc.refresh_from_db()
    assert doc.number is None


def test_a_partner_with_a_bad_vat_number_gets_a_field_error(world, client):
    response = client.post(
        reverse("finance:partner-create"),
        {
            "name": "Грешен ООД",
            "kind": "customer",
            "registration_number": EIKS[1],
            "vat_number": "BG123",
            "country": "BG",
            "payment_terms_days": "14",
            "currency": "EUR",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "This VAT number is not valid" in response.content.decode()
    assert not Partner.objects.filter(name="Грешен ООД").exists()


@pytest.mark.pdf
def test_the_pdf_downloads_for_finance_only(world, client, make_user):
    doc = issued(world)
    response = client.get(reverse("finance:invoice-pdf", args=[doc.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:4] == b"%PDF"
    client.force_login(make_user(roles.MANAGER, roles.STAFF))
    assert client.get(reverse("finance:invoice-pdf", args=[doc.pk])).status_code == 403


@pytest.mark.browser
@pytest.mark.pdf
@pytest.mark.django_db(transaction=True)
def test_finance_issues_an_invoice_and_a_credit_note_and_downloads_both(
    live_server, browser, make_user, settings
):
    settings.OTP_REQUIRED_ROLES = []
    from backoffice.roles import roles_sync

    roles_sync()
    world = invoicing_world(date.today().year)  # noqa: DTZ011 (the browser's today)
    make_user(roles.FINANCE, username="fiona")
    page = browser.new_context(accept_downloads=True).new_page()
    base = live_server.url
    page.goto(f"{base}/account/login/")
    page.get_by_label("Username").fill("fiona")
    page.get_by_label("Password").fill("pw-Secret-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/finance/invoices/new/")
    page.get_by_label("Customer", exact=True).select_option(label=world["client"].name)
    page.get_by_label("Department").select_option(label="Sales")
    page.get_by_label("Item 1").select_option(label="CONS Consulting")
    page.get_by_label("Quantity 1").fill("3")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_text("The draft was saved").wait_for()
    page.get_by_role("button", name="Issue").click()
    page.locator("#confirm-modal").get_by_role("button", name="Yes, go ahead").click()
    page.get_by_text("0000000001 was issued").wait_for()
    with page.expect_download() as first:
        page.get_by_role("link", name="PDF").click()
    assert first.value.suggested_filename == "0000000001.pdf"

    page.get_by_role("button", name="Credit note").click()
    page.get_by_label("Quantity 1").fill("1")
    page.get_by_role("button", name="Save draft").click()
    page.get_by_role("button", name="Issue").click()
    page.locator("#confirm-modal").get_by_role("button", name="Yes, go ahead").click()
    page.get_by_text("0000000002 was issued").wait_for()
    with page.expect_download() as second:
        page.get_by_role("link", name="PDF").click()
    assert second.value.suggested_filename == "0000000002.pdf"
    invoice = SalesInvoice.objects.get(number="0000000001")
    assert invoice.credited_amount == 102

"""An entry posted by a document (a payroll run, an invoice) is corrected by that document, never
reversed from the ledger alone; manual entries still are."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from backoffice.models import AuditEvent
from finance.interface import LineIn, Source
from finance.models import AccountBalance, JournalEntry, JournalLine
from finance.payroll.models import PayrollRun
from finance.services import journal_entry_post, journal_entry_reverse
from tests.finance.factories import books

DAY = date(2026, 3, 10)
OWNED = "This entry belongs to %s; correct it there (a correction run, a credit note or a return)."


def _written() -> tuple[int, int, int, int]:
    return (
        JournalEntry.objects.count(),
        JournalLine.objects.count(),
        AccountBalance.objects.count(),
        AuditEvent.objects.count(),
    )


def _invoice_entry(world: dict, *, url: str = "/finance/invoices/17/") -> JournalEntry:
    return journal_entry_post(
        date=DAY,
        lines=[
            LineIn("503", debit="120.00"),
            LineIn("702", credit="120.00", department=world["sales"]),
        ],
        memo="Invoice 0000000017",
        source=Source(type="finance.salesinvoice", id="17", label="Invoice 0000000017", url=url),
        key="finance.salesinvoice:17",
        actor=None,
    )


@pytest.fixture
def posted_run(make_user):
    from finance.payroll.services import payroll_rules_load_preset
    from tests.payroll.core_support import approved_sheet, person, posted, world

    payroll_rules_load_preset()
    w = world(make_user)
    approved_sheet(person(w["sales"], "1500.00"))
    return posted(w)


@pytest.mark.django_db
def test_the_service_refuses_a_document_entry_unless_its_owner_reverses_it():
    entry = _invoice_entry(books(2026))
    before = _written()

    with pytest.raises(ValidationError) as caught:
        journal_entry_reverse(entry=entry, actor=None, on=DAY)

    assert caught.value.messages == [OWNED % "Invoice 0000000017"]
    assert _written() == before
    reversal = journal_entry_reverse(entry=entry, actor=None, on=DAY, by_source=True)
    assert reversal.reverses == entry
    assert (reversal.source_type, reversal.source_id) == ("finance.salesinvoice", "17")
    # The owner's reversal is itself a document's entry: the ledger does not undo it either.
    with pytest.raises(ValidationError, match="belongs to Invoice 0000000017"):
        journal_entry_reverse(entry=reversal, actor=None, on=DAY)


@pytest.mark.django_db
def test_the_payroll_run_entry_links_to_its_run_and_the_ledger_page_refuses_to_reverse_it(
    posted_run, client, make_user, login
):
    entry = posted_run.journal_entry
    run_url = reverse("payroll:run-detail", args=[posted_run.pk])
    assert (entry.source_type, entry.source_label, entry.source_url) == (
        "payroll.run",
        "Payroll 2026-03",
        run_url,
    )
    login(client, make_user("Finance"))

    page = client.get(reverse("finance:entry-detail", args=[entry.pk])).content.decode()

    reverse_url = reverse("finance:entry-reverse", args=[entry.pk])
    assert reverse_url not in page
    assert f'<a href="{run_url}">Payroll 2026-03</a>' in page
    assert "Open Payroll 2026-03" in page
    before = _written()

    response = client.post(reverse_url, {"on": "2026-03-31"}, follow=True)

    assert OWNED % "Payroll 2026-03" in response.content.decode()
    assert _written() == before
    assert not JournalEntry.objects.filter(reverses=entry).exists()
    posted_run.refresh_from_db()
    assert posted_run.status == PayrollRun.Status.POSTED


@pytest.mark.django_db
def test_a_document_entry_without_a_link_explains_where_it_is_corrected(client, make_user, login):
    entry = _invoice_entry(books(2026), url="")
    login(client, make_user("Finance"))

    page = client.get(reverse("finance:entry-detail", args=[entry.pk])).content.decode()

    assert reverse("finance:entry-reverse", args=[entry.pk]) not in page
    assert OWNED % "Invoice 0000000017" in page


@pytest.mark.django_db
def test_a_manual_entry_is_still_reversed_from_its_page(client, make_user, login):
    world = books(2026)
    entry = journal_entry_post(
        date=DAY,
        lines=[
            LineIn("602", debit="50.00", department=world["sales"]),
            LineIn("503", credit="50.00"),
        ],
        memo="Office supplies",
        actor=None,
        kind=JournalEntry.Kind.MANUAL,
    )
    login(client, make_user("Finance"))
    reverse_url = reverse("finance:entry-reverse", args=[entry.pk])
    page = client.get(reverse("finance:entry-detail", args=[entry.pk])).content.decode()
    assert reverse_url in page
    assert "belongs to" not in page

    response = client.post(reverse_url, {"on": "2026-03-20"})

    reversal = JournalEntry.objects.get(reverses=entry)
    assert response.url == reverse("finance:entry-detail", args=[reversal.pk])
    assert (reversal.date, reversal.kind, reversal.total) == (
        date(2026, 3, 20),
        JournalEntry.Kind.REVERSAL,
        entry.total,
    )

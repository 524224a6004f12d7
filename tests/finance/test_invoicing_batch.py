"""Issuing drafts in batches (``invoices_issue_batch``) and posting entries together
(``journal_entries_post``): the same documents and entries as one by one, gapless numbers, a
refused draft listed without a number, a failure while writing retried one by one, a rerun
skipping what is done, and a query count that does not grow with the batch."""

from __future__ import annotations

import contextlib
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.test.utils import CaptureQueriesContext

from backoffice.models import AuditEvent
from finance.interface import EntryIn, LineIn, Source
from finance.models import (
    AccountBalance,
    DocumentSeries,
    JournalEntry,
    JournalLine,
    Partner,
    Period,
    SalesInvoice,
)
from finance.services import (
    invoice_issue,
    invoices_issue_batch,
    journal_entries_post,
    journal_entry_post,
    note_draft_create,
    period_lock,
)
from tests.finance.invoicing_factories import draft, invoicing_world, issued, line

D = Decimal
DAY = date(2026, 3, 10)


@pytest.fixture
def world(db):
    return invoicing_world(2026)


def _numbers() -> list[int]:
    return sorted(int(n) for n in SalesInvoice.objects.issued().values_list("number", flat=True))


def _entry_lines(doc: SalesInvoice) -> list[tuple]:
    return sorted(
        (li.account.number, li.debit, li.credit, li.department_id, li.partner_id)
        for li in doc.journal_entry.lines.select_related("account")
    )


SAME_FIELDS = (
    "kind",
    "status",
    "series_id",
    "partner_id",
    "partner_name",
    "partner_registration",
    "partner_vat",
    "partner_address",
    "department_id",
    "issue_date",
    "tax_event_date",
    "due_date",
    "currency",
    "rate",
    "total_base",
    "total_vat",
    "total",
    "base_total_base",
    "base_total_vat",
    "base_total",
    "issued_by_id",
)


def test_a_batch_issues_what_one_by_one_would(world, make_user):
    user = make_user("Finance")
    lines = (line(world, "3", "85.00"), line(world, "1", "10.00", "R9"))
    one = invoice_issue(
        actor=user, invoice=draft(world, *lines, currency="USD", rate=D("1.0823")), render_pdf=False
    )
    together = draft(world, *lines, currency="USD", rate=D("1.0823"))
    summary = invoices_issue_batch(actor=user, invoice_ids=[together.pk])
    assert summary.issued == ["0000000002"] and not summary.failed
    together.refresh_from_db()
    for name in SAME_FIELDS:
        assert getattr(together, name) == getattr(one, name), name
    assert together.search_text == one.search_text.replace("0000000001", "0000000002")
    assert _entry_lines(together) == _entry_lines(one)
    entry, first = together.journal_entry, one.journal_entry
    assert (entry.date, entry.period_id, entry.kind, entry.total, entry.posted_by_id) == (
        first.date,
        first.period_id,
        first.kind,
        first.total,
        first.posted_by_id,
    )
    assert entry.memo == first.memo.replace("0000000001", "0000000002")
    assert (entry.source_type, entry.source_id, entry.idempotency_key) == (
        "finance.salesinvoice",
        str(together.pk),
        f"finance.salesinvoice:{together.pk}",
    )
    assert together.updated_at >= together.issued_at
    for kind, target in (("finance.invoice_issued", together), ("finance.entry_posted", entry)):
        event = AuditEvent.objects.get(kind=kind, object_id=str(target.pk))
        assert event.actor == user
    balances = AccountBalance.objects.filter(account__number="411").get()
    assert balances.debit == 2 * first.total


def test_refused_drafts_are_listed_and_take_no_number(world):
    no_eik = Partner.objects.create(name="Без ЕИК", kind="customer")
    april = Period.objects.get(start=date(2026, 4, 1))
    period_lock(period=april, actor=None)
    original = issued(world, line(world, "2", "100.00"))  # 0000000001
    ids = [
        draft(world).pk,
        draft(world, partner=no_eik).pk,
        draft(world).pk,
        draft(world, day=date(2026, 4, 2)).pk,  # a locked period
        draft(world, line(world, "1", "0.00")).pk,
        draft(world).pk,
        # A credit note, in its place: last, as it is dated today and a later number of the
        # series cannot carry an earlier date.
        note_draft_create(actor=None, original=original).pk,
    ]
    summary = invoices_issue_batch(actor=None, invoice_ids=ids, size=2)
    assert summary.issued == ["0000000002", "0000000003", "0000000004", "0000000005"]
    assert [who for who, _why in summary.failed] == ["Без ЕИК", "Клиент ООД", "Клиент ООД"]
    for (_who, why), expected in zip(
        summary.failed, ("has no EIK", "is locked", "total is zero"), strict=True
    ):
        assert expected in why
    docs = SalesInvoice.objects.in_bulk(ids)
    assert [docs[pk].number for pk in ids] == [
        "0000000002",
        None,
        "0000000003",
        None,
        None,
        "0000000004",
        "0000000005",
    ]
    assert docs[ids[6]].kind == "credit_note" and docs[ids[6]].is_issued
    original.refresh_from_db()
    assert original.credited_amount == D("240.00")
    assert _numbers() == list(range(1, 6))
    assert DocumentSeries.objects.get().next_number == 6
    assert JournalEntry.objects.count() == 5
    assert AuditEvent.objects.filter(kind="finance.invoice_issued").count() == 5


def test_a_batch_run_again_skips_what_it_issued(world):
    ids = [draft(world).pk for _ in range(5)]
    invoices_issue_batch(actor=None, invoice_ids=ids[:3], size=2)
    summary = invoices_issue_batch(actor=None, invoice_ids=ids, size=2)
    assert summary.skipped == 3 and summary.issued == ["0000000004", "0000000005"]
    again = invoices_issue_batch(actor=None, invoice_ids=ids)
    assert (again.issued, again.failed, again.skipped) == ([], [], 5)
    assert _numbers() == [1, 2, 3, 4, 5]
    assert JournalEntry.objects.count() == 5


def test_a_failure_while_writing_issues_that_transaction_one_by_one(world, monkeypatch):
    from finance.services import invoicing

    ids = [draft(world).pk for _ in range(4)]
    culprit = ids[1]

    def clash(**kwargs):
        raise IntegrityError("as if a number were taken")

    single = invoicing.journal_entry_post

    def refuse_one(**kwargs):
        if kwargs["key"] == f"finance.salesinvoice:{culprit}":
            raise ValidationError("ledger down")
        return single(**kwargs)

    monkeypatch.setattr(invoicing, "journal_entries_post", clash)
    monkeypatch.setattr(invoicing, "journal_entry_post", refuse_one)
    summary = invoices_issue_batch(actor=None, invoice_ids=ids, size=3)
    assert summary.issued == ["0000000001", "0000000002", "0000000003"]
    assert summary.failed == [("Клиент ООД", "ledger down")]
    assert SalesInvoice.objects.get(pk=culprit).number is None
    assert _numbers() == [1, 2, 3]
    assert DocumentSeries.objects.get().next_number == 4
    assert JournalEntry.objects.count() == 3


def test_the_queries_of_a_batch_do_not_grow_with_its_drafts(world):
    def queries(count: int) -> int:
        ids = [draft(world).pk for _ in range(count)]
        with CaptureQueriesContext(connection) as captured:
            summary = invoices_issue_batch(actor=None, invoice_ids=ids)
        assert len(summary.issued) == count
        return len(captured)

    assert queries(3) == queries(30)


def test_entries_posted_together_are_those_posted_one_by_one(world):
    customer = Partner.objects.get(name="Клиент ООД")

    def spec(n: int, key: str | None) -> EntryIn:
        return EntryIn(
            date=date(2026, 3 + n % 2, 10),
            lines=[
                LineIn("411", debit=D("120.00"), partner=customer),
                LineIn("702", credit="100.00", department=world["sales"]),
                LineIn("4532", credit=D("20.00")),
            ],
            memo=f"Sale {n}",
            source=Source(type="test.sale", id=str(n)),
            key=key,
        )

    before = journal_entry_post(
        date=spec(0, "k0").date, lines=spec(0, "k0").lines, key="k0", actor=None
    )
    posted = journal_entries_post(
        entries=[spec(0, "k0"), spec(1, "k1"), spec(2, None), spec(3, "k1")], actor=None
    )
    assert posted[0] == before and posted[3] == posted[1]
    assert [e.memo for e in posted[1:3]] == ["Sale 1", "Sale 2"]
    assert [e.period.start for e in posted[1:3]] == [date(2026, 4, 1), date(2026, 3, 1)]
    assert JournalEntry.objects.count() == 3 and JournalLine.objects.count() == 9
    receivable = {
        b.period.start: b.debit for b in AccountBalance.objects.filter(account__number="411")
    }
    assert receivable == {date(2026, 3, 1): D("240.00"), date(2026, 4, 1): D("120.00")}
    assert AuditEvent.objects.filter(kind="finance.entry_posted").count() == 3


def test_entries_posted_together_are_refused_together(world):
    period_lock(period=Period.objects.get(start=date(2026, 4, 1)), actor=None)
    sales = world["sales"]
    good = EntryIn(
        date=DAY,
        lines=[LineIn("503", debit="1.00"), LineIn("702", credit="1.00", department=sales)],
    )
    for bad, message in (
        (
            EntryIn(
                date=DAY,
                lines=[LineIn("503", debit="1.00"), LineIn("702", credit="2", department=sales)],
            ),
            "does not balance",
        ),
        (EntryIn(date=date(2026, 4, 1), lines=good.lines), "is locked"),
        (EntryIn(date=date(2030, 1, 1), lines=good.lines), "No fiscal period"),
    ):
        with pytest.raises(ValidationError, match=message):
            journal_entries_post(entries=[good, bad], actor=None)
    assert not JournalEntry.objects.exists() and not AccountBalance.objects.exists()


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_batches_and_single_issues_side_by_side_leave_no_gap_and_no_double():
    import threading

    from backoffice.roles import roles_sync

    roles_sync()
    world = invoicing_world(2026)
    drafts = [draft(world).pk for _ in range(60)]
    failures = []
    barrier = threading.Barrier(4)

    def batch(ids):
        try:
            barrier.wait()
            invoices_issue_batch(actor=None, invoice_ids=ids, size=7)
        except Exception as exc:  # pragma: no cover - reported below
            failures.append(exc)
        finally:
            connection.close()

    def singles(ids):
        try:
            barrier.wait()
            for pk in ids:
                doc = SalesInvoice.objects.get(pk=pk)
                # A draft issued by a batch meanwhile is refused as not a draft.
                with contextlib.suppress(ValidationError):
                    invoice_issue(actor=None, invoice=doc, render_pdf=False)
        except Exception as exc:  # pragma: no cover - reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=batch, args=(drafts,)),
        threading.Thread(target=batch, args=(drafts[::-1],)),
        threading.Thread(target=singles, args=(drafts[::3],)),
        threading.Thread(target=singles, args=(drafts[30:],)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    assert _numbers() == list(range(1, 61))
    assert DocumentSeries.objects.get().next_number == 61
    assert JournalEntry.objects.count() == 60
    assert not SalesInvoice.objects.drafts().exists()

"""Sales documents: drafts, gapless numbering, issuing and posting, credit notes, immutability,
VAT per rate, amounts in words, partners and their identifiers, recurring runs and batches."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction

from backoffice.models import Job
from backoffice.services import job_start
from finance.domain.words import amount_in_words, number_in_words
from finance.models import (
    DocumentSeries,
    JournalEntry,
    Partner,
    Period,
    RecurringInvoice,
    SalesInvoice,
)
from finance.services import (
    ChartImportError,
    invoice_draft_delete,
    invoice_draft_save,
    invoice_issue,
    invoice_paid_add,
    note_draft_create,
    partner_save,
    partners_import,
    period_lock,
    recurring_save,
)
from finance.services.recurring import recurring_issue_due
from tests.finance.invoicing_factories import EIKS, draft, invoicing_world, issued, line

D = Decimal


@pytest.fixture
def world(db):
    return invoicing_world(2026)


# Amount in words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("number", "words"),
    [
        (0, "нула"),
        (1, "едно"),
        (11, "единадесет"),
        (21, "двадесет и едно"),
        (100, "сто"),
        (105, "сто и пет"),
        (123, "сто двадесет и три"),
        (1000, "хиляда"),
        (1001, "хиляда и едно"),
        (1120, "хиляда сто и двадесет"),
        (2000, "две хиляди"),
        (2020, "две хиляди и двадесет"),
        (21000, "двадесет и една хиляди"),
        (100000, "сто хиляди"),
        (1000000, "един милион"),
        (2345678, "два милиона триста четиридесет и пет хиляди шестстотин седемдесет и осем"),
    ],
)
def test_numbers_in_bulgarian_words(number, words):
    assert number_in_words(number, "n") == words


def test_amounts_in_words_name_euro_and_cents():
    assert amount_in_words(D("123.45")) == "сто двадесет и три евро и 45 цента"
    assert amount_in_words(D("1.01")) == "едно евро и 01 цент"
    assert amount_in_words(D("2000")) == "две хиляди евро"
    assert amount_in_words(D("-20.50")) == "минус двадесет евро и 50 цента"
    assert amount_in_words(D("2.00"), "BGN") == "два лева"


# Partners ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("vat_number", "BG175074751"),
        ("registration_number", "175074751"),
        ("iban", "BG80BNBG96611020345679"),
        ("emails", "not-an-address"),
    ],
)
def test_a_partner_with_a_bad_identifier_is_refused(db, field, value):
    data = {"name": "X ООД", "registration_number": EIKS[1], field: value}
    with pytest.raises(ValidationError) as caught:
        partner_save(actor=None, data=data)
    assert field in caught.value.message_dict
    assert not Partner.objects.exists()


def test_a_partner_keeps_canonical_identifiers(db):
    partner = partner_save(
        actor=None,
        data={
            "name": "Y ООД",
            "registration_number": " 175074752 ",
            "vat_number": "bg 175074752",
            "iban": "bg80 bnbg 9661 1020 3456 78",
        },
    )
    assert partner.vat_number == "BG175074752"
    assert partner.iban == "BG80BNBG96611020345678"


def test_partners_import_all_rows_or_none(db):
    good = f"name,kind,registration_number,vat_number\nA ООД,customer,{EIKS[1]},BG{EIKS[1]}\n"
    bad = good + "B ООД,supplier,123,\n"
    with pytest.raises(ChartImportError) as caught:
        partners_import(actor=None, upload=SimpleUploadedFile("p.csv", bad.encode()))
    assert [(e.row, e.column) for e in caught.value.errors] == [(3, "registration_number")]
    assert not Partner.objects.exists()
    assert partners_import(actor=None, upload=SimpleUploadedFile("p.csv", good.encode())) == 1


# Drafts, numbers, posting ------------------------------------------------------------------


def test_a_draft_has_no_number_and_issuing_takes_the_next(world):
    doc = draft(world)
    assert doc.number is None
    doc = invoice_issue(actor=None, invoice=doc, render_pdf=False)
    assert doc.number == "0000000001"
    assert issued(world).number == "0000000002"
    assert DocumentSeries.objects.get().next_number == 3


def test_deleting_a_draft_leaves_no_gap(world):
    first = draft(world)
    invoice_draft_delete(actor=None, invoice=first)
    assert issued(world).number == "0000000001"


def test_series_number_independently(world):
    other = DocumentSeries.objects.create(code="WEB", name="Web", next_number=5_000_000_001)
    assert issued(world, series=other).number == "5000000001"
    assert issued(world).number == "0000000001"


def test_vat_is_rounded_per_line_and_summed_per_rate(world):
    doc = issued(
        world,
        line(world, "1", "0.05", "S20"),  # VAT 0.01
        line(world, "1", "0.05", "S20"),  # VAT 0.01 (the sum of bases would give 0.02 too)
        line(world, "3", "0.37", "R9"),  # base 1.11, VAT 0.0999 -> 0.10
        line(world, "1", "0.07", "R9"),  # VAT 0.0063 -> 0.01
    )
    lines = list(doc.lines.order_by("position"))
    assert [(li.base, li.vat) for li in lines] == [
        (D("0.05"), D("0.01")),
        (D("0.05"), D("0.01")),
        (D("1.11"), D("0.10")),
        (D("0.07"), D("0.01")),
    ]
    assert (doc.total_base, doc.total_vat, doc.total) == (D("1.28"), D("0.13"), D("1.41"))


def test_issuing_posts_receivable_income_and_vat(world):
    doc = issued(world, line(world, "3", "85.00"), line(world, "1", "10.00", "R9"))
    entry = doc.journal_entry
    figures = sorted(
        (li.account.number, li.debit, li.credit, li.partner_id)
        for li in entry.lines.select_related("account")
    )
    assert figures == [
        ("411", D("316.90"), D("0"), world["client"].pk),
        ("4532", D("0"), D("51.90"), None),
        ("703", D("0"), D("265.00"), None),
    ]
    assert doc.total == D("316.90")
    assert entry.source_id == str(doc.pk)


def test_a_foreign_currency_invoice_keeps_the_rate_and_posts_euro(world):
    doc = issued(world, line(world, "1", "108.23"), currency="USD", rate=D("1.0823"))
    assert (doc.total, doc.base_total_base, doc.base_total_vat) == (
        D("129.88"),
        D("100.00"),
        D("20.00"),
    )
    receivable = doc.journal_entry.lines.get(account__number="411")
    assert receivable.debit == D("120.00")


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("negative", "cannot be negative"),
        ("zero", "total is zero"),
        ("no_eik", "has no EIK"),
        ("locked", "is locked"),
    ],
)
def test_bad_input_is_refused_and_uses_no_number(world, case, message):
    partner = None
    lines = [line(world)]
    if case == "negative":
        with pytest.raises(ValidationError, match=message):
            draft(world, line(world, "-1"))
        return
    if case == "zero":
        lines = [line(world, "1", "0.00")]
    if case == "no_eik":
        partner = Partner.objects.create(name="Без ЕИК ООД", kind="customer")
    if case == "locked":
        period_lock(period=Period.objects.get(start=date(2026, 3, 1)), actor=None)
    doc = draft(world, *lines, partner=partner)
    with pytest.raises(ValidationError, match=message):
        invoice_issue(actor=None, invoice=doc, render_pdf=False)
    doc.refresh_from_db()
    assert doc.number is None and doc.is_draft
    assert DocumentSeries.objects.get().next_number == 1
    assert not JournalEntry.objects.exists()


def test_a_failure_after_the_number_was_taken_gives_it_back(world, monkeypatch):
    from finance.services import invoicing

    def broken(**kwargs):
        raise ValidationError("ledger down")

    monkeypatch.setattr(invoicing, "journal_entry_post", broken)
    doc = draft(world)
    with pytest.raises(ValidationError):
        invoice_issue(actor=None, invoice=doc, render_pdf=False)
    monkeypatch.undo()
    assert issued(world).number == "0000000001"


# Immutability and notes --------------------------------------------------------------------


def test_an_issued_document_is_not_changed_by_the_services(world):
    doc = issued(world)
    with pytest.raises(ValidationError):
        invoice_draft_save(actor=None, data={"notes": "x"}, lines=[line(world)], invoice=doc)
    with pytest.raises(ValidationError):
        invoice_draft_delete(actor=None, invoice=doc)
    with pytest.raises(ValidationError):
        invoice_issue(actor=None, invoice=doc, render_pdf=False)


@pytest.mark.postgres
def test_the_database_refuses_changing_or_deleting_an_issued_document(world):
    doc = issued(world)
    for statement in (
        lambda: SalesInvoice.objects.filter(pk=doc.pk).update(total=D("1.00")),
        lambda: SalesInvoice.objects.filter(pk=doc.pk).update(status="draft", number=None),
        lambda: SalesInvoice.objects.filter(pk=doc.pk).delete(),
        lambda: doc.lines.update(unit_price=D("1.00")),
        lambda: doc.lines.all().delete(),
    ):
        with pytest.raises(IntegrityError), transaction.atomic():
            statement()
    # What may change: cached amounts and the sending time.
    SalesInvoice.objects.filter(pk=doc.pk).update(paid_amount=D("1.00"))


def test_a_credit_note_corrects_part_of_an_invoice_and_no_more(world):
    invoice = issued(world, line(world, "2", "100.00"))  # 240.00
    note = note_draft_create(actor=None, original=invoice, reason="returned")
    assert note.kind == "credit_note" and note.total == D("-240.00")
    note = invoice_draft_save(actor=None, data={}, lines=[line(world, "1", "100.00")], invoice=note)
    assert note.lines.get().quantity == D("-1")
    note = invoice_issue(actor=None, invoice=note, render_pdf=False)
    assert note.number == "0000000002"
    invoice.refresh_from_db()
    assert invoice.credited_amount == D("120.00") and invoice.amount_open == D("120.00")
    sides = {
        li.account.number: (li.debit, li.credit)
        for li in note.journal_entry.lines.select_related("account")
    }
    assert sides == {
        "411": (D("0"), D("120.00")),
        "703": (D("100.00"), D("0")),
        "4532": (D("20.00"), D("0")),
    }
    too_much = note_draft_create(actor=None, original=invoice)  # 240 > 120 left
    with pytest.raises(ValidationError, match="larger than what is left"):
        invoice_issue(actor=None, invoice=too_much, render_pdf=False)
    assert DocumentSeries.objects.get().next_number == 3


def test_payments_are_kept_within_what_is_open(world):
    invoice = issued(world)  # 120.00
    invoice_paid_add(invoice_id=invoice.pk, amount=D("100.00"))
    with pytest.raises(ValidationError):
        invoice_paid_add(invoice_id=invoice.pk, amount=D("20.01"))
    assert invoice_paid_add(invoice_id=invoice.pk, amount=D("20.00")).amount_open == 0


# Concurrency -------------------------------------------------------------------------------


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_eight_threads_issue_without_gaps_or_duplicates():
    import threading

    from backoffice.roles import roles_sync

    roles_sync()
    world = invoicing_world(2026)
    drafts = [draft(world).pk for _ in range(32)]
    failures = []
    barrier = threading.Barrier(8)

    def work(ids):
        try:
            barrier.wait()
            for pk in ids:
                invoice_issue(actor=None, invoice=SalesInvoice.objects.get(pk=pk), render_pdf=False)
        except Exception as exc:  # pragma: no cover - reported below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(drafts[i::8],)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not failures
    numbers = sorted(int(n) for n in SalesInvoice.objects.values_list("number", flat=True))
    assert numbers == list(range(1, 33))
    assert DocumentSeries.objects.get().next_number == 33


# Recurring and batches ---------------------------------------------------------------------


def test_the_recurring_run_twice_doubles_nothing(world):
    template = recurring_save(
        actor=None,
        data={
            "name": "Support",
            "partner": world["client"],
            "series": world["series"],
            "department": world["sales"],
            "frequency": "monthly",
            "next_date": date(2026, 1, 1),
            "end_date": date(2026, 3, 31),
        },
        lines=[line(world, "1", "350.00")],
    )
    first = recurring_issue_due(today=date(2026, 4, 15))
    assert first.issued == ["0000000001", "0000000002", "0000000003"]
    template.refresh_from_db()
    # As if the run had died before moving the template on: it runs again from January.
    RecurringInvoice.objects.filter(pk=template.pk).update(
        next_date=date(2026, 1, 1), is_active=True
    )
    second = recurring_issue_due(today=date(2026, 4, 15))
    assert second.issued == [] and second.skipped == 3
    assert SalesInvoice.objects.count() == 3
    assert not RecurringInvoice.objects.get(pk=template.pk).is_active


def test_a_batch_issues_every_good_draft_and_lists_the_bad(
    world, make_user, django_capture_on_commit_callbacks
):
    bad = Partner.objects.create(name="Без ЕИК", kind="customer")
    good = [draft(world).pk for _ in range(3)]
    draft(world, partner=bad)
    user = make_user("Finance")
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(kind="finance.drafts_issue", params={"month": "2026-03"}, requested_by=user)
    job.refresh_from_db()
    assert job.status == Job.Status.SUCCEEDED, job.message
    assert "3 issued, 1 refused" in job.message
    assert set(SalesInvoice.objects.issued().values_list("pk", flat=True)) == set(good)
    with django_capture_on_commit_callbacks(execute=True):
        again = job_start(
            kind="finance.drafts_issue",
            params={"month": "2026-03"},
            requested_by=user,
            idempotency_key="second",
        )
    again.refresh_from_db()
    assert "0 issued, 1 refused" in again.message
    assert SalesInvoice.objects.issued().count() == 3


def test_a_later_number_cannot_carry_an_earlier_date(world):
    """Numbers and dates of a series go up together: after 0000000001 of 10 March, a draft
    dated 9 March is refused on its own and in a batch, and takes no number."""
    from finance.services.invoicing import invoices_issue_batch

    first = issued(world, day=date(2026, 3, 10))
    early = draft(world, day=date(2026, 3, 9))
    with pytest.raises(ValidationError) as caught:
        invoice_issue(actor=None, invoice=early, render_pdf=False)
    assert "0000000001" in str(caught.value.message_dict["issue_date"])
    summary = invoices_issue_batch(actor=None, invoice_ids=[early.pk])
    assert summary.issued == [] and len(summary.failed) == 1

    same_day = issued(world, day=date(2026, 3, 10))
    assert (first.number, same_day.number) == ("0000000001", "0000000002")


@pytest.mark.pdf
def test_a_batch_renders_its_pdfs_in_parts_that_any_worker_may_take(world, make_user, monkeypatch):
    """Parts nobody picked up (no broker delivered them here) are rendered by the batch job
    itself; every issued document gets its one stored PDF, and a rerun renders nothing again."""
    from backoffice.services import job_run
    from finance import jobs_invoicing

    monkeypatch.setattr(jobs_invoicing, "PDF_PART", 2)
    good = [draft(world).pk for _ in range(5)]
    user = make_user("Finance")
    job = job_start(
        kind="finance.drafts_issue", params={"month": "2026-03", "pdf": True}, requested_by=user
    )
    job = job_run(job_id=job.pk)

    assert job.status == Job.Status.SUCCEEDED, job.message
    parts = Job.objects.filter(kind=jobs_invoicing.PDF_PART_KIND)
    assert parts.count() == 2 and {p.status for p in parts} == {Job.Status.SUCCEEDED}
    docs = SalesInvoice.objects.filter(pk__in=good)
    assert all(d.pdf_sha256 and d.pdf.read().startswith(b"%PDF") for d in docs)
    stored = {d.pk: d.pdf.name for d in docs}
    Job.objects.filter(pk=job.pk).update(status=Job.Status.QUEUED, runner="")
    assert job_run(job_id=job.pk).status == Job.Status.SUCCEEDED
    assert {d.pk: d.pdf.name for d in SalesInvoice.objects.filter(pk__in=good)} == stored


# The PDF -----------------------------------------------------------------------------------


@pytest.mark.pdf
def test_the_pdf_carries_what_the_vat_act_requires(world):
    from pypdf import PdfReader

    from finance.services import invoice_pdf_store

    doc = issued(world, line(world, "2", "50.00"), line(world, "1", "10.00", "Z0-EU"))
    doc = invoice_pdf_store(invoice=doc)
    import hashlib

    content = doc.pdf.read()
    assert hashlib.sha256(content).hexdigest() == doc.pdf_sha256
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    for expected in (
        "0000000001",
        "10.03.2026",
        "Клиент ООД",
        EIKS[0],
        "BG" + EIKS[0],
        "Consulting",
        "20%",
        "130,00",  # amounts written the Bulgarian way
        "сто и тридесет евро",
        "чл. 53",
    ):
        assert expected in text, expected
    assert invoice_pdf_store(invoice=doc).pdf_sha256 == doc.pdf_sha256  # rendered once

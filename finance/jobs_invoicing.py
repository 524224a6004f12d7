"""Invoicing's background jobs: send a document, issue a month's drafts, issue what recurring
templates have due, and render PDFs that are still missing.

One refused document stops nobody else and is listed in the summary (a month's drafts are issued
a hundred to a transaction, see ``invoices_issue_batch``). Running a job again issues nothing
twice (an issued document is no longer a draft; a recurring period has one invoice).
"""

from __future__ import annotations

from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.models import Job
from backoffice.services.jobs import JobContext, JobPartFailed, job_parts_run
from finance.models import SalesInvoice
from finance.services import invoice_pdf_store, recurring_issue_due
from finance.services.invoicing import invoice_send_now, invoices_issue_batch

PDF_PART = 100  # documents a part of a batch's PDFs renders (job_parts_run)
PDF_PART_KIND = "finance.invoice_pdfs_part"


def invoice_send(*, job: Job, context: JobContext) -> None:
    context.progress(0, 1, _("Sending"), force=True)
    invoice_send_now(invoice_id=int(job.params["invoice"]), actor=job.requested_by)
    context.progress(1, 1, _("The document was sent."), force=True)


def _summary(issued: list[str], failed: list[tuple[str, str]], skipped: int = 0) -> str:
    text = _("%(issued)s issued, %(failed)s refused, %(skipped)s already done.") % {
        "issued": len(issued),
        "failed": len(failed),
        "skipped": skipped,
    }
    if issued:
        text += " " + _("Numbers %(first)s to %(last)s.") % {"first": issued[0], "last": issued[-1]}
    for who, why in failed[:20]:
        text += f" {who}: {why}"
    return text[:2000]


def drafts_issue(*, job: Job, context: JobContext) -> None:
    """Issue every draft invoice dated in the month ``params["month"]`` ("2026-11") with
    ``invoices_issue_batch`` (a hundred to a transaction; a refused draft takes no number and is
    listed). PDFs are rendered afterwards (``params["pdf"]``)."""
    year, month = (int(p) for p in job.params["month"].split("-"))
    first = date(year, month, 1)
    nxt = date(year + month // 12, month % 12 + 1, 1)
    ids = list(
        SalesInvoice.objects.drafts()
        .filter(issue_date__gte=first, issue_date__lt=nxt)
        .order_by("issue_date", "id")
        .values_list("id", flat=True)
    )
    total = len(ids)
    context.progress(0, total, _("Issuing %(count)s drafts") % {"count": total}, force=True)
    summary = invoices_issue_batch(
        actor=job.requested_by,
        invoice_ids=ids,
        progress=lambda done: context.progress(done, total),
    )
    issued, failed = summary.issued, summary.failed
    if job.params.get("pdf"):
        _pdfs_render(context, ids)
    context.progress(total, total, _summary(issued, failed, summary.skipped), force=True)


def _pdfs_render(context: JobContext, ids: list[int]) -> None:
    """The PDFs of the issued documents among ``ids`` still without one, rendered by all the
    workers at once: parts of PDF_PART documents go to the other worker processes while this job
    does the first (``job_parts_run``); each PDF is stored once, so a rerun does only what is
    missing."""
    todo = list(
        SalesInvoice.objects.filter(pk__in=ids, status=SalesInvoice.Status.ISSUED, pdf_sha256="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    if not todo:
        return
    context.progress(0, len(todo), _("Rendering PDFs"), force=True)
    parts = [{"ids": todo[start : start + PDF_PART]} for start in range(0, len(todo), PDF_PART)]

    def first(part: dict) -> bytes:
        _pdfs_store(part["ids"], lambda done: context.progress(done, len(todo)))
        return b""

    try:
        job_parts_run(context=context, kind=PDF_PART_KIND, parts=parts, first=first)
    except JobPartFailed as exc:
        raise RuntimeError(
            _("Some PDFs could not be rendered: %(error)s") % {"error": exc}
        ) from exc


def _pdfs_store(ids: list[int], progress) -> None:
    for done, invoice in enumerate(SalesInvoice.objects.filter(pk__in=ids).order_by("pk"), 1):
        invoice_pdf_store(invoice=invoice)
        progress(done)


def invoice_pdfs_part(*, job: Job, context: JobContext) -> None:
    """Job: one part of a batch's PDFs (``drafts_issue`` starts these)."""
    ids = [int(pk) for pk in job.params["ids"]]
    context.progress(0, len(ids), force=True)
    _pdfs_store(ids, lambda done: context.progress(done, len(ids)))


def recurring_run(*, job: Job, context: JobContext) -> None:
    today = date.fromisoformat(job.params["today"]) if job.params.get("today") else None
    summary = recurring_issue_due(
        today=today or timezone.localdate(),
        actor=job.requested_by,
        progress=lambda done, total: context.progress(done, total),
    )
    context.progress(1, 1, _summary(summary.issued, summary.failed, summary.skipped), force=True)

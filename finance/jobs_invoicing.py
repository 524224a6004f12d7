"""Invoicing's background jobs: send a document, issue a month's drafts, issue what recurring
templates have due, and render PDFs that are still missing.

Each document is issued in its own transaction: one refused document stops nobody else and is
listed in the summary. Running a job again issues nothing twice (an issued document is no longer
a draft; a recurring period has one invoice).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.models import Job
from backoffice.services.jobs import JobContext
from finance.models import SalesInvoice
from finance.services import invoice_issue, invoice_pdf_store, recurring_issue_due
from finance.services.invoicing import invoice_send_now


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
    """Issue every draft invoice dated in the month ``params["month"]`` ("2026-11"), or with no
    date; each in its own transaction. PDFs are rendered afterwards (``params["pdf"]``)."""
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
    issued: list[str] = []
    failed: list[tuple[str, str]] = []
    for done, pk in enumerate(ids, start=1):
        doc = SalesInvoice.objects.select_related("partner").get(pk=pk)
        try:
            doc = invoice_issue(actor=job.requested_by, invoice=doc, render_pdf=False)
        except (ValidationError, IntegrityError) as exc:
            failed.append((doc.partner.name, "; ".join(getattr(exc, "messages", [str(exc)]))))
        else:
            issued.append(doc.number)
        context.progress(done, total)
    if job.params.get("pdf"):
        for done, number in enumerate(issued, start=1):
            invoice_pdf_store(invoice=SalesInvoice.objects.get(number=number))
            context.progress(done, len(issued), _("Rendering PDFs"))
    context.progress(total, total, _summary(issued, failed), force=True)


def recurring_run(*, job: Job, context: JobContext) -> None:
    today = date.fromisoformat(job.params["today"]) if job.params.get("today") else None
    summary = recurring_issue_due(
        today=today or timezone.localdate(),
        actor=job.requested_by,
        progress=lambda done, total: context.progress(done, total),
    )
    context.progress(1, 1, _summary(summary.issued, summary.failed, summary.skipped), force=True)

"""Compliance's job handlers: load, call one service, report progress."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from backoffice.models import Job, User
from backoffice.pdf import render_pdf
from backoffice.services.jobs import JobContext
from compliance import services
from compliance.models import SubjectAccessRequest
from compliance.selectors import dashboard_overview


def checks_run_job(*, job: Job, context: JobContext) -> None:
    """Every registered check, filed as findings; the progress names the check at work."""

    def progress(done: int, total: int, label: str) -> None:
        context.progress(done, total, label or _("Filing the findings"), force=True)

    run = services.checks_run(actor=job.requested_by, progress=progress)
    context.progress(
        len(run.by_check),
        len(run.by_check),
        _("%(found)s findings, %(opened)s new, %(resolved)s resolved.")
        % {"found": run.found, "opened": run.opened, "resolved": run.resolved},
        force=True,
    )


def subject_access_job(*, job: Job, context: JobContext) -> None:
    request = SubjectAccessRequest.objects.select_related("employee").get(
        pk=job.params["request_id"]
    )
    context.progress(0, 1, _("Collecting the records"), force=True)
    services.subject_access_build(request=request)
    context.progress(1, 1, _("The export is ready to download once."), force=True)


def monthly_report_version(params: dict[str, Any], user: User | None) -> str:
    """A second click within the same minute gets the report already rendered; a later request
    renders the figures as they are then."""
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def monthly_report_job(*, job: Job, context: JobContext) -> None:
    """The monthly compliance report as a PDF: the dashboard's figures as the requester sees
    them, with every open risk."""
    today = date.fromisoformat(job.params["date"])
    context.progress(0, 1, _("Writing the report"), force=True)
    overview = dashboard_overview(viewer=job.requested_by, today=today)
    content = render_pdf("compliance/pdf/monthly_report.html", overview)
    context.save_result(f"compliance-report-{today:%Y-%m}.pdf", content)
    context.progress(1, 1, _("The report is ready."), force=True)

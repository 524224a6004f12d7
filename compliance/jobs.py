"""Compliance's job handlers: load, call one service, report progress."""

from __future__ import annotations

from django.utils.translation import gettext as _

from backoffice.models import Job
from backoffice.services.jobs import JobContext
from compliance import services
from compliance.models import SubjectAccessRequest


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

"""Payroll's background jobs (``backoffice`` jobs framework): the run calculation."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from backoffice.models import Job
from backoffice.services.jobs import JobContext
from finance.payroll import services
from finance.payroll.models import PayrollRun


def run_calculate_version(params: dict[str, Any], user: Any) -> str:
    """The run's state: a calculation asked for again after the run changed is new work."""
    run = PayrollRun.objects.filter(pk=params.get("run")).values("status", "calculated_at").first()
    if run is None:
        return ""
    return f"{run['status']}:{run['calculated_at']}"


def run_calculate_job(*, job: Job, context: JobContext) -> None:
    """Calculate a run in chunks with progress; started again after its worker was killed, it
    does only what is missing."""
    run = PayrollRun.objects.get(pk=int(job.params["run"]))
    run = services.run_calculate(run=run, actor=job.requested_by, context=context)
    context.progress(
        run.headcount,
        run.headcount,
        _("%(count)s payslips calculated.") % {"count": run.headcount},
        force=True,
    )

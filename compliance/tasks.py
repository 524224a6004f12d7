"""Compliance's tasks: each calls one service; each is safe to run twice."""

from __future__ import annotations

from celery import shared_task

from compliance import services


@shared_task(name="compliance.checks_nightly_task")
def checks_nightly_task() -> str:
    """The nightly run, as a job with progress like the button's."""
    from django.utils import timezone

    from backoffice.services.jobs import job_start

    job = job_start(
        kind="compliance.checks_run",
        params={"night": timezone.localdate().isoformat()},
        requested_by=None,
    )
    return str(job.uuid)


@shared_task(name="compliance.contracts_nightly_task")
def contracts_nightly_task() -> dict[str, int]:
    return services.contracts_nightly()


@shared_task(name="compliance.reminders_task")
def reminders_task() -> dict[str, int]:
    return {
        "policies": services.policies_remind(),
        "legal": services.legal_deadlines_remind(),
    }


@shared_task(name="compliance.retention_task")
def retention_task() -> dict[str, int]:
    return services.retention_apply()


@shared_task(name="compliance.new_hire_policies_task")
def new_hire_policies_task(employee_id: int) -> int:
    return services.policies_for_new_hire(employee_id=employee_id)

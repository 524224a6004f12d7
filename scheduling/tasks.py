"""Tasks the HR receivers enqueue; each is idempotent (a second run finds nothing to do)."""

from __future__ import annotations

from celery import shared_task

from scheduling import services


@shared_task(name="scheduling.leave_approved_task")
def leave_approved_task(request_id: int) -> int:
    return services.shifts_release_for_leave(request_id=request_id)


@shared_task(name="scheduling.leave_cancelled_task")
def leave_cancelled_task(request_id: int) -> None:
    services.shifts_note_leave_cancelled(request_id=request_id)


@shared_task(name="scheduling.employee_left_task")
def employee_left_task(employee_id: int) -> int:
    return services.shifts_release_for_leaver(employee_id=employee_id)


@shared_task(name="scheduling.timesheets_submit_due_task")
def timesheets_submit_due_task() -> int:
    return services.timesheets_submit_due()

"""HR's events, received after HR's commit (TRAPS.md "Events"): each receiver reads the typed
payload and only enqueues, through the platform's ``task_enqueue``, so an unreachable broker is
logged instead of raised."""

from __future__ import annotations

from django.dispatch import receiver

from backoffice.tasks import task_enqueue
from hr import events


@receiver(events.leave_approved, dispatch_uid="scheduling.leave_approved")
def on_leave_approved(sender, payload: events.LeaveApproved, **kwargs) -> None:
    from scheduling.tasks import leave_approved_task

    task_enqueue(leave_approved_task, payload.request_id)


@receiver(events.leave_cancelled, dispatch_uid="scheduling.leave_cancelled")
def on_leave_cancelled(sender, payload: events.LeaveCancelled, **kwargs) -> None:
    from scheduling.tasks import leave_cancelled_task

    task_enqueue(leave_cancelled_task, payload.request_id)


@receiver(events.employee_left, dispatch_uid="scheduling.employee_left")
def on_employee_left(sender, payload: events.EmployeeLeft, **kwargs) -> None:
    from scheduling.tasks import employee_left_task

    task_enqueue(employee_left_task, payload.employee_id)

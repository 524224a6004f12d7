"""HR's events, received after HR's commit (TRAPS.md "Events"): each receiver only enqueues."""

from __future__ import annotations

from django.dispatch import receiver

from hr import events


@receiver(events.leave_approved, dispatch_uid="scheduling.leave_approved")
def on_leave_approved(sender, request_id: int, **kwargs) -> None:
    from scheduling.tasks import leave_approved_task

    leave_approved_task.delay(request_id)


@receiver(events.leave_cancelled, dispatch_uid="scheduling.leave_cancelled")
def on_leave_cancelled(sender, request_id: int, **kwargs) -> None:
    from scheduling.tasks import leave_cancelled_task

    leave_cancelled_task.delay(request_id)


@receiver(events.employee_left, dispatch_uid="scheduling.employee_left")
def on_employee_left(sender, employee_id: int, **kwargs) -> None:
    from scheduling.tasks import employee_left_task

    employee_left_task.delay(employee_id)

"""HR's events, received after HR's commit (TRAPS.md "Events"): each receiver only enqueues an
idempotent task of this app."""

from __future__ import annotations

from django.dispatch import receiver

from backoffice.tasks import task_enqueue
from hr import events


@receiver(events.employee_hired, dispatch_uid="it_support.employee_hired")
def on_employee_hired(sender, payload: events.EmployeeHired, **kwargs) -> None:
    from it_support.tasks import joiner_tickets_open_task

    task_enqueue(joiner_tickets_open_task, payload.employee_id)


@receiver(events.employee_left, dispatch_uid="it_support.employee_left")
def on_employee_left(sender, payload: events.EmployeeLeft, **kwargs) -> None:
    from it_support.tasks import leaver_tickets_open_task

    task_enqueue(leaver_tickets_open_task, payload.employee_id)

"""HR's events, received after HR's commit: each receiver only enqueues a task of this app."""

from __future__ import annotations

from django.dispatch import receiver

from backoffice.tasks import task_enqueue
from hr import events


@receiver(events.employee_hired, dispatch_uid="compliance.employee_hired")
def on_employee_hired(sender, payload: events.EmployeeHired, **kwargs) -> None:
    from compliance.tasks import new_hire_policies_task

    task_enqueue(new_hire_policies_task, payload.employee_id)

"""Scheduling's panel on a person's record (HR's employee page): their coming shifts and their
latest timesheets. Shown only to those who may see that person's work data, by scheduling's own
timesheet rule (the person, their managers up the chain, HR and Finance)."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from backoffice.models import User
from hr.models import Employee
from scheduling.selectors import my_shifts, timesheet_employee_ids, timesheet_list

PANEL_DAYS = 28
PANEL_TIMESHEETS = 6


def person_work_visible(viewer: User, employee: Employee) -> bool:
    ids = timesheet_employee_ids(viewer=viewer)
    return ids is None or employee.pk in ids


def person_work(request: HttpRequest, employee: Employee) -> dict:
    today = timezone.localdate()
    now = timezone.now()
    shifts = my_shifts(
        employee=employee, start=today - timedelta(days=1), end=today + timedelta(days=PANEL_DAYS)
    )
    return {
        "shifts": [
            {"shift": s, "start": s.local_start, "end": s.local_end} for s in shifts if s.end > now
        ],
        "timesheets": list(
            timesheet_list(viewer=request.user).filter(employee=employee)[:PANEL_TIMESHEETS]
        ),
    }

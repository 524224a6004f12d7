"""What scheduling holds about one person, for a subject-access export (the platform's
personal-data hook): their shifts, clocked time and timesheets, as rows of plain values."""

from __future__ import annotations

from typing import Any

from hr.models import Employee
from scheduling.models import Shift, TimeEntry, Timesheet


def personal_data(employee: Employee) -> dict[str, list[dict[str, Any]]]:
    shifts = (
        Shift.objects.filter(employee=employee, published_copy_of__isnull=True)
        .select_related("location", "period")
        .order_by("start", "id")
    )
    entries = (
        TimeEntry.objects.filter(employee=employee)
        .select_related("location")
        .prefetch_related("breaks")
        .order_by("clock_in", "id")
    )
    timesheets = Timesheet.objects.filter(employee=employee).order_by("start", "id")
    return {
        "shifts": [
            {
                "day": s.day,
                "start": s.start,
                "end": s.end,
                "location": s.location.name,
                "break_minutes": s.break_minutes,
                "paid_minutes": s.paid_minutes,
                "note": s.note,
                "released": s.released,
                "period_status": s.period.status,
            }
            for s in shifts
        ],
        "time_entries": [
            {
                "day": e.day,
                "clock_in": e.clock_in,
                "clock_out": e.clock_out,
                "location": e.location.name if e.location_id else "",
                "source": e.source,
                "reason": e.reason,
                "ip_address": e.ip_address,
                "breaks": [(b.start, b.end) for b in e.breaks.all()],
            }
            for e in entries
        ],
        "timesheets": [
            {
                "start": t.start,
                "end": t.end,
                "status": t.status,
                "submitted_at": t.submitted_at,
                "approved_at": t.approved_at,
                "totals": t.totals,
            }
            for t in timesheets
        ],
    }

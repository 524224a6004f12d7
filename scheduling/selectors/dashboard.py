"""The attendance dashboard's figures: planned and actual minutes, overtime, late and missed
clock-ins, timesheets waiting, and the shifts worked against those planned, day by day.

A fixed number of queries whatever the size: sums and counts are made in the database; overtime
is classified only for the twenty people who worked most (the page shows no more).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Sum

from backoffice.models import User
from hr.models import Employee
from hr.selectors import employees_by_id
from scheduling.domain.classify import classify
from scheduling.models import BreakEntry, Shift, TimeEntry, Timesheet
from scheduling.selectors.attendance import (
    GRACE_MINUTES,
    holidays,
    pay_period,
    sessions,
    thresholds,
    timesheet_employee_ids,
)
from scheduling.selectors.roster import is_planner

#: People classified for overtime, and rows listed per panel.
TOP = 20
LISTED = 10


@dataclass(frozen=True)
class AttendanceFigures:
    start: date
    end: date
    planned: int  # minutes of published shifts that have started
    actual: int  # minutes clocked, breaks taken off
    late_count: int
    late: list[TimeEntry]
    missed_count: int
    missed: list[Shift]
    waiting_count: int
    waiting: list[Timesheet]
    overtime: list[tuple[Employee, int, int]]  # person, worked, overtime minutes
    days: list[tuple[date, int, int]]  # day, shifts planned, shifts worked


def _scope(viewer: User) -> set[int] | None:
    if is_planner(viewer):
        return None
    return timesheet_employee_ids(viewer=viewer)


def attendance_figures(
    *, viewer: User, anchor: date, today: date, now: datetime
) -> AttendanceFigures:
    """The pay period holding ``anchor`` as ``viewer`` may see it (a planner: everyone)."""
    ids = _scope(viewer)
    start, end = pay_period(anchor)
    shifts = Shift.objects.published().filter(
        day__gte=start, day__lte=end, employee__isnull=False, start__lte=now
    )
    entries = TimeEntry.objects.filter(day__gte=start, day__lte=end, clock_out__isnull=False)
    sheets = Timesheet.objects.filter(start=start)
    if ids is not None:
        shifts = shifts.filter(employee_id__in=ids)
        entries = entries.filter(employee_id__in=ids)
        sheets = sheets.filter(employee_id__in=ids)
    duration = ExpressionWrapper(F("clock_out") - F("clock_in"), output_field=DurationField())
    paused = ExpressionWrapper(F("end") - F("start"), output_field=DurationField())
    actual = (entries.aggregate(total=Sum(duration))["total"] or timedelta()) - (
        BreakEntry.objects.filter(entry__in=entries, end__isnull=False).aggregate(
            total=Sum(paused)
        )["total"]
        or timedelta()
    )
    late = entries.filter(
        shift__isnull=False, clock_in__gt=F("shift__start") + timedelta(minutes=GRACE_MINUTES)
    ).select_related("employee", "shift")
    missed = (
        shifts.filter(end__lt=now)
        .annotate(worked=Exists(TimeEntry.objects.filter(shift=OuterRef("pk"))))
        .filter(worked=False)
        .select_related("employee", "location")
    )
    waiting = sheets.filter(status=Timesheet.Status.SUBMITTED).select_related("employee")
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    days = [d for d in days if d <= today]
    planned_shifts, worked_shifts = _shifts_per_day(shifts)
    return AttendanceFigures(
        start=start,
        end=end,
        planned=shifts.aggregate(total=Sum("paid_minutes"))["total"] or 0,
        actual=int(actual.total_seconds() // 60),
        late_count=late.count(),
        late=list(late.order_by("-clock_in")[:LISTED]),
        missed_count=missed.count(),
        missed=list(missed.order_by("-start")[:LISTED]),
        waiting_count=waiting.count(),
        waiting=list(waiting[:LISTED]),
        overtime=_overtime(entries, duration, start, end)[:LISTED],
        days=[(d, planned_shifts.get(d, 0), worked_shifts.get(d, 0)) for d in days],
    )


def _overtime(entries, duration, start: date, end: date) -> list[tuple[Employee, int, int]]:
    """The people who worked most, with their worked and overtime minutes, most overtime first."""
    per_person = (
        entries.values("employee_id").annotate(total=Sum(duration)).order_by("-total")[:TOP]
    )
    top = [row["employee_id"] for row in per_person]
    people = employees_by_id(ids=top)
    works = sessions(employee_ids=top, start=start, end=end)
    limits, days_off = thresholds(), holidays(start, end)
    overtime = []
    for pk in top:
        result = classify(
            works.get(pk, []), start=start, end=end, thresholds=limits, holidays=days_off
        )
        overtime.append((people[pk], result.total("worked"), result.total("overtime")))
    overtime.sort(key=lambda item: -item[2])
    return overtime


def _shifts_per_day(shifts) -> tuple[dict[date, int], dict[date, int]]:
    planned: dict[date, int] = defaultdict(int)
    worked: dict[date, int] = defaultdict(int)
    for day, count in shifts.values_list("day").annotate(n=Count("pk")).order_by():
        planned[day] = count
    for day, count in (
        shifts.filter(Exists(TimeEntry.objects.filter(shift=OuterRef("pk"))))
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        worked[day] = count
    return planned, worked

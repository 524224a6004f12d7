"""Reading time and attendance: pay periods, who may see which timesheet, a timesheet's days
(planned against actual, classified), punctuality against shifts, and the payroll interface.

Visibility (DESIGN.md 6): staff see their own entries and timesheets, a manager their reports',
HR and Finance every timesheet (read-only); anything else is 404 by URL.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from backoffice.models import User
from hr.models import CalendarDay, Employee
from hr.selectors import employee_for_user, report_ids
from scheduling.attendance import (
    CATEGORIES,
    Classified,
    Thresholds,
    Work,
    classify,
    night_bonus_minutes,
    to_hours,
)
from scheduling.models import Shift, TimeEntry, Timesheet, TimesheetAdjustment
from scheduling.selectors import rules_default
from scheduling.times import minutes, monday

#: A clock-in this many minutes after the shift's start is late; a clock-out as early is early.
GRACE_MINUTES = 5


def pay_period(day: date) -> tuple[date, date]:
    """The company-wide pay period holding ``day`` (monthly unless the default rules say weekly)."""
    if rules_default().pay_period == "weekly":
        start = monday(day)
        return start, start + timedelta(days=6)
    start = day.replace(day=1)
    following = (start + timedelta(days=32)).replace(day=1)
    return start, following - timedelta(days=1)


def thresholds() -> Thresholds:
    rules = rules_default()
    return Thresholds(
        daily_minutes=rules.overtime_daily_minutes,
        weekly_minutes=rules.overtime_weekly_minutes,
        night_start=rules.night_start,
        night_end=rules.night_end,
        night_factor=rules.night_factor,
    )


# --- visibility ---------------------------------------------------------------------------------


def sees_all_timesheets(viewer: User) -> bool:
    return viewer.has_perm("hr.view_employee")


def timesheet_employee_ids(*, viewer: User) -> set[int] | None:
    """None: every person; otherwise oneself and, for a manager, one's reports."""
    if sees_all_timesheets(viewer):
        return None
    me = employee_for_user(user=viewer)
    if me is None:
        return set()
    ids = {me.pk}
    if viewer.has_perm("hr.view_team"):
        ids |= report_ids(manager=me)
    return ids


def timesheet_list(*, viewer: User) -> QuerySet[Timesheet]:
    sheets = Timesheet.objects.select_related("employee", "approved_by")
    ids = timesheet_employee_ids(viewer=viewer)
    return sheets if ids is None else sheets.filter(employee_id__in=ids)


def timesheet_get(*, viewer: User, pk: int) -> Timesheet:
    return timesheet_list(viewer=viewer).get(pk=pk)


def may_approve(*, viewer: User, timesheet: Timesheet) -> bool:
    """The person's manager (up the chain); never one's own."""
    me = employee_for_user(user=viewer)
    if me is None or timesheet.employee_id == me.pk or not viewer.has_perm("hr.view_team"):
        return False
    return timesheet.employee_id in report_ids(manager=me)


def may_correct(*, viewer: User, employee: Employee) -> bool:
    me = employee_for_user(user=viewer)
    if me is None or employee.pk == me.pk:
        return False
    return viewer.has_perm("hr.view_team") and employee.pk in report_ids(manager=me)


# --- a period's work, classified -------------------------------------------------------------


def sessions(*, employee_ids, start: date, end: date) -> dict[int, list[Work]]:
    """Closed sessions from the Monday before ``start`` (weekly overtime) to ``end``."""
    found: dict[int, list[Work]] = defaultdict(list)
    entries = (
        TimeEntry.objects.filter(
            employee_id__in=employee_ids,
            day__gte=monday(start),
            day__lte=end,
            clock_out__isnull=False,
        )
        .select_related("location")
        .prefetch_related("breaks")
        .order_by("clock_in")
    )
    default_zone = timezone.get_current_timezone()  # the organisation's (settings.TIME_ZONE)
    for entry in entries:
        zone = entry.location.zone if entry.location_id else default_zone
        breaks = tuple((b.start, b.end) for b in entry.breaks.all() if b.end is not None)
        found[entry.employee_id].append(Work(entry.clock_in, entry.clock_out, breaks, zone))
    return found


def holidays(start: date, end: date) -> frozenset[date]:
    return frozenset(
        CalendarDay.objects.filter(
            day__gte=monday(start), day__lte=end, kind=CalendarDay.Kind.HOLIDAY
        ).values_list("day", flat=True)
    )


def classified(*, employee_id: int, start: date, end: date) -> Classified:
    return classify(
        sessions(employee_ids=[employee_id], start=start, end=end).get(employee_id, []),
        start=start,
        end=end,
        thresholds=thresholds(),
        holidays=holidays(start, end),
    )


def totals_with_bonus(result: Classified) -> dict[str, object]:
    totals: dict[str, object] = result.totals()
    totals["night_bonus"] = str(
        night_bonus_minutes(result.total("night"), thresholds().night_factor)
    )
    return totals


@dataclass
class DayLine:
    day: date
    planned: int = 0
    actual: int = 0
    shifts: list = field(default_factory=list)
    entries: list = field(default_factory=list)
    late: bool = False
    early: bool = False
    missed: bool = False
    unplanned: bool = False
    minutes: object = None


def timesheet_days(timesheet: Timesheet, *, now) -> list[DayLine]:
    """Each day of the period: planned (published shifts) against actual (entries), flags, and
    the classified minutes. A fixed number of queries."""
    employee_id = timesheet.employee_id
    lines = {
        timesheet.start + timedelta(days=n): DayLine(timesheet.start + timedelta(days=n))
        for n in range((timesheet.end - timesheet.start).days + 1)
    }
    for shift in (
        Shift.objects.published()
        .filter(employee_id=employee_id, day__gte=timesheet.start, day__lte=timesheet.end)
        .select_related("location", "template")
    ):
        line = lines[shift.day]
        line.shifts.append(shift)
        line.planned += shift.paid_minutes
    entries = list(
        TimeEntry.objects.filter(
            employee_id=employee_id, day__gte=timesheet.start, day__lte=timesheet.end
        )
        .select_related("shift", "location")
        .prefetch_related("breaks")
        .order_by("clock_in")
    )
    for entry in entries:
        line = lines[entry.day]
        line.entries.append(entry)
        if entry.shift_id is None:
            line.unplanned = True
        else:
            if minutes(entry.shift.start, entry.clock_in) > GRACE_MINUTES:
                line.late = True
            if entry.clock_out and minutes(entry.clock_out, entry.shift.end) > GRACE_MINUTES:
                line.early = True
    for line in lines.values():
        worked = {e.shift_id for e in line.entries}
        line.missed = any(s.end < now and s.pk not in worked for s in line.shifts) and not any(
            e.shift_id is None for e in line.entries
        )
    result = classified(employee_id=employee_id, start=timesheet.start, end=timesheet.end)
    for day, minutes_ in result.days.items():
        lines[day].minutes = minutes_
        lines[day].actual = minutes_.worked
    return list(lines.values())


# --- the payroll interface ----------------------------------------------------------------------


@dataclass(frozen=True)
class PayrollTime:
    """Approved minutes per category and the same as Decimal hours (0.01, rounded once)."""

    employee_id: int
    start: date
    end: date
    approved: bool
    minutes: dict[str, int]
    night_bonus_minutes: Decimal
    hours: dict[str, Decimal]


def payroll_time(*, employee: Employee, start: date, end: date) -> PayrollTime:
    """What payroll may pay for one person and pay period: the approved (locked) timesheet's
    minutes plus the adjustments carried into it; nothing while it is not approved."""
    sheet = Timesheet.objects.filter(employee=employee, start=start, end=end).first()
    totals = dict.fromkeys(CATEGORIES, 0)
    bonus = Decimal(0)
    approved = sheet is not None and sheet.status == Timesheet.Status.APPROVED
    if approved:
        for category in CATEGORIES:
            totals[category] = int(sheet.totals.get(category, 0))
        bonus = Decimal(str(sheet.totals.get("night_bonus", "0")))
        for adjustment in TimesheetAdjustment.objects.filter(timesheet=sheet):
            for category in CATEGORIES:
                totals[category] += int(adjustment.minutes.get(category, 0))
            bonus += Decimal(str(adjustment.minutes.get("night_bonus", "0")))
    hours = {category: to_hours(value) for category, value in totals.items()}
    hours["night_bonus"] = to_hours(bonus)
    return PayrollTime(
        employee_id=employee.pk,
        start=start,
        end=end,
        approved=approved,
        minutes=totals,
        night_bonus_minutes=bonus,
        hours=hours,
    )


def open_entry(*, employee: Employee) -> TimeEntry | None:
    return (
        TimeEntry.objects.filter(employee=employee, clock_out__isnull=True)
        .prefetch_related("breaks")
        .first()
    )


def current_shift(*, employee: Employee, now, around_minutes: int = 180) -> Shift | None:
    """The published shift the person is on now, or the next one starting soon."""
    window = timedelta(minutes=around_minutes)
    return (
        Shift.objects.published()
        .filter(employee=employee, end__gte=now, start__lte=now + window)
        .select_related("location", "template")
        .order_by("start")
        .first()
    )


def entries_between(*, employee_ids, start: date, end: date) -> QuerySet[TimeEntry]:
    return TimeEntry.objects.filter(
        Q(employee_id__in=employee_ids) if employee_ids is not None else Q(),
        day__gte=start,
        day__lte=end,
    )

"""Reading time and attendance: pay periods, who may see which timesheet, a timesheet's days
(planned against actual, classified), punctuality against shifts, and the payroll interface.

Visibility (DESIGN.md 6): staff see their own entries and timesheets, a manager their reports',
HR and Finance every timesheet (read-only); anything else is 404 by URL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backoffice.models import PayPeriod, User
from backoffice.selectors import organisation_get
from hr.models import Employee
from hr.permissions import sees_everyone
from hr.selectors import (
    Scope,
    employee_facts,
    holidays_between,
    viewer_report_ids,
    visible_employee_ids,
)
from scheduling.domain.classify import (
    CATEGORIES,
    Classified,
    Thresholds,
    Work,
    classify,
    night_bonus_minutes,
    to_hours,
)
from scheduling.domain.times import minutes, monday
from scheduling.models import Shift, TimeEntry, Timesheet, TimesheetAdjustment
from scheduling.selectors.roster import rules_default

#: A clock-in this many minutes after the shift's start is late; a clock-out as early is early.
GRACE_MINUTES = 5


def pay_period(day: date) -> tuple[date, date]:
    """The company-wide pay period holding ``day``: the organisation's setting (monthly or weekly,
    Monday to Sunday), which payroll follows too."""
    if organisation_get().pay_period == PayPeriod.WEEKLY:
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
    return sees_everyone(viewer)


def timesheet_employee_ids(*, viewer: User) -> set[int] | None:
    """HR's work-data scope: None for every person; otherwise oneself and, for a manager, one's
    reports."""
    return visible_employee_ids(viewer=viewer, scope=Scope.WORK)


def timesheet_list(*, viewer: User) -> QuerySet[Timesheet]:
    sheets = Timesheet.objects.select_related("employee", "approved_by")
    ids = timesheet_employee_ids(viewer=viewer)
    return sheets if ids is None else sheets.filter(employee_id__in=ids)


def timesheet_get(*, viewer: User, pk: int) -> Timesheet:
    return timesheet_list(viewer=viewer).get(pk=pk)


def timesheet_of(*, employee: Employee, day: date) -> Timesheet:
    """The person's timesheet for the pay period holding ``day``. Until the period's first
    clock-in or correction saves it, an unsaved open one (``pk`` is None): a read never writes."""
    start, end = pay_period(day)
    sheet = Timesheet.objects.filter(employee=employee, start=start).first()
    return sheet if sheet is not None else Timesheet(employee=employee, start=start, end=end)


def timesheets_of(*, employee: Employee, today: date) -> list[Timesheet]:
    """The person's own timesheets, newest first, the current period's always among them."""
    sheets = list(Timesheet.objects.filter(employee=employee).order_by("-start"))
    current = timesheet_of(employee=employee, day=today)
    if current.pk is None:
        sheets.insert(0, current)
    return sheets


def may_approve(*, viewer: User, timesheet: Timesheet) -> bool:
    """The person's manager (up the chain); never one's own (one is not among one's reports)."""
    return timesheet.employee_id in viewer_report_ids(viewer=viewer)


def may_correct(*, viewer: User, employee: Employee) -> bool:
    return employee.pk in viewer_report_ids(viewer=viewer)


def timesheet_ready_from(*, timesheet: Timesheet) -> date:
    """The first day a timesheet may be submitted and approved: the day after its period ends,
    or, for a person leaving within the period, their last working day (HR's record). Locking a
    period before it ends would turn every hour worked after that into an adjustment of the next."""
    facts = employee_facts(employee_ids=[timesheet.employee_id]).get(timesheet.employee_id)
    leaves_on = facts.end_date if facts else None
    if leaves_on is not None and timesheet.start <= leaves_on <= timesheet.end:
        return leaves_on
    return timesheet.end + timedelta(days=1)


def timesheet_not_ready(*, timesheet: Timesheet, today: date | None = None) -> str:
    """Why the timesheet cannot be submitted or approved yet, or "" when it can."""
    today = today or timezone.localdate()
    ready = timesheet_ready_from(timesheet=timesheet)
    if today >= ready:
        return ""
    if ready <= timesheet.end:
        return _(
            "This timesheet can be submitted from %(date)s, the person's last working day."
        ) % {"date": date_format(ready, "j F Y")}
    return _("This timesheet can be submitted from %(date)s, after its period ends.") % {
        "date": date_format(ready, "j F Y")
    }


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
    """The public holidays from the Monday before ``start`` (weekly overtime) to ``end``."""
    return holidays_between(start=monday(start), end=end)


def classified(*, employee_id: int, start: date, end: date) -> Classified:
    return classify(
        sessions(employee_ids=[employee_id], start=start, end=end).get(employee_id, []),
        start=start,
        end=end,
        thresholds=thresholds(),
        holidays=holidays(start, end),
    )


def night_bonus(result: Classified) -> Decimal:
    """The night factor's extra minutes for classified work (exact; rounded once, in hours)."""
    return night_bonus_minutes(result.total("night"), thresholds().night_factor)


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


def payroll_time_bulk(
    *, employee_ids: Iterable[int], start: date, end: date
) -> dict[int, PayrollTime]:
    """What payroll may pay for each person and one pay period, in two queries however many
    people: the approved (locked) timesheet's minutes plus the adjustments carried into it;
    nothing while it is not approved. Every id asked for has an answer."""
    ids = set(employee_ids)
    approved = {
        sheet.pk: sheet
        for sheet in Timesheet.objects.filter(
            employee_id__in=ids, start=start, end=end, status=Timesheet.Status.APPROVED
        ).only("pk", "employee_id", "totals", "night_bonus_minutes")
    }
    totals = {pk: dict.fromkeys(CATEGORIES, 0) for pk in ids}
    bonus = dict.fromkeys(ids, Decimal(0))
    for sheet in approved.values():
        for category in CATEGORIES:
            totals[sheet.employee_id][category] = int(sheet.totals.get(category, 0))
        bonus[sheet.employee_id] = sheet.night_bonus_minutes
    adjustments = TimesheetAdjustment.objects.filter(timesheet_id__in=approved).values_list(
        "timesheet_id", "minutes", "night_bonus_minutes"
    )
    for timesheet_id, minutes_, extra in adjustments:
        employee_id = approved[timesheet_id].employee_id
        for category in CATEGORIES:
            totals[employee_id][category] += int(minutes_.get(category, 0))
        bonus[employee_id] += extra
    locked = {sheet.employee_id for sheet in approved.values()}
    return {
        pk: PayrollTime(
            employee_id=pk,
            start=start,
            end=end,
            approved=pk in locked,
            minutes=totals[pk],
            night_bonus_minutes=bonus[pk],
            hours={
                **{category: to_hours(value) for category, value in totals[pk].items()},
                "night_bonus": to_hours(bonus[pk]),
            },
        )
        for pk in ids
    }


def payroll_time(*, employee: Employee, start: date, end: date) -> PayrollTime:
    """What payroll may pay for one person and pay period (``payroll_time_bulk`` for one)."""
    return payroll_time_bulk(employee_ids=[employee.pk], start=start, end=end)[employee.pk]


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

"""The attendance dashboard's figures: planned and actual minutes, overtime, late and missed
clock-ins, timesheets waiting, and the shifts worked against those planned, day by day.

A fixed number of queries whatever the number of entries: sums and counts are made in the
database; overtime is classified only for the twenty people who worked most (the page shows no
more), each by their own regime (daily or summarised accounting, KT art. 139, 142), with the
overtime buckets and the year's overtime so far against the cap of KT art. 146(1) (150 h).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Sum

from backoffice.models import User
from hr.models import Employee
from hr.selectors import employees_by_id
from scheduling.domain.classify import BUCKETS
from scheduling.models import BreakEntry, Shift, TimeEntry, Timesheet
from scheduling.selectors.attendance import (
    GRACE_MINUTES,
    classified,
    pay_period,
    person_rules,
    regime_of,
    timesheet_employee_ids,
)
from scheduling.selectors.roster import is_planner

#: People classified for overtime, and rows listed per panel.
TOP = 20
LISTED = 10
#: A person is flagged near the yearly overtime cap (KT art. 146(1): 150 h) from this share
#: of it: 120 h of 150 h.
NEAR_YEAR_CAP = (4, 5)


@dataclass(frozen=True)
class OvertimeRow:
    """One person's overtime in the pay period, by their regime: the buckets (KT art. 262(1)),
    the year's overtime up to the period's end (approved timesheets before it, plus this
    period) and the yearly cap of KT art. 146(1), if their rules have one."""

    person: Employee
    worked: int
    overtime: int
    buckets: dict[str, int]
    regime: str
    year_to_date: int
    year_cap: int | None

    @property
    def near_year_cap(self) -> bool:
        """At least four fifths of the yearly cap (120 of 150 h), or over it."""
        if self.year_cap is None:
            return False
        share, whole = NEAR_YEAR_CAP
        return self.year_to_date * whole >= self.year_cap * share

    @property
    def over_year_cap(self) -> bool:
        return self.year_cap is not None and self.year_to_date > self.year_cap


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
    overtime: list[OvertimeRow]  # most overtime first
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


def _year_before(ids: list[int], start: date) -> dict[int, int]:
    """Overtime of the approved timesheets of ``start``'s year that ended before it (one query)."""
    found: dict[int, int] = defaultdict(int)
    for employee_id, totals in Timesheet.objects.filter(
        employee_id__in=ids,
        status=Timesheet.Status.APPROVED,
        start__year=start.year,
        end__lt=start,
    ).values_list("employee_id", "totals"):
        found[employee_id] += int(totals.get("overtime", 0))
    return found


def _overtime(entries, duration, start: date, end: date) -> list[OvertimeRow]:
    """The people who worked most, classified by their own regime, most overtime first (then
    the most overtime this year). Queries grow with the people classified (at most ``TOP``),
    never with their entries."""
    per_person = (
        entries.values("employee_id").annotate(total=Sum(duration)).order_by("-total")[:TOP]
    )
    top = [row["employee_id"] for row in per_person]
    people = employees_by_id(ids=top)
    before = _year_before(top, start)
    rows = []
    for pk in top:
        result = classified(employee_id=pk, start=start, end=end)
        caps = regime_of(person_rules(employee_id=pk, start=start, end=end)).caps
        overtime = result.total("overtime")
        rows.append(
            OvertimeRow(
                person=people[pk],
                worked=result.total("worked"),
                overtime=overtime,
                buckets={bucket: result.total(bucket) for bucket in BUCKETS},
                regime=result.accounting,
                year_to_date=before.get(pk, 0) + overtime,
                year_cap=caps.year,
            )
        )
    rows.sort(key=lambda row: (-row.overtime, -row.year_to_date))
    return rows


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

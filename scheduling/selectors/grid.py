"""The roster grid as the page draws it: rows of people, columns of days, coverage and cost lines.

Built from a fixed number of queries (shifts, people, the rule check, coverage, rates) so the page
costs the same at 10 shifts as at 3,000 (bench: "scheduling: roster").
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from backoffice.models import User
from backoffice.money import ZERO
from hr.models import Employee
from hr.permissions import manages_team
from hr.selectors import holidays_between
from scheduling.domain.rules import Conflict, coverage
from scheduling.domain.times import monday
from scheduling.models import SchedulePeriod, Shift, ShiftTemplate, Skill
from scheduling.selectors.cost import cost_by_day
from scheduling.selectors.roster import (
    COST_DETAIL,
    coverage_slots,
    is_planner,
    period_needs,
    roster_check,
    roster_employee_ids,
    roster_employees,
    slot_of,
)


@dataclass
class ShiftRow:
    """What the grid needs of a shift, read as plain values: model instances for 2,000 shifts
    with their template and person cost more than the rest of the page."""

    FIELDS = (
        "pk",
        "employee_id",
        "day",
        "start",
        "end",
        "paid_minutes",
        "skill_id",
        "template_id",
        "released",
        "flag",
        "draft",
        "template__code",
        "template__colour",
        "employee__first_name",
        "employee__last_name",
    )

    pk: int
    employee_id: int | None
    day: date
    start: object
    end: object
    paid_minutes: int
    skill_id: int | None
    template_id: int | None
    released: str
    flag: str
    draft: str
    code: str | None
    template_colour: str | None
    first_name: str | None
    last_name: str | None

    @property
    def employee_name(self) -> str:
        return f"{self.first_name} {self.last_name}" if self.employee_id else ""

    @property
    def deleted(self) -> bool:
        return self.draft == Shift.Draft.DELETED


@dataclass
class ShiftCell:
    shift: ShiftRow
    start: str
    end: str
    conflicts: list[Conflict] = field(default_factory=list)
    accepted: dict[str, str] = field(default_factory=dict)

    @property
    def open_conflicts(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.code not in self.accepted]

    @property
    def colour(self) -> str:
        return self.shift.template_colour or "secondary"


@dataclass
class Row:
    employee: Employee | None
    cells: list[tuple[date, list[ShiftCell]]]
    minutes: int = 0
    html: str = ""


@dataclass
class Grid:
    period: SchedulePeriod
    days: list[date]
    rows: list[Row]
    coverage_rows: list[tuple[str, list]]
    conflicts: list[tuple[ShiftCell, Conflict]]
    coverage_issues: list[tuple[str, object]]
    day_cost: dict[date, object]
    total_cost: Decimal | None
    budget: Decimal | None
    editable: bool
    show_conflicts: bool
    show_cost: bool
    week: date | None
    previous_week: date | None
    next_week: date | None
    today: date
    holidays: frozenset[date] = frozenset()
    pending: dict[str, int] = field(default_factory=dict)
    coverage_html: list = field(default_factory=list)  # drawn by the view (views/cells.py)
    coverage_list_html: str = ""

    @property
    def pending_total(self) -> int:
        return sum(self.pending.values())


def _clock(moment, zone) -> str:
    """A compact local time for a narrow cell: 07 for 07:00, 07:30 otherwise."""
    local = moment.astimezone(zone)
    return f"{local:%H}" if local.minute == 0 else f"{local:%H:%M}"


def visible_days(period: SchedulePeriod, week: date | None) -> list[date]:
    start, end = period.start, period.end
    if week is not None:
        start, end = max(start, monday(week)), min(end, monday(week) + timedelta(days=6))
    return [start + timedelta(days=n) for n in range((end - start).days + 1)]


def default_week(period: SchedulePeriod, today: date) -> date:
    if period.start <= today <= period.end:
        return monday(today)
    return monday(period.start)


def build(*, period: SchedulePeriod, viewer: User, week: date | None) -> Grid:
    planner = is_planner(viewer)
    ids = roster_employee_ids(viewer=viewer, period=period)
    days = visible_days(period, week)
    first, last = days[0], days[-1]
    shifts = [
        ShiftRow(*row)
        for row in shifts_shown(period=period, planner=planner)
        .filter(day__gte=first, day__lte=last)
        .order_by("start")
        .values_list(*ShiftRow.FIELDS)
    ]
    if ids is not None:
        shifts = [s for s in shifts if s.employee_id is None or s.employee_id in ids]
    zone = period.location.zone
    show_conflicts = planner or manages_team(viewer)
    slots = [slot_of(s) for s in shifts if not s.deleted]
    whole = week is None and ids is None  # every shift of the period is in hand: reuse them
    checked = (
        roster_check(
            period=period,
            employee_ids=ids,
            period_slots=[s for s in slots if s.employee is not None] if whole else None,
        )
        if show_conflicts
        else None
    )
    cells: dict[tuple[int | None, date], list[ShiftCell]] = defaultdict(list)
    minutes: dict[int | None, int] = defaultdict(int)
    listed: list[tuple[ShiftCell, Conflict]] = []
    clocks: dict = {}  # a month repeats a few dozen start and end times: format each once
    for shift in shifts:
        start = clocks.get(shift.start) or clocks.setdefault(shift.start, _clock(shift.start, zone))
        end = clocks.get(shift.end) or clocks.setdefault(shift.end, _clock(shift.end, zone))
        cell = ShiftCell(shift, start, end)
        if shift.deleted:  # drawn struck through until the changes are published
            cells[(shift.employee_id, shift.day)].append(cell)
            continue
        if checked is not None:
            cell.conflicts = checked.conflicts.get(shift.pk, [])
            cell.accepted = checked.accepted.get(shift.pk, {})
            if cell.conflicts:
                listed.extend((cell, c) for c in cell.open_conflicts)
        cells[(shift.employee_id, shift.day)].append(cell)
        minutes[shift.employee_id] += shift.paid_minutes
    people = roster_employees(period=period, ids=ids)
    rows = (
        [Row(None, [(d, cells.get((None, d), [])) for d in days])]
        if planner or any(s.employee_id is None for s in shifts)
        else []
    )
    rows += [
        Row(person, [(d, cells.get((person.pk, d), [])) for d in days], minutes.get(person.pk, 0))
        for person in people
    ]
    coverage_rows = _coverage_rows(period, days, slots) if show_conflicts else []
    show_cost = planner or manages_team(viewer) or viewer.has_perm(COST_DETAIL)
    day_cost, total = {}, None
    if show_cost and ids is None:
        day_cost = cost_by_day(slots=slots, on=first)
        shown = [line.amount for line in day_cost.values() if line.amount is not None]
        total = sum(shown, ZERO) if len(shown) == len(day_cost) and day_cost else None
    elif show_cost:
        show_cost = False  # a manager's own reports only: too few people to show cost
    today = timezone.localdate()
    grid = Grid(
        period=period,
        days=days,
        rows=rows,
        coverage_rows=coverage_rows,
        coverage_issues=sorted(
            (
                (label, line)
                for label, cells in coverage_rows
                for _day, line in cells
                if line is not None and line.status != "ok"
            ),
            key=lambda pair: (pair[1].day, pair[0]),
        ),
        conflicts=sorted(listed, key=lambda pair: (pair[0].shift.start, pair[1].code)),
        day_cost=day_cost,
        total_cost=total,
        budget=period.location.weekly_budget,
        editable=planner and period.status != SchedulePeriod.Status.CLOSED,
        show_conflicts=show_conflicts,
        show_cost=show_cost,
        week=monday(week) if week else None,
        previous_week=monday(week) - timedelta(days=7)
        if week and monday(week) > period.start
        else None,
        next_week=monday(week) + timedelta(days=7)
        if week and monday(week) + timedelta(days=7) <= period.end
        else None,
        today=today,
        holidays=holidays_between(start=first, end=last),
        pending=pending_changes(period=period) if planner else {},
    )
    return grid


def shifts_shown(*, period: SchedulePeriod, planner: bool):
    """The period's shifts as the viewer should see them: a planner the roster as it now stands
    (shifts deleted since publishing included, to draw them struck through); anyone else what is
    published (or, on a draft a manager may read, the draft itself)."""
    if planner:
        return Shift.objects.filter(period=period, published_copy_of__isnull=True)
    if period.status == SchedulePeriod.Status.DRAFT:
        return Shift.objects.filter(period=period)
    return Shift.objects.published().filter(period=period)


def pending_changes(*, period: SchedulePeriod) -> dict[str, int]:
    """Unpublished changes of a published period, by kind (added, edited, deleted)."""
    if period.status == SchedulePeriod.Status.DRAFT:
        return {}
    rows = (
        Shift.objects.filter(period=period, published_copy_of__isnull=True)
        .exclude(draft="")
        .values_list("draft")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return dict(rows)


def _coverage_rows(period: SchedulePeriod, days: list[date], slots: list):
    needs = period_needs(location=period.location, start=days[0], end=days[-1])
    if not needs:
        return []
    lines = coverage(coverage_slots(location=period.location, slots=slots), needs)
    templates = {t.pk: t for t in ShiftTemplate.objects.filter(pk__in={n.template for n in needs})}
    skills = dict(Skill.objects.values_list("pk", "name"))
    by_key: dict[tuple, dict[date, object]] = defaultdict(dict)
    for line in lines:
        by_key[(line.template, line.skill)][line.day] = line
    rows = []
    for (template_id, skill_id), per_day in sorted(
        by_key.items(), key=lambda item: (templates[item[0][0]].start, item[0][1] or 0)
    ):
        label = templates[template_id].name
        if skill_id:
            label = f"{label} · {skills.get(skill_id, '')}"
        rows.append((label, [(d, per_day.get(d)) for d in days]))
    return rows

"""The bridge between the roster in the database and the pure solver (``scheduling.solver``).

``instance_for`` reads a period once and turns it into the solver's plain records; the solver then
runs without the ORM. Choices made here:

- Times are local minutes of the location; a clock-change night is one hour longer or shorter
  than the solver thinks. Every accepted shift is built from its template in the location's zone
  and goes through the same rule check as a hand-made one, so nothing illegal slips through.
- The planner's shifts in the period are pinned. A shift with hand-typed times (no template) cannot
  be pinned as a template, so its day becomes a fixed day off for that person.
- Skills travel as their id in text; shift types as template ids; employees as their id.
- History: the shifts of the fortnight before the period (rest and consecutive days across the
  edge) and the minutes of the reference period before it (the rolling average).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.db.models import Q, Sum

from hr.models import EmploymentContract
from scheduling.models import Availability, SchedulePeriod, Shift, ShiftTemplate
from scheduling.selectors import (
    CONTEXT_DAYS,
    hourly_rates,
    limits_for,
    people_facts,
    period_needs,
    roster_employees,
)
from scheduling.solver.instance import (
    AFTERNOON,
    MORNING,
    Assignment,
    Demand,
    Employee,
    History,
    Instance,
    Rules,
    ShiftRequest,
    ShiftType,
    Weights,
)
from scheduling.times import instant, minutes

WEIGHT_FIELDS = list(Weights.__dataclass_fields__)
#: The planner's defaults: a person too many on a shift (50) costs more than the undertime a
#: shift would save (7.5 h x 2), so nobody is rostered where the coverage asks for nobody.
DEFAULT_WEIGHTS = {**{name: getattr(Weights(), name) for name in WEIGHT_FIELDS}, "over_cover": 50}


@dataclass
class Built:
    instance: Instance
    templates: dict[int, ShiftTemplate]
    open_shifts: dict[tuple[int, int, int | None], list[int]] = field(default_factory=dict)


def _minute(at: time) -> int:
    return at.hour * 60 + at.minute


def _templates(period: SchedulePeriod) -> dict[int, ShiftTemplate]:
    return {
        t.pk: t
        for t in ShiftTemplate.objects.filter(
            Q(location__isnull=True) | Q(location=period.location), active=True
        )
    }


def _blocked_types(templates, start: time | None, end: time | None) -> list[int | None]:
    """Templates that overlap an unavailable window of a day (None: the whole day)."""
    if start is None and (end is None or end == time(0)):
        return [None]
    low = _minute(start) if start else 0
    high = _minute(end) if end and end != time(0) else 1440
    return [
        t.pk
        for t in templates.values()
        if _minute(t.start) < high and low < _minute(t.start) + t.length_minutes
    ]


def _history(period, ids, days_before: int, spans: dict) -> dict[int, History]:
    """Last shift, stretch of days worked or off, and minutes of the reference period before."""
    zone = period.location.zone
    day0 = instant(period.start, time(0), zone)
    recent = (
        Shift.objects.filter(
            employee_id__in=ids,
            day__lt=period.start,
            day__gte=period.start - timedelta(days=CONTEXT_DAYS),
        )
        .order_by("start")
        .values_list("employee_id", "day", "end", "template_id", "start")
    )
    last: dict[int, tuple] = {}
    worked: dict[int, set[date]] = {}
    for employee_id, day, end, template_id, begin in recent:
        last[employee_id] = (day, end, template_id)
        worked.setdefault(employee_id, set()).add(day)
        spans.setdefault(employee_id, []).append((begin, end))
    totals = dict(
        Shift.objects.filter(
            employee_id__in=ids,
            day__lt=period.start,
            day__gte=period.start - timedelta(days=days_before),
        )
        .values_list("employee_id")
        .annotate(total=Sum("paid_minutes"))
        .order_by()
    )
    result = {}
    for pk in ids:
        days = worked.get(pk, set())
        run, day = 0, period.start - timedelta(days=1)
        while day in days:
            run += 1
            day -= timedelta(days=1)
        off, day = 0, period.start - timedelta(days=1)
        while day not in days and off < CONTEXT_DAYS and days:
            off += 1
            day -= timedelta(days=1)
        previous = last.get(pk)
        result[pk] = History(
            last_shift_end=minutes(day0, previous[1]) if previous else None,
            last_shift_type=previous[2]
            if previous and previous[0] == period.start - timedelta(days=1)
            else None,
            consecutive_days_worked=run,
            consecutive_days_off=off if run == 0 else 0,
            worked_minutes=totals.get(pk) or 0,
            worked_days=days_before,
        )
    return result


def weekly_rest_owed(period, spans: dict[int, list[tuple]], weekly_rest: int) -> dict[int, int]:
    """Minutes after day 0's midnight before which a person may not start, because the week
    before the period has had no weekly rest yet (the rule engine's reading: a rest counts for
    the week in which it starts). The solver sees only the period; without this, a Monday shift
    would take away the weekly rest of the published week before."""
    if period.start.weekday() != 0:
        return {}
    zone = period.location.zone
    day0 = instant(period.start, time(0), zone)
    week_start = instant(period.start - timedelta(days=7), time(0), zone)
    owed = {}
    for pk, pieces in spans.items():
        inside = [p for p in pieces if p[0] >= week_start]
        if not inside:
            continue
        rested = minutes(week_start, pieces[0][0]) >= weekly_rest and pieces[0][0] >= week_start
        rested = rested or any(
            week_start <= before[1] < day0 and minutes(before[1], after[0]) >= weekly_rest
            for before, after in zip(pieces, pieces[1:], strict=False)
        )
        if not rested:
            owed[pk] = minutes(day0, max(p[1] for p in inside)) + weekly_rest
    return owed


def instance_for(
    period: SchedulePeriod, *, mode: str = "fill", weights: dict | None = None
) -> Built:
    """The solver's view of ``period``: a fixed number of queries, whatever its size."""
    limits = limits_for(period.location)
    templates = _templates(period)
    start, days = period.start, period.days
    day_of = {start + timedelta(days=n): n for n in range(days)}
    people = roster_employees(period=period, ids=None)
    ids = {p.pk for p in people}
    facts = people_facts(employee_ids=ids, start=start, end=period.end + timedelta(days=1))
    rates = hourly_rates(employee_ids=ids, on=start)
    weekly = dict(
        EmploymentContract.objects.filter(employee_id__in=ids, start__lte=period.end)
        .filter(Q(end__isnull=True) | Q(end__gte=start))
        .order_by("start")
        .values_list("employee_id", "weekly_hours")
    )
    wishes = list(
        Availability.objects.filter(employee_id__in=ids)
        .exclude(kind=Availability.Kind.UNAVAILABLE)
        .filter(Q(date__isnull=True) | Q(date__gte=start, date__lte=period.end))
        .values_list("employee_id", "kind", "weekday", "date", "template_id")
    )
    reference_days = limits.reference_weeks * 7
    spans: dict[int, list[tuple]] = {}
    history = _history(period, ids, max(0, reference_days - days), spans)
    owed = weekly_rest_owed(period, spans, limits.weekly_rest_minutes)
    overnight = [t.pk for t in templates.values() if _minute(t.start) + t.length_minutes > 1440]
    shifts = list(
        Shift.objects.filter(period=period).values_list(
            "pk", "employee_id", "day", "template_id", "skill_id"
        )
    )
    pinned, custom_days, open_shifts = [], {}, {}
    for pk, employee_id, day, template_id, skill_id in shifts:
        if employee_id is None:
            if template_id in templates:
                open_shifts.setdefault((day_of[day], template_id, skill_id), []).append(pk)
        elif template_id in templates and employee_id in ids:
            pinned.append(Assignment(employee_id, day_of[day], template_id, _skill(skill_id)))
        else:
            custom_days.setdefault(employee_id, set()).add(day_of[day])
    employees = []
    for person in people:
        fact = facts[person.pk]
        fixed = set(custom_days.get(person.pk, ()))
        unavailable, on, off = set(), [], []
        leave_days, halves = set(), set()
        for day, n in day_of.items():
            if day < fact.hire_date or (fact.end_date and day > fact.end_date):
                fixed.add(n)
            part = fact.leave.get(day)
            if part == "":
                leave_days.add(n)
            elif part in (MORNING, AFTERNOON):
                halves.add((n, part))
            for weekday, one_day, low, high in fact.unavailable:
                if one_day == day or (weekday is not None and weekday == day.weekday()):
                    unavailable.update((n, t) for t in _blocked_types(templates, low, high))
        if person.pk in owed:  # the week before still owes its weekly rest
            unavailable.update(
                (n, t.pk)
                for n in range(days)
                for t in templates.values()
                if n * 1440 + _minute(t.start) < owed[person.pk]
            )
        if fact.leave.get(period.end + timedelta(days=1)) in ("", MORNING):
            unavailable.update((days - 1, t) for t in overnight)  # a night into leave
        for employee_id, kind, weekday, one_day, template_id in wishes:
            if employee_id != person.pk:
                continue
            for day, n in day_of.items():
                if one_day == day or (weekday is not None and weekday == day.weekday()):
                    request = ShiftRequest(day=n, shift_type=template_id)
                    (on if kind == Availability.Kind.PREFERRED else off).append(request)
        minor = fact.is_minor(start)
        week_hours = weekly.get(person.pk)
        target = int(week_hours * 60 * days / 7) if week_hours else None
        cap = fact.week_cap_minutes if limits.part_time_cap else None
        employees.append(
            Employee(
                id=person.pk,
                skills=frozenset(str(s) for s in fact.skills),
                target_minutes=target,
                max_total_minutes=int(cap * days / 7) if cap else None,
                max_consecutive_days=limits.max_consecutive_days,
                fixed_days_off=fixed,
                unavailable=unavailable,
                leave_days=leave_days,
                half_day_leave=halves,
                on_requests=tuple(on),
                off_requests=tuple(off),
                hourly_cost_cents=int(rates[person.pk] * 100) if person.pk in rates else 0,
                max_shift_paid_minutes=limits.minor_max_shift_minutes if minor else None,
                night_allowed=not minor or limits.minor_night_work,
                history=history.get(person.pk),
            )
        )
    if mode == "open_only":
        demand = [
            Demand(day=n, shift_type=t, skill=_skill(s), required=len(pks))
            for (n, t, s), pks in open_shifts.items()
        ]
    else:
        wanted: dict[tuple, int] = {}
        for need in period_needs(location=period.location, start=start, end=period.end):
            if need.template in templates:  # two lines for the same slot add up
                key = (day_of[need.day], need.template, _skill(need.skill))
                wanted[key] = wanted.get(key, 0) + need.count
        demand = [
            Demand(day=n, shift_type=t, skill=s, required=count)
            for (n, t, s), count in wanted.items()
        ]
    rules = Rules(
        min_daily_rest_minutes=limits.daily_rest_minutes,
        weekly_rest_minutes=limits.weekly_rest_minutes,
        max_week_minutes=limits.max_week_minutes,
        max_average_week_minutes=limits.average_week_minutes,
        max_shift_minutes=limits.max_shift_minutes,
    )
    chosen = {**DEFAULT_WEIGHTS}
    chosen.update({k: int(v) for k, v in (weights or {}).items() if k in WEIGHT_FIELDS})
    instance = Instance(
        start=start,
        days=days,
        shift_types=tuple(
            ShiftType(
                id=t.pk,
                start_minute=_minute(t.start),
                length_minutes=t.length_minutes,
                paid_minutes=t.length_minutes - t.break_minutes,
            )
            for t in templates.values()
        ),
        employees=tuple(employees),
        demand=tuple(demand),
        rules=rules,
        pinned=tuple(pinned),
        weights=Weights(**chosen),
    )
    return Built(instance=instance, templates=templates, open_shifts=open_shifts)


def _skill(skill_id: int | None) -> str | None:
    return str(skill_id) if skill_id is not None else None

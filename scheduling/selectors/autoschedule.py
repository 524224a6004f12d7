"""The bridge between the roster in the database and the pure solver (``scheduling.domain.solver``).

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
- Contract hours for the period (the target) are the contract's weekly hours over the period,
  less the share of the organisation's usual working days on which the person is on leave or
  not employed (half a day for half-day leave); hand-typed shifts count
  towards them, towards the person's own least and most minutes and weekends
  (``StaffLimits``), since the solver cannot see those shifts. The least minutes shrink with the
  days away like the target.
- Wishes are availability rows "preferred" or "rather not", for a day or a weekday, optionally
  for one template, each with its own weight.

``proposal`` turns the solver's answer into what the run keeps and the page shows: the new shifts,
cover before and after, how the roster was found, and per person the shifts, hours against the
contract, nights and weekends.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time, timedelta

from django.db.models import Q, Sum

from backoffice.selectors import organisation_get
from hr.selectors import contract_terms_between, hourly_rates
from scheduling.domain.solver import explain_unfilled, summarize, validate
from scheduling.domain.solver.explain import Reason
from scheduling.domain.solver.instance import (
    AFTERNOON,
    MORNING,
    Assignment,
    Demand,
    Employee,
    History,
    Instance,
    Result,
    Rules,
    ShiftRequest,
    ShiftType,
    Weights,
)
from scheduling.domain.times import instant, minutes
from scheduling.models import Availability, SchedulePeriod, Shift, ShiftTemplate, StaffLimits
from scheduling.selectors.roster import (
    CONTEXT_DAYS,
    limits_for,
    people_facts,
    period_needs,
    roster_employees,
)

WEIGHT_FIELDS = list(Weights.__dataclass_fields__)
#: The planner's defaults are the solver's: among them, a person too many on a shift (50) costs
#: more than the undertime a shift would save, so nobody is rostered where the coverage asks for
#: nobody (``Weights``, ``undertime_slopes``).
DEFAULT_WEIGHTS = {name: getattr(Weights(), name) for name in WEIGHT_FIELDS}


@dataclass(frozen=True)
class HandShift:
    """A shift with hand-typed times: outside the solver, but part of the person's period."""

    day: int
    paid_minutes: int
    night: bool


@dataclass
class Built:
    instance: Instance
    templates: dict[int, ShiftTemplate]
    open_shifts: dict[tuple[int, int, int | None], list[int]] = field(default_factory=dict)
    #: Contract minutes for the period per person (before hand-typed shifts are taken off).
    contract_minutes: dict[int, int] = field(default_factory=dict)
    hand_shifts: dict[int, list[HandShift]] = field(default_factory=dict)


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
        Shift.objects.planned()
        .filter(
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
        Shift.objects.planned()
        .filter(
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
    weekly = {
        pk: terms.weekly_hours
        for pk, terms in contract_terms_between(
            employee_ids=ids, start=start, end=period.end
        ).items()
    }
    wishes = list(
        Availability.objects.filter(employee_id__in=ids)
        .exclude(kind=Availability.Kind.UNAVAILABLE)
        .filter(Q(date__isnull=True) | Q(date__gte=start, date__lte=period.end))
        .values_list("employee_id", "kind", "weekday", "date", "template_id", "weight")
    )
    own_limits = {
        limit.employee_id: limit
        for limit in StaffLimits.objects.filter(employee_id__in=ids).prefetch_related(
            "shift_limits"
        )
    }
    reference_days = limits.reference_weeks * 7
    spans: dict[int, list[tuple]] = {}
    history = _history(period, ids, max(0, reference_days - days), spans)
    owed = weekly_rest_owed(period, spans, limits.weekly_rest_minutes)
    overnight = [t.pk for t in templates.values() if _minute(t.start) + t.length_minutes > 1440]
    shifts = list(
        Shift.objects.planned()
        .filter(period=period)
        .values_list(
            "pk", "employee_id", "day", "template_id", "skill_id", "start", "end", "paid_minutes"
        )
    )
    pinned, custom_days, open_shifts = [], {}, {}
    hand_shifts: dict[int, list[HandShift]] = {}
    zone = period.location.zone
    for pk, employee_id, day, template_id, skill_id, begin, end, paid in shifts:
        if employee_id is None:
            if template_id in templates:
                open_shifts.setdefault((day_of[day], template_id, skill_id), []).append(pk)
        elif template_id in templates and employee_id in ids:
            pinned.append(Assignment(employee_id, day_of[day], template_id, _skill(skill_id)))
        else:
            custom_days.setdefault(employee_id, set()).add(day_of[day])
            local = begin.astimezone(zone)
            shape = ShiftType(
                id=pk,
                start_minute=local.hour * 60 + local.minute,
                length_minutes=max(1, round((end - begin).total_seconds() / 60)),
            )
            hand_shifts.setdefault(employee_id, []).append(
                HandShift(day_of[day], paid or 0, shape.night)
            )
    working_week = set(organisation_get().working_week)
    usual_days = sum(1 for day in day_of if day.weekday() in working_week)
    employees, contract_minutes = [], {}
    for person in people:
        fact = facts[person.pk]
        fixed = set(custom_days.get(person.pk, ()))
        unavailable, on, off = set(), [], []
        leave_days, halves, away = set(), set(), 0  # working half days away
        for day, n in day_of.items():
            part, usual = fact.leave.get(day), day.weekday() in working_week
            if day < fact.hire_date or (fact.end_date and day > fact.end_date):
                fixed.add(n)
                away += 2 * usual
            elif part == "":
                away += 2 * usual
            elif part in (MORNING, AFTERNOON):
                away += usual
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
        for employee_id, kind, weekday, one_day, template_id, weight in wishes:
            if employee_id != person.pk or (template_id and template_id not in templates):
                continue
            for day, n in day_of.items():
                if one_day == day or (weekday is not None and weekday == day.weekday()):
                    request = ShiftRequest(day=n, shift_type=template_id, weight=weight)
                    (on if kind == Availability.Kind.PREFERRED else off).append(request)
        minor = fact.is_minor(start)
        week_hours = weekly.get(person.pk)
        # The share of the period's usual working days the person is there for.
        there, usual_halves = max(0, usual_days * 2 - away), max(1, usual_days * 2)
        mine = hand_shifts.get(person.pk, [])
        by_hand = sum(s.paid_minutes for s in mine)
        target = None
        if week_hours:
            full = week_hours * 60 * days / 7
            contract_minutes[person.pk] = int(round(full * there / usual_halves))
            target = max(0, contract_minutes[person.pk] - by_hand)
        cap = (
            int(fact.week_cap_minutes * days / 7)
            if limits.part_time_cap and fact.week_cap_minutes
            else None
        )
        own = own_limits.get(person.pk)
        least, most, weekends, days_off, per_type = 0, cap, None, 1, {}
        if own is not None:
            if own.min_period_minutes:
                share = own.min_period_minutes * there // usual_halves
                least = max(0, share - by_hand)
            if own.max_period_minutes is not None:
                mine_most = max(0, own.max_period_minutes - by_hand)
                most = mine_most if most is None else min(most, mine_most)
            if own.max_weekends is not None:
                worked = {weekend_key(start, s.day) for s in mine if _weekend(start, s.day)}
                weekends = max(0, own.max_weekends - len(worked))
            days_off = own.min_days_off_in_row or 1
            per_type = {
                row.template_id: row.max_shifts
                for row in own.shift_limits.all()
                if row.template_id in templates
            }
        employees.append(
            Employee(
                id=person.pk,
                skills=frozenset(str(s) for s in fact.skills),
                target_minutes=target,
                min_total_minutes=min(least, most) if most is not None else least,
                max_total_minutes=most,
                max_working_weekends=weekends,
                min_consecutive_days_off=days_off,
                max_shifts_of_type=per_type,
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
    return Built(
        instance=instance,
        templates=templates,
        open_shifts=open_shifts,
        contract_minutes=contract_minutes,
        hand_shifts=hand_shifts,
    )


def _skill(skill_id: int | None) -> str | None:
    return str(skill_id) if skill_id is not None else None


def _weekend(start: date, day: int) -> bool:
    return (start + timedelta(days=day)).weekday() >= 5


def weekend_key(start: date, day: int) -> int:
    """The same number for the Saturday and Sunday of one weekend, as ``Instance.weekend_key``."""
    return ((start + timedelta(days=day)).toordinal() - 1) // 7


def proposal(built: Built, result: Result, *, start: date) -> dict:
    """What a run keeps (JSON): the new shifts, the figures and reasons the page shows, and per
    person the whole period as proposed (kept, new and hand-typed shifts).

    Cover before is that of the planner's own shifts alone; ``found_by`` is the solver's word
    for how the roster was found. Every proposal is checked by the independent validator.
    """
    instance = built.instance
    violations = validate(instance, result.assignments) if result.assignments else []
    reasons = explain_unfilled(instance, result) if result.unfilled else {}
    for slot in result.unfilled:
        if not reasons.get(slot):  # every qualified person is already on this very shift
            qualified = sum(
                1 for e in instance.employees if slot.skill is None or slot.skill in e.skills
            )
            reasons[slot] = [Reason("all_on_slot", qualified, (), {"qualified": qualified})]
    pinned = {(a.employee, a.day, a.shift_type) for a in instance.pinned}
    before = summarize(instance, list(instance.pinned))
    types = {t.id: t for t in instance.shift_types}
    people = []
    for emp in instance.employees:
        mine = [a for a in result.assignments if a.employee == emp.id]
        by_hand = built.hand_shifts.get(emp.id, [])
        days = [a.day for a in mine] + [s.day for s in by_hand]
        people.append(
            {
                "id": emp.id,
                "shifts": len(days),
                "new": sum(1 for a in mine if (a.employee, a.day, a.shift_type) not in pinned),
                "minutes": sum(types[a.shift_type].paid for a in mine)
                + sum(s.paid_minutes for s in by_hand),
                "contract": built.contract_minutes.get(emp.id),
                "nights": sum(1 for a in mine if types[a.shift_type].night)
                + sum(1 for s in by_hand if s.night),
                "weekends": len({weekend_key(start, d) for d in days if _weekend(start, d)}),
            }
        )
    return {
        "status": str(result.status),
        "found_by": str(result.found_by),
        "objective": result.objective,
        "bound": result.best_bound,
        "gap": result.gap,
        "seconds": round(result.wall_time_s, 1),
        "solutions": result.solutions,
        "coverage": round(result.coverage_pct, 1),
        "filled": result.filled,
        "demanded": result.demanded,
        "before": {"filled": before.filled, "demanded": before.demanded},
        "largest_shortfall": result.largest_shortfall,
        "overtime_minutes": result.overtime_minutes,
        "fairness": {k: round(v, 2) for k, v in result.fairness.items()},
        "violations": [v.message for v in violations],
        "assignments": [
            [a.employee, (start.toordinal() + a.day), a.shift_type, a.skill]
            for a in result.assignments
            if (a.employee, a.day, a.shift_type) not in pinned
        ],
        "pinned": len(pinned),
        "people": people if result.assignments or not result.conflicting_pins else [],
        "unfilled": [
            {
                "day": start.toordinal() + slot.day,
                "template": slot.shift_type,
                "skill": slot.skill,
                "missing": slot.missing,
                "reasons": [{"code": r.code, "count": r.count, "params": r.params} for r in found],
            }
            for slot, found in ((s, reasons.get(s, [])) for s in result.unfilled)
        ],
        "conflicting_pins": [
            [a.employee, start.toordinal() + a.day, a.shift_type] for a in result.conflicting_pins
        ],
    }

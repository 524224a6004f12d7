"""Reading the roster: who may see what, the facts the rule engine needs, coverage and cost.

Visibility (DESIGN.md 6): a planner sees every location and roster; a manager sees their reports'
rows; staff see their own shifts and, on a published period of a location they belong to, their
colleagues by name. Cost is aggregated for planners and managers, per shift only for HR and Finance.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from backoffice.models import User
from backoffice.money import ZERO, round_money
from backoffice.selectors import organisation_get
from hr.models import Employee, EmploymentContract, LeaveRequest
from hr.selectors import employee_for_user, report_ids
from scheduling.models import (
    Availability,
    ConflictAcceptance,
    Coverage,
    Location,
    SchedulePeriod,
    Shift,
    Skill,
    WorkingTimeRules,
)
from scheduling.rules import Conflict, Limits, Need, Person, Slot, check
from scheduling.times import monday

CONTEXT_DAYS = 14
PLAN = "scheduling.plan"
COST_DETAIL = "scheduling.view_shift_cost"


def is_planner(user: User) -> bool:
    return user.has_perm(PLAN)


def rules_default() -> WorkingTimeRules:
    """The organisation's default rules; made from the country's preset on first use."""
    rules = WorkingTimeRules.objects.filter(is_default=True).first()
    if rules is None:
        from scheduling.rules import preset_fields

        preset = "bg" if organisation_get().country == "BG" else "eu"
        rules, _created = WorkingTimeRules.objects.get_or_create(
            is_default=True,
            defaults={
                "name": str(WorkingTimeRules.Preset(preset).label),
                "preset": preset,
                **preset_fields(preset),
            },
        )
    return rules


def rules_for(location: Location) -> WorkingTimeRules:
    return location.rules if location.rules_id else rules_default()


def limits_for(location: Location) -> Limits:
    rules = rules_for(location)
    return Limits(
        daily_rest_minutes=rules.daily_rest_minutes,
        weekly_rest_minutes=rules.weekly_rest_minutes,
        max_shift_minutes=rules.max_shift_minutes,
        max_week_minutes=rules.max_week_minutes,
        average_week_minutes=rules.average_week_minutes,
        reference_weeks=rules.reference_weeks,
        max_consecutive_days=rules.max_consecutive_days,
        night_start=rules.night_start,
        night_end=rules.night_end,
        max_night_shift_minutes=rules.max_night_shift_minutes,
        minor_max_shift_minutes=rules.minor_max_shift_minutes,
        minor_max_week_minutes=rules.minor_max_week_minutes,
        minor_night_work=rules.minor_night_work,
        part_time_cap=rules.part_time_cap,
    )


# --- visibility -------------------------------------------------------------------------------


def location_list(*, viewer: User) -> QuerySet[Location]:
    locations = Location.objects.filter(active=True)
    if is_planner(viewer) or viewer.has_perm("hr.view_employee"):
        return locations
    me = employee_for_user(user=viewer)
    if me is None:
        return locations.none()
    if viewer.has_perm("hr.view_team"):
        ids = report_ids(manager=me) | {me.pk}
        return locations.filter(members__in=ids).distinct()
    return locations.filter(members=me)


def period_list(*, viewer: User) -> QuerySet[SchedulePeriod]:
    periods = SchedulePeriod.objects.select_related("location")
    if is_planner(viewer):
        return periods
    visible = periods.filter(location__in=location_list(viewer=viewer))
    if viewer.has_perm("hr.view_team"):
        return visible
    return visible.exclude(status=SchedulePeriod.Status.DRAFT)


def period_get(*, viewer: User, pk: int) -> SchedulePeriod:
    return period_list(viewer=viewer).get(pk=pk)


def roster_employee_ids(*, viewer: User, period: SchedulePeriod) -> set[int] | None:
    """Rows the viewer may see on a period's roster; None means every row."""
    if is_planner(viewer) or viewer.has_perm("hr.view_employee"):
        return None
    me = employee_for_user(user=viewer)
    if me is None:
        return set()
    if viewer.has_perm("hr.view_team"):
        return report_ids(manager=me) | {me.pk}
    # Staff see their colleagues on a published roster (by name only: the template shows no more).
    return None if period.status != SchedulePeriod.Status.DRAFT else {me.pk}


def roster_employees(*, period: SchedulePeriod, ids: set[int] | None) -> list[Employee]:
    """The location's staff plus anyone holding a shift in the period, in name order."""
    with_shifts = Shift.objects.filter(period=period, employee__isnull=False).values("employee_id")
    people = Employee.objects.filter(
        Q(schedule_locations=period.location) | Q(pk__in=with_shifts)
    ).filter(Q(end_date__isnull=True) | Q(end_date__gte=period.start), hire_date__lte=period.end)
    if ids is not None:
        people = people.filter(pk__in=ids)
    return list(
        people.distinct()
        .only("pk", "first_name", "last_name", "employee_number", "hire_date", "end_date")
        .order_by("last_name", "first_name", "pk")
    )


def shift_get(*, viewer: User, pk: int) -> Shift:
    shift = Shift.objects.select_related("period", "location", "employee", "template", "skill").get(
        pk=pk
    )
    if is_planner(viewer):
        return shift
    me = employee_for_user(user=viewer)
    if me is not None and shift.employee_id == me.pk:
        return shift
    if not period_list(viewer=viewer).filter(pk=shift.period_id).exists():
        raise Shift.DoesNotExist
    ids = roster_employee_ids(viewer=viewer, period=shift.period)
    if ids is None or shift.employee_id in ids:
        return shift
    raise Shift.DoesNotExist


# --- the facts the rule engine needs ------------------------------------------------------------


def slot_of(shift: Shift, *, checked: bool = True) -> Slot:
    return Slot(
        key=shift.pk,
        employee=shift.employee_id,
        day=shift.day,
        start=shift.start,
        end=shift.end,
        paid_minutes=shift.paid_minutes,
        skill=shift.skill_id,
        template=shift.template_id,
        checked=checked,
    )


def _adult_from(birth: date | None) -> date | None:
    if birth is None:
        return None
    try:
        return birth.replace(year=birth.year + 18)
    except ValueError:  # 29 February
        return birth.replace(year=birth.year + 18, day=28)


def people_facts(*, employee_ids: set[int], start: date, end: date) -> dict[int, Person]:
    """Skills, leave, availability, contract week and earlier weekly minutes of these people.

    A fixed number of queries whatever the number of people or shifts.
    """
    if not employee_ids:
        return {}
    people: dict[int, Person] = {}
    part_timers: list[int] = []
    for pk, hire, leaving, birth, kind in Employee.objects.filter(pk__in=employee_ids).values_list(
        "pk", "hire_date", "end_date", "date_of_birth", "employment_type"
    ):
        people[pk] = Person(pk, hire, leaving, adult_from=_adult_from(birth))
        if kind == Employee.EmploymentType.PART_TIME:
            part_timers.append(pk)
    skills: dict[int, set[int]] = defaultdict(set)
    for employee_id, skill_id in Skill.employees.through.objects.filter(
        employee_id__in=employee_ids
    ).values_list("employee_id", "skill_id"):
        skills[employee_id].add(skill_id)
    for pk, person in people.items():
        person.skills = frozenset(skills.get(pk, ()))
    for request in LeaveRequest.objects.filter(
        employee_id__in=employee_ids,
        status=LeaveRequest.Status.APPROVED,
        start_date__lte=end,
        end_date__gte=start,
    ).values("employee_id", "start_date", "end_date", "half_day"):
        day = request["start_date"]
        while day <= request["end_date"]:
            people[request["employee_id"]].leave[day] = request["half_day"] or ""
            day += timedelta(days=1)
    for rule in Availability.objects.filter(
        Q(date__isnull=True) | Q(date__gte=start, date__lte=end),
        employee_id__in=employee_ids,
        kind=Availability.Kind.UNAVAILABLE,
    ).values("employee_id", "weekday", "date", "start_time", "end_time"):
        people[rule["employee_id"]].unavailable.append(
            (rule["weekday"], rule["date"], rule["start_time"], rule["end_time"])
        )
    if part_timers:
        for employee_id, hours in (
            EmploymentContract.objects.filter(employee_id__in=part_timers, start__lte=end)
            .filter(Q(end__isnull=True) | Q(end__gte=start))
            .order_by("start")
            .values_list("employee_id", "weekly_hours")
        ):
            people[employee_id].week_cap_minutes = int(hours * 60)
    return people


def history_weeks(
    *, employee_ids: set[int], before: date, weeks: int, exclude_location: Location | None = None
) -> dict[int, dict[date, int]]:
    """Minutes per person and week in the ``weeks`` weeks before ``before`` (already worked)."""
    result: dict[int, dict[date, int]] = defaultdict(dict)
    rows = (
        Shift.objects.filter(
            employee_id__in=employee_ids,
            day__gte=monday(before) - timedelta(weeks=weeks),
            day__lt=before,
        )
        .values("employee_id", "week")
        .annotate(total=Sum("paid_minutes"))
        .order_by()
    )
    for row in rows:
        result[row["employee_id"]][row["week"]] = row["total"] or 0
    return result


def _people_with_history(ids, start: date, end: date, weeks: int) -> dict[int, Person]:
    """People's facts over [start, end] and their weekly minutes in the ``weeks`` before it."""
    people = people_facts(employee_ids=ids, start=start, end=end)
    for pk, minutes_by_week in history_weeks(
        employee_ids=ids, before=monday(start), weeks=weeks
    ).items():
        if pk in people:
            people[pk].weeks = minutes_by_week
    return people


def _slot_for(shift: Shift, employee_id: int) -> Slot:
    """The shift as it would be in ``employee_id``'s hands (a claim, a swap)."""
    return Slot(
        key=("moved", shift.pk),
        employee=employee_id,
        day=shift.day,
        start=shift.start,
        end=shift.end,
        paid_minutes=shift.paid_minutes,
        skill=shift.skill_id,
        template=shift.template_id,
    )


@dataclass
class RosterCheck:
    conflicts: dict[int, list[Conflict]]
    accepted: dict[int, dict[str, str]]

    def open_conflicts(self) -> list[tuple[int, Conflict]]:
        return [
            (key, conflict)
            for key, found in self.conflicts.items()
            for conflict in found
            if conflict.code not in self.accepted.get(key, {})
        ]


def roster_check(
    *,
    period: SchedulePeriod,
    employee_ids: set[int] | None = None,
    extra: list[Slot] | None = None,
    replacing: set[int] = frozenset(),
    period_slots: list[Slot] | None = None,
) -> RosterCheck:
    """Check every shift of the period (or of some people), optionally with draft slots added.

    Loads every shift of the people concerned from ``CONTEXT_DAYS`` before the period to as many
    after (all locations, so a second location's shift still breaks the rest), and their weekly
    minutes before that for the rolling average: five queries, whatever the number of shifts.
    ``replacing`` leaves stored shifts out (the edited shift, checked in its new form in ``extra``).
    ``period_slots``: the period's assigned shifts when the caller has read them already (the
    month view); only the shifts around and beside the period are then read.
    """
    location = period.location
    limits = limits_for(location)
    window_start = period.start - timedelta(days=CONTEXT_DAYS)
    window_end = period.end + timedelta(days=CONTEXT_DAYS)
    shifts = Shift.objects.filter(
        day__gte=window_start, day__lte=window_end, employee__isnull=False
    )
    if period_slots is not None:
        shifts = shifts.exclude(period=period).filter(
            employee_id__in=employee_ids
            if employee_ids is not None
            else {slot.employee for slot in period_slots}
        )
    elif employee_ids is None:
        in_period = Shift.objects.filter(period=period, employee__isnull=False).values(
            "employee_id"
        )
        shifts = shifts.filter(employee_id__in=in_period)
    else:
        shifts = shifts.filter(employee_id__in=employee_ids)
    slots = [
        Slot(
            key=row[0],
            employee=row[1],
            day=row[2],
            start=row[3],
            end=row[4],
            paid_minutes=row[5],
            skill=row[6],
            template=row[7],
            checked=row[8] == period.pk,
        )
        for row in shifts.values_list(
            "pk",
            "employee_id",
            "day",
            "start",
            "end",
            "paid_minutes",
            "skill_id",
            "template_id",
            "period_id",
        )
        if row[0] not in replacing
    ]
    slots.extend(s for s in period_slots or () if s.key not in replacing)
    slots.extend(extra or [])
    ids = {slot.employee for slot in slots if slot.employee is not None}
    people = _people_with_history(ids, window_start, window_end, limits.reference_weeks)
    skill_names = dict(Skill.objects.values_list("pk", "name"))
    conflicts = check(slots, people, limits, zone=location.zone, skill_names=skill_names)
    accepted: dict[int, dict[str, str]] = defaultdict(dict)
    keys = [key for key in conflicts if isinstance(key, int)]
    if keys:
        for shift_id, code, reason in ConflictAcceptance.objects.filter(
            shift_id__in=keys
        ).values_list("shift_id", "code", "reason"):
            accepted[shift_id][code] = reason
    return RosterCheck(conflicts=conflicts, accepted=dict(accepted))


def period_needs(*, location: Location, start: date, end: date) -> list[Need]:
    """Coverage lines spelled out per date; a date line replaces the weekday lines it matches."""
    rows = list(
        Coverage.objects.filter(location=location)
        .filter(Q(date__isnull=True) | Q(date__gte=start, date__lte=end))
        .values("weekday", "date", "template_id", "skill_id", "count")
    )
    dated: dict[tuple, int] = {
        (r["date"], r["template_id"], r["skill_id"]): r["count"] for r in rows if r["date"]
    }
    needs: list[Need] = []
    day = start
    while day <= end:
        for row in rows:
            if row["weekday"] == day.weekday():
                key = (day, row["template_id"], row["skill_id"])
                if key not in dated:
                    needs.append(Need(day, row["template_id"], row["skill_id"], row["count"]))
        day += timedelta(days=1)
    needs.extend(Need(d, t, s, count) for (d, t, s), count in dated.items())
    return sorted(needs, key=lambda n: (n.day, n.template, n.skill or 0))


# --- cost -----------------------------------------------------------------------------------------


def hourly_rates(*, employee_ids: set[int], on: date) -> dict[int, Decimal]:
    """Each person's cost of an hour from the contract in force: the hourly rate, or the monthly
    salary over the contract's monthly hours (weekly hours x 52 / 12)."""
    rates: dict[int, Decimal] = {}
    contracts = (
        EmploymentContract.objects.filter(employee_id__in=employee_ids, start__lte=on)
        .filter(Q(end__isnull=True) | Q(end__gte=on))
        .order_by("start")
        .values_list("employee_id", "salary_basis", "amount", "hourly_rate", "weekly_hours")
    )
    for employee_id, basis, amount, hourly, weekly in contracts:
        if basis == EmploymentContract.SalaryBasis.HOURLY and hourly is not None:
            rates[employee_id] = hourly
        elif amount is not None and weekly:
            rates[employee_id] = amount * 12 / (weekly * 52)
    return rates


def shift_costs(shifts: list[Shift] | list[Slot], *, on: date) -> dict[object, Decimal]:
    """Cost of each assigned shift, rounded once per shift to the cent."""
    ids = {s.employee if isinstance(s, Slot) else s.employee_id for s in shifts} - {None}
    rates = hourly_rates(employee_ids=ids, on=on)
    costs = {}
    for shift in shifts:
        employee = shift.employee if isinstance(shift, Slot) else shift.employee_id
        key = shift.key if isinstance(shift, Slot) else shift.pk
        if employee in rates:
            costs[key] = round_money(rates[employee] * shift.paid_minutes / 60)
    return costs


@dataclass
class CostLine:
    label: object
    amount: Decimal | None  # None: too few people to show without revealing one person's pay
    people: int


MIN_PEOPLE_FOR_COST = 2


def cost_by_day(*, slots: list[Slot], on: date) -> dict[date, CostLine]:
    costs = shift_costs(slots, on=on)
    totals: dict[date, Decimal] = defaultdict(lambda: ZERO)
    people: dict[date, set[int]] = defaultdict(set)
    for slot in slots:
        if slot.key in costs:
            totals[slot.day] += costs[slot.key]
            people[slot.day].add(slot.employee)
    return {
        day: CostLine(
            day, total if len(people[day]) >= MIN_PEOPLE_FOR_COST else None, len(people[day])
        )
        for day, total in totals.items()
    }


def move_conflicts(*, moves: list[tuple[Shift, int]]) -> list[Conflict]:
    """The conflicts the shifts would have if each went to the given person (claims and swaps).

    Only the moved shifts' own conflicts count; the people's other shifts are context.
    """
    if not moves:
        return []
    period = moves[0][0].period
    extra = [_slot_for(shift, employee_id) for shift, employee_id in moves]
    result = roster_check(
        period=period,
        employee_ids={employee_id for _shift, employee_id in moves},
        extra=extra,
        replacing={shift.pk for shift, _employee in moves},
    )
    return [c for slot in extra for c in result.conflicts.get(slot.key, []) if c.blocking]


def draft_conflicts(
    *, period: SchedulePeriod, draft: Shift, replacing: Shift | None = None
) -> list[Conflict]:
    """The conflicts an unsaved shift would have (the live check while the planner types);
    ``replacing`` is the stored shift it would become."""
    if draft.employee_id is None:
        return []
    slot = replace(_slot_for(draft, draft.employee_id), key="draft")
    result = roster_check(
        period=period,
        employee_ids={draft.employee_id},
        extra=[slot],
        replacing={replacing.pk} if replacing else set(),
    )
    return result.conflicts.get("draft", [])


def open_shifts_for(*, employee: Employee, today: date) -> list[tuple[Shift, list[Conflict]]]:
    """Future open shifts of published periods at the person's locations, with what would break.

    Eligible ones have an empty list. The person's shifts and facts are read once for all the
    open shifts; each is then checked in memory on its own (two open shifts on one day would
    otherwise clash with each other).
    """
    shifts = list(
        Shift.objects.published()
        .open()
        .filter(location__members=employee, day__gte=today)
        .select_related("period__location", "location__rules", "template", "skill")
        .order_by("start")[:50]
    )
    if not shifts:
        return []
    start = min(s.day for s in shifts) - timedelta(days=CONTEXT_DAYS)
    end = max(s.day for s in shifts) + timedelta(days=CONTEXT_DAYS)
    locations = {s.location_id: s.location for s in shifts}
    limits = {pk: limits_for(location) for pk, location in locations.items()}
    own = [
        slot_of(s, checked=False)
        for s in Shift.objects.filter(employee=employee, day__gte=start, day__lte=end)
    ]
    people = _people_with_history(
        {employee.pk}, start, end, max(rules.reference_weeks for rules in limits.values())
    )
    skill_names = dict(Skill.objects.values_list("pk", "name"))
    found = []
    for shift in shifts:
        slot = _slot_for(shift, employee.pk)
        conflicts = check(
            [*own, slot],
            people,
            limits[shift.location_id],
            zone=shift.location.zone,
            skill_names=skill_names,
        ).get(slot.key, [])
        found.append((shift, [c for c in conflicts if c.blocking]))
    return found


def my_shifts(*, employee: Employee, start: date, end: date) -> QuerySet[Shift]:
    return (
        Shift.objects.published()
        .filter(employee=employee, day__gte=start, day__lte=end)
        .select_related("location", "template", "skill")
        .order_by("start")
    )


def swap_requests_to_decide(*, viewer: User) -> QuerySet:
    from scheduling.models import SwapRequest

    requests = SwapRequest.objects.filter(status=SwapRequest.Status.PENDING).select_related(
        "shift__location", "shift__template", "requester", "colleague", "colleague_shift"
    )
    if is_planner(viewer):
        return requests
    me = employee_for_user(user=viewer)
    if me is None or not viewer.has_perm("hr.view_team"):
        return requests.none()
    return requests.filter(requester__in=report_ids(manager=me))


def swap_requests_of(*, employee: Employee) -> QuerySet:
    from scheduling.models import SwapRequest

    return SwapRequest.objects.filter(Q(requester=employee) | Q(colleague=employee)).select_related(
        "shift__location", "shift__template", "requester", "colleague", "colleague_shift"
    )


def may_decide_swap(*, viewer: User, swap) -> bool:
    if swap.requester.user_id == viewer.pk:
        return False
    return swap_requests_to_decide(viewer=viewer).filter(pk=swap.pk).exists()


def labour_cost_weeks(
    *, location: Location, first: date, weeks: int, per_person: bool
) -> tuple[list[Shift], dict, list[dict]]:
    """Planned cost per week against the location's weekly budget, and the shifts behind it.

    A week of fewer than ``MIN_PEOPLE_FOR_COST`` people shows no amount unless ``per_person``
    (HR and Finance, who may see pay)."""
    shifts = list(
        Shift.objects.filter(
            location=location,
            day__gte=first,
            day__lt=first + timedelta(weeks=weeks),
            employee__isnull=False,
        )
        .select_related("employee", "template", "location")
        .order_by("start")
    )
    costs = shift_costs(shifts, on=first)
    amounts: dict[date, Decimal] = defaultdict(lambda: ZERO)
    people: dict[date, set[int]] = defaultdict(set)
    worked: dict[date, int] = defaultdict(int)
    for shift in shifts:
        amounts[shift.week] += costs.get(shift.pk, ZERO)
        people[shift.week].add(shift.employee_id)
        worked[shift.week] += shift.paid_minutes
    budget = location.weekly_budget
    rows = []
    for n in range(weeks):
        week = first + timedelta(weeks=n)
        shown = per_person or len(people[week]) >= MIN_PEOPLE_FOR_COST
        amount = amounts[week] if shown else None
        rows.append(
            {
                "week": week,
                "minutes": worked[week],
                "people": len(people[week]),
                "amount": amount,
                "budget": budget,
                "over": amount is not None and budget is not None and amount > budget,
                "percent": int(amount * 100 / budget) if amount is not None and budget else None,
            }
        )
    return shifts, costs, rows

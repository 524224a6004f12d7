"""Reading the roster: who may see what, the facts the rule engine needs, coverage and conflicts.

Visibility (DESIGN.md 6): a planner sees every location and roster; a manager sees their reports'
rows; staff see their own shifts and, on a published period of a location they belong to, their
colleagues by name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.db.models import Q, QuerySet, Sum

from backoffice.models import User
from backoffice.selectors import organisation_get
from hr.models import Employee
from hr.permissions import manages_team
from hr.selectors import (
    Scope,
    approved_leave,
    contract_terms_between,
    employee_facts,
    employee_for_user,
    employees_employed_between,
    visible_employee_ids,
)
from scheduling.domain.personal import PersonalLimits, personal_conflicts
from scheduling.domain.rules import (
    Conflict,
    Limits,
    Need,
    Person,
    Slot,
    check,
    preset_fields,
)
from scheduling.domain.times import minutes, monday, shift_bounds
from scheduling.models import (
    Availability,
    ConflictAcceptance,
    Coverage,
    Location,
    SchedulePeriod,
    Shift,
    ShiftTemplate,
    Skill,
    StaffLimits,
    WorkingTimeRules,
)

CONTEXT_DAYS = 14
PLAN = "scheduling.plan"
COST_DETAIL = "scheduling.view_shift_cost"


def is_planner(user: User) -> bool:
    return user.has_perm(PLAN)


def rules_default() -> WorkingTimeRules:
    """The organisation's default rules. Until a planner saves them they are the country's preset,
    unsaved (``pk`` is None): a read never writes, and saving this instance makes the default."""
    rules = WorkingTimeRules.objects.filter(is_default=True).first()
    if rules is None:
        preset = "bg" if organisation_get().country == "BG" else "eu"
        rules = WorkingTimeRules(
            is_default=True,
            name=str(WorkingTimeRules.Preset(preset).label),
            preset=preset,
            **preset_fields(preset),
        )
    return rules


def rules_for(location: Location) -> WorkingTimeRules:
    return location.rules if location.rules_id else rules_default()


def limits_for(location: Location) -> Limits:
    return limits_of(rules_for(location))


def limits_of(rules: WorkingTimeRules) -> Limits:
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
    """Planners see every location; others those where someone whose schedule they see works."""
    locations = Location.objects.filter(active=True)
    if is_planner(viewer):
        return locations
    ids = visible_employee_ids(viewer=viewer, scope=Scope.WORK)
    if ids is None:
        return locations
    return locations.filter(members__in=ids).distinct()


def period_list(*, viewer: User) -> QuerySet[SchedulePeriod]:
    periods = SchedulePeriod.objects.select_related("location")
    if is_planner(viewer):
        return periods
    visible = periods.filter(location__in=location_list(viewer=viewer))
    if manages_team(viewer):
        return visible
    return visible.exclude(status=SchedulePeriod.Status.DRAFT)


def period_get(*, viewer: User, pk: int) -> SchedulePeriod:
    return period_list(viewer=viewer).get(pk=pk)


def roster_employee_ids(*, viewer: User, period: SchedulePeriod) -> set[int] | None:
    """Rows the viewer may see on a period's roster; None means every row."""
    if is_planner(viewer):
        return None
    ids = visible_employee_ids(viewer=viewer, scope=Scope.WORK)
    if ids is None or not ids or manages_team(viewer):
        return ids
    # Staff see their colleagues on a published roster (by name only: the template shows no more).
    return None if period.status != SchedulePeriod.Status.DRAFT else ids


def roster_employees(*, period: SchedulePeriod, ids: set[int] | None) -> list[Employee]:
    """The location's staff plus anyone holding a shift in the period, employed during it, in
    name order."""
    members = Location.members.through.objects.filter(location=period.location).values(
        "employee_id"
    )
    with_shifts = (
        Shift.objects.planned().filter(period=period, employee__isnull=False).values("employee_id")
    )
    return employees_employed_between(
        among=[members, with_shifts], start=period.start, end=period.end, only=ids
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
    for pk, facts in employee_facts(employee_ids=employee_ids).items():
        people[pk] = Person(
            pk, facts.hire_date, facts.end_date, adult_from=_adult_from(facts.date_of_birth)
        )
        if facts.part_time:
            part_timers.append(pk)
    skills: dict[int, set[int]] = defaultdict(set)
    for employee_id, skill_id in Skill.employees.through.objects.filter(
        employee_id__in=employee_ids
    ).values_list("employee_id", "skill_id"):
        skills[employee_id].add(skill_id)
    for pk, person in people.items():
        person.skills = frozenset(skills.get(pk, ()))
    for employee_id, spans in approved_leave(
        employee_ids=employee_ids, start=start, end=end
    ).items():
        for span in spans:
            for day in span.days():
                people[employee_id].leave[day] = span.half_day
    for rule in Availability.objects.filter(
        Q(date__isnull=True) | Q(date__gte=start, date__lte=end),
        employee_id__in=employee_ids,
        kind=Availability.Kind.UNAVAILABLE,
    ).values("employee_id", "weekday", "date", "start_time", "end_time"):
        people[rule["employee_id"]].unavailable.append(
            (rule["weekday"], rule["date"], rule["start_time"], rule["end_time"])
        )
    if part_timers:
        for employee_id, terms in contract_terms_between(
            employee_ids=part_timers, start=start, end=end
        ).items():
            people[employee_id].week_cap_minutes = int(terms.weekly_hours * 60)
    return people


def history_weeks(
    *, employee_ids: set[int], before: date, weeks: int, exclude_location: Location | None = None
) -> dict[int, dict[date, int]]:
    """Minutes per person and week in the ``weeks`` weeks before ``before`` (already worked)."""
    result: dict[int, dict[date, int]] = defaultdict(dict)
    rows = (
        Shift.objects.planned()
        .filter(
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
    slots: dict[int, Slot] = field(default_factory=dict)

    def open_conflicts(self) -> list[tuple[int, Conflict]]:
        """The conflicts that need a reason at publishing (warnings of a person's own limits
        are shown, but do not ask for one)."""
        return [
            (key, conflict)
            for key, found in self.conflicts.items()
            for conflict in found
            if conflict.blocking and conflict.code not in self.accepted.get(key, {})
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
    shifts = Shift.objects.planned().filter(
        day__gte=window_start, day__lte=window_end, employee__isnull=False
    )
    if period_slots is not None:
        shifts = shifts.exclude(period=period).filter(
            employee_id__in=employee_ids
            if employee_ids is not None
            else {slot.employee for slot in period_slots}
        )
    elif employee_ids is None:
        in_period = (
            Shift.objects.planned()
            .filter(period=period, employee__isnull=False)
            .values("employee_id")
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
    _add_personal(conflicts, period, slots, people)
    from scheduling.selectors.worktime import roster_worktime_conflicts  # imports this module

    for key, found in roster_worktime_conflicts(
        location=location, start=period.start, slots=slots, people=people
    ).items():
        conflicts.setdefault(key, []).extend(found)
    accepted: dict[int, dict[str, str]] = defaultdict(dict)
    keys = [key for key in conflicts if isinstance(key, int)]
    if keys:
        for shift_id, code, reason in ConflictAcceptance.objects.filter(
            shift_id__in=keys
        ).values_list("shift_id", "code", "reason"):
            accepted[shift_id][code] = reason
    return RosterCheck(conflicts=conflicts, accepted=dict(accepted))


def roster_checks(*, periods: Iterable[SchedulePeriod]) -> dict[int, RosterCheck]:
    """``roster_check(period=p)`` of many periods at once, by period id, with the same
    conflicts (the nightly compliance check reads every published roster of recent weeks).

    The shifts of everyone concerned are read once for all the periods; periods with the same
    window (most rosters of a month) share one read of their people's facts, and the rest is
    read once for all: the queries grow with the number of distinct windows, not with the
    number of rosters, people or shifts.
    ``RosterCheck.slots`` holds the checked shifts that have a conflict.
    """
    from scheduling.selectors.worktime import WorktimeScope, worktime_checkers

    periods = list(periods)
    if not periods:
        return {}
    by_pk = {period.pk: period for period in periods}
    staff: dict[int, set[int]] = defaultdict(set)
    for period_id, employee_id in (
        Shift.objects.planned()
        .filter(period_id__in=list(by_pk), employee__isnull=False)
        .values_list("period_id", "employee_id")
        .distinct()
        .order_by()
    ):
        staff[period_id].add(employee_id)
    rules = _rules_of([period.location for period in periods])
    limits = {pk: limits_of(rules[period.location_id]) for pk, period in by_pk.items()}
    windows: dict[tuple[date, date], list[SchedulePeriod]] = defaultdict(list)
    for period in periods:
        windows[
            (period.start - timedelta(days=CONTEXT_DAYS), period.end + timedelta(days=CONTEXT_DAYS))
        ].append(period)
    skill_names = dict(Skill.objects.values_list("pk", "name"))
    template_names = dict(ShiftTemplate.objects.values_list("pk", "name"))
    known = personal_limits(employee_ids=set().union(*staff.values())) if staff else {}
    # Every shift of the people concerned across all the windows, read once; each window then
    # takes its own days (a shift near a month's edge is context for two rosters).
    rows: dict[int, list[tuple]] = defaultdict(list)
    for row in (
        Shift.objects.planned()
        .filter(
            day__gte=min(start for start, _end in windows),
            day__lte=max(end for _start, end in windows),
            employee__isnull=False,
            employee_id__in=sorted(set().union(*staff.values())),
        )
        .values_list(
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
        .order_by()
    ):
        rows[row[1]].append(row)
    checks: dict[int, RosterCheck] = {}
    for (window_start, window_end), group in windows.items():
        ids = set().union(*(staff.get(p.pk, set()) for p in group))
        people_by_weeks = {
            weeks: _people_with_history(ids, window_start, window_end, weeks)
            for weeks in sorted({limits[p.pk].reference_weeks for p in group})
        }
        prepared = []
        for period in group:
            slots = [
                Slot(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8] == pk)
                for pk in (period.pk,)
                for employee_id in staff.get(period.pk, ())
                for row in rows.get(employee_id, ())
                if window_start <= row[2] <= window_end
            ]
            prepared.append((period, slots, people_by_weeks[limits[period.pk].reference_weeks]))
        worktime = worktime_checkers(
            [
                WorktimeScope(
                    period.location,
                    period.start,
                    {slot.employee for slot in slots},
                    people,
                    rules[period.location_id],
                )
                for period, slots, people in prepared
            ]
        )
        for (period, slots, people), worktime_of in zip(prepared, worktime, strict=True):
            conflicts = check(
                slots, people, limits[period.pk], zone=period.location.zone, skill_names=skill_names
            )
            _add_personal(
                conflicts, period, slots, people, known=known, template_names=template_names
            )
            for key, found in worktime_of(slots).items():
                conflicts.setdefault(key, []).extend(found)
            checks[period.pk] = RosterCheck(
                conflicts=conflicts,
                accepted={},
                slots={slot.key: slot for slot in slots if slot.checked and slot.key in conflicts},
            )
    keys = [key for result in checks.values() for key in result.conflicts if isinstance(key, int)]
    if keys:
        for period_id, shift_id, code, reason in ConflictAcceptance.objects.filter(
            shift__period_id__in=list(by_pk)
        ).values_list("shift__period_id", "shift_id", "code", "reason"):
            if shift_id in checks[period_id].conflicts:
                checks[period_id].accepted.setdefault(shift_id, {})[code] = reason
    return checks


def _rules_of(locations: Iterable[Location]) -> dict[int, WorkingTimeRules]:
    """Each location's rule set by location id (``rules_for`` of each, in two queries)."""
    locations = {location.pk: location for location in locations}
    own = {
        rules.pk: rules
        for rules in WorkingTimeRules.objects.filter(
            pk__in={location.rules_id for location in locations.values() if location.rules_id}
        )
    }
    default = (
        rules_default() if any(not location.rules_id for location in locations.values()) else None
    )
    return {
        pk: own[location.rules_id] if location.rules_id else default
        for pk, location in locations.items()
    }


def personal_limits(*, employee_ids: set[int]) -> dict[int, PersonalLimits]:
    """Each person's own limits (two queries); people without any are left out."""
    found = {}
    for row in StaffLimits.objects.filter(employee_id__in=employee_ids).prefetch_related(
        "shift_limits"
    ):
        found[row.employee_id] = PersonalLimits(
            min_minutes=row.min_period_minutes,
            max_minutes=row.max_period_minutes,
            max_weekends=row.max_weekends,
            min_days_off_in_row=row.min_days_off_in_row,
            max_of_template={t.template_id: t.max_shifts for t in row.shift_limits.all()},
        )
    return found


def _add_personal(
    conflicts: dict,
    period: SchedulePeriod,
    slots,
    people,
    *,
    known: dict[int, PersonalLimits] | None = None,
    template_names: dict[int, str] | None = None,
) -> None:
    """The warnings of the people's own limits over the period, beside the law's conflicts.
    ``known``, ``template_names``: the limits and template names when read already."""
    ids = {slot.employee for slot in slots if slot.checked and slot.employee is not None}
    if known is not None:
        personal = {pk: known[pk] for pk in ids if pk in known}
    else:
        personal = personal_limits(employee_ids=ids) if ids else {}
    if not personal:
        return
    days_away = {}
    for pk in personal:
        person = people.get(pk)
        if person is None:
            continue
        days_away[pk] = sum(
            1
            for n in range(period.days)
            if (day := period.start + timedelta(days=n)) in person.leave
            or day < person.hire_date
            or (person.end_date is not None and day > person.end_date)
        )
    names = (
        template_names
        if template_names is not None
        else dict(ShiftTemplate.objects.values_list("pk", "name"))
    )
    for conflict in personal_conflicts(
        slots,
        personal,
        start=period.start,
        end=period.end,
        days_away=days_away,
        template_names=names,
    ):
        conflicts.setdefault(conflict.key, []).append(conflict)


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
        for s in Shift.objects.planned().filter(employee=employee, day__gte=start, day__lte=end)
    ]
    people = _people_with_history(
        {employee.pk}, start, end, max(rules.reference_weeks for rules in limits.values())
    )
    skill_names = dict(Skill.objects.values_list("pk", "name"))
    from scheduling.selectors.worktime import worktime_checker  # imports this module

    # The caps of KT art. 146, the summarised period's norm and the minors' rules, as
    # roster_check has them: their facts read once per location and period, not per shift.
    worktime = {}
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
        scope = (shift.location_id, shift.period.start)
        if scope not in worktime:
            worktime[scope] = worktime_checker(
                location=shift.location, start=shift.period.start, slots=[*own, slot], people=people
            )
        conflicts = [*conflicts, *worktime[scope]([*own, slot]).get(slot.key, [])]
        found.append((shift, [c for c in conflicts if c.blocking]))
    return found


def coverage_slots(*, location: Location, slots: Iterable[Slot]) -> list[Slot]:
    """Slots as coverage counts them: a shift typed with its own times counts for the template
    of the location it overlaps most on its day (10:00-18:00 beside 07-15 and 14-22 covers the
    morning), so a saved shift is never missing from the coverage row."""
    templates = list(
        ShiftTemplate.objects.filter(Q(location=location) | Q(location__isnull=True))
        .filter(active=True)
        .order_by("start", "pk")
    )
    result = []
    for slot in slots:
        if slot.template is None and templates:
            overlaps = []
            for template in templates:
                start, end = shift_bounds(
                    slot.day,
                    template.start,
                    template.end,
                    crosses_midnight=template.crosses_midnight,
                    zone=location.zone,
                )
                overlap = minutes(max(start, slot.start), min(end, slot.end))
                if overlap > 0:
                    overlaps.append((-overlap, template.start, template.pk))
            if overlaps:
                slot = replace(slot, template=min(overlaps)[2])
        result.append(slot)
    return result

"""The roster's working-time facts beyond rest and length: planned overtime against the caps of
KT art. 146, the summarised accounting period's norm, and the minors' rules (KT art. 140, 147),
loaded in a constant number of queries for ``roster_check``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from hr.selectors import approved_leave, contract_terms_between, work_calendar
from scheduling.domain.rules import Conflict, Person, Slot
from scheduling.domain.worktime import (
    PlannedPerson,
    accounting_period,
    period_norm_minutes,
    roster_limit_conflicts,
)
from scheduling.models import Location, Shift, Timesheet, WorkingTimeRules
from scheduling.selectors.attendance import FULL_DAY_MINUTES, regime_of
from scheduling.selectors.roster import rules_for


def _year_before(ids: set[int], before: date) -> dict[int, int]:
    found: dict[int, int] = defaultdict(int)
    for employee_id, totals in Timesheet.objects.filter(
        employee_id__in=ids,
        status=Timesheet.Status.APPROVED,
        start__year=before.year,
        end__lt=before,
    ).values_list("employee_id", "totals"):
        found[employee_id] += int(totals.get("overtime", 0))
    return found


def roster_worktime_conflicts(
    *,
    location: Location,
    start: date,
    slots: Iterable[Slot],
    people: dict[int, Person],
) -> dict[object, list[Conflict]]:
    """Conflicts of the checked slots under the location's regime (see
    ``scheduling.domain.worktime.roster_limit_conflicts``); ``start``: the period's first day,
    which fixes the accounting period and the year of the annual cap."""
    slots = list(slots)
    return worktime_checker(location=location, start=start, slots=slots, people=people)(slots)


def worktime_checker(
    *,
    location: Location,
    start: date,
    slots: Iterable[Slot],
    people: dict[int, Person],
) -> Callable[[list[Slot]], dict[object, list[Conflict]]]:
    """The facts of ``roster_worktime_conflicts`` read once (a constant number of queries for
    the people of ``slots``), and a check to run in memory on any set of their slots: the open
    shifts offered to a person are each checked on their own against the same facts."""
    slots = list(slots)
    ids = {slot.employee for slot in slots if slot.employee is not None}
    return worktime_checkers([WorktimeScope(location, start, ids, people)])[0]


@dataclass(frozen=True)
class WorktimeScope:
    """One roster's share of ``worktime_checkers``: its location (``rules``: the location's
    rule set when the caller has read it already), first day, people and their facts."""

    location: Location
    start: date
    ids: set[int]
    people: dict[int, Person]
    rules: WorkingTimeRules | None = None


def worktime_checkers(
    scopes: list[WorktimeScope],
) -> list[Callable[[list[Slot]], dict[object, list[Conflict]]]]:
    """``worktime_checker`` of many rosters at once, one check per scope in order: the facts are
    read once per first day (contracts, the year's approved overtime) and per accounting period
    (calendar, stored shifts, leave) for the people of every scope sharing it, so the queries
    grow with the distinct months checked, not with the number of rosters or people."""
    regimes = [regime_of(scope.rules or rules_for(scope.location)) for scope in scopes]
    active = [
        n
        for n, (scope, regime) in enumerate(zip(scopes, regimes, strict=True))
        if scope.ids
        and (
            regime.caps.any
            or regime.accounting == "summarised"
            or bool(regime.young_minor_night_start)
        )
    ]
    ids_by_start: dict[date, set[int]] = defaultdict(set)
    norm_periods: dict[int, tuple[date, date]] = {}
    ids_by_norm: dict[tuple[date, date], set[int]] = defaultdict(set)
    for n in active:
        scope, regime = scopes[n], regimes[n]
        ids_by_start[scope.start] |= scope.ids
        if regime.accounting == "summarised":
            norm_periods[n] = accounting_period(
                scope.start, months=regime.period_months, first_month=regime.period_first_month
            )
            ids_by_norm[norm_periods[n]] |= scope.ids
    terms: dict[date, dict] = {}
    year_before: dict[date, dict[int, int]] = {}
    for start, ids in ids_by_start.items():
        terms[start] = contract_terms_between(employee_ids=ids, start=start, end=start)
        year_before[start] = _year_before(ids, start)
    calendars: dict[tuple[date, date], object] = {}
    stored_by_norm: dict[tuple[date, date], dict[int, list[Slot]]] = {}
    leave_by_norm: dict[tuple[date, date], dict] = {}
    for norm_period, ids in ids_by_norm.items():
        calendars[norm_period] = work_calendar(start=norm_period[0], end=norm_period[1])
        stored: dict[int, list[Slot]] = defaultdict(list)
        for pk, employee, day, begin, end, paid in Shift.objects.filter(
            employee_id__in=ids, day__gte=norm_period[0], day__lte=norm_period[1]
        ).values_list("pk", "employee_id", "day", "start", "end", "paid_minutes"):
            stored[employee].append(Slot(pk, employee, day, begin, end, paid, checked=False))
        stored_by_norm[norm_period] = stored
        leave_by_norm[norm_period] = approved_leave(
            employee_ids=ids, start=norm_period[0], end=norm_period[1]
        )
    checkers: list[Callable[[list[Slot]], dict[object, list[Conflict]]]] = [
        lambda _slots: {} for _scope in scopes
    ]
    for n in active:
        scope, regime = scopes[n], regimes[n]
        norm_period = norm_periods.get(n)
        stored = []
        if norm_period is not None:
            by_person = stored_by_norm[norm_period]
            stored = [slot for pk in scope.ids for slot in by_person.get(pk, ())]
        checkers[n] = _checker(
            scope,
            regime,
            _planned_people(
                scope.ids,
                terms[scope.start],
                year_before[scope.start],
                norm_period,
                calendars.get(norm_period),
                leave_by_norm.get(norm_period, {}),
            ),
            stored,
        )
    return checkers


def _planned_people(ids, terms, year_before, norm_period, calendar, leave) -> dict:
    facts: dict[int, PlannedPerson] = {}
    for pk in ids:
        contract = terms.get(pk)
        daily = int(contract.daily_hours * 60) if contract else FULL_DAY_MINUTES
        week = int(contract.weekly_hours * 60) if contract else FULL_DAY_MINUTES * 5
        norm = None
        if norm_period is not None and calendar is not None:
            absent = Decimal(0)
            for span in leave.get(pk, []):
                first, last = max(span.start, norm_period[0]), min(span.end, norm_period[1])
                if first <= last:
                    days = Decimal(calendar.working_days(first, last))
                    absent += days / 2 if span.half_day else days
            norm = period_norm_minutes(
                working_days=calendar.working_days(*norm_period),
                daily_minutes=daily,
                absent_working_days=absent,
            )
        facts[pk] = PlannedPerson(
            daily_minutes=daily,
            week_minutes=week,
            norm_minutes=norm,
            norm_period=norm_period,
            year_before=year_before.get(pk, 0),
        )
    return facts


def _checker(scope: WorktimeScope, regime, facts, stored: list[Slot]):
    def run(checked: list[Slot]) -> dict[object, list[Conflict]]:
        known = {slot.key for slot in checked}
        every = [*checked, *(slot for slot in stored if slot.key not in known)]
        return roster_limit_conflicts(every, scope.people, regime, facts, zone=scope.location.zone)

    return run

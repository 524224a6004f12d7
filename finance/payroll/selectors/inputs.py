"""The engine's inputs for a chunk of people, in a constant number of queries: HR's contract
terms and people, scheduling's approved time (the only source of hours and days, with HR's
approved leave), payroll profiles, recurring components and one-off entries, and the average
daily pay from earlier posted payslips."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import connection
from django.db.models import Q

from finance.payroll.domain.engine import (
    Correction,
    Entry,
    Person,
    SickLeave,
    Span,
    Terms,
    Time,
    born_before_1960,
    service_years,
)
from finance.payroll.models import (
    ComponentAssignment,
    OneOffEntry,
    PayProfile,
    PayrollRun,
    Payslip,
)
from hr.selectors import (
    contract_terms_spans,
    employee_choices,
    employees_by_id,
    employees_employed_between,
    work_calendar,
)
from scheduling.selectors.attendance import employees_at_location, payroll_time_bulk

RATE = Decimal("0.0001")


def run_people(*, run: PayrollRun) -> list[int]:
    """The people a run pays: everybody employed on some day of the period (of the run's
    department, or with a shift at its location); a correction run, the people it names."""
    start, end = run.period_start, run.period_end
    if run.kind == PayrollRun.Kind.CORRECTION and run.employee_ids:
        return sorted(int(pk) for pk in run.employee_ids)
    if run.group == PayrollRun.Group.DEPARTMENT:
        among = employee_choices(department=run.department).values("pk")
    elif run.group == PayrollRun.Group.LOCATION:
        among = employees_at_location(location=run.location, start=start, end=end)
    else:
        among = employee_choices().values("pk")
    people = employees_employed_between(among=[among], start=start, end=end)
    return sorted(p.pk for p in people)


def calendar_for(*, start: date, end: date) -> Any:
    return work_calendar(start=start, end=end)


def _entry(component, **values) -> Entry:
    return Entry(
        component_id=component.pk,
        code=component.code,
        name=component.name,
        side=component.side,
        method=component.method,
        amount=values.get("amount") if values.get("amount") is not None else component.amount,
        percent=values.get("percent") if values.get("percent") is not None else component.percent,
        base=component.base,
        rate=component.rate,
        factor=component.factor,
        hours=values.get("hours"),
        hours_figure=component.hours_figure,
        taxable=component.taxable,
        insurable=component.insurable,
        account=component.account,
        note=values.get("note", ""),
        corrects_start=values.get("corrects_start"),
        corrects_end=values.get("corrects_end"),
    )


def _entries(ids: list[int], start: date, end: date) -> dict[int, list[Entry]]:
    entries: dict[int, list[Entry]] = defaultdict(list)
    assignments = (
        ComponentAssignment.objects.filter(
            employee_id__in=ids, valid_from__lte=end, component__active=True
        )
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=start))
        .select_related("component")
        .order_by("component__order", "component__code", "pk")
    )
    for row in assignments:
        if row.component.method == "standard":
            continue
        entries[row.employee_id].append(
            _entry(
                row.component,
                amount=row.amount,
                percent=row.percent,
                hours=row.hours,
                note=row.note,
            )
        )
    one_offs = (
        OneOffEntry.objects.filter(employee_id__in=ids, period_start=start, period_end=end)
        .select_related("component")
        .order_by("component__order", "component__code", "pk")
    )
    for row in one_offs:
        if row.component.method == "standard":
            continue
        entries[row.employee_id].append(
            _entry(
                row.component,
                amount=row.amount,
                hours=row.hours,
                note=row.note,
                corrects_start=row.corrects_start,
                corrects_end=row.corrects_end,
            )
        )
    return entries


def _average_daily(ids: list[int], start: date, min_days: Decimal) -> dict[int, tuple]:
    """Each person's average daily gross pay of the last posted month (before ``start``) with
    at least ``min_days`` days worked: (amount to four decimals, that month's first day)."""
    slips = Payslip.objects.filter(
        employee_id__in=ids,
        run__status=PayrollRun.Status.POSTED,
        run__kind=PayrollRun.Kind.REGULAR,
        run__period_end__lt=start,
        days_worked__gte=min_days,
        days_worked__gt=0,
    )
    rows = slips.values_list("employee_id", "worked_gross", "days_worked", "run__period_start")
    if connection.vendor == "postgresql":
        rows = rows.order_by("employee_id", "-run__period_start").distinct("employee_id")
    else:
        rows = rows.order_by("employee_id", "-run__period_start")
    found: dict[int, tuple] = {}
    for employee_id, worked, days, month in rows:
        if employee_id not in found:
            found[employee_id] = (
                (worked / days).quantize(RATE, rounding=ROUND_HALF_UP),
                month,
            )
    return found


def _terms(contract) -> Terms:
    return Terms(
        salary_basis=contract.salary_basis,
        monthly_salary=contract.monthly_salary,
        hourly_rate=contract.hourly_rate,
        weekly_hours=contract.weekly_hours,
        start=contract.start,
        end=contract.end,
    )


def calculation_inputs(
    *,
    employee_ids: Iterable[int],
    start: date,
    end: date,
    calendar: Any,
    leave_min_days: Decimal = Decimal(10),
) -> list[Person]:
    """The engine's ``Person`` for each id, in a constant number of queries."""
    ids = sorted(set(employee_ids))
    if not ids:
        return []
    people = employees_by_id(ids=ids)
    spans = contract_terms_spans(employee_ids=ids, start=start, end=end)
    times = payroll_time_bulk(employee_ids=ids, start=start, end=end)
    profiles = {p.employee_id: p for p in PayProfile.objects.filter(employee_id__in=ids)}
    entries = _entries(ids, start, end)
    averages = _average_daily(ids, start, leave_min_days)
    period_days = calendar.working_days(start, end)
    answer = []
    for pk in ids:
        employee = people.get(pk)
        if employee is None:
            continue
        contracts = spans.get(pk, [])
        contract = contracts[-1] if contracts else None
        days = [
            calendar.working_days(
                max(start, employee.hire_date, c.start),
                min(end, employee.end_date or end, c.end or end),
            )
            for c in contracts
        ]
        time = times.get(pk)
        profile = profiles.get(pk)
        average = averages.get(pk)
        answer.append(
            Person(
                employee_id=pk,
                department_id=employee.department_id,
                born_before_1960=born_before_1960(employee.birth_date),
                terms=_terms(contract) if contract is not None else None,
                time=Time(
                    approved=time.approved,
                    minutes=dict(time.minutes),
                    night_bonus_minutes=time.night_bonus_minutes,
                    absences=dict(time.absences),
                    corrections=tuple(
                        Correction(
                            corrects_start=a.corrects_start,
                            corrects_end=a.corrects_end,
                            minutes=dict(a.minutes),
                            night_bonus_minutes=a.night_bonus_minutes,
                        )
                        for a in time.adjustments
                    ),
                    timesheet_id=getattr(time, "timesheet_id", None),
                    sick_leaves=tuple(
                        SickLeave(days=part.days, days_before=part.days_before)
                        for part in getattr(time, "sick_leaves", ())
                    ),
                )
                if time is not None
                else Time(approved=False, minutes={}),
                period_working_days=period_days,
                employed_working_days=sum(days),
                earlier=tuple(
                    Span(terms=_terms(c), working_days=n)
                    for c, n in zip(contracts[:-1], days[:-1], strict=True)
                ),
                service_years=service_years(
                    hire_date=employee.hire_date,
                    prior_months=profile.prior_service_months if profile else 0,
                    on=end,
                ),
                average_daily=average[0] if average else None,
                average_month=average[1] if average else None,
                activity=profile.activity if profile else "",
                occupation=profile.occupation if profile else "",
                entries=tuple(entries.get(pk, ())),
                iban=employee.iban,
            )
        )
    return answer

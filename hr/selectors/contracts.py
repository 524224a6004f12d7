"""Employment contracts: a person's list, those ending soon, and the terms in force that the
departments above HR read (hours, pay, the cost of an hour) instead of HR's table."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import QuerySet

from backoffice.models import User
from backoffice.money import round_rate
from backoffice.selectors import organisation_get
from hr.interface import ContractTerms
from hr.models import Employee, EmploymentContract
from hr.selectors.people import Ids

HOURS_QUANTUM = Decimal("0.01")
WEEKS_A_YEAR = 52
MONTHS_A_YEAR = 12


def contract_list(*, viewer: User, employee: Employee) -> QuerySet[EmploymentContract]:
    return EmploymentContract.objects.filter(employee=employee).order_by("-start")


def contracts_ending(*, within_days: int = 60, today: date) -> QuerySet[EmploymentContract]:
    return (
        EmploymentContract.objects.filter(
            end__gte=today, end__lte=today + timedelta(days=within_days)
        )
        .select_related("employee")
        .order_by("end")
    )


def weekly_hours_on(*, employee: Employee, day: date) -> Decimal:
    """The contract's weekly hours on ``day``; else the latest contract's; else full time."""
    contract = (
        EmploymentContract.objects.filter(employee=employee)
        .in_force(on=day)
        .only("weekly_hours")
        .first()
    )
    if contract is None:
        contract = (
            EmploymentContract.objects.filter(employee=employee)
            .order_by("-start")
            .only("weekly_hours")
            .first()
        )
    return contract.weekly_hours if contract else organisation_get().full_time_weekly_hours


def _all_terms(contracts: QuerySet[EmploymentContract]) -> list[ContractTerms]:
    """The terms of ``contracts``, by person and start."""
    working_days = len(organisation_get().working_week) or 5
    rows = contracts.order_by("employee_id", "start", "pk").values_list(
        "employee_id",
        "start",
        "end",
        "weekly_hours",
        "salary_basis",
        "amount",
        "hourly_rate",
        "employee__employment_type",
    )
    return [
        ContractTerms(
            employee_id=employee_id,
            start=start,
            end=end,
            weekly_hours=weekly,
            daily_hours=(weekly / working_days).quantize(HOURS_QUANTUM, rounding=ROUND_HALF_UP),
            salary_basis=basis,
            monthly_salary=amount,
            hourly_rate=hourly,
            part_time=kind == Employee.EmploymentType.PART_TIME,
        )
        for employee_id, start, end, weekly, basis, amount, hourly, kind in rows
    ]


def _terms(contracts: QuerySet[EmploymentContract]) -> dict[int, ContractTerms]:
    """One contract per person: the one that starts last (contracts of one person do not
    overlap, so within a single day there is only one)."""
    return {terms.employee_id: terms for terms in _all_terms(contracts)}


def contract_terms_in_force(*, employee_ids: Ids, on: date) -> dict[int, ContractTerms]:
    """The terms of each person's contract in force on ``on`` (people without one are absent).
    Two queries, whatever the number of people."""
    return _terms(EmploymentContract.objects.filter(employee_id__in=employee_ids).in_force(on=on))


def contract_terms_between(
    *, employee_ids: Ids, start: date, end: date
) -> dict[int, ContractTerms]:
    """The terms of each person's latest contract in force on some day of [start, end]."""
    return _terms(
        EmploymentContract.objects.filter(employee_id__in=employee_ids).in_force_between(start, end)
    )


def contract_terms_spans(
    *, employee_ids: Ids, start: date, end: date
) -> dict[int, list[ContractTerms]]:
    """Every contract of each person in force on some day of [start, end], by start: a raise
    in the middle of a month is a new contract from that day, and pay follows both."""
    spans: dict[int, list[ContractTerms]] = {}
    contracts = EmploymentContract.objects.filter(employee_id__in=employee_ids)
    for terms in _all_terms(contracts.in_force_between(start, end)):
        spans.setdefault(terms.employee_id, []).append(terms)
    return spans


def hourly_rate_of(terms: ContractTerms) -> Decimal | None:
    """The cost of an hour under these terms: the hourly rate, or the monthly salary over the
    contract's monthly hours (weekly hours x 52 / 12), kept to four decimals by the money rule."""
    if (
        terms.salary_basis == EmploymentContract.SalaryBasis.HOURLY
        and terms.hourly_rate is not None
    ):
        return round_rate(terms.hourly_rate)
    if terms.monthly_salary is not None and terms.weekly_hours:
        return round_rate(
            terms.monthly_salary * MONTHS_A_YEAR / (terms.weekly_hours * WEEKS_A_YEAR)
        )
    return None


def hourly_rates(*, employee_ids: Ids, on: date) -> dict[int, Decimal]:
    """Each person's cost of an hour on ``on`` from the contract then in force."""
    rates: dict[int, Decimal] = {}
    for employee_id, terms in contract_terms_in_force(employee_ids=employee_ids, on=on).items():
        rate = hourly_rate_of(terms)
        if rate is not None:
            rates[employee_id] = rate
    return rates


__all__ = [
    "contract_list",
    "contract_terms_between",
    "contract_terms_in_force",
    "contract_terms_spans",
    "contracts_ending",
    "hourly_rate_of",
    "hourly_rates",
    "weekly_hours_on",
]

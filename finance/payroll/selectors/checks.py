"""The pre-payroll check: what is missing before a run pays a period (timesheets not yet
approved, contracts without pay, people without an IBAN, leavers without final pay)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from finance.payroll.models import PayrollRun, Payslip
from finance.payroll.selectors.inputs import run_people
from hr.selectors import (
    contract_terms_between,
    employee_choices,
    employees_by_id,
    employees_employed_between,
)
from scheduling.selectors.attendance import payroll_time_bulk

#: How far back a leaver without final pay is still looked for.
LEAVER_LOOKBACK_DAYS = 92


@dataclass(frozen=True)
class Person:
    employee_id: int
    name: str
    employee_number: str
    detail: str = ""


@dataclass
class PrePayroll:
    not_approved: list[Person] = field(default_factory=list)
    without_pay: list[Person] = field(default_factory=list)
    without_iban: list[Person] = field(default_factory=list)
    leavers_without_final_pay: list[Person] = field(default_factory=list)
    people: int = 0

    @property
    def count(self) -> int:
        return (
            len(self.not_approved)
            + len(self.without_pay)
            + len(self.without_iban)
            + len(self.leavers_without_final_pay)
        )

    @property
    def ok(self) -> bool:
        return self.count == 0


def _person(employee, detail: str = "") -> Person:
    return Person(employee.pk, employee.full_name, employee.employee_number, detail)


def prepayroll_check(
    *,
    period_start: date,
    period_end: date,
    group: str = PayrollRun.Group.EVERYBODY,
    department=None,
    location=None,
) -> PrePayroll:
    """A constant number of queries, whatever the number of people."""
    probe = PayrollRun(
        period_start=period_start,
        period_end=period_end,
        group=group,
        department=department,
        location=location,
    )
    return _check(
        ids=run_people(run=probe),
        period_start=period_start,
        period_end=period_end,
        everybody=group == PayrollRun.Group.EVERYBODY,
    )


def run_prepayroll_check(*, run: PayrollRun) -> PrePayroll:
    """The pre-payroll check of a run's own people: its group (a correction run, the people it
    names), without those another regular run of the period already pays."""
    ids = run_people(run=run)
    if run.kind == PayrollRun.Kind.REGULAR:
        covered = paid_elsewhere(run=run, employee_ids=ids)
        ids = [pk for pk in ids if pk not in covered]
    return _check(
        ids=ids,
        period_start=run.period_start,
        period_end=run.period_end,
        everybody=run.kind == PayrollRun.Kind.REGULAR and run.group == PayrollRun.Group.EVERYBODY,
    )


@dataclass(frozen=True)
class PaidElsewhere:
    employee_id: int
    name: str
    run_id: int
    run_label: str


def other_regular_runs(*, run: PayrollRun):
    """The other regular runs whose period overlaps ``run``'s (any state: a deleted run is gone)."""
    return PayrollRun.objects.filter(
        kind=PayrollRun.Kind.REGULAR,
        period_start__lte=run.period_end,
        period_end__gte=run.period_start,
    ).exclude(pk=run.pk)


def run_label(run: PayrollRun) -> str:
    """“12.2026, IT” : the period and who the run pays."""
    who = run.department or run.location or run.get_group_display()
    return f"{run.period_start:%m.%Y}, {who}"


def paid_elsewhere(*, run: PayrollRun, employee_ids=None) -> dict[int, PaidElsewhere]:
    """The people (of ``employee_ids``, else of the run's group) who already have a payslip in
    another regular run of the period, with that run: a regular run does not pay them again.
    Two queries (three without ``employee_ids``)."""
    if employee_ids is None:
        employee_ids = run_people(run=run)
    rows = (
        Payslip.objects.filter(
            employee_id__in=list(employee_ids),
            run__in=other_regular_runs(run=run),
        )
        .order_by("employee__last_name", "employee__first_name", "employee_id", "run_id")
        .values_list("employee_id", "employee__first_name", "employee__last_name", "run_id")
    )
    found: dict[int, tuple[str, int]] = {}
    for employee_id, first, last, run_id in rows:
        found.setdefault(employee_id, (f"{first} {last}", run_id))
    runs = {
        r.pk: r
        for r in PayrollRun.objects.filter(pk__in={v[1] for v in found.values()}).select_related(
            "department", "location"
        )
    }
    return {
        pk: PaidElsewhere(pk, name, run_id, run_label(runs[run_id]))
        for pk, (name, run_id) in found.items()
    }


def _check(*, ids: list[int], period_start: date, period_end: date, everybody: bool) -> PrePayroll:
    people = employees_by_id(ids=ids)
    terms = contract_terms_between(employee_ids=ids, start=period_start, end=period_end)
    times = payroll_time_bulk(employee_ids=ids, start=period_start, end=period_end)
    result = PrePayroll(people=len(ids))
    for pk in ids:
        employee = people[pk]
        time = times.get(pk)
        if time is None or not time.approved:
            result.not_approved.append(_person(employee))
        contract = terms.get(pk)
        if contract is None:
            result.without_pay.append(_person(employee, "no contract in force"))
        elif contract.monthly_salary is None and contract.hourly_rate is None:
            result.without_pay.append(_person(employee, "no pay on the contract"))
        if not employee.iban:
            result.without_iban.append(_person(employee))
    # Leavers of this period and the months before it whose last day no payslip covers.
    since = period_start - timedelta(days=LEAVER_LOOKBACK_DAYS)
    # Leavers of earlier months are no longer in a group: for everybody, look at everybody.
    scope = employee_choices() if everybody else employee_choices(ids=ids)
    leavers = [
        p
        for p in employees_employed_between(
            among=[scope.filter(end_date__gte=since, end_date__lte=period_end).values("pk")],
            start=since,
            end=period_end,
        )
        if p.end_date is not None
    ]
    if leavers:
        paid = set()
        for employee_id, end_date, start, end in Payslip.objects.filter(
            employee_id__in=[p.pk for p in leavers]
        ).values_list("employee_id", "employee__end_date", "run__period_start", "run__period_end"):
            if start <= end_date <= end:
                paid.add(employee_id)
        for leaver in leavers:
            if leaver.pk not in paid:
                result.leavers_without_final_pay.append(
                    _person(leaver, leaver.end_date.isoformat())
                )
    return result

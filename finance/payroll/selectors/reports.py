"""Reports read from a run's stored payslips: the payroll register, the data of the revenue
agency's declarations 1 and 6, and payslip documents with year-to-date figures.

Registers are kept for 50 years (BULGARIA.md): every figure comes from the stored payslips and
lines, never recomputed, so the file of a posted run reads the same whenever it is downloaded.

Declarations: declaration 1 carries each insured person's month (days, insurable income,
contributions); declaration 6 the contributions and tax due in total, by fund. The agency
publishes a fixed-width file format for submitting them; this product does not write that file,
because its published specification could not be followed exactly here (the codes of the kind
of insured person, the municipality and the economic activity are not kept). The tables give the
figures to enter, or to hand to the software that produces the file.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from finance import selectors as finance_selectors
from finance.payroll.models import (
    ComponentNames,
    Fund,
    LineKind,
    PayrollRun,
    Payslip,
    PayslipLine,
)

AMOUNT_FIELDS = (
    "gross",
    "insurable",
    "employee_contributions",
    "taxable",
    "tax",
    "deductions",
    "net",
    "employer_contributions",
    "cost",
)


@dataclass(frozen=True)
class RegisterRow:
    number: str
    name: str
    department: str
    days_worked: Decimal
    amounts: tuple[Decimal, ...]


@dataclass(frozen=True)
class Register:
    run: PayrollRun
    header: list[str]
    rows: list[RegisterRow]
    totals: tuple[Decimal, ...]


def _header() -> list[str]:
    return [
        _("Employee number"),
        _("Name"),
        _("Department"),
        _("Days worked"),
        _("Gross pay"),
        _("Insurable income"),
        _("Employee contributions"),
        _("Taxable income"),
        _("Income tax"),
        _("Deductions"),
        _("Net pay"),
        _("Employer contributions"),
        _("Employer cost"),
    ]


def register_build(*, run: PayrollRun) -> Register:
    """The run's register from its stored payslips, ordered by department and name."""
    payslips = (
        Payslip.objects.filter(run=run)
        .select_related("employee", "department")
        .order_by("department__name", "employee__last_name", "employee__first_name", "pk")
    )
    rows: list[RegisterRow] = []
    totals = [Decimal("0.00")] * len(AMOUNT_FIELDS)
    for slip in payslips.iterator(chunk_size=2000):
        amounts = tuple(getattr(slip, f) for f in AMOUNT_FIELDS)
        totals = [t + a for t, a in zip(totals, amounts, strict=True)]
        rows.append(
            RegisterRow(
                number=slip.employee.employee_number,
                name=slip.employee.full_name,
                department=slip.department.name,
                days_worked=slip.days_worked,
                amounts=amounts,
            )
        )
    return Register(run=run, header=_header(), rows=rows, totals=tuple(totals))


ZERO = Decimal("0.00")
FUNDS = [value for value, _label in Fund.choices]


@dataclass
class DeclarationPerson:
    employee_id: int
    number: str
    name: str
    national_id: str
    days_worked: Decimal
    gross: Decimal
    insurable: Decimal
    taxable: Decimal
    tax: Decimal
    employee: dict[str, Decimal] = field(default_factory=dict)
    employer: dict[str, Decimal] = field(default_factory=dict)

    @property
    def employee_total(self) -> Decimal:
        return sum(self.employee.values(), ZERO)

    @property
    def employer_total(self) -> Decimal:
        return sum(self.employer.values(), ZERO)


@dataclass(frozen=True)
class FundDue:
    fund: str
    label: str
    employee: Decimal
    employer: Decimal

    @property
    def total(self) -> Decimal:
        return self.employee + self.employer


@dataclass(frozen=True)
class Declarations:
    run: PayrollRun
    people: list[DeclarationPerson]
    funds: list[FundDue]
    tax: Decimal
    insurable: Decimal
    gross: Decimal

    @property
    def contributions(self) -> Decimal:
        return sum((f.total for f in self.funds), ZERO)

    @property
    def total_due(self) -> Decimal:
        return self.contributions + self.tax


def declarations_build(*, run: PayrollRun) -> Declarations:
    """Declaration 1 rows (one a person) and declaration 6 totals of ``run``, in two queries
    for the lines and one for the payslips, whatever the number of people."""
    people: dict[int, DeclarationPerson] = {}
    slips = (
        Payslip.objects.filter(run=run)
        .select_related("employee")
        .order_by("employee__last_name", "employee__first_name", "pk")
    )
    for slip in slips.iterator(chunk_size=2000):
        people[slip.pk] = DeclarationPerson(
            employee_id=slip.employee_id,
            number=slip.employee.employee_number,
            name=slip.employee.full_name,
            national_id=slip.employee.national_id,
            days_worked=slip.days_worked,
            gross=slip.gross,
            insurable=slip.insurable,
            taxable=slip.taxable,
            tax=slip.tax,
        )
    sums = (
        PayslipLine.objects.filter(
            payslip__run=run,
            kind__in=[LineKind.EMPLOYEE_CONTRIBUTION, LineKind.EMPLOYER_CONTRIBUTION],
        )
        .values("payslip_id", "kind", "fund")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    by_fund: dict[tuple[str, str], Decimal] = defaultdict(lambda: ZERO)
    for row in sums:
        person = people.get(row["payslip_id"])
        if person is None:
            continue
        side = person.employee if row["kind"] == LineKind.EMPLOYEE_CONTRIBUTION else person.employer
        side[row["fund"]] = side.get(row["fund"], ZERO) + row["total"]
        by_fund[(row["kind"], row["fund"])] += row["total"]
    labels = dict(Fund.choices)
    funds = [
        FundDue(
            fund=fund,
            label=str(labels[fund]),
            employee=by_fund[(LineKind.EMPLOYEE_CONTRIBUTION, fund)],
            employer=by_fund[(LineKind.EMPLOYER_CONTRIBUTION, fund)],
        )
        for fund in FUNDS
        if (LineKind.EMPLOYEE_CONTRIBUTION, fund) in by_fund
        or (LineKind.EMPLOYER_CONTRIBUTION, fund) in by_fund
    ]
    rows = list(people.values())
    return Declarations(
        run=run,
        people=rows,
        funds=funds,
        tax=sum((p.tax for p in rows), ZERO),
        insurable=sum((p.insurable for p in rows), ZERO),
        gross=sum((p.gross for p in rows), ZERO),
    )


YTD_FIELDS = ("gross", "employee_contributions", "tax", "deductions", "net")


IN_KIND_PAID = "in_kind_paid"  # the engine's line for the benefits given in kind


@dataclass(frozen=True)
class PayslipDocument:
    """What a payslip shows: the payslip, its lines in order and the person's year to date."""

    slip: Payslip
    lines: list[PayslipLine]
    year_to_date: dict[str, Decimal]
    reference: str

    # The sections add up to the totals beside them: earnings (benefits in kind included) to the
    # gross pay; contributions, tax and deductions (with the benefits given in kind, which are
    # not paid to the bank) to what is taken from it before the net pay.

    @property
    def earnings(self) -> list[PayslipLine]:
        kinds = (LineKind.EARNING, LineKind.IN_KIND)
        return [line for line in self.lines if line.kind in kinds]

    @property
    def withheld(self) -> list[PayslipLine]:
        kinds = (LineKind.EMPLOYEE_CONTRIBUTION, LineKind.TAX, LineKind.DEDUCTION)
        return [
            line
            for line in self.lines
            if line.kind in kinds or (line.kind == LineKind.INFO and line.code == IN_KIND_PAID)
        ]

    @property
    def employer(self) -> list[PayslipLine]:
        return [line for line in self.lines if line.kind == LineKind.EMPLOYER_CONTRIBUTION]

    @property
    def other(self) -> list[PayslipLine]:
        """Figures for information only (the insurable income), in no total."""
        return [
            line for line in self.lines if line.kind == LineKind.INFO and line.code != IN_KIND_PAID
        ]


def run_reference(run: PayrollRun) -> str:
    return f"PR-{run.period_start:%Y-%m}-{run.pk}"


def payslip_reference(slip: Payslip) -> str:
    return f"PS-{slip.run.period_start:%Y-%m}-{slip.run_id}-{slip.employee.employee_number}"


def year_to_date(*, payslips: list[Payslip]) -> dict[int, dict[str, Decimal]]:
    """Year to date by payslip id: the person's posted payslips of the calendar year up to the
    payslip's period (corrections included), plus the payslip itself. One query per run."""
    result: dict[int, dict[str, Decimal]] = {}
    by_run: dict[int, list[Payslip]] = defaultdict(list)
    for slip in payslips:
        by_run[slip.run_id].append(slip)
    for slips in by_run.values():
        run = slips[0].run
        earlier = (
            Payslip.objects.filter(
                employee_id__in=[s.employee_id for s in slips],
                run__status=PayrollRun.Status.POSTED,
                run__period_end__year=run.period_end.year,
                run__period_end__lte=run.period_end,
            )
            .filter(~Q(run_id=run.pk))
            .values("employee_id")
            .annotate(**{f: Sum(f) for f in YTD_FIELDS})
            .order_by()
        )
        sums = {row["employee_id"]: row for row in earlier}
        for slip in slips:
            before = sums.get(slip.employee_id, {})
            result[slip.pk] = {
                f: (before.get(f) or Decimal("0.00")) + getattr(slip, f) for f in YTD_FIELDS
            }
    return result


def payslip_documents(*, payslips: list[Payslip]) -> list[PayslipDocument]:
    """Documents for ``payslips`` (with ``run`` and ``employee`` selected): their lines in one
    query and the year to date in one query per run."""
    lines: dict[int, list[PayslipLine]] = defaultdict(list)
    names = ComponentNames()
    for line in PayslipLine.objects.filter(payslip__in=[s.pk for s in payslips]).order_by(
        "payslip_id", "position", "pk"
    ):
        line.component_names = names
        lines[line.payslip_id].append(line)
    ytd = year_to_date(payslips=payslips)
    return [
        PayslipDocument(
            slip=slip,
            lines=lines[slip.pk],
            year_to_date=ytd[slip.pk],
            reference=payslip_reference(slip),
        )
        for slip in payslips
    ]


@dataclass(frozen=True)
class MonthCost:
    month: date
    cost: Decimal
    net: Decimal
    headcount: int


@dataclass(frozen=True)
class DashboardFigures:
    this_month: MonthCost
    last_month: MonthCost
    budget: Decimal | None
    #: The last twelve months, oldest first: posted runs, and this month's latest run.
    trend: list[MonthCost]
    runs: list[PayrollRun]
    current_run: PayrollRun | None

    @property
    def change(self) -> Decimal | None:
        if not self.last_month.cost:
            return None
        return self.this_month.cost - self.last_month.cost


def _months_back(today: date, count: int) -> list[date]:
    months = [today.replace(day=1)]
    while len(months) < count:
        months.append((months[-1] - timedelta(days=1)).replace(day=1))
    return list(reversed(months))


def payroll_dashboard(*, viewer, today: date, budget_accounts: tuple[str, ...]) -> DashboardFigures:
    """This month's labour cost (its latest run, posted or not) against last month's posted
    cost and the month's budget on the payroll expense accounts, a year's trend and the runs.
    A fixed number of queries, whatever the number of runs or people."""
    months = _months_back(today, 12)
    first = months[0]
    current = today.replace(day=1)
    rows = (
        PayrollRun.objects.filter(period_start__gte=first, period_start__lte=today)
        .filter(Q(status=PayrollRun.Status.POSTED) | Q(period_start=current))
        .values("period_start", "status")
        .annotate(cost=Sum("cost"), net=Sum("net"), headcount=Sum("headcount"))
        .order_by()
    )
    totals: dict[date, list] = {m: [Decimal("0.00"), Decimal("0.00"), 0] for m in months}
    posted_current: list = [Decimal("0.00"), Decimal("0.00"), 0]
    for row in rows:
        month = row["period_start"].replace(day=1)
        if month not in totals:
            continue
        if month == current and row["status"] != PayrollRun.Status.POSTED:
            # The open run of this month: its figures so far.
            totals[month][0] += row["cost"] or 0
            totals[month][1] += row["net"] or 0
            totals[month][2] = max(totals[month][2], row["headcount"] or 0)
            continue
        target = posted_current if month == current else totals[month]
        target[0] += row["cost"] or 0
        target[1] += row["net"] or 0
        target[2] = max(target[2], row["headcount"] or 0)
    if posted_current[2]:
        totals[current] = posted_current
    trend = [MonthCost(m, *totals[m]) for m in months]
    budget = _budget(viewer, current, budget_accounts)
    runs = list(
        PayrollRun.objects.select_related("department", "location").order_by(
            "-period_start", "-pk"
        )[:6]
    )
    current_run = next(
        (r for r in runs if r.period_start == current and r.kind == PayrollRun.Kind.REGULAR),
        None,
    )
    return DashboardFigures(
        this_month=trend[-1],
        last_month=trend[-2],
        budget=budget,
        trend=trend,
        runs=runs,
        current_run=current_run,
    )


def _budget(viewer, month: date, accounts: tuple[str, ...]) -> Decimal | None:
    """The month's budget on the payroll expense accounts, as far as ``viewer`` sees budgets;
    None when there is none."""
    try:
        budget_rows = finance_selectors.budget_vs_actual(viewer=viewer, year=month.year)
    except PermissionDenied:  # the viewer sees no budgets
        return None
    rows = [row for row in budget_rows if row.account.number in accounts]
    if not rows:
        return None
    return sum((row.months_budget[month.month - 1] for row in rows), Decimal("0.00")) or None

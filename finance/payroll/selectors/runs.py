"""Reading runs and payslips, filtered by who asks (DESIGN.md 6, the pay scope): payroll staff
see everything; a person sees their own payslips of posted runs; a manager sees the labour
cost totals of their departments, never a person's pay. Anything else answers 404."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.utils.translation import gettext

from finance.payroll import permissions
from finance.payroll.domain.engine import FUND_NAMES
from finance.payroll.models import (
    ComponentNames,
    LineKind,
    OneOffEntry,
    PayrollRun,
    Payslip,
    PayslipLine,
)
from finance.payroll.selectors.rules import payroll_settings_get
from hr.policies import employee_for_user, viewer_report_ids
from hr.selectors import department_choices, managed_department_ids

ZERO = Decimal("0.00")


def run_list(*, viewer) -> QuerySet[PayrollRun]:
    runs = PayrollRun.objects.select_related("department", "location", "job")
    if permissions.sees_payroll(viewer):
        return runs.order_by("-period_start", "-pk")
    return runs.none()


def run_get(*, viewer, pk: int) -> PayrollRun:
    run = run_list(viewer=viewer).filter(pk=pk).first()
    if run is None:
        raise Http404
    return run


def payslip_list(*, viewer, run: PayrollRun) -> QuerySet[Payslip]:
    slips = Payslip.objects.filter(run=run).select_related("employee", "department")
    if permissions.sees_payroll(viewer):
        return slips.order_by("employee__last_name", "employee__first_name", "employee_id")
    return slips.none()


def payslip_get(*, viewer, pk: int) -> Payslip:
    """Payroll staff: any payslip; the person: their own, once its run is posted; else 404."""
    slip = Payslip.objects.select_related("run", "employee", "department").filter(pk=pk).first()
    if slip is None:
        raise Http404
    if permissions.sees_payroll(viewer):
        return slip
    if (
        slip.run.status == PayrollRun.Status.POSTED
        and slip.employee.user_id is not None
        and slip.employee.user_id == viewer.pk
    ):
        return slip
    raise Http404


def payslip_lines(*, payslip: Payslip) -> list[PayslipLine]:
    lines = list(payslip.lines.order_by("position", "pk"))
    names = ComponentNames()
    for line in lines:
        line.component_names = names
    return lines


def my_payslips(*, viewer) -> QuerySet[Payslip]:
    """The viewer's own payslips of posted runs, newest first."""
    if not getattr(viewer, "is_authenticated", False):
        return Payslip.objects.none()
    return (
        Payslip.objects.filter(employee__user=viewer, run__status=PayrollRun.Status.POSTED)
        .select_related("run")
        .order_by("-run__period_start", "-run__pk")
    )


@dataclass(frozen=True)
class Totals:
    gross: Decimal
    employee_contributions: Decimal
    tax: Decimal
    deductions: Decimal
    net: Decimal


def year_to_date(*, payslip: Payslip) -> Totals:
    """The person's totals of the year in posted runs up to and including this payslip's."""
    run = payslip.run
    slips = Payslip.objects.filter(
        employee_id=payslip.employee_id,
        run__period_start__year=run.period_start.year,
        run__period_start__lte=run.period_start,
    ).filter(Q(run__status=PayrollRun.Status.POSTED) | Q(pk=payslip.pk))
    sums = slips.aggregate(
        gross=Sum("gross"),
        employee_contributions=Sum("employee_contributions"),
        tax=Sum("tax"),
        deductions=Sum("deductions"),
        net=Sum("net"),
    )
    return Totals(**{k: v or ZERO for k, v in sums.items()})


@dataclass(frozen=True)
class Change:
    employee_id: int
    name: str
    previous_gross: Decimal | None
    gross: Decimal
    previous_net: Decimal | None
    net: Decimal
    delta: Decimal
    percent: Decimal | None
    highlighted: bool


def previous_run(*, run: PayrollRun) -> PayrollRun | None:
    """The latest posted regular run of an earlier period."""
    return (
        PayrollRun.objects.filter(
            status=PayrollRun.Status.POSTED,
            kind=PayrollRun.Kind.REGULAR,
            period_end__lt=run.period_start,
        )
        .order_by("-period_start", "-pk")
        .first()
    )


def run_changes(
    *, run: PayrollRun, threshold_percent: Decimal | None = None, only_highlighted: bool = False
) -> list[Change]:
    """Each person's gross and net against their payslip of the last posted month; a change
    above the threshold (the settings' by default), a joiner or a leaver is highlighted.
    Two queries."""
    if threshold_percent is None:
        threshold_percent = payroll_settings_get().change_threshold_percent
    before = previous_run(run=run)
    previous = {}
    if before is not None:
        previous = {
            employee_id: (gross, net)
            for employee_id, gross, net in Payslip.objects.filter(
                run__period_start=before.period_start,
                run__status=PayrollRun.Status.POSTED,
                run__kind=PayrollRun.Kind.REGULAR,
            ).values_list("employee_id", "gross", "net")
        }
    changes = []
    rows = (
        Payslip.objects.filter(run=run)
        .order_by("employee__last_name", "employee__first_name", "employee_id")
        .values_list("employee_id", "employee__first_name", "employee__last_name", "gross", "net")
    )
    for employee_id, first, last, gross, net in rows:
        old = previous.get(employee_id)
        if old is None:
            changes.append(
                Change(employee_id, f"{first} {last}", None, gross, None, net, net, None, True)
            )
            continue
        delta = net - old[1]
        percent = (
            (delta * 100 / old[1]).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            if old[1]
            else None
        )
        highlighted = percent is None or abs(percent) > threshold_percent
        if only_highlighted and not highlighted:
            continue
        changes.append(
            Change(
                employee_id,
                f"{first} {last}",
                old[0],
                gross,
                old[1],
                net,
                delta,
                percent,
                highlighted,
            )
        )
    if only_highlighted:
        changes = [c for c in changes if c.highlighted]
    return changes


@dataclass(frozen=True)
class DepartmentTotal:
    department_id: int
    name: str
    headcount: int
    gross: Decimal
    employer_contributions: Decimal
    cost: Decimal
    net: Decimal
    #: The viewer's own team within the department (the people below them in the reporting
    #: chain), not the whole department.
    team: bool = False

    @property
    def label(self) -> str:
        if self.team:
            return gettext("Your team in %(department)s") % {"department": self.name}
        return self.name


def _department_totals(slips: QuerySet[Payslip]) -> list[DepartmentTotal]:
    rows = (
        slips.values("department_id")
        .annotate(
            headcount=Count("employee_id", distinct=True),
            gross=Sum("gross"),
            employer=Sum("employer_contributions"),
            cost=Sum("cost"),
            net=Sum("net"),
        )
        .order_by("department_id")
    )
    rows = list(rows)
    names = {
        d.pk: d for d in department_choices().filter(pk__in=[r["department_id"] for r in rows])
    }
    answer = [
        DepartmentTotal(
            department_id=r["department_id"],
            name=str(names.get(r["department_id"], "")),
            headcount=r["headcount"],
            gross=r["gross"] or ZERO,
            employer_contributions=r["employer"] or ZERO,
            cost=r["cost"] or ZERO,
            net=r["net"] or ZERO,
        )
        for r in rows
    ]
    return sorted(answer, key=lambda t: t.name)


def run_department_totals(*, run: PayrollRun) -> list[DepartmentTotal]:
    return _department_totals(Payslip.objects.filter(run=run))


@dataclass(frozen=True)
class FundTotal:
    fund: str
    label: str
    employee: Decimal
    employer: Decimal
    total: Decimal


def run_fund_totals(*, run: PayrollRun) -> list[FundTotal]:
    """Contributions due by fund (employee and employer shares) and the income tax withheld
    (fund "tax"), for the run (one query)."""
    rows = (
        PayslipLine.objects.filter(
            payslip__run=run,
            kind__in=[
                LineKind.EMPLOYEE_CONTRIBUTION,
                LineKind.EMPLOYER_CONTRIBUTION,
                LineKind.TAX,
            ],
        )
        .values("fund", "kind")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    sums: dict[str, list[Decimal]] = {}
    for row in rows:
        fund = row["fund"] or "tax"
        pair = sums.setdefault(fund, [ZERO, ZERO])
        if row["kind"] == LineKind.EMPLOYER_CONTRIBUTION:
            pair[1] += row["total"]
        else:
            pair[0] += row["total"]
    order = [*FUND_NAMES, "tax"]
    return [
        FundTotal(
            fund=fund,
            label=gettext(FUND_NAMES[fund]) if fund in FUND_NAMES else gettext("Income tax"),
            employee=sums[fund][0],
            employer=sums[fund][1],
            total=sums[fund][0] + sums[fund][1],
        )
        for fund in sorted(sums, key=lambda f: order.index(f) if f in order else 99)
    ]


#: A manager sees labour cost only for groups of at least this many people, so that no total
#: gives away one person's pay.
MIN_GROUP = 3


def department_cost(*, viewer, start: date, end: date) -> list[DepartmentTotal]:
    """Labour cost totals by department for runs of periods starting in [start, end]: posted
    runs and the latest calculation of open ones. Payroll staff: every department. A manager:
    the departments they head, and the people below them in the reporting chain grouped by
    department, each group only when it has at least ``MIN_GROUP`` people (totals, never a
    person's pay). Anybody else: nothing."""
    slips = Payslip.objects.filter(
        run__period_start__gte=start,
        run__period_start__lte=end,
        run__kind=PayrollRun.Kind.REGULAR,
    )
    if permissions.sees_payroll(viewer):
        return _department_totals(slips)
    if not permissions.sees_department_cost(viewer):
        return []
    heads = managed_department_ids(viewer=viewer)
    me = employee_for_user(user=viewer)
    team = viewer_report_ids(viewer=viewer, me=me) if me is not None else set()
    totals = _department_totals(slips.filter(department_id__in=heads))
    if team:
        totals += [
            replace(total, team=True)
            for total in _department_totals(
                slips.filter(employee_id__in=team).exclude(department_id__in=heads)
            )
        ]
    return sorted((t for t in totals if t.headcount >= MIN_GROUP), key=lambda t: t.name)


def open_draft_run(*, today: date) -> PayrollRun | None:
    """This month's regular run for everybody, while it is not yet approved or posted."""
    return (
        PayrollRun.objects.filter(
            kind=PayrollRun.Kind.REGULAR,
            group=PayrollRun.Group.EVERYBODY,
            period_start__lte=today,
            period_end__gte=today,
        )
        .exclude(status__in=[PayrollRun.Status.APPROVED, PayrollRun.Status.POSTED])
        .first()
    )


def one_off_list(*, viewer, period_start: date, period_end: date):
    """One-off entries of a period (payroll staff only)."""
    if not permissions.sees_payroll(viewer):
        return OneOffEntry.objects.none()
    return (
        OneOffEntry.objects.filter(period_start=period_start, period_end=period_end)
        .select_related("employee", "component", "created_by")
        .order_by("employee__last_name", "employee__first_name", "pk")
    )


def one_off_get(*, viewer, pk: int) -> OneOffEntry:
    """One one-off entry (payroll staff only); else 404."""
    entry = OneOffEntry.objects.select_related("employee", "component").filter(pk=pk).first()
    if entry is None or not permissions.sees_payroll(viewer):
        raise Http404
    return entry


def period_paid(*, period_start: date, period_end: date) -> bool:
    """A posted regular run has paid this period: its one-off entries are closed."""
    return PayrollRun.objects.filter(
        period_start=period_start,
        period_end=period_end,
        kind=PayrollRun.Kind.REGULAR,
        status=PayrollRun.Status.POSTED,
    ).exists()

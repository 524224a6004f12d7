"""Findings as each viewer may see them, and the dashboard's figures."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet

from backoffice.models import User
from backoffice.registry import registry
from compliance.models import CheckRun, Contract, Finding, Risk
from compliance.permissions import is_officer
from compliance.selectors.policies import visible_department_ids
from hr.selectors import department_choices, employee_for_user, viewer_report_ids


def finding_scope(*, viewer: User) -> Q | None:
    """None: every finding; else the viewer's departments' and their reports'."""
    if is_officer(viewer):
        return None
    departments = visible_department_ids(viewer=viewer) or set()
    me = employee_for_user(user=viewer)
    reports = viewer_report_ids(viewer=viewer, me=me) if me else set()
    if not departments and not reports:
        return Q(pk__in=[])
    return Q(department__in=departments) | Q(employee__in=reports)


def may_see_findings(*, viewer: User) -> bool:
    return is_officer(viewer) or bool(visible_department_ids(viewer=viewer))


def finding_list(*, viewer: User) -> QuerySet[Finding]:
    findings = Finding.objects.select_related("department", "owner", "employee", "decided_by")
    scope = finding_scope(viewer=viewer)
    return findings if scope is None else findings.filter(scope)


def finding_get(*, viewer: User, pk: int) -> Finding:
    return finding_list(viewer=viewer).get(pk=pk)


def check_choices() -> list[tuple[str, str]]:
    return [(c.key, str(c.label)) for c in registry.checks_in_order()]


def check_label(key: str) -> str:
    check = registry.compliance_checks.get(key)
    return str(check.label) if check else key


@dataclass
class Dashboard:
    by_severity: dict[str, int] = field(default_factory=dict)
    by_department: list[tuple[str, int]] = field(default_factory=list)
    by_check: list[tuple[str, int]] = field(default_factory=list)
    open_total: int = 0
    accepted_total: int = 0
    trend: list[tuple[date, int]] = field(default_factory=list)
    last_run: CheckRun | None = None


def dashboard_figures(*, viewer: User) -> Dashboard:
    """Open findings by severity, department and check, and the trend of the last 30 runs
    (a constant number of queries: the open and accepted findings are counted in one pass, by
    state, severity, check and department, and summed up here)."""
    findings = finding_list(viewer=viewer).order_by()
    figures = Dashboard()
    by_severity: Counter = Counter()
    by_department: Counter = Counter()
    by_check: Counter = Counter()
    by_department_id: Counter = Counter()
    for state, severity, check_key, department_id, n in (
        findings.filter(state__in=[Finding.State.OPEN, Finding.State.ACCEPTED])
        .values_list("state", "severity", "check_key", "department_id")
        .annotate(n=Count("pk"))
        .values_list("state", "severity", "check_key", "department_id", "n")
    ):
        if state == Finding.State.ACCEPTED:
            figures.accepted_total += n
            continue
        by_severity[severity] += n
        by_department_id[department_id] += n
        by_check[check_key] += n
    names = dict(
        department_choices()
        .filter(pk__in=[pk for pk in by_department_id if pk is not None])
        .values_list("pk", "name")
    )
    for department_id, n in by_department_id.items():
        by_department[names.get(department_id) or "-"] += n
    figures.by_severity = dict(by_severity)
    figures.open_total = sum(by_severity.values())
    figures.by_department = sorted(by_department.items(), key=lambda item: (-item[1], item[0]))[:10]
    figures.by_check = [
        (check_label(key), n)
        for key, n in sorted(by_check.items(), key=lambda item: (-item[1], item[0]))
    ]
    runs = list(CheckRun.objects.filter(finished_at__isnull=False).order_by("-started_at")[:30])
    if runs:
        figures.last_run = runs[0]
        per_day: Counter = Counter()
        for run in reversed(runs):
            per_day[run.day] = run.open_total
        figures.trend = sorted(per_day.items())
    return figures


def contract_list(*, viewer: User) -> QuerySet[Contract]:
    contracts = Contract.objects.select_related("owner", "department", "counterparty")
    departments = visible_department_ids(viewer=viewer)
    if departments is None:
        return contracts
    return contracts.filter(Q(department__in=departments) | Q(owner=viewer))


def contract_get(*, viewer: User, pk: int) -> Contract:
    return contract_list(viewer=viewer).get(pk=pk)


def contracts_for_notice(*, viewer: User, today: date, within_days: int = 90) -> list:
    """Contracts whose notice deadline falls in the next ``within_days`` (soonest first)."""
    rows = []
    for contract in contract_list(viewer=viewer).filter(status=Contract.Status.ACTIVE):
        dates = contract.deadlines(today)
        if dates.notice_by and today <= dates.notice_by <= today + timedelta(days=within_days):
            rows.append((contract, dates))
    rows.sort(key=lambda r: r[1].notice_by)
    return rows


def heat_map(*, risks: list[Risk], residual: bool) -> list[list[dict]]:
    """A 5x5 grid, impact across and likelihood down (5 at the top), with the risks in each
    cell and the cell's level."""
    from compliance.domain.contracts import risk_level

    cells: dict[tuple[int, int], list[Risk]] = {}
    for risk in risks:
        key = (
            (risk.residual_likelihood, risk.residual_impact)
            if residual
            else (risk.likelihood, risk.impact)
        )
        cells.setdefault(key, []).append(risk)
    return [
        [
            {
                "likelihood": likelihood,
                "impact": impact,
                "level": risk_level(likelihood * impact),
                "risks": cells.get((likelihood, impact), []),
            }
            for impact in range(1, 6)
        ]
        for likelihood in range(5, 0, -1)
    ]


def risk_list(*, viewer: User) -> QuerySet[Risk]:
    return Risk.objects.select_related("owner")

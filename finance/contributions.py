"""What finance contributes to the platform's registry, as data: pages, the home card, job
kinds, audit kinds, role grants, the nightly reconciliation, demo data and benchmarks."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from backoffice import roles
from backoffice.registry import (
    AllModels,
    BenchPage,
    Contributions,
    JobKind,
    NavEntry,
    NavSection,
    Widget,
)
from finance import demo, permissions, widgets
from finance.audit import FinanceAudit
from finance.jobs import report_export, report_export_version, year_close


def _sees_budgets(user) -> bool:
    return permissions.sees_all_budgets(user) or permissions.sees_department_budget(user)


def _sees_periods(user) -> bool:
    return permissions.locks_periods(user) or permissions.opens_years(user)


F = "finance"

CONTRIBUTIONS = Contributions(
    app="finance",
    urls=("finance/", "finance.urls"),
    sections=(NavSection(F, _("Finance"), "building-bank", order=30),),
    nav=(
        NavEntry(
            F,
            _("Finance dashboard"),
            "finance:finance-dashboard",
            "chart-pie",
            permissions.VIEW_LEDGER,
            0,
        ),
        NavEntry(
            F, _("Journal entries"), "finance:entry-list", "notebook", permissions.VIEW_LEDGER, 10
        ),
        NavEntry(
            F,
            _("Trial balance"),
            "finance:report-trial-balance",
            "scale",
            permissions.VIEW_LEDGER,
            20,
        ),
        NavEntry(
            F,
            _("Profit and loss"),
            "finance:report-profit-loss",
            "trending-up",
            permissions.VIEW_LEDGER,
            21,
        ),
        NavEntry(
            F,
            _("Balance sheet"),
            "finance:report-balance-sheet",
            "columns",
            permissions.VIEW_LEDGER,
            22,
        ),
        NavEntry(F, _("Budgets"), "finance:budget-list", "target", None, 30, _sees_budgets),
        NavEntry(
            F, _("Department expenses"), "finance:expense-list", "receipt", None, 31, _sees_budgets
        ),
        NavEntry(
            F,
            _("Chart of accounts"),
            "finance:account-list",
            "list-tree",
            permissions.VIEW_CHART,
            40,
        ),
        NavEntry(F, _("Partners"), "finance:partner-list", "users", permissions.VIEW_PARTNERS, 42),
        NavEntry(F, _("Periods"), "finance:period-list", "calendar-stats", None, 41, _sees_periods),
    ),
    widgets=(
        Widget(
            "finance-money",
            "finance/widgets/money.html",
            widgets.money_today,
            permission=permissions.VIEW_LEDGER,
            order=9,
            width="col-12 col-lg-4",
        ),
    ),
    job_kinds=(
        JobKind(
            "finance.report_export",
            _("Financial statement (XLSX or PDF)"),
            report_export,
            permission=permissions.VIEW_LEDGER,
            version=report_export_version,
        ),
        JobKind(
            "finance.year_close",
            _("Year-end closing"),
            year_close,
            permission=permissions.LOCK_PERIODS,
        ),
    ),
    periodic_tasks={
        "finance: reconcile the balance table with the ledger lines": {
            "task": "finance.balances_reconcile_task",
            "crontab": {"minute": "45", "hour": "1"},
        },
    },
    audit_kinds=FinanceAudit,
    grants={
        roles.FINANCE: (AllModels("finance"),),
        roles.MANAGER: (permissions.DEPARTMENT_BUDGET,),
        roles.ADMINISTRATOR: (
            permissions.VIEW_CHART,
            "finance.add_account",
            permissions.CONFIGURE,
            "finance.view_partner",
            "finance.add_partner",
            "finance.change_partner",
            "finance.view_fiscalyear",
            permissions.OPEN_YEAR,
            "finance.view_period",
        ),
    },
    seed_steps=((30, demo.seed_finance),),
    bench_pages=(
        BenchPage("finance: trial balance (year)", demo.bench_path("tb"), "finance"),
        BenchPage("finance: balance sheet", demo.bench_path("bs"), "finance"),
        BenchPage("finance: profit and loss by department", demo.bench_path("pl"), "finance"),
        BenchPage("finance: account ledger page", demo.bench_path("ledger"), "finance"),
        BenchPage("finance: dashboard", demo.bench_path("dashboard"), "finance"),
    ),
)

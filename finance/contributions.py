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
    PersonalDataProvider,
    Widget,
)
from finance import demo, demo_invoicing, demo_payables, permissions, widgets
from finance.audit import FinanceAudit
from finance.jobs import report_export, report_export_version, year_close
from finance.jobs_invoicing import (
    PDF_PART_KIND,
    drafts_issue,
    invoice_pdfs_part,
    invoice_send,
    recurring_run,
)
from finance.personal_data import personal_data


def _sees_budgets(user) -> bool:
    return permissions.sees_all_budgets(user) or permissions.sees_department_budget(user)


def _sees_periods(user) -> bool:
    return permissions.locks_periods(user) or permissions.opens_years(user)


F = "finance"

CONTRIBUTIONS = Contributions(
    personal_data=(PersonalDataProvider("finance", _("Finance"), personal_data),),
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
        NavEntry(
            F, _("Invoices"), "finance:invoice-list", "file-invoice", permissions.VIEW_INVOICES, 11
        ),
        NavEntry(
            F,
            _("Recurring invoices"),
            "finance:recurring-list",
            "repeat",
            permissions.VIEW_INVOICES,
            12,
        ),
        NavEntry(
            F, _("Tax codes"), "finance:taxcode-list", "percentage", permissions.VIEW_INVOICES, 43
        ),
        NavEntry(F, _("Price list"), "finance:product-list", "tags", permissions.VIEW_INVOICES, 44),
        NavEntry(F, _("Periods"), "finance:period-list", "calendar-stats", None, 41, _sees_periods),
        NavEntry(F, _("Payments"), "finance:payment-list", "cash", permissions.VIEW_PAYMENTS, 13),
        NavEntry(
            F,
            _("Supplier bills"),
            "finance:bill-list",
            "file-dollar",
            permissions.VIEW_PAYABLES,
            14,
        ),
        NavEntry(
            F,
            _("Aged receivables and payables"),
            "finance:aged-receivables",
            "hourglass",
            permissions.VIEW_PAYABLES,
            23,
        ),
        NavEntry(
            F,
            _("VAT registers"),
            "finance:vat-registers",
            "file-spreadsheet",
            permissions.VIEW_PAYABLES,
            24,
        ),
        NavEntry(
            F,
            _("My expense claims"),
            "finance:claim-list",
            "receipt-2",
            permissions.CLAIM_EXPENSES,
            50,
        ),
        NavEntry(
            F,
            _("Team expense claims"),
            "finance:claim-team",
            "checklist",
            permissions.DECIDE_CLAIMS,
            51,
        ),
        NavEntry(
            F,
            _("Claims to reimburse"),
            "finance:claim-queue",
            "receipt-refund",
            permissions.SEE_ALL_CLAIMS,
            52,
        ),
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
            "finance.invoice_send",
            _("Send a sales document"),
            invoice_send,
            permission=permissions.ISSUE_INVOICES,
        ),
        JobKind(
            "finance.drafts_issue",
            _("Issue a month's draft invoices"),
            drafts_issue,
            permission=permissions.ISSUE_INVOICES,
        ),
        JobKind(PDF_PART_KIND, _("Part of a batch's invoice PDFs"), invoice_pdfs_part),
        JobKind(
            "finance.recurring_run",
            _("Issue recurring invoices"),
            recurring_run,
            permission=permissions.ISSUE_INVOICES,
        ),
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
        "finance: remind customers of overdue invoices (once a week each)": {
            "task": "finance.payment_reminders_task",
            "crontab": {"minute": "30", "hour": "6"},
        },
        "finance: issue recurring invoices": {
            "task": "finance.recurring_invoices_task",
            "crontab": {"minute": "15", "hour": "2"},
        },
        "finance: reconcile the balance table with the ledger lines": {
            "task": "finance.balances_reconcile_task",
            "crontab": {"minute": "45", "hour": "1"},
        },
    },
    audit_kinds=FinanceAudit,
    grants={
        roles.FINANCE: (AllModels("finance"), permissions.ISSUE_INVOICES),
        roles.MANAGER: (permissions.DEPARTMENT_BUDGET, permissions.DECIDE_CLAIMS),
        roles.STAFF: (permissions.CLAIM_EXPENSES,),
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
    seed_steps=(
        (30, demo.seed_finance),
        (35, demo_invoicing.seed_invoicing),
        (37, demo_payables.seed_payables),
    ),
    bench_pages=(
        BenchPage("finance: trial balance (year)", demo.bench_path("tb"), "finance"),
        BenchPage("finance: balance sheet", demo.bench_path("bs"), "finance"),
        BenchPage("finance: profit and loss by department", demo.bench_path("pl"), "finance"),
        BenchPage("finance: account ledger page", demo.bench_path("ledger"), "finance"),
        BenchPage("finance: dashboard", demo.bench_path("dashboard"), "finance"),
        BenchPage("finance: invoice list", demo_invoicing.bench_path(), "finance"),
        BenchPage("finance: aged receivables", demo_payables.bench_path(), "finance"),
    ),
)

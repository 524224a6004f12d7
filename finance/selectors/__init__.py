"""Finance's reads, and its public read face for the departments above it (DESIGN.md 1).

Other departments ask ``budget_remaining`` (expense approvals) and ``lines_of_source`` (the
entries a document caused); visibility for pages is decided here from ``viewer``.
"""

from finance.selectors.books import (
    ExpenseLine,
    account_get,
    account_list,
    department_options,
    draft_list,
    entry_get,
    entry_lines,
    entry_list,
    expense_lines,
    expense_total,
    fiscal_years,
    lines_of_source,
    partner_list,
    partner_options,
    period_list,
    postable_accounts,
    visible_departments,
)
from finance.selectors.budgets import BudgetRow, budget_months, budget_remaining, budget_vs_actual
from finance.selectors.dashboard import FinanceFigures, finance_figures
from finance.selectors.refs import departments, departments_by_id
from finance.selectors.reports import (
    BalanceSheet,
    LedgerPage,
    ProfitAndLoss,
    TrialBalance,
    balance_sheet,
    general_ledger,
    profit_and_loss,
    trial_balance,
    turnover,
)

__all__ = [
    "BalanceSheet",
    "BudgetRow",
    "ExpenseLine",
    "FinanceFigures",
    "LedgerPage",
    "ProfitAndLoss",
    "TrialBalance",
    "account_get",
    "account_list",
    "balance_sheet",
    "budget_months",
    "budget_remaining",
    "budget_vs_actual",
    "department_options",
    "departments",
    "departments_by_id",
    "draft_list",
    "entry_get",
    "entry_lines",
    "entry_list",
    "expense_lines",
    "expense_total",
    "finance_figures",
    "fiscal_years",
    "general_ledger",
    "lines_of_source",
    "partner_list",
    "partner_options",
    "period_list",
    "postable_accounts",
    "profit_and_loss",
    "trial_balance",
    "turnover",
    "visible_departments",
]

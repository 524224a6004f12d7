"""Finance's writes. Other departments post to the ledger only through ``journal_entry_post``."""

from finance.services.budgets import budget_copy_from_last_year, budget_set, budgets_import
from finance.services.chart import (
    ChartImportError,
    RowError,
    account_save,
    accounts_import,
    chart_load_preset,
    partner_save,
)
from finance.services.drafts import draft_delete, draft_lines, draft_post, draft_save
from finance.services.periods import (
    balances_reconcile,
    closing_lines,
    fiscal_year_close,
    fiscal_year_open,
    period_lock,
    period_reopen,
)
from finance.services.posting import (
    check_lines,
    first_open_day,
    journal_entry_post,
    journal_entry_reverse,
)

__all__ = [
    "ChartImportError",
    "RowError",
    "account_save",
    "accounts_import",
    "balances_reconcile",
    "budget_copy_from_last_year",
    "budget_set",
    "budgets_import",
    "chart_load_preset",
    "check_lines",
    "closing_lines",
    "draft_delete",
    "draft_lines",
    "draft_post",
    "draft_save",
    "first_open_day",
    "fiscal_year_close",
    "fiscal_year_open",
    "journal_entry_post",
    "journal_entry_reverse",
    "period_lock",
    "partner_save",
    "period_reopen",
]

"""Finance's permissions by name, and the checks pages ask of a user.

Finance sees and does everything here; a manager sees their departments' budget against actual
and its expense lines without partner or person details; administrators keep the configuration
(the chart of accounts and fiscal years); everybody else sees nothing.
"""

from __future__ import annotations

from backoffice.models import User

VIEW_LEDGER = "finance.view_journalentry"
POST_ENTRIES = "finance.add_journalentry"
CONFIGURE = "finance.change_account"
VIEW_CHART = "finance.view_account"
OPEN_YEAR = "finance.add_fiscalyear"
LOCK_PERIODS = "finance.change_period"
VIEW_BUDGETS = "finance.view_budget"
EDIT_BUDGETS = "finance.change_budget"
DEPARTMENT_BUDGET = "finance.view_department_budget"
VIEW_PARTNERS = "finance.view_partner"
EDIT_PARTNERS = "finance.change_partner"
VIEW_INVOICES = "finance.view_salesinvoice"
EDIT_INVOICES = "finance.add_salesinvoice"
ISSUE_INVOICES = "finance.issue_salesinvoice"


def sees_ledger(user: User) -> bool:
    """The whole books: entries, lines with partners, every report (Finance)."""
    return user.has_perm(VIEW_LEDGER)


def posts_entries(user: User) -> bool:
    return user.has_perm(POST_ENTRIES)


def configures(user: User) -> bool:
    """The chart of accounts (Finance, Administrators)."""
    return user.has_perm(CONFIGURE)


def sees_chart(user: User) -> bool:
    return user.has_perm(VIEW_CHART)


def opens_years(user: User) -> bool:
    return user.has_perm(OPEN_YEAR)


def locks_periods(user: User) -> bool:
    return user.has_perm(LOCK_PERIODS)


def sees_all_budgets(user: User) -> bool:
    return user.has_perm(VIEW_BUDGETS)


def edits_budgets(user: User) -> bool:
    return user.has_perm(EDIT_BUDGETS)


def sees_department_budget(user: User) -> bool:
    """A manager: their departments' budget against actual, no partner or person details."""
    return user.has_perm(DEPARTMENT_BUDGET)


def sees_partners(user: User) -> bool:
    return user.has_perm(VIEW_PARTNERS)


def edits_partners(user: User) -> bool:
    return user.has_perm(EDIT_PARTNERS)


VIEW_PAYABLES = "finance.view_supplierbill"
EDIT_BILLS = "finance.change_supplierbill"
APPROVE_BILLS = "finance.change_supplierbill"
VIEW_PAYMENTS = "finance.view_payment"
RECORD_PAYMENTS = "finance.add_payment"
CLAIM_EXPENSES = "finance.add_expenseclaim"
DECIDE_CLAIMS = "finance.decide_expenseclaim"
SEE_ALL_CLAIMS = "finance.view_expenseclaim"
REIMBURSE_CLAIMS = "finance.change_expenseclaim"


def sees_payables(user: User) -> bool:
    """Supplier bills, aged payables and receivables, VAT registers (Finance)."""
    return user.has_perm(VIEW_PAYABLES)


def edits_bills(user: User) -> bool:
    return user.has_perm(EDIT_BILLS)


def sees_payments(user: User) -> bool:
    return user.has_perm(VIEW_PAYMENTS)


def records_payments(user: User) -> bool:
    return user.has_perm(RECORD_PAYMENTS)


def claims_expenses(user: User) -> bool:
    """Anyone on staff: their own claims."""
    return user.has_perm(CLAIM_EXPENSES)


def decides_claims(user: User) -> bool:
    """A manager: their reports' claims (the reporting line decides whose)."""
    return user.has_perm(DECIDE_CLAIMS)


def sees_all_claims(user: User) -> bool:
    return user.has_perm(SEE_ALL_CLAIMS)


def reimburses_claims(user: User) -> bool:
    return user.has_perm(REIMBURSE_CLAIMS)


def sees_invoices(user: User) -> bool:
    """Sales documents, tax codes, the price list and recurring invoices (Finance)."""
    return user.has_perm(VIEW_INVOICES)


def edits_invoices(user: User) -> bool:
    return user.has_perm(EDIT_INVOICES)


def issues_invoices(user: User) -> bool:
    return user.has_perm(ISSUE_INVOICES)

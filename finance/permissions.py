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

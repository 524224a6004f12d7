"""Finance's audit kinds, declared once (``backoffice.audit``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from backoffice.audit import AuditKind


class FinanceAudit(AuditKind):
    CHART_LOADED = "finance.chart_loaded", _("Chart of accounts loaded")
    ACCOUNT_SAVED = "finance.account_saved", _("Account saved")
    ACCOUNTS_IMPORTED = "finance.accounts_imported", _("Accounts imported")
    ENTRY_POSTED = "finance.entry_posted", _("Journal entry posted")
    ENTRY_REVERSED = "finance.entry_reversed", _("Journal entry reversed")
    DRAFT_SAVED = "finance.draft_saved", _("Draft entry saved")
    YEAR_OPENED = "finance.year_opened", _("Fiscal year opened")
    YEAR_CLOSED = "finance.year_closed", _("Fiscal year closed")
    PERIOD_LOCKED = "finance.period_locked", _("Period locked")
    PERIOD_REOPENED = "finance.period_reopened", _("Period reopened")
    BUDGET_SAVED = "finance.budget_saved", _("Budget saved")
    BUDGET_COPIED = "finance.budget_copied", _("Budget copied from last year")
    PARTNER_SAVED = "finance.partner_saved", _("Partner saved")

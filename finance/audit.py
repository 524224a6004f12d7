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
    PARTNERS_IMPORTED = "finance.partners_imported", _("Partners imported")
    TAX_CODE_SAVED = "finance.tax_code_saved", _("Tax code saved")
    PRODUCT_SAVED = "finance.product_saved", _("Price list item saved")
    INVOICE_SAVED = "finance.invoice_saved", _("Sales document draft saved")
    INVOICE_DELETED = "finance.invoice_deleted", _("Sales document draft deleted")
    INVOICE_ISSUED = "finance.invoice_issued", _("Sales document issued")
    INVOICE_SENT = "finance.invoice_sent", _("Sales document sent")
    RECURRING_SAVED = "finance.recurring_saved", _("Recurring invoice saved")
    BILL_SAVED = "finance.bill_saved", _("Supplier bill saved")
    BILL_APPROVED = "finance.bill_approved", _("Supplier bill approved")
    BILL_POSTED = "finance.bill_posted", _("Supplier bill posted")
    PAYMENT_RECORDED = "finance.payment_recorded", _("Payment recorded")
    PAYMENT_ALLOCATED = "finance.payment_allocated", _("Payment allocated")
    PAYMENT_ALLOCATION_UNDONE = "finance.payment_allocation_undone", _("Payment allocation undone")
    STATEMENT_IMPORTED = "finance.statement_imported", _("Bank statement imported")
    CLAIM_SUBMITTED = "finance.claim_submitted", _("Expense claim submitted")
    CLAIM_DECIDED = "finance.claim_decided", _("Expense claim decided")
    CLAIM_REIMBURSED = "finance.claim_reimbursed", _("Expense claim reimbursed")
    REMINDERS_SENT = "finance.reminders_sent", _("Payment reminders sent")

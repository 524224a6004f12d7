"""Payroll's audit kinds, declared once (``backoffice.audit``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from backoffice.audit import AuditKind


class PayrollAudit(AuditKind):
    RULE_SAVED = "payroll.rule_saved", _("Payroll rule saved")
    RULES_LOADED = "payroll.rules_loaded", _("Payroll rules loaded")
    COMPONENT_SAVED = "payroll.component_saved", _("Pay component saved")
    ASSIGNMENT_SAVED = "payroll.assignment_saved", _("Recurring pay component saved")
    ONE_OFF_SAVED = "payroll.oneoff_saved", _("One-off pay entry saved")
    ONE_OFF_DELETED = "payroll.oneoff_deleted", _("One-off pay entry deleted")
    ONE_OFFS_IMPORTED = "payroll.oneoffs_imported", _("One-off pay entries imported")
    RUN_CREATED = "payroll.run_created", _("Payroll run created")
    RUN_CALCULATED = "payroll.run_calculated", _("Payroll run calculated")
    RUN_REVIEWED = "payroll.run_reviewed", _("Payroll run reviewed")
    RUN_APPROVED = "payroll.run_approved", _("Payroll run approved")
    RUN_POSTED = "payroll.run_posted", _("Payroll run posted")
    RUN_REOPENED = "payroll.run_reopened", _("Payroll run reopened")
    RUN_DELETED = "payroll.run_deleted", _("Payroll run deleted")
    SETTINGS_SAVED = "payroll.settings_saved", _("Payroll settings saved")

"""Payroll in the admin: rules and components editable (overlaps and unknown bases refused as
on the pages); runs, payslips and lines read-only (a posted run never changes)."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from simple_history.admin import SimpleHistoryAdmin

from finance.payroll.models import (
    ComponentAssignment,
    ContributionRate,
    MinimumInsurableIncome,
    OneOffEntry,
    PayComponent,
    PayProfile,
    PayrollRule,
    PayrollRun,
    PayrollSettings,
    Payslip,
    PayslipLine,
)
from finance.payroll.services.components import component_base_check
from finance.payroll.services.rules import rule_overlap_check


class RuleForm(forms.ModelForm):
    def _post_clean(self):
        super()._post_clean()
        if not self.errors:
            try:
                rule_overlap_check(self.instance)
            except ValidationError as error:
                self._update_errors(error)


class RuleAdmin(SimpleHistoryAdmin):
    form = RuleForm
    list_filter = ("country",)
    search_fields = ("source",)


@admin.register(ContributionRate)
class ContributionRateAdmin(RuleAdmin):
    list_display = ("fund", "variant", "employee_rate", "employer_rate", "valid_from", "valid_to")
    list_filter = ("country", "variant", "fund")


@admin.register(PayrollRule)
class PayrollRuleAdmin(RuleAdmin):
    list_display = ("kind", "value", "valid_from", "valid_to")
    list_filter = ("country", "kind")


@admin.register(MinimumInsurableIncome)
class MinimumInsurableIncomeAdmin(RuleAdmin):
    list_display = ("activity", "occupation", "amount", "valid_from", "valid_to")


class ComponentForm(forms.ModelForm):
    def _post_clean(self):
        super()._post_clean()
        errors: dict = {}
        component_base_check(self.instance, errors)
        if errors:
            self._update_errors(ValidationError(errors))


@admin.register(PayComponent)
class PayComponentAdmin(SimpleHistoryAdmin):
    form = ComponentForm
    list_display = ("code", "name", "side", "method", "taxable", "insurable", "active", "order")
    list_filter = ("side", "method", "active")
    search_fields = ("code", "name", "name_bg")


@admin.register(ComponentAssignment)
class ComponentAssignmentAdmin(SimpleHistoryAdmin):
    list_display = ("employee", "component", "amount", "percent", "valid_from", "valid_to")
    raw_id_fields = ("employee",)
    list_filter = ("component",)


@admin.register(OneOffEntry)
class OneOffEntryAdmin(SimpleHistoryAdmin):
    list_display = ("employee", "component", "period_start", "amount", "hours")
    raw_id_fields = ("employee",)
    list_filter = ("component", "period_start")


@admin.register(PayProfile)
class PayProfileAdmin(SimpleHistoryAdmin):
    list_display = ("employee", "activity", "occupation", "prior_service_months")
    raw_id_fields = ("employee",)


@admin.register(PayrollSettings)
class PayrollSettingsAdmin(SimpleHistoryAdmin):
    list_display = ("country", "second_approval", "review_day", "change_threshold_percent")


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(PayrollRun)
class PayrollRunAdmin(ReadOnlyAdmin):
    list_display = ("period_start", "period_end", "group", "kind", "status", "headcount", "net")
    list_filter = ("status", "kind", "group")


@admin.register(Payslip)
class PayslipAdmin(ReadOnlyAdmin):
    list_display = ("run", "employee", "gross", "net")
    raw_id_fields = ("employee",)


@admin.register(PayslipLine)
class PayslipLineAdmin(ReadOnlyAdmin):
    list_display = ("payslip", "code", "amount")

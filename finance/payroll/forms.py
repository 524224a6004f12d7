"""Payroll's input shapes: a new run, a one-off entry, an import of one-offs, a pay component."""

from __future__ import annotations

import calendar
from datetime import date

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum import bic, iban

from finance.payroll.models import (
    ContributionRate,
    MinimumInsurableIncome,
    PayComponent,
    PayrollRule,
    PayrollRun,
    PayrollSettings,
)
from finance.payroll.services.accounts import SETTINGS_ACCOUNTS, settings_account_errors

MAX_IMPORT_BYTES = 2 * 1024 * 1024
IMPORT_TYPES = (".csv", ".xlsx")
BAD_MONTH = _("Choose a month between 2000 and 2100.")
BAD_FILE = _("Upload a CSV or XLSX file of at most 2 MB.")
NOT_POSITIVE = _(
    "Enter an amount above zero; the component decides whether it is paid or deducted."
)
CORRECTS_LATER = _("A correction can only correct an earlier month than its own.")


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    if layout:
        helper.layout = Layout(*layout)
    return helper


def month_bounds(value: date) -> tuple[date, date]:
    last = calendar.monthrange(value.year, value.month)[1]
    return value.replace(day=1), value.replace(day=last)


class MonthField(forms.DateField):
    """A month typed as 2026-11 (a month input) or any date inside it; bounded years."""

    widget = forms.DateInput(attrs={"type": "month"})
    input_formats = ["%Y-%m", "%Y-%m-%d"]

    def clean(self, value):
        day = super().clean(value)
        if day is not None and not 2000 <= day.year <= 2100:
            raise forms.ValidationError(BAD_MONTH)
        return day


class RunForm(forms.Form):
    month = MonthField(label=_("Month"))
    group = forms.ChoiceField(label=_("Who is paid"), choices=PayrollRun.Group.choices)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=None, required=False, empty_label="—"
    )
    location = forms.ModelChoiceField(
        label=_("Location"), queryset=None, required=False, empty_label="—"
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, departments=None, locations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments
        self.fields["location"].queryset = locations
        if not self.is_bound:
            self.initial.setdefault("month", timezone.localdate().strftime("%Y-%m"))
        self.helper = _helper(
            Div(
                Div("month", css_class="col-12 col-md-4"),
                Div("group", css_class="col-12 col-md-8"),
                css_class="row",
            ),
            Div(
                Div("department", css_class="col-12 col-md-6"),
                Div("location", css_class="col-12 col-md-6"),
                css_class="row",
            ),
            "note",
        )

    def clean(self):
        data = super().clean()
        group = data.get("group")
        if group == PayrollRun.Group.DEPARTMENT and not data.get("department"):
            self.add_error("department", _("Choose the department of the run."))
        if group == PayrollRun.Group.LOCATION and not data.get("location"):
            self.add_error("location", _("Choose the location of the run."))
        return data

    def period(self) -> tuple[date, date]:
        return month_bounds(self.cleaned_data["month"])


class OneOffForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("Employee"), queryset=None)
    component = forms.ModelChoiceField(label=_("Component"), queryset=None)
    amount = forms.DecimalField(label=_("Amount"), max_digits=14, decimal_places=2, required=False)
    hours = forms.DecimalField(
        label=_("Hours"), max_digits=12, decimal_places=2, required=False, min_value=0
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)
    corrects = MonthField(
        label=_("Corrects the month"),
        required=False,
        help_text=_("For a correction of an earlier, posted month."),
    )

    def __init__(self, *args, employees=None, components=None, month=None, **kwargs):
        super().__init__(*args, **kwargs)
        #: The first day of the entry's own month: a correction corrects an earlier one.
        self.month = month
        self.fields["employee"].queryset = employees
        self.fields["component"].queryset = components
        self.helper = _helper(
            Div(
                Div("employee", css_class="col-12 col-md-6"),
                Div("component", css_class="col-12 col-md-6"),
                css_class="row",
            ),
            Div(
                Div("amount", css_class="col-6 col-md-3"),
                Div("hours", css_class="col-6 col-md-3"),
                Div("corrects", css_class="col-12 col-md-6"),
                css_class="row",
            ),
            "note",
        )

    def clean_amount(self):
        amount = self.cleaned_data.get("amount")
        if amount is not None and amount <= 0:
            raise forms.ValidationError(NOT_POSITIVE)
        return amount

    def clean_corrects(self):
        corrects = self.cleaned_data.get("corrects")
        month = self.month
        if corrects is not None and month is not None and corrects.replace(day=1) >= month:
            raise forms.ValidationError(CORRECTS_LATER)
        return corrects

    def clean(self):
        data = super().clean()
        if (
            data.get("amount") is None
            and data.get("hours") is None
            and "amount" not in self.errors
            and "hours" not in self.errors
        ):
            raise forms.ValidationError(_("Enter an amount or hours."))
        return data


class OneOffImportForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV or XLSX, columns as below. Every row is imported, or none."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.lower()
        if upload.size > MAX_IMPORT_BYTES or not name.endswith(IMPORT_TYPES):
            raise forms.ValidationError(BAD_FILE)
        head = upload.read(4)
        upload.seek(0)
        if name.endswith(".xlsx") and head != b"PK\x03\x04":
            raise forms.ValidationError(BAD_FILE)
        if name.endswith(".csv") and b"\x00" in upload.read(65536):
            raise forms.ValidationError(BAD_FILE)
        upload.seek(0)
        return upload


class ComponentForm(forms.ModelForm):
    class Meta:
        model = PayComponent
        fields = [
            "code",
            "name",
            "name_bg",
            "side",
            "method",
            "amount",
            "percent",
            "base",
            "rate",
            "factor",
            "hours_figure",
            "taxable",
            "insurable",
            "recurring",
            "account",
            "active",
            "order",
        ]

    def __init__(self, *args, bases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["method"].choices = [
            c for c in self.fields["method"].choices if c[0] != "standard"
        ] or self.fields["method"].choices
        if self.instance.pk and self.instance.method == "standard":
            self.fields["method"].choices = PayComponent._meta.get_field("method").choices
        self.fields["base"] = forms.ChoiceField(
            label=_("Base"),
            choices=[("", "—"), *bases],
            required=False,
            help_text=_("For a percentage: what it is a percentage of."),
        )
        self.helper = _helper(
            Fieldset(
                _("What it is"),
                Div(
                    Div("code", css_class="col-12 col-md-4"),
                    Div("name", css_class="col-12 col-md-4"),
                    Div("name_bg", css_class="col-12 col-md-4"),
                    css_class="row",
                ),
                Div(
                    Div("side", css_class="col-12 col-md-6"),
                    Div("method", css_class="col-12 col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("How it is computed"),
                Div(
                    Div("amount", css_class="col-6 col-md-3"),
                    Div("percent", css_class="col-6 col-md-3"),
                    Div("base", css_class="col-12 col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("rate", css_class="col-6 col-md-3"),
                    Div("factor", css_class="col-6 col-md-3"),
                    Div("hours_figure", css_class="col-12 col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Tax, insurance and booking"),
                Div(
                    Div("taxable", css_class="col-6 col-md-3"),
                    Div("insurable", css_class="col-6 col-md-3"),
                    Div("recurring", css_class="col-6 col-md-3"),
                    Div("active", css_class="col-6 col-md-3"),
                    css_class="row",
                ),
                Div(
                    Div("account", css_class="col-6 col-md-6"),
                    Div("order", css_class="col-6 col-md-6"),
                    css_class="row",
                ),
            ),
        )


class OneOffFilterForm(forms.Form):
    month = MonthField(label=_("Month"), required=False)


class _DatedRowForm(forms.ModelForm):
    """A rule row: what it is, its value, the dates it is in force and its source."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("valid_from", "valid_to"):
            self.fields[name].widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
        self.fields["source"].widget.attrs["rows"] = 2
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        for name in ("valid_from", "valid_to"):
            day = data.get(name)
            if day is not None and not 2000 <= day.year <= 2100:
                self.add_error(name, BAD_MONTH)
        return data


class ContributionRateForm(_DatedRowForm):
    class Meta:
        model = ContributionRate
        fields = [
            "fund",
            "variant",
            "employee_rate",
            "employer_rate",
            "capped",
            "liability_account",
            "valid_from",
            "valid_to",
            "source",
        ]


class PayrollRuleForm(_DatedRowForm):
    class Meta:
        model = PayrollRule
        fields = ["kind", "value", "valid_from", "valid_to", "source"]


class MinimumIncomeForm(_DatedRowForm):
    class Meta:
        model = MinimumInsurableIncome
        fields = ["activity", "occupation", "amount", "valid_from", "valid_to", "source"]


RULE_FORMS = {
    "contribution": ContributionRateForm,
    "rule": PayrollRuleForm,
    "minimum": MinimumIncomeForm,
}


class SettingsForm(forms.ModelForm):
    class Meta:
        model = PayrollSettings
        fields = [
            "bank_iban",
            "bank_bic",
            "second_approval",
            "review_day",
            "change_threshold_percent",
            "wages_account",
            "contributions_account",
            "net_pay_account",
            "tax_account",
            "deductions_account",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Fieldset(
                _("Salary account (the bank file's debtor)"),
                Div(
                    Div("bank_iban", css_class="col-12 col-md-8"),
                    Div("bank_bic", css_class="col-12 col-md-4"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Review and approval"),
                "second_approval",
                Div(
                    Div("review_day", css_class="col-6"),
                    Div("change_threshold_percent", css_class="col-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Ledger accounts"),
                Div(
                    Div("wages_account", css_class="col-6 col-md-4"),
                    Div("contributions_account", css_class="col-6 col-md-4"),
                    Div("net_pay_account", css_class="col-6 col-md-4"),
                    Div("tax_account", css_class="col-6 col-md-4"),
                    Div("deductions_account", css_class="col-6 col-md-4"),
                    css_class="row",
                ),
            ),
        )

    def clean(self):
        data = super().clean()
        numbers = {name: (data.get(name) or "").strip() for name in SETTINGS_ACCOUNTS}
        errors = settings_account_errors({name: n for name, n in numbers.items() if n})
        for name, error in errors.items():
            self.add_error(name, error)
        return data

    def clean_bank_iban(self):
        value = iban.compact(self.cleaned_data.get("bank_iban") or "")
        if value and not iban.is_valid(value):
            raise forms.ValidationError(_("This is not a valid IBAN."))
        return value

    def clean_bank_bic(self):
        value = (self.cleaned_data.get("bank_bic") or "").replace(" ", "").upper()
        if value and not bic.is_valid(value):
            raise forms.ValidationError(_("This is not a valid BIC."))
        return value

"""Compliance's input shapes."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backoffice.forms import SaneDateField
from backoffice.uploads import DOCUMENTS, validate_upload
from compliance.models import Contract, LegalMatter, Policy, PolicyVersion, Risk
from finance.selectors import partner_options
from hr.selectors import department_choices, employee_choices


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    return helper


SCALE = [(n, str(n)) for n in range(1, 6)]


class ContractForm(forms.ModelForm):
    start = SaneDateField(label=_("Start"))
    end = SaneDateField(
        label=_("End of the first term"),
        required=False,
        help_text=_("Leave empty for a contract without an end date."),
    )

    class Meta:
        model = Contract
        fields = [
            "title",
            "reference",
            "counterparty",
            "kind",
            "status",
            "owner",
            "department",
            "value",
            "currency",
            "start",
            "end",
            "auto_renew",
            "renewal_months",
            "notice_value",
            "notice_unit",
            "lead_days",
            "notes",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["counterparty"].queryset = partner_options()
        self.fields["department"].queryset = department_choices()
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(is_active=True)
        self.helper = _helper()


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    file = forms.FileField(label=_("File"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        validate_upload(upload, allowed=DOCUMENTS)
        return upload


class PolicyForm(forms.ModelForm):
    class Meta:
        model = Policy
        fields = ["title", "code", "owner"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(is_active=True)
        self.helper = _helper()


class VersionForm(forms.ModelForm):
    class Meta:
        model = PolicyVersion
        fields = ["summary", "body", "audience", "departments", "positions", "due_days"]
        widgets = {
            "departments": forms.CheckboxSelectMultiple,
            "positions": forms.CheckboxSelectMultiple,
            "body": forms.Textarea(attrs={"rows": 14}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["departments"].queryset = department_choices()
        for name in ("departments", "positions"):
            _refuse_impossible_ids(self.fields[name])
        self.helper = _helper()


def _refuse_impossible_ids(field) -> None:
    """A posted id that is not a number the database can hold (``99999999999999999999``) is an
    invalid choice on the field, not an overflow in the query that looks it up."""
    original = field.clean

    def clean(value):
        for item in value or ():
            if not str(item).isdigit() or len(str(item)) > 18:
                raise ValidationError(
                    field.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        return original(value)

    field.clean = clean


class RiskForm(forms.ModelForm):
    likelihood = forms.TypedChoiceField(label=_("Likelihood (1-5)"), choices=SCALE, coerce=int)
    impact = forms.TypedChoiceField(label=_("Impact (1-5)"), choices=SCALE, coerce=int)
    residual_likelihood = forms.TypedChoiceField(
        label=_("Residual likelihood (1-5)"), choices=SCALE, coerce=int
    )
    residual_impact = forms.TypedChoiceField(
        label=_("Residual impact (1-5)"), choices=SCALE, coerce=int
    )
    review_on = SaneDateField(label=_("Next review"))

    class Meta:
        model = Risk
        fields = [
            "title",
            "category",
            "owner",
            "description",
            "likelihood",
            "impact",
            "controls",
            "residual_likelihood",
            "residual_impact",
            "treatment",
            "review_on",
            "closed",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(is_active=True)
        self.helper = _helper()


class LegalMatterForm(forms.ModelForm):
    class Meta:
        model = LegalMatter
        fields = [
            "title",
            "kind",
            "counterparty_name",
            "status",
            "owner",
            "description",
            "amount",
            "currency",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = self.fields["owner"].queryset.filter(is_active=True)
        self.helper = _helper()


class DeadlineForm(forms.Form):
    title = forms.CharField(label=_("What"), max_length=200)
    due = SaneDateField(label=_("Date"))


class AcceptForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Why this finding is accepted as it is."),
        required=False,
    )


class SubjectAccessForm(forms.Form):
    employee = forms.ModelChoiceField(label=_("Person"), queryset=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employee_choices()


class FindingFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Open and accepted")),
            ("open", _("Open")),
            ("accepted", _("Accepted")),
            ("resolved", _("Resolved")),
            ("all", _("All")),
        ],
    )
    severity = forms.ChoiceField(
        label=_("Severity"),
        required=False,
        choices=[
            ("", _("Any severity")),
            ("high", _("High")),
            ("medium", _("Medium")),
            ("low", _("Low")),
        ],
    )
    check = forms.ChoiceField(label=_("Check"), required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), required=False, queryset=None, empty_label=_("Any department")
    )

    def __init__(self, *args, checks=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["check"].choices = [("", _("Any check")), *checks]
        self.fields["department"].queryset = department_choices()

"""Input shape of finance's pages; the services do the checks that need the books."""

from __future__ import annotations

from datetime import date

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext_lazy as _

from backoffice.filters import DateInput
from finance.domain.periods import MAX_YEAR, MIN_YEAR
from finance.models import Account
from finance.selectors import departments, partner_options, postable_accounts

DATE_RANGE = _("Choose a date between %(min)s and %(max)s.")
END_BEFORE_START = _("The end is before the start.")
COMPARE_CHOICES = [
    ("", _("No comparison")),
    ("previous", _("Previous period")),
    ("last_year", _("Same period last year")),
]


def _bounded(day: date | None, field: str) -> date | None:
    if day is not None and not (MIN_YEAR <= day.year <= MAX_YEAR):
        raise forms.ValidationError(
            DATE_RANGE, params={"min": f"{MIN_YEAR}-01-01", "max": f"{MAX_YEAR}-12-31"}
        )
    return day


class _Crispy:
    def _helper(self) -> None:
        self.helper = FormHelper()
        self.helper.form_tag = False


class AccountForm(_Crispy, forms.ModelForm):
    class Meta:
        model = Account
        fields = [
            "number",
            "name",
            "name_bg",
            "type",
            "parent",
            "is_group",
            "is_active",
            "needs_partner",
            "needs_department",
            "is_cash",
            "is_retained_earnings",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = Account.objects.filter(is_group=True).order_by("number")
        self._helper()


class PresetForm(forms.Form):
    preset = forms.ChoiceField(
        label=_("Preset"),
        choices=[
            ("bg", _("Bulgaria: national chart of accounts")),
            ("generic", _("Generic: a short chart")),
        ],
    )


class ChartImportForm(_Crispy, forms.Form):
    upload = forms.FileField(
        label=_("File"),
        help_text=_(
            "CSV or XLSX with the columns number, name, type and optionally name_bg, parent, "
            "is_group, is_active, needs_partner, needs_department (as the export writes them)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class EntryForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    memo = forms.CharField(label=_("Memo"), max_length=300, required=False)
    name = forms.CharField(
        label=_("Template name"),
        max_length=100,
        required=False,
        help_text=_("Only to keep the entry as a template for next time."),
    )
    token = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def clean_date(self):
        return _bounded(self.cleaned_data["date"], "date")


class LineForm(forms.Form):
    account = forms.ModelChoiceField(
        label=_("Account"), queryset=Account.objects.none(), required=False
    )
    debit = forms.DecimalField(
        label=_("Debit"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "class": "form-control text-end amount-input"}
        ),
    )
    credit = forms.DecimalField(
        label=_("Credit"),
        max_digits=14,
        decimal_places=2,
        min_value=0,
        required=False,
        widget=forms.TextInput(
            attrs={"inputmode": "decimal", "class": "form-control text-end amount-input"}
        ),
    )
    department = forms.ModelChoiceField(label=_("Department"), queryset=None, required=False)
    partner = forms.ModelChoiceField(label=_("Partner"), queryset=None, required=False)
    text = forms.CharField(label=_("Text"), max_length=300, required=False)

    def __init__(self, *args, accounts=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["account"].queryset = accounts if accounts is not None else postable_accounts()
        self.fields["department"].queryset = departments()
        self.fields["partner"].queryset = partner_options()
        for name in ("account", "department", "partner"):
            self.fields[name].widget.attrs["class"] = "form-select form-select-sm"
        self.fields["text"].widget.attrs["class"] = "form-control form-control-sm"

    @property
    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        return not any(
            data.get(k) for k in ("account", "debit", "credit", "department", "partner", "text")
        )


class BaseLineFormSet(forms.BaseFormSet):
    def __init__(self, *args, **kwargs):
        self._accounts = postable_accounts()
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "accounts": self._accounts}


LineFormSet = forms.formset_factory(
    LineForm, formset=BaseLineFormSet, extra=0, max_num=200, validate_max=True, absolute_max=200
)


class ReverseForm(forms.Form):
    on = forms.DateField(label=_("Date of the reversal"), widget=DateInput(), required=False)

    def clean_on(self):
        return _bounded(self.cleaned_data["on"], "on")


class ReopenForm(_Crispy, forms.Form):
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._helper()


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)


class ReportForm(forms.Form):
    """A statement's range (or the day it is as of), department and comparison; every field is
    optional and falls back to this year to date, all departments, no comparison."""

    start = forms.DateField(label=_("From"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("To"), widget=DateInput(), required=False)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=None, required=False, empty_label=_("All departments")
    )
    compare = forms.ChoiceField(label=_("Compare with"), choices=COMPARE_CHOICES, required=False)

    def __init__(self, *args, department_queryset=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = (
            department_queryset if department_queryset is not None else departments()
        )

    def clean_start(self):
        return _bounded(self.cleaned_data["start"], "start")

    def clean_end(self):
        return _bounded(self.cleaned_data["end"], "end")

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", END_BEFORE_START)
        return data

    def range(self) -> tuple[date, date]:
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or end.replace(month=1, day=1)
        return start, end


class ExportForm(ReportForm):
    report = forms.ChoiceField(
        choices=[("trial_balance", "tb"), ("profit_and_loss", "pl"), ("balance_sheet", "bs")]
    )
    format = forms.ChoiceField(choices=[("xlsx", "XLSX"), ("pdf", "PDF")])


class BudgetForm(_Crispy, forms.Form):
    department = forms.ModelChoiceField(label=_("Department"), queryset=None)
    account = forms.ModelChoiceField(label=_("Account"), queryset=None)
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments()
        # Every account is offered: the service says why one cannot be budgeted.
        self.fields["account"].queryset = Account.objects.order_by("number")
        for month in range(1, 13):
            self.fields[f"m{month}"] = forms.DecimalField(
                label=MONTHS_3[month].capitalize(),
                max_digits=14,
                decimal_places=2,
                min_value=0,
                required=False,
            )
        self._helper()

    def amounts(self) -> list:
        return [self.cleaned_data.get(f"m{m}") or 0 for m in range(1, 13)]


class BudgetCopyForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    percent = forms.DecimalField(
        label=_("Change (%)"), max_digits=7, decimal_places=2, min_value=-100, max_value=1000
    )

"""Input shapes of the platform's pages. No side effects here: services do the writing."""

from __future__ import annotations

from datetime import date

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from backoffice.filters import DateInput
from backoffice.models import WEEKDAYS, Organisation, time_zone_choices
from backoffice.uploads import IMAGES, validate_upload

NO_WORKING_DAYS = _("Choose at least one working day.")
TOKEN_INVALID = _("That code is not valid. Check your authenticator app's clock and try again.")


class LoginForm(AuthenticationForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update({"autocomplete": "username", "autofocus": True})
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})
        self.helper = FormHelper()
        self.helper.form_tag = False


class OrganisationForm(forms.ModelForm):
    working_week = forms.TypedMultipleChoiceField(
        label=_("Working days"),
        choices=WEEKDAYS,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": NO_WORKING_DAYS},
    )
    time_zone = forms.ChoiceField(label=_("Time zone"), choices=time_zone_choices)
    logo_upload = forms.FileField(
        label=_("Logo"),
        required=False,
        help_text=_("PNG or JPEG, shown on documents and in the sidebar."),
    )
    remove_logo = forms.BooleanField(label=_("Remove the current logo"), required=False)

    class Meta:
        model = Organisation
        fields = [
            "legal_name",
            "address",
            "registration_number",
            "vat_number",
            "currency",
            "country",
            "time_zone",
            "working_week",
            "full_time_weekly_hours",
            "leave_year_start_month",
            "pay_period",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["legal_name"].required = True
        has_logo = bool(self.instance and self.instance.logo)
        if not has_logo:
            del self.fields["remove_logo"]
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("Company"),
                "legal_name",
                "address",
                Row(Column("registration_number"), Column("vat_number")),
                "logo_upload",
                *(["remove_logo"] if has_logo else []),
            ),
            Fieldset(
                _("Region"),
                Row(Column("country"), Column("currency"), Column("time_zone")),
            ),
            Fieldset(
                _("Working time"),
                InlineCheckboxes("working_week"),
                Row(
                    Column("full_time_weekly_hours"),
                    Column("leave_year_start_month"),
                    Column("pay_period"),
                ),
            ),
        )

    def clean_logo_upload(self):
        upload = self.cleaned_data.get("logo_upload")
        if upload:
            validate_upload(upload, allowed=IMAGES, max_mb=2)
        return upload


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
        help_text=_("The six digits from your authenticator app, or one of your backup codes."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        choices=settings.LANGUAGES, widget=forms.Select(attrs={"class": "form-select"})
    )
    next = forms.CharField(required=False)


# Dates people may enter. Year 9999 or 0001 passes ``DateField`` but overflows date arithmetic
# (TRAPS.md): every date field of a form takes this window, and a date in a query string outside
# it is ignored.
EARLIEST_DATE = date(1900, 1, 1)
YEARS_AHEAD = 50
DATE_TOO_EARLY = _("Enter a date on or after %(date)s.")
DATE_TOO_LATE = _("Enter a date on or before %(date)s.")
DATE_IN_FUTURE = _("This date cannot be in the future.")


def latest_date() -> date:
    return date(timezone.localdate().year + YEARS_AHEAD, 12, 31)


def date_in_range(day: date) -> bool:
    return EARLIEST_DATE <= day <= latest_date()


def query_date(raw: str | None) -> date | None:
    """An ISO date from a query string, or None when it is missing, malformed or out of range
    (the page then shows its default)."""
    try:
        day = date.fromisoformat(raw or "")
    except ValueError:
        return None
    return day if date_in_range(day) else None


def _check_range(day: date, *, allow_future: bool) -> None:
    if day < EARLIEST_DATE:
        raise ValidationError(
            DATE_TOO_EARLY,
            code="date_too_early",
            params={"date": date_format(EARLIEST_DATE, "SHORT_DATE_FORMAT")},
        )
    if not allow_future and day > timezone.localdate():
        raise ValidationError(DATE_IN_FUTURE, code="date_in_future")
    if day > latest_date():
        raise ValidationError(
            DATE_TOO_LATE,
            code="date_too_late",
            params={"date": date_format(latest_date(), "SHORT_DATE_FORMAT")},
        )


class SaneDateField(forms.DateField):
    """A date from 1900 to the end of the year fifty years ahead."""

    widget = DateInput
    allow_future = True

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values:
            _check_range(value, allow_future=self.allow_future)


class PastDateField(SaneDateField):
    """A date that has happened, such as a birth date."""

    allow_future = False


class SaneDateTimeField(forms.DateTimeField):
    """A moment within the same window as ``SaneDateField``."""

    def validate(self, value):
        super().validate(value)
        if value not in self.empty_values:
            _check_range(value.date(), allow_future=True)


def _role_choices() -> list[tuple[str, str]]:
    from backoffice.roles import ROLES

    return [(name, str(label)) for name, label in ROLES.items()]


class InviteForm(forms.Form):
    """A new login: the person gets an e-mail with a link to choose their password."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("E-mail"), max_length=254)
    language = forms.ChoiceField(
        label=_("Language of the invitation"), choices=settings.LANGUAGES, initial="bg"
    )
    roles = forms.MultipleChoiceField(
        label=_("Roles"),
        choices=_role_choices,
        widget=forms.CheckboxSelectMultiple,
        initial=["Staff"],
        help_text=_("What the person may see and do; see the table of roles."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("first_name"), Column("last_name")),
            Row(Column("email"), Column("language")),
            InlineCheckboxes("roles"),
        )


class RolesForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=_role_choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

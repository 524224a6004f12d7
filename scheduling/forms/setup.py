"""The set-up forms: locations, skills, shift templates, coverage, working-time rules, rotation
patterns, members and each person's limits for the auto-scheduler."""

from __future__ import annotations

from crispy_forms.layout import Column, Fieldset, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backoffice.filters import DateInput
from backoffice.forms import SaneDateField
from hr.selectors import department_choices, employee_choices
from scheduling.domain.rules import PRESETS
from scheduling.forms.common import TimeInput, form_helper, templates_for
from scheduling.models import (
    Coverage,
    Location,
    RotationPattern,
    ShiftTemplate,
    Skill,
    WorkingTimeRules,
)


class LocationForm(forms.ModelForm):
    class Meta:
        model = Location
        fields = [
            "name",
            "code",
            "address",
            "time_zone",
            "rules",
            "weekly_budget",
            "clock_window_minutes",
        ]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ip_allow_list"] = Location._meta.get_field("ip_allow_list").formfield(
            widget=forms.Textarea(attrs={"rows": 2})
        )
        self.fields["ip_allow_list"].initial = self.instance.ip_allow_list
        self.helper = form_helper(
            Row(Column("name"), Column("code")),
            "address",
            Row(Column("time_zone"), Column("rules")),
            Row(Column("weekly_budget"), Column("clock_window_minutes")),
            "ip_allow_list",
        )

    def save(self, commit=True):
        self.instance.ip_allow_list = self.cleaned_data.get("ip_allow_list", "")
        return super().save(commit)


class SkillForm(forms.ModelForm):
    class Meta:
        model = Skill
        fields = ["name", "code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Row(Column("name"), Column("code")))


class ShiftTemplateForm(forms.ModelForm):
    class Meta:
        model = ShiftTemplate
        fields = [
            "name",
            "code",
            "location",
            "start",
            "end",
            "crosses_midnight",
            "break_minutes",
            "colour",
            "active",
        ]
        widgets = {"start": TimeInput(), "end": TimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Row(Column("name"), Column("code"), Column("location")),
            Row(Column("start"), Column("end"), Column("break_minutes")),
            "crosses_midnight",
            Row(Column("colour"), Column("active")),
        )

    def clean(self):
        data = super().clean()
        start, end, crosses = data.get("start"), data.get("end"), data.get("crosses_midnight")
        if start is None or end is None:
            return data
        if start == end and not crosses:
            self.add_error("end", _("The shift has no length."))
        elif end < start and not crosses:
            self.add_error(
                "end",
                _("The shift ends before it starts. Tick 'ends the next day' for a night shift."),
            )
        elif end > start and crosses:
            self.add_error(
                "crosses_midnight",
                _("A shift that ends the next day must end earlier than it starts."),
            )
        else:
            length = (end.hour * 60 + end.minute) - (start.hour * 60 + start.minute)
            length += 1440 if crosses else 0
            if data.get("break_minutes") is not None and data["break_minutes"] >= length:
                self.add_error("break_minutes", _("The break is as long as the shift or longer."))
        return data


class CoverageForm(forms.ModelForm):
    class Meta:
        model = Coverage
        fields = ["template", "skill", "weekday", "date", "count"]
        widgets = {"date": DateInput()}
        field_classes = {"date": SaneDateField}

    def __init__(self, *args, location: Location, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.location = location
        self.fields["template"].queryset = templates_for(location)
        # Setting ``min_value`` on the built field adds no validator: build it with the minimum.
        self.fields["count"] = Coverage._meta.get_field("count").formfield(min_value=1)
        self.helper = form_helper(
            Row(Column("template"), Column("skill")),
            Row(Column("weekday"), Column("date"), Column("count")),
        )

    def clean(self):
        data = super().clean()
        if (data.get("weekday") is None) == (data.get("date") is None):
            self.add_error("weekday", _("Give either a weekday or a date."))
        return data


class RulesForm(forms.ModelForm):
    class Meta:
        model = WorkingTimeRules
        fields = [
            "name",
            "preset",
            "daily_rest_minutes",
            "weekly_rest_minutes",
            "max_shift_minutes",
            "max_week_minutes",
            "average_week_minutes",
            "reference_weeks",
            "max_consecutive_days",
            "night_start",
            "night_end",
            "max_night_shift_minutes",
            "minor_max_shift_minutes",
            "minor_max_week_minutes",
            "minor_night_work",
            "part_time_cap",
            "overtime_daily_minutes",
            "overtime_weekly_minutes",
            "night_factor",
            "accounting",
            "accounting_period_months",
            "accounting_period_first_month",
            "night_conversion_min_minutes",
            "overtime_year_minutes",
            "overtime_month_day_minutes",
            "overtime_month_night_minutes",
            "overtime_week_day_minutes",
            "overtime_week_night_minutes",
            "overtime_two_days_day_minutes",
            "overtime_two_days_night_minutes",
            "young_minor_age",
            "young_minor_night_start",
        ]
        widgets = {
            "night_start": TimeInput(),
            "night_end": TimeInput(),
            "young_minor_night_start": TimeInput(),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Row(Column("name"), Column("preset")),
            Fieldset(
                _("Rest"),
                Row(Column("daily_rest_minutes"), Column("weekly_rest_minutes")),
            ),
            Fieldset(
                _("Hours"),
                Row(Column("max_shift_minutes"), Column("max_week_minutes")),
                Row(Column("average_week_minutes"), Column("reference_weeks")),
                "max_consecutive_days",
            ),
            Fieldset(
                _("Night"),
                Row(Column("night_start"), Column("night_end"), Column("max_night_shift_minutes")),
            ),
            Fieldset(
                _("Minors and part-timers"),
                Row(Column("minor_max_shift_minutes"), Column("minor_max_week_minutes")),
                "minor_night_work",
                Row(Column("young_minor_age"), Column("young_minor_night_start")),
                "part_time_cap",
            ),
            Fieldset(
                _("Working-time accounting"),
                "accounting",
                Row(Column("accounting_period_months"), Column("accounting_period_first_month")),
                Row(Column("night_factor"), Column("night_conversion_min_minutes")),
                Row(Column("overtime_daily_minutes"), Column("overtime_weekly_minutes")),
            ),
            Fieldset(
                _("Overtime limits"),
                "overtime_year_minutes",
                Row(Column("overtime_month_day_minutes"), Column("overtime_month_night_minutes")),
                Row(Column("overtime_week_day_minutes"), Column("overtime_week_night_minutes")),
                Row(
                    Column("overtime_two_days_day_minutes"),
                    Column("overtime_two_days_night_minutes"),
                ),
            ),
        )


class RulesPresetForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    preset = forms.ChoiceField(
        label=_("Start from"),
        choices=[(k, v) for k, v in WorkingTimeRules.Preset.choices if k in PRESETS],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Row(Column("name"), Column("preset")))


class PatternForm(forms.ModelForm):
    class Meta:
        model = RotationPattern
        fields = ["name", "sequence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper("name", "sequence")

    def clean_sequence(self):
        value = self.cleaned_data["sequence"]
        steps = [s.strip() for s in value.split(",") if s.strip()]
        if not steps:
            raise ValidationError(_("Give at least one step."))
        known = set(ShiftTemplate.objects.values_list("code", flat=True)) | {"-"}
        unknown = [s for s in steps if s not in known]
        if unknown:
            raise ValidationError(
                _("Unknown template codes: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        return ",".join(steps)


class MembersForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Everyone in the department"), queryset=department_choices(), required=False
    )
    numbers = forms.CharField(
        label=_("Or employee numbers"),
        required=False,
        help_text=_("Separated by commas or spaces, e.g. E0012, E0040"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = form_helper(Row(Column("department"), Column("numbers")))

    def clean(self):
        data = super().clean()
        numbers = [n for n in data.get("numbers", "").replace(",", " ").split() if n]
        if data.get("department"):
            data["people"] = list(employee_choices(department=data["department"], current=True))
        elif numbers:
            found = list(employee_choices(numbers=numbers, current=True))
            missing = set(numbers) - {e.employee_number for e in found}
            if missing:
                self.add_error(
                    "numbers",
                    _("No current employee has the number %(numbers)s.")
                    % {"numbers": ", ".join(sorted(missing))},
                )
            data["people"] = found
        else:
            raise ValidationError(_("Choose a department or give employee numbers."))
        return data


class StaffLimitsForm(forms.Form):
    """A person's own limits for the auto-scheduler, per schedule period; hours typed, minutes
    kept (``cleaned_data`` holds the model's field names)."""

    min_hours = forms.DecimalField(
        label=_("Least hours in a period"),
        required=False,
        min_value=0,
        max_value=744,
        decimal_places=2,
        help_text=_("Fewer when the person is on leave for part of the period. Empty: none."),
    )
    max_hours = forms.DecimalField(
        label=_("Most hours in a period"),
        required=False,
        min_value=0,
        max_value=744,
        decimal_places=2,
        help_text=_("Empty: only the contract and the working-time rules limit the hours."),
    )
    max_weekends = forms.IntegerField(
        label=_("Most weekends worked in a period"),
        required=False,
        min_value=0,
        max_value=53,
        help_text=_("A weekend counts once, whether Saturday, Sunday or both are worked."),
    )
    min_days_off_in_row = forms.IntegerField(
        label=_("Least days off in a row"),
        required=False,
        min_value=1,
        max_value=14,
        help_text=_(
            "When the person has days off, they come at least this many in a row "
            "(2: never a single day off between two working days). Empty: no minimum."
        ),
    )

    def __init__(self, *args, limits=None, **kwargs):
        if limits is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "min_hours": _hours(limits.min_period_minutes),
                "max_hours": _hours(limits.max_period_minutes),
                "max_weekends": limits.max_weekends,
                "min_days_off_in_row": limits.min_days_off_in_row,
            }
        super().__init__(*args, **kwargs)
        self.helper = form_helper(
            Row(Column("min_hours"), Column("max_hours")),
            Row(Column("max_weekends"), Column("min_days_off_in_row")),
        )

    def clean(self):
        data = super().clean()
        low, high = data.get("min_hours"), data.get("max_hours")
        if low is not None and high is not None and low > high:
            self.add_error("max_hours", _("The most hours cannot be fewer than the least."))
        data["min_period_minutes"] = None if low is None else int(round(low * 60))
        data["max_period_minutes"] = None if high is None else int(round(high * 60))
        return data


def _hours(minutes: int | None):
    from decimal import Decimal

    return None if minutes is None else (Decimal(minutes) / 60).quantize(Decimal("0.01"))


class ShiftLimitForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Shift"), queryset=ShiftTemplate.objects.none(), required=False
    )
    max_shifts = forms.IntegerField(label=_("At most"), min_value=0, max_value=62, required=False)

    def __init__(self, *args, templates=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = (
            templates
            if templates is not None
            else (ShiftTemplate.objects.filter(active=True).order_by("start", "name"))
        )

    def clean(self):
        data = super().clean()
        if data.get("template") is not None and data.get("max_shifts") is None:
            self.add_error("max_shifts", _("Say how many shifts at most."))
        if data.get("template") is None and data.get("max_shifts") is not None:
            self.add_error("template", _("Choose the shift."))
        return data


class BaseShiftLimitFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for form in self.forms:
            template = form.cleaned_data.get("template")
            if template is None:
                continue
            if template.pk in seen:
                raise ValidationError(_("Each shift may be limited once."))
            seen.add(template.pk)

    def limits(self) -> dict:
        """Template -> most shifts, for the rows filled in."""
        return {
            form.cleaned_data["template"]: form.cleaned_data["max_shifts"]
            for form in self.forms
            if form.cleaned_data.get("template") is not None
        }


ShiftLimitFormSet = forms.formset_factory(
    ShiftLimitForm, formset=BaseShiftLimitFormSet, extra=2, max_num=20, validate_max=True
)

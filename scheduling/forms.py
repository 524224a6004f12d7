"""Input shapes of the scheduling pages. Field checks only; services apply the rules and write."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Fieldset, Layout, Row
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from backoffice.filters import DateInput
from backoffice.forms import SaneDateField
from hr.models import Department, Employee
from scheduling.models import (
    Availability,
    Coverage,
    Location,
    RotationPattern,
    SchedulePeriod,
    ShiftTemplate,
    Skill,
    WorkingTimeRules,
)
from scheduling.rules import PRESETS


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def _helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    if layout:
        helper.layout = Layout(*layout)
    return helper


def _templates_for(location: Location | None):
    templates = ShiftTemplate.objects.filter(active=True)
    if location is not None:
        templates = templates.filter(location__in=[location]) | templates.filter(
            location__isnull=True
        )
    return templates.order_by("start", "name")


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
        self.helper = _helper(
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
        self.helper = _helper(Row(Column("name"), Column("code")))


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
        self.helper = _helper(
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
        self.fields["template"].queryset = _templates_for(location)
        # Setting ``min_value`` on the built field adds no validator: build it with the minimum.
        self.fields["count"] = Coverage._meta.get_field("count").formfield(min_value=1)
        self.helper = _helper(
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
            "pay_period",
        ]
        widgets = {"night_start": TimeInput(), "night_end": TimeInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
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
                "part_time_cap",
            ),
            Fieldset(
                _("Timesheets"),
                Row(Column("overtime_daily_minutes"), Column("overtime_weekly_minutes")),
                Row(Column("night_factor"), Column("pay_period")),
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
        self.helper = _helper(Row(Column("name"), Column("preset")))


class PatternForm(forms.ModelForm):
    class Meta:
        model = RotationPattern
        fields = ["name", "sequence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("name", "sequence")

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
        label=_("Everyone in the department"), queryset=Department.objects.all(), required=False
    )
    numbers = forms.CharField(
        label=_("Or employee numbers"),
        required=False,
        help_text=_("Separated by commas or spaces, e.g. E0012, E0040"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(Row(Column("department"), Column("numbers")))

    def clean(self):
        data = super().clean()
        numbers = [n for n in data.get("numbers", "").replace(",", " ").split() if n]
        people = Employee.objects.current()
        if data.get("department"):
            data["people"] = list(people.filter(department=data["department"]))
        elif numbers:
            found = list(people.filter(employee_number__in=numbers))
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


class PeriodForm(forms.ModelForm):
    class Meta:
        model = SchedulePeriod
        fields = ["location", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}
        field_classes = {"start": SaneDateField, "end": SaneDateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(active=True)
        self.helper = _helper(Row(Column("location"), Column("start"), Column("end")))

    def validate_constraints(self, exclude=None):
        """The service says it better (which period overlaps); skip the model's check here."""


class ShiftForm(forms.Form):
    employee = forms.ModelChoiceField(
        label=_("Employee"),
        queryset=Employee.objects.none(),
        required=False,
        empty_label=_("Open shift (nobody yet)"),
    )
    day = SaneDateField(label=_("Date"), widget=DateInput())
    template = forms.ModelChoiceField(
        label=_("Template"),
        queryset=ShiftTemplate.objects.none(),
        required=False,
        empty_label=_("Custom times"),
    )
    start_time = forms.TimeField(label=_("Starts"), required=False, widget=TimeInput())
    end_time = forms.TimeField(label=_("Ends"), required=False, widget=TimeInput())
    crosses_midnight = forms.BooleanField(label=_("Ends the next day"), required=False)
    break_minutes = forms.IntegerField(
        label=_("Unpaid break (minutes)"), required=False, min_value=0, max_value=600
    )
    skill = forms.ModelChoiceField(
        label=_("Skill needed"), queryset=Skill.objects.all(), required=False
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=200)

    def __init__(self, *args, period: SchedulePeriod, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        self.fields["template"].queryset = _templates_for(period.location)
        self.fields["day"].widget.attrs.update(
            {"min": period.start.isoformat(), "max": period.end.isoformat()}
        )
        self.helper = _helper(
            Row(Column("employee"), Column("day")),
            "template",
            Row(Column("start_time"), Column("end_time"), Column("break_minutes")),
            "crosses_midnight",
            Row(Column("skill"), Column("note")),
        )

    def clean(self):
        data = super().clean()
        template = data.get("template")
        if template is None and (data.get("start_time") is None or data.get("end_time") is None):
            self.add_error("start_time", _("Choose a template or give start and end times."))
        return data


class RotationForm(forms.Form):
    pattern = forms.ModelChoiceField(label=_("Pattern"), queryset=RotationPattern.objects.all())
    employees = forms.ModelMultipleChoiceField(
        label=_("People"), queryset=Employee.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    start = SaneDateField(label=_("From"), widget=DateInput())
    stagger = forms.BooleanField(
        label=_("Stagger: each person starts one step later than the one before"), required=False
    )

    def __init__(self, *args, period: SchedulePeriod, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employees"].queryset = employees
        self.fields["start"].initial = period.start
        self.helper = _helper(Row(Column("pattern"), Column("start")), "stagger", "employees")


class AvailabilityForm(forms.ModelForm):
    class Meta:
        model = Availability
        fields = [
            "kind",
            "weekday",
            "date",
            "start_time",
            "end_time",
            "template",
            "weight",
            "note",
        ]
        widgets = {"date": DateInput(), "start_time": TimeInput(), "end_time": TimeInput()}
        field_classes = {"date": SaneDateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["template"].queryset = ShiftTemplate.objects.filter(active=True)
        self.fields["template"].help_text = _("For a preference about one kind of shift.")
        self.fields["weight"].required = False  # not asked of "unavailable": the default then
        self.helper = _helper(
            "kind",
            Row(Column("weekday"), Column("date")),
            Row(Column("start_time"), Column("end_time")),
            Row(Column("template"), Column("weight")),
            "note",
        )

    def clean(self):
        data = super().clean()
        if not data.get("weight"):
            data["weight"] = Availability.Weight.MEDIUM
        if (data.get("weekday") is None) == (data.get("date") is None):
            self.add_error("weekday", _("Give either a weekday or a date."))
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("'Until' must be after 'from'."))
        return data

    def validate_constraints(self, exclude=None):
        """``clean`` has said which field is missing; the constraint would only repeat it."""


class SwapForm(forms.Form):
    colleague = forms.ModelChoiceField(label=_("Colleague"), queryset=Employee.objects.none())
    colleague_shift = forms.ChoiceField(
        label=_("Their shift in exchange"),
        required=False,
        help_text=_("Choose a colleague first; their shifts around yours appear here."),
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, colleagues, their_shifts, refresh_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleague"].queryset = colleagues
        if refresh_url:  # choosing a colleague reloads the list of their shifts (htmx)
            self.fields["colleague"].widget.attrs.update(
                {
                    "hx-get": refresh_url,
                    "hx-trigger": "change",
                    "hx-target": "#div_id_colleague_shift",
                    "hx-select": "#div_id_colleague_shift",
                    "hx-swap": "outerHTML",
                }
            )
        self.fields["colleague_shift"].choices = [("", _("Nothing: give it away"))] + [
            (str(s.pk), label) for s, label in their_shifts
        ]
        self.shift_map = {str(s.pk): s for s, _label in their_shifts}
        self.helper = _helper("colleague", "colleague_shift", "note")

    def clean_colleague_shift(self):
        value = self.cleaned_data.get("colleague_shift")
        return self.shift_map.get(value) if value else None


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comment"), required=False, max_length=300)


class AutoScheduleForm(forms.Form):
    """What the planner may tune; the weights are points of the solver's objective."""

    WEIGHTS = [
        ("under_cover", _("A person missing on a shift"), 100),
        ("over_cover", _("A person too many on a shift"), 50),
        ("overtime_per_hour", _("An hour over contract hours"), 4),
        ("undertime_per_hour", _("An hour under contract hours"), 2),
        ("avoided_shift", _("A shift the person would rather not have"), 5),
        ("fairness_night", _("Uneven spread of night shifts"), 10),
        ("fairness_weekend", _("Uneven spread of weekend shifts"), 10),
        ("labour_cost_per_100", _("Each 100 of labour cost"), 1),
    ]

    mode = forms.ChoiceField(label=_("What to fill"), choices=[])
    time_limit = forms.IntegerField(
        label=_("Time limit (seconds)"),
        min_value=5,
        max_value=600,
        initial=60,
        help_text=_("The search stops at this point with the best roster found so far."),
    )

    def __init__(self, *args, period: SchedulePeriod, **kwargs):
        from scheduling.models import AutoScheduleRun

        super().__init__(*args, **kwargs)
        modes = AutoScheduleRun.Mode
        self.fields["mode"].choices = (
            [(modes.FILL.value, modes.FILL.label)]
            if period.status == SchedulePeriod.Status.DRAFT
            else [(modes.OPEN_ONLY.value, modes.OPEN_ONLY.label)]
        )
        for name, label, default in self.WEIGHTS:
            self.fields[name] = forms.IntegerField(
                label=label, min_value=0, max_value=10000, initial=default
            )
        self.helper = _helper(
            Row(Column("mode"), Column("time_limit")),
            Fieldset(
                _("Weights (points; higher matters more)"),
                *[
                    Row(*[Column(n) for n, _l, _d in self.WEIGHTS[i : i + 2]])
                    for i in range(0, 8, 2)
                ],
            ),
        )

    def weights(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name, _l, _d in self.WEIGHTS}


class CorrectionRequestForm(forms.Form):
    day = SaneDateField(label=_("Date"), widget=DateInput())
    comment = forms.CharField(
        label=_("What should change"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example: I forgot to clock out; I left at 17:10."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper("day", "comment")


class EntryForm(forms.Form):
    """A manager's correction: the session's start and end in the location's local time."""

    day = SaneDateField(label=_("Date"), widget=DateInput())
    start = forms.TimeField(label=_("Clocked in"), widget=TimeInput())
    end = forms.TimeField(label=_("Clocked out"), widget=TimeInput())
    ends_next_day = forms.BooleanField(label=_("Ends the next day"), required=False)
    break_minutes = forms.IntegerField(
        label=_("Break (minutes)"), min_value=0, max_value=600, initial=0
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper(
            Row(Column("day"), Column("start"), Column("end")),
            "ends_next_day",
            Row(Column("break_minutes"), Column("reason")),
        )


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
        self.helper = _helper(
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

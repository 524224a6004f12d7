"""The roster forms: periods, shifts, rotations, availability, swaps and the auto-scheduler."""

from __future__ import annotations

from crispy_forms.layout import Column, Fieldset, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.filters import DateInput
from backoffice.forms import SaneDateField
from hr.selectors import employee_choices
from scheduling.forms.common import TimeInput, form_helper, templates_for
from scheduling.models import (
    Availability,
    Location,
    RotationPattern,
    SchedulePeriod,
    ShiftTemplate,
    Skill,
)


class PeriodForm(forms.ModelForm):
    class Meta:
        model = SchedulePeriod
        fields = ["location", "start", "end"]
        widgets = {"start": DateInput(), "end": DateInput()}
        field_classes = {"start": SaneDateField, "end": SaneDateField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["location"].queryset = Location.objects.filter(active=True)
        self.helper = form_helper(Row(Column("location"), Column("start"), Column("end")))

    def validate_constraints(self, exclude=None):
        """The service says it better (which period overlaps); skip the model's check here."""


class ShiftForm(forms.Form):
    employee = forms.ModelChoiceField(
        label=_("Employee"),
        queryset=employee_choices(ids=[]),
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
    override = forms.BooleanField(
        label=_("Override"),
        required=False,
        help_text=_(
            "Save despite a double booking or approved leave. The reason is kept in the audit "
            "trail."
        ),
    )
    override_reason = forms.CharField(
        label=_("Reason for the override"), required=False, max_length=300
    )

    def __init__(self, *args, period: SchedulePeriod, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employee"].queryset = employees
        self.fields["template"].queryset = templates_for(period.location)
        self.fields["day"].widget.attrs.update(
            {"min": period.start.isoformat(), "max": period.end.isoformat()}
        )
        self.helper = form_helper(
            Row(Column("employee"), Column("day")),
            "template",
            Row(Column("start_time"), Column("end_time"), Column("break_minutes")),
            "crosses_midnight",
            Row(Column("skill"), Column("note")),
            Row(Column("override"), Column("override_reason")),
        )

    def clean(self):
        data = super().clean()
        template = data.get("template")
        if template is None and (data.get("start_time") is None or data.get("end_time") is None):
            self.add_error("start_time", _("Choose a template or give start and end times."))
        if data.get("override") and not (data.get("override_reason") or "").strip():
            self.add_error("override_reason", _("Give a reason for overriding the conflict."))
        return data

    @property
    def confirmed_override_reason(self) -> str:
        """The reason, only when Override is ticked (a reason alone overrides nothing)."""
        if not self.cleaned_data.get("override"):
            return ""
        return self.cleaned_data.get("override_reason", "").strip()


class RotationForm(forms.Form):
    pattern = forms.ModelChoiceField(label=_("Pattern"), queryset=RotationPattern.objects.all())
    employees = forms.ModelMultipleChoiceField(
        label=_("People"), queryset=employee_choices(ids=[]), widget=forms.CheckboxSelectMultiple
    )
    start = SaneDateField(label=_("From"), widget=DateInput())
    stagger = forms.BooleanField(
        label=_("Stagger: each person starts one step later than the one before"), required=False
    )

    def __init__(self, *args, period: SchedulePeriod, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["employees"].queryset = employees
        self.fields["start"].initial = period.start
        self.helper = form_helper(Row(Column("pattern"), Column("start")), "stagger", "employees")


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
        self.helper = form_helper(
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
    colleague = forms.ModelChoiceField(label=_("Colleague"), queryset=employee_choices(ids=[]))
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
        self.helper = form_helper("colleague", "colleague_shift", "note")

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
        self.helper = form_helper(
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

"""The time-and-attendance forms: a correction request, a manager's entry."""

from __future__ import annotations

from crispy_forms.layout import Column, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from backoffice.filters import DateInput
from backoffice.forms import SaneDateField
from scheduling.forms.common import TimeInput, form_helper


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
        self.helper = form_helper("day", "comment")


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
        self.helper = form_helper(
            Row(Column("day"), Column("start"), Column("end")),
            "ends_next_day",
            Row(Column("break_minutes"), Column("reason")),
        )

"""What the scheduling forms share: the time input, the crispy helper, the shift templates of a
location."""

from __future__ import annotations

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms

from scheduling.models import (
    Location,
    ShiftTemplate,
)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%H:%M")


def form_helper(*layout) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    if layout:
        helper.layout = Layout(*layout)
    return helper


def templates_for(location: Location | None):
    templates = ShiftTemplate.objects.filter(active=True)
    if location is not None:
        templates = templates.filter(location__in=[location]) | templates.filter(
            location__isnull=True
        )
    return templates.order_by("start", "name")

"""Company data in two languages: each reader sees their language, with a fallback."""

from __future__ import annotations

import pytest
from django.utils import translation

from backoffice.company_data import names_complete, registered_names_complete
from hr.models import LeaveType
from scheduling.models import WorkingTimeRules

pytestmark = pytest.mark.django_db


def test_a_name_reads_in_the_readers_language_and_falls_back():
    both = LeaveType.objects.create(name_en="Sick leave", name_bg="Болничен", code="S1")
    only_bg = LeaveType.objects.create(name_en="", name_bg="Майчинство", code="M1")
    with translation.override("en"):
        assert LeaveType.objects.get(pk=both.pk).name == "Sick leave"
        assert LeaveType.objects.get(pk=only_bg.pk).name == "Майчинство"  # the fallback
    with translation.override("bg"):
        assert LeaveType.objects.get(pk=both.pk).name == "Болничен"


def test_one_language_names_are_completed_from_the_glossary_and_the_catalogue():
    typed_in_bulgarian = LeaveType.objects.create(name_en="Болничен", name_bg="", code="S2")
    preset = WorkingTimeRules.objects.create(
        name_en="Bulgaria, Labour Code", name_bg="", preset="bg"
    )
    assert names_complete(LeaveType, ["name"], {"Болничен": "Sick leave"}) == 1
    typed_in_bulgarian.refresh_from_db()
    assert (typed_in_bulgarian.name_en, typed_in_bulgarian.name_bg) == ("Sick leave", "Болничен")
    registered_names_complete()
    preset.refresh_from_db()
    assert preset.name_bg == "България, Кодекс на труда"  # the preset's label, translated
    assert registered_names_complete() == 0  # nothing left to do

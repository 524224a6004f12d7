"""Scheduling's company data in both languages (django-modeltranslation): shift template names and
working-time rule sets. ``glossary`` (Bulgarian -> English) completes the demo data; rule sets
named after a preset take the preset's translated label."""

from modeltranslation.translator import TranslationOptions, register

from scheduling.models import ShiftTemplate, WorkingTimeRules


@register(ShiftTemplate)
class ShiftTemplateTranslation(TranslationOptions):
    fields = ("name",)
    glossary = {
        "Сутрин": "Morning",
        "Следобед": "Afternoon",
        "Дневна": "Day",
        "Нощна": "Night",
    }


@register(WorkingTimeRules)
class WorkingTimeRulesTranslation(TranslationOptions):
    fields = ("name",)
    glossary = {}

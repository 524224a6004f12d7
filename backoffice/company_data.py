"""Company data in two languages: completing names that have only one.

Names a company enters (leave types, hiring stages, shift templates, ...) have an English and a
Bulgarian column (django-modeltranslation; ``settings.MODELTRANSLATION_*``). A row written before
that, or demo data typed in one language, has only one: this fills the other where it is known,
from the app's glossary or from the product's own translations (a rule set named after a preset
is the preset's label), and moves a Bulgarian name typed into the English column to the Bulgarian
one, so an English page never shows it while an English name is missing: it falls back instead.
"""

from __future__ import annotations

import gettext as gettext_module
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path

from django.conf import settings

from backoffice.translit import has_cyrillic


@cache
def _catalogue() -> tuple[dict[str, str], dict[str, str]]:
    """English -> Bulgarian and Bulgarian -> English of the product's messages without parameters."""
    to_bg: dict[str, str] = {}
    for folder in settings.LOCALE_PATHS:
        mo = Path(folder) / "bg" / "LC_MESSAGES" / "django.mo"
        if mo.exists():
            with mo.open("rb") as handle:
                catalogue = gettext_module.GNUTranslations(handle)._catalog
            for msgid, msgstr in catalogue.items():
                plain = isinstance(msgid, str) and "%" not in msgid and "{" not in msgid
                if plain and msgid and isinstance(msgstr, str) and msgstr:
                    to_bg.setdefault(msgid, msgstr)
    return to_bg, {bg: en for en, bg in to_bg.items()}


def _pair(en: str, bg: str, glossary: Mapping[str, str]) -> tuple[str, str]:
    to_bg, to_en = _catalogue()
    if en and has_cyrillic(en) and not bg:
        en, bg = "", en
    if bg and not en:
        en = glossary.get(bg) or to_en.get(bg, "")
    if en and not bg:
        bg = {v: k for k, v in glossary.items()}.get(en) or to_bg.get(en, "")
    return en, bg


def names_complete(
    model, fields: Iterable[str], glossary: Mapping[str, str] | None = None, *, original=False
) -> int:
    """Fill the missing language of ``fields`` on every row of ``model``; returns rows changed.

    ``original``: also read the field's own column (a data migration's model, where the
    language columns were just added and are empty).
    """
    glossary = glossary or {}
    fields = list(fields)
    columns = [f"{field}_{code}" for field in fields for code in ("en", "bg")]
    changed = 0
    manager = model._default_manager
    for row in manager.values("pk", *columns, *(fields if original else [])):
        updates = {}
        for field in fields:
            en, bg = row[f"{field}_en"] or "", row[f"{field}_bg"] or ""
            if original and not en and not bg:
                en = row[field] or ""
            new_en, new_bg = _pair(en, bg, glossary)
            if new_en != (row[f"{field}_en"] or ""):
                updates[f"{field}_en"] = new_en
            if new_bg != (row[f"{field}_bg"] or ""):
                updates[f"{field}_bg"] = new_bg
        if updates:
            manager.filter(pk=row["pk"]).update(**updates)
            changed += 1
    return changed


def registered_names_complete() -> int:
    """Every model registered for translation, with its options' ``glossary`` (demo data)."""
    from modeltranslation.translator import translator

    changed = 0
    for model in translator.get_registered_models(abstract=False):
        options = translator.get_options_for_model(model)
        fields = list(options.fields)
        # Options are inherited along model inheritance; only the model's own fields count.
        own = [f for f in fields if f"{f}_en" in {x.name for x in model._meta.concrete_fields}]
        if own and not model._meta.proxy:
            changed += names_complete(model, own, getattr(options, "glossary", {}))
    return changed

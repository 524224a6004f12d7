"""Messages kept as an English template and typed parameters, rendered in the reader's language.

A notification is read days after it was written, by someone who may have switched language since,
and e-mailed in the recipient's language: it cannot be stored as finished text. It is stored as a
``gettext_noop`` template and its parameters as JSON with their types (a date stays a date), and
rendered when shown: dates and numbers in the reader's format, Bulgarian month names in lower case
as running text wants them ("4 декември 2026").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils import formats, timezone, translation
from django.utils.dates import MONTHS
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext

#: The key of the parameters that holds plural templates: {"title": plural msgid, "body": ...}.
PLURALS = "_plural"
#: The parameter that chooses between singular and plural.
COUNT = "count"


@dataclass(frozen=True)
class Plural:
    """A template with a singular and a plural form, chosen by the ``count`` parameter."""

    singular: str
    plural: str


def translated(obj: Any, field: str) -> dict[str, str]:
    """A company-entered name in every language it has (a translated model field), as a parameter
    that is shown in the reader's language with the default language as fallback."""
    values = {}
    for code, _name in settings.LANGUAGES:
        value = getattr(obj, f"{field}_{code}", None)
        if value:
            values[code] = str(value)
    if not values:
        values[settings.LANGUAGE_CODE] = str(getattr(obj, field, "") or "")
    return {"type": "text", "value": values}


def lazy_msgid(value: Promise) -> str | None:
    """The English msgid of a ``gettext_lazy`` string, so it can be translated when shown."""
    reduced = value.__reduce__()[1]
    func, args = reduced[0], reduced[1]
    if getattr(func, "__name__", "") == "gettext" and len(args) == 1 and isinstance(args[0], str):
        return args[0]
    return None


def param_encode(value: Any) -> Any:
    """One parameter as JSON that keeps its type."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        value = Decimal(str(value))
    if isinstance(value, Decimal):
        return {"type": "number", "value": str(value)}
    if isinstance(value, datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value)
        return {"type": "datetime", "value": value.isoformat()}
    if isinstance(value, date):
        return {"type": "date", "value": value.isoformat()}
    if isinstance(value, time):
        return {"type": "time", "value": value.strftime("%H:%M")}
    if isinstance(value, Mapping) and value.get("type") in {"text", "msgid"}:
        return dict(value)
    if isinstance(value, Promise):
        msgid = lazy_msgid(value)
        if msgid is not None:
            return {"type": "msgid", "value": msgid}
    return str(value)


def params_encode(params: Mapping[str, Any] | None) -> dict[str, Any]:
    return {key: param_encode(value) for key, value in (params or {}).items()}


def date_text(day: date) -> str:
    """A date in running text: "4 Dec 2026"; in Bulgarian "4 декември 2026" (month in lower case)."""
    if (translation.get_language() or "").startswith("bg"):
        return f"{day.day} {str(MONTHS[day.month]).lower()} {day.year}"
    return formats.date_format(day, "DATE_FORMAT")


def datetime_text(moment: datetime) -> str:
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    return f"{date_text(local.date())}, {local:%H:%M}"


def number_text(value: Decimal | int) -> str:
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def param_render(value: Any) -> Any:
    """One stored parameter as text in the active language (a broken one as it was stored)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return number_text(value) if abs(value) >= 10000 else value
    if not isinstance(value, dict):
        return value
    kind, raw = value.get("type"), value.get("value")
    try:
        if kind == "number":
            return number_text(Decimal(raw))
        if kind == "date":
            return date_text(date.fromisoformat(raw))
        if kind == "datetime":
            return datetime_text(datetime.fromisoformat(raw))
        if kind == "time":
            return raw
        if kind == "msgid":
            return gettext(raw)
        if kind == "text" and isinstance(raw, dict):
            language = (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]
            return (
                raw.get(language) or raw.get(settings.LANGUAGE_CODE) or next(iter(raw.values()), "")
            )
    except (TypeError, ValueError, InvalidOperation):
        pass
    return str(raw if raw is not None else "")


def message_render(template: str, params: Mapping[str, Any], *, part: str = "title") -> str:
    """``template`` (an English msgid) translated into the active language and filled from
    ``params``; with a plural form stored under ``PLURALS``, the form that ``count`` asks for."""
    if not template:
        return ""
    plural = (params.get(PLURALS) or {}).get(part) if isinstance(params, Mapping) else None
    count = params.get(COUNT)
    if plural and isinstance(count, int):
        text = ngettext(template, plural, count)
    else:
        text = gettext(template)
    values = {key: param_render(value) for key, value in params.items() if key != PLURALS}
    try:
        return text % values if values else text.replace("%%", "%")
    except (KeyError, TypeError, ValueError):
        return template

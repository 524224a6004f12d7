"""Template helpers every department uses: status badges, sortable headers, money, durations."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django import template
from django.utils import dateformat
from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from backoffice.money import round_money

register = template.Library()

# One colour per status everywhere (UI.md): draft grey, pending amber, ok green, error red, info blue.
STATUS_COLOURS = {
    "draft": "secondary",
    "queued": "secondary",
    "cancelled": "secondary",
    "pending": "warning",
    "running": "info",
    "published": "info",
    "approved": "success",
    "succeeded": "success",
    "ok": "success",
    "rejected": "danger",
    "failed": "danger",
    "error": "danger",
    "not_started": "secondary",
    "self_done": "warning",
    "manager_done": "info",
    "closed": "success",
    "open": "info",
    "declined": "secondary",
    "short": "danger",
    "over": "warning",
    "submitted": "warning",
    "posted": "info",
    "reimbursed": "success",
    "paid": "success",
    "matched": "success",
    "ignored": "secondary",
    "overdue": "danger",
}
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£", "BGN": "лв."}


@register.filter
def weekday_date(value) -> str:
    """A day in running text: "Friday, 4 December"; in Bulgarian "петък, 4 декември" (weekday and
    month in lower case, as Bulgarian writes them; Django's Bulgarian month names are capitalised)."""
    if not value:
        return ""
    text = dateformat.format(value, "l, j F")
    return text.lower() if (get_language() or "").startswith("bg") else text


@register.filter
def startswith(value: str, prefix: str) -> bool:
    return str(value).startswith(str(prefix))


@register.simple_tag
def status_badge(status: str, label: str | None = None) -> str:
    colour = STATUS_COLOURS.get(str(status), "secondary")
    return format_html(
        '<span class="badge bg-{}-lt status-badge">{}</span>', colour, label or status
    )


@register.inclusion_tag("partials/sort_header.html", takes_context=True)
def sort_header(context, key: str, label: str) -> dict:
    sort = context.get("sort")
    active = sort is not None and sort.key == key
    descending = active and sort.descending
    return {
        "request": context["request"],
        "label": label,
        "param": key if descending or not active else f"-{key}",
        "active": active,
        "descending": descending,
    }


@register.filter
def money(value, currency: str = "EUR") -> str:
    """1 234,56 € in Bulgarian, €1,234.56 in English: the amount in the page's language. A
    negative amount keeps its sign in front of a leading symbol: -€250.00, not €-250.00."""
    if value is None or value == "":
        return ""
    amount = round_money(value if isinstance(value, Decimal | int | str) else str(value))
    text = number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    if (get_language() or "en").startswith("bg") or len(symbol) != 1:
        return f"{text}\u00a0{symbol}"
    sign, digits = ("-", text[1:]) if text.startswith("-") else ("", text)
    return f"{sign}{symbol}{digits}"


@register.filter
def duration(value: timedelta | None) -> str:
    if value is None:
        return "—"
    seconds = int(value.total_seconds())
    if seconds < 60:
        return _("%(s)s s") % {"s": seconds}
    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return _("%(m)s min %(s)s s") % {"m": minutes, "s": seconds}
    hours, minutes = divmod(minutes, 60)
    return _("%(h)s h %(m)s min") % {"h": hours, "m": minutes}


@register.filter
def hours(minutes: int | None) -> str:
    """Whole minutes as hours and minutes of work: 450 -> "7:30", 480 -> "8:00", -90 -> "-1:30"."""
    if minutes is None or minutes == "":
        return ""
    minutes = int(minutes)
    whole, rest = divmod(abs(minutes), 60)
    return f"{'-' if minutes < 0 else ''}{whole}:{rest:02d}"


@register.filter
def get_item(mapping, key):
    """``mapping[key]`` in a template, or None."""
    try:
        return mapping.get(key)
    except AttributeError:
        return None

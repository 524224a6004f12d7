from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format
from django.utils.html import format_html

register = template.Library()

COLOURS = {
    "draft": "secondary",
    "approved": "success",
    "sent": "info",
    "partly": "warning",
    "received": "success",
    "closed": "secondary",
    "cancelled": "secondary",
    "counting": "warning",
    "review": "info",
    "posted": "success",
    "done": "success",
    "overdue": "danger",
    "due": "warning",
}


@register.simple_tag
def ops_badge(value: str, label: str) -> str:
    return format_html(
        '<span class="badge bg-{}-lt status-badge">{}</span>',
        COLOURS.get(value, "secondary"),
        label,
    )


@register.filter
def qty(value) -> str:
    """A quantity without trailing zeros, in the page's number format."""
    if value in (None, ""):
        return ""
    value = Decimal(value).normalize()
    places = max(-value.as_tuple().exponent, 0)
    return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)


@register.filter
def tick_of(task, check):
    """The tick of ``check`` on ``task`` (from the prefetched ticks), or None."""
    for tick in task.ticks.all():
        if tick.item_id == check.pk:
            return tick
    return None

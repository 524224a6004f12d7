"""IT support's template helpers: status badges in the one palette, time left, safe Markdown."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

COLOURS = {
    "new": "info",
    "open": "info",
    "waiting_requester": "warning",
    "waiting_third_party": "warning",
    "resolved": "success",
    "closed": "secondary",
    "in_stock": "success",
    "deployed": "info",
    "in_repair": "warning",
    "retired": "secondary",
}
PRIORITY_COLOURS = {1: "danger", 2: "warning", 3: "info", 4: "secondary"}


@register.simple_tag
def it_badge(value: str, label: str) -> str:
    return format_html(
        '<span class="badge bg-{}-lt status-badge">{}</span>',
        COLOURS.get(value, "secondary"),
        label,
    )


@register.simple_tag
def priority_badge(value: int, label: str) -> str:
    return format_html(
        '<span class="badge bg-{}-lt">{}</span>', PRIORITY_COLOURS.get(value, "secondary"), label
    )


@register.filter
def business_hours(minutes: int | None) -> str:
    """Business minutes as "3 h 20 min" (negative: overdue by)."""
    if minutes is None:
        return ""
    whole, rest = divmod(abs(int(minutes)), 60)
    text = _("%(h)s h %(m)02d min") % {"h": whole, "m": rest}
    return f"−{text}" if minutes < 0 else text


@register.filter
def markdown_safe(text: str) -> str:
    """Markdown rendered with raw HTML disabled and only safe link schemes (markdown-it's
    default validator refuses javascript:, vbscript:, file: and data: except images)."""
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": False, "linkify": False}).enable("table")
    return mark_safe(renderer.render(text or ""))  # noqa: S308 (html disabled: input is escaped)

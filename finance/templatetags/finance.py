"""Amounts in statements: two decimals, grouped, in the page's language; zero as a dash."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def amount(value, blank_zero: bool = True) -> str:
    if value is None or value == "":
        return ""
    value = Decimal(value)
    if not value and blank_zero:
        return "–"
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


@register.filter
def indent(level: int) -> str:
    """A CSS class that indents a tree row by its level (0-4)."""
    return f"ps-{min(int(level or 0) * 2, 5)}"

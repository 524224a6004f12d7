"""Template helpers of payroll pages: a run's status in the product's palette, a rule's
value in the reader's language."""

from __future__ import annotations

from django import template

from backoffice.templatetags.backoffice import status_badge
from finance.payroll.models.rules import rule_number as _rule_number

register = template.Library()

#: Draft grey, waiting for someone amber, approved green, posted (final, published) blue.
RUN_PALETTE = {
    "draft": "draft",
    "calculated": "pending",
    "reviewed": "pending",
    "approved": "approved",
    "posted": "published",
}


@register.simple_tag
def run_badge(run) -> str:
    return status_badge(RUN_PALETTE.get(run.status, "draft"), run.get_status_display())


@register.filter
def rule_number(value) -> str:
    """A rate or factor without the stored trailing zeros, the reader's way: 0.6000 -> "0,60"
    in Bulgarian, 50.0000 -> "50"."""
    if value is None or value == "":
        return ""
    return _rule_number(value)

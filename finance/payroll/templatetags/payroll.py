"""Template helpers of payroll pages: a run's status in the product's palette."""

from __future__ import annotations

from django import template

from backoffice.templatetags.backoffice import status_badge

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

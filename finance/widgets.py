"""Finance's cards on the home page."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from finance import selectors


def money_today(request: HttpRequest) -> dict:
    figures = selectors.finance_figures(today=timezone.localdate())
    return {"figures": figures}

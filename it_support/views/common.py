"""What the views share: the agent check and the clocks' calendar for a page."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils import timezone

from it_support.permissions import is_agent
from it_support.selectors import business_calendar


def require_agent(request: HttpRequest) -> None:
    if not is_agent(request.user):
        raise PermissionDenied


def page_calendar():
    today = timezone.localdate()
    return business_calendar(start=today - timedelta(days=400), end=today + timedelta(days=400))


def form_errors(exc) -> list[str]:
    """A service's ``ValidationError`` as plain messages for a toast."""
    if hasattr(exc, "message_dict"):
        return [m for messages in exc.message_dict.values() for m in messages]
    return list(exc.messages)

"""What every payroll view checks first."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from finance.payroll import permissions


def need_view(request: HttpRequest) -> None:
    if not permissions.sees_payroll(request.user):
        raise PermissionDenied


def need_manage(request: HttpRequest) -> None:
    if not permissions.manages_payroll(request.user):
        raise PermissionDenied


def error_messages(error) -> list[str]:
    """The messages of a ValidationError, whatever its shape."""
    if hasattr(error, "message_dict"):
        return [m for messages in error.message_dict.values() for m in messages]
    return list(getattr(error, "messages", [str(error)]))

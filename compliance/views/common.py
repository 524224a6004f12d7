"""What the views share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from compliance.permissions import is_officer, may_export_personal_data
from compliance.selectors import may_see_findings


def require_officer(request: HttpRequest) -> None:
    if not is_officer(request.user):
        raise PermissionDenied


def require_findings(request: HttpRequest) -> None:
    if not may_see_findings(viewer=request.user):
        raise PermissionDenied


def require_privacy(request: HttpRequest) -> None:
    if not may_export_personal_data(request.user):
        raise PermissionDenied


def errors_of(exc: ValidationError) -> list[str]:
    if hasattr(exc, "message_dict"):
        return [m for messages in exc.message_dict.values() for m in messages]
    return list(exc.messages)


def add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "message_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)

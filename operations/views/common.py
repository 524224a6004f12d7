"""What the views share: permission guards and turning a service's refusal into form errors."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from operations import permissions


def require(check, request) -> None:
    if not check(request.user):
        raise PermissionDenied


def require_stock(request) -> None:
    require(permissions.sees_stock, request)


def require_manage(request) -> None:
    require(permissions.manages_stock, request)


def errors_to_form(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def messages_of(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [m for ms in exc.message_dict.values() for m in ms]
    return list(exc.messages)


def get_or_404(queryset, pk):
    found = queryset.filter(pk=pk).first()
    if found is None:
        raise Http404
    return found

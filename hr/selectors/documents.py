"""Employee documents: every list, page and download asks here; the rule per kind is
``hr.policies``' (never pay access)."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import QuerySet

from backoffice.models import User
from hr.models import Employee, EmployeeDocument
from hr.policies import document_filter


def document_list(*, viewer: User) -> QuerySet[EmployeeDocument]:
    """Every document ``viewer`` may see."""
    return EmployeeDocument.objects.filter(document_filter(viewer=viewer))


def documents_for(*, viewer: User, employee: Employee) -> QuerySet[EmployeeDocument]:
    return document_list(viewer=viewer).filter(employee=employee).select_related("uploaded_by")


def document_get(*, viewer: User, pk: int) -> EmployeeDocument:
    """Raises EmployeeDocument.DoesNotExist when the viewer may not see it (the view answers 404)."""
    return document_list(viewer=viewer).select_related("employee").get(pk=pk)


def document_visible(*, viewer: User, pk: int | None) -> bool:
    return pk is not None and document_list(viewer=viewer).filter(pk=pk).exists()


def documents_expiring(
    *, viewer: User, within_days: int = 60, today: date
) -> QuerySet[EmployeeDocument]:
    return (
        document_list(viewer=viewer)
        .filter(expires_on__gte=today, expires_on__lte=today + timedelta(days=within_days))
        .select_related("employee")
        .order_by("expires_on")
    )


__all__ = [
    "document_get",
    "document_list",
    "document_visible",
    "documents_expiring",
    "documents_for",
]

"""Assets and licences: IT sees the register; a person sees what they hold."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from backoffice.models import User
from hr.models import Employee
from it_support.models import Asset, AssetAssignment, Licence, LicenceSeat
from it_support.permissions import manages_assets


def asset_list(*, viewer: User) -> QuerySet[Asset]:
    if not manages_assets(viewer):
        return Asset.objects.none()
    return Asset.objects.select_related("holder")


def assets_held(*, employee: Employee) -> QuerySet[AssetAssignment]:
    """What a person holds now, with the open check-out (for the acknowledgement)."""
    return (
        AssetAssignment.objects.filter(employee=employee, checked_in_at__isnull=True)
        .select_related("asset")
        .order_by("asset__tag")
    )


def asset_history(*, asset: Asset) -> QuerySet[AssetAssignment]:
    return asset.assignments.select_related("employee", "checked_out_by")


def seats_held(*, employee: Employee) -> QuerySet[LicenceSeat]:
    return LicenceSeat.objects.filter(employee=employee).select_related("licence")


def licence_list() -> QuerySet[Licence]:
    return Licence.objects.annotate(
        used=Count("seats", filter=Q(seats__employee__isnull=False) | Q(seats__asset__isnull=False))
    )


def licence_seats(*, licence: Licence) -> QuerySet[LicenceSeat]:
    return licence.seats.select_related("employee", "asset")


def assets_by_status() -> dict[str, int]:
    return dict(Asset.objects.values_list("status").annotate(n=Count("pk")).order_by())


def warranties_ending(*, days: int = 60) -> QuerySet[Asset]:
    today = timezone.localdate()
    return Asset.objects.filter(
        warranty_end__gte=today, warranty_end__lte=today + timedelta(days=days)
    ).exclude(status=Asset.Status.RETIRED)


def licences_expiring(*, days: int = 60, today: date | None = None) -> QuerySet[Licence]:
    today = today or timezone.localdate()
    return licence_list().filter(
        expires_on__gte=today, expires_on__lte=today + timedelta(days=days)
    )


def assignment_of(*, viewer: User, pk: int) -> AssetAssignment | None:
    """One of ``viewer``'s own open check-outs (for the acknowledgement)."""
    return (
        AssetAssignment.objects.filter(pk=pk, employee__user=viewer, checked_in_at__isnull=True)
        .select_related("employee")
        .first()
    )

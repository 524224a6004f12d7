"""Small reads the services share: where goods arrive, who Operations are."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from backoffice import roles
from backoffice.models import User
from backoffice.selectors import users_with_role
from operations.models import Place, Warehouse

NO_PLACE = _("The warehouse %(warehouse)s has no places yet; add one first.")


def receiving_place(*, warehouse: Warehouse) -> Place:
    """Where deliveries arrive: the warehouse's first top-level place."""
    place = (
        Place.objects.filter(warehouse=warehouse, parent__isnull=True)
        .select_related("warehouse")
        .order_by("path", "pk")
        .first()
    )
    if place is None:
        raise ValidationError(NO_PLACE, params={"warehouse": warehouse})
    return place


def operations_users() -> QuerySet[User]:
    return users_with_role(role=roles.OPERATIONS)

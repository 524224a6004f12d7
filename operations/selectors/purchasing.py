"""Reads of buying: orders by viewer, suggestions grouped by supplier, what is late."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.db.models import DecimalField, ExpressionWrapper, F, QuerySet, Sum
from django.utils import timezone

from backoffice.models import User
from operations import permissions
from operations.models import PurchaseOrder, Receipt, ReorderSuggestion
from operations.selectors.stock import managed_departments

LINE_TOTAL = ExpressionWrapper(
    F("lines__quantity") * F("lines__price"),
    output_field=DecimalField(max_digits=20, decimal_places=5),
)


def order_list(*, viewer: User) -> QuerySet[PurchaseOrder]:
    orders = PurchaseOrder.objects.select_related("supplier", "warehouse", "department")
    if permissions.sees_all_orders(viewer):
        return orders
    if viewer.has_perm(permissions.DEPARTMENT_ORDERS):
        return orders.filter(department_id__in=managed_departments(viewer=viewer))
    raise PermissionDenied


def order_get(*, viewer: User, pk: int) -> PurchaseOrder:
    return (
        order_list(viewer=viewer).select_related("account", "created_by", "approved_by").get(pk=pk)
    )


def order_lines(*, order: PurchaseOrder):
    return order.lines.select_related("item").order_by("id")


def order_receipts(*, order: PurchaseOrder) -> QuerySet[Receipt]:
    return order.receipts.select_related("actor").prefetch_related("lines__line__item")


def orders_late(*, viewer: User) -> QuerySet[PurchaseOrder]:
    return order_list(viewer=viewer).late(timezone.localdate()).order_by("expected_on")


def suggestions_by_supplier() -> list[tuple[object, list[ReorderSuggestion]]]:
    grouped: dict[int, list[ReorderSuggestion]] = defaultdict(list)
    suppliers = {}
    for s in ReorderSuggestion.objects.select_related("item", "warehouse", "supplier").order_by(
        "supplier__name", "item__sku"
    ):
        grouped[s.supplier_id].append(s)
        suppliers[s.supplier_id] = s.supplier
    return [(suppliers[k], v) for k, v in grouped.items()]


def order_totals(*, orders) -> dict[int, object]:
    rows = (
        PurchaseOrder.objects.filter(pk__in=[o.pk for o in orders])
        .values("pk")
        .annotate(total=Sum(LINE_TOTAL))
    )
    return {r["pk"]: r["total"] for r in rows}


def receipt_list(*, viewer: User) -> QuerySet[Receipt]:
    if not permissions.sees_all_orders(viewer):
        raise PermissionDenied
    return Receipt.objects.select_related("order__supplier", "order__warehouse", "actor")

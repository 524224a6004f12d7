"""Reads of the stock ledger: the stock list, an item's history, quantity and value at any past
date (one aggregate over the movements, served by covering indexes), and who sees what."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import (
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, TruncMonth

from backoffice.models import User
from finance.selectors import departments
from hr.selectors import employee_for_user, managed_department_ids
from operations import permissions
from operations.models import (
    Balance,
    Item,
    ItemCategory,
    ItemCost,
    Movement,
    Place,
    ReconciliationFinding,
    ReorderRule,
    StockCount,
    Warehouse,
)

ZERO_Q = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=3))


def _require_stock(viewer: User) -> None:
    if not permissions.sees_stock(viewer):
        raise PermissionDenied


def warehouse_list(*, viewer: User) -> QuerySet[Warehouse]:
    _require_stock(viewer)
    return Warehouse.objects.select_related("location", "department").order_by("name")


def warehouse_options() -> QuerySet[Warehouse]:
    return Warehouse.objects.filter(active=True).order_by("name")


def place_options(*, warehouse: Warehouse | None = None) -> QuerySet[Place]:
    places = Place.objects.select_related("warehouse").order_by("warehouse__name", "path")
    return places.filter(warehouse=warehouse) if warehouse is not None else places


def category_options() -> QuerySet[ItemCategory]:
    return ItemCategory.objects.order_by("name")


def department_choices():
    return departments()


def stock_list(
    *, viewer: User, warehouse: Warehouse | None = None, search: str = "", under: bool = False
) -> QuerySet[Item]:
    """Items with what is on hand (in ``warehouse`` or everywhere), the average cost and the
    value; ``under``: only items under a reorder level. Two subqueries per row, on one page."""
    _require_stock(viewer)
    balances = Balance.objects.filter(item=OuterRef("pk"))
    if warehouse is not None:
        balances = balances.filter(warehouse=warehouse)
    on_hand = Subquery(
        balances.values("item").annotate(q=Sum("quantity")).values("q")[:1],
        output_field=DecimalField(max_digits=14, decimal_places=3),
    )
    items = (
        Item.objects.select_related("category", "cost")
        .annotate(on_hand=Coalesce(on_hand, ZERO_Q))
        .annotate(
            value=F("on_hand") * Coalesce(F("cost__average"), Value(Decimal("0"))),
        )
    )
    if search:
        items = items.filter(search_text__contains=search.casefold())
    if warehouse is not None:
        items = items.filter(
            Exists(Balance.objects.filter(item=OuterRef("pk"), warehouse=warehouse))
            | Exists(ReorderRule.objects.filter(item=OuterRef("pk"), warehouse=warehouse))
        )
    if under:
        rules = ReorderRule.objects.filter(item=OuterRef("pk"))
        if warehouse is not None:
            rules = rules.filter(warehouse=warehouse)
        items = items.filter(
            Exists(
                rules.filter(
                    level__gt=Coalesce(
                        Subquery(
                            Balance.objects.filter(
                                item=OuterRef("item"), warehouse=OuterRef("warehouse")
                            )
                            .values("item")
                            .annotate(q=Sum("quantity"))
                            .values("q")[:1]
                        ),
                        ZERO_Q,
                    )
                )
            )
        )
    return items.order_by("sku")


def item_get(*, viewer: User, pk: int) -> Item:
    _require_stock(viewer)
    return Item.objects.select_related("category", "supplier", "cost").get(pk=pk)


def item_balances(*, item: Item) -> QuerySet[Balance]:
    return (
        Balance.objects.filter(item=item)
        .exclude(quantity=0)
        .select_related("place__warehouse")
        .order_by("place__warehouse__name", "place__path")
    )


def item_history(*, item: Item) -> QuerySet[Movement]:
    return (
        Movement.objects.filter(item=item)
        .select_related("place__warehouse", "department", "actor")
        .order_by("-at", "-id")
    )


def stock_at(
    *, day: date, warehouse: Warehouse | None = None, item: Item | None = None
) -> dict[str, Decimal]:
    """Quantity and value at the end of ``day``: one aggregate over the movements."""
    movements = Movement.objects.until(day)
    if warehouse is not None:
        movements = movements.filter(warehouse=warehouse)
    if item is not None:
        movements = movements.filter(item=item)
    return movements.totals()


def warehouse_values_at(*, day: date) -> dict[int, Decimal]:
    rows = Movement.objects.until(day).values("warehouse").annotate(v=Sum("value"))
    return {r["warehouse"]: r["v"] or Decimal("0") for r in rows}


def value_trend(*, month_ends: list[date], warehouse: Warehouse | None = None) -> list[Decimal]:
    """The stock value at each of ``month_ends``, in two queries whatever the history's length.

    For all warehouses the value now is the sum of the items' cached values (kept with every
    movement), and the value at a past day is that less what moved after it: only the movements
    since the first month end are read. One warehouse's value adds its movements up by month."""
    start = min(month_ends)
    if warehouse is None:
        total = ItemCost.objects.aggregate(v=Sum("value"))["v"] or Decimal("0")
        later = Movement.objects.filter(day__gt=start).values("day").annotate(v=Sum("value"))
        sums = [(row["day"], row["v"] or Decimal("0")) for row in later]
        return [
            total - sum((v for day, v in sums if day > end), Decimal("0")) for end in month_ends
        ]
    monthly = (
        Movement.objects.filter(warehouse=warehouse, day__lte=max(month_ends))
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(v=Sum("value"))
        .order_by("month")
    )
    sums = [(row["month"], row["v"] or Decimal("0")) for row in monthly]
    return [sum((v for month, v in sums if month <= end), Decimal("0")) for end in month_ends]


def issue_list(*, viewer: User) -> QuerySet[Movement]:
    """Issues to departments: Operations and Finance see all, a manager their department's."""
    issues = Movement.objects.filter(kind=Movement.Kind.ISSUE).select_related(
        "item", "place__warehouse", "department", "actor"
    )
    if permissions.sees_stock(viewer):
        return issues
    if viewer.has_perm(permissions.DEPARTMENT_ORDERS):
        return issues.filter(department_id__in=managed_departments(viewer=viewer))
    raise PermissionDenied


def managed_departments(*, viewer: User) -> set[int]:
    """The departments a manager answers for: those they head, else the one they work in."""
    headed = managed_department_ids(viewer=viewer)
    if headed:
        return headed
    me = employee_for_user(user=viewer)
    return {me.department_id} if me is not None and me.department_id else set()


def findings_recent(*, limit: int = 20) -> QuerySet[ReconciliationFinding]:
    return ReconciliationFinding.objects.select_related("item", "place__warehouse")[:limit]


def items_in_warehouse(*, warehouse: Warehouse) -> QuerySet[Item]:
    """Items kept in ``warehouse``: with a balance or a reorder level there."""
    return Item.objects.filter(
        Q(Exists(Balance.objects.filter(item=OuterRef("pk"), warehouse=warehouse)))
        | Q(Exists(ReorderRule.objects.filter(item=OuterRef("pk"), warehouse=warehouse)))
    )


def counts_open() -> QuerySet[StockCount]:
    return StockCount.objects.filter(
        status__in=[StockCount.Status.COUNTING, StockCount.Status.REVIEW]
    ).select_related("warehouse", "place")

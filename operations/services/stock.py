"""Stock movements, the only truth: every change of stock is one append-only row (two for a
transfer), written with the balance of its item and place and the item's moving weighted average
cost in one transaction, under row locks so two people issuing the last units cannot both win.
An issue to a department is posted to the ledger in the same transaction."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.money import round_money
from backoffice.services import action_record
from finance.interface import LineIn, Source
from finance.services import journal_entry_post
from operations.audit import OpsAudit
from operations.models import Balance, Item, ItemCost, Movement, Place, ReconciliationFinding

NOT_POSITIVE = _("Enter a quantity above zero.")
NOT_ENOUGH = _(
    "Only %(available)s of %(item)s at %(place)s; %(wanted)s cannot be taken out. Nothing was changed."
)
SAME_PLACE = _("Choose a different place to transfer to.")
OTHER_WAREHOUSE_PLACE = _("That place is not in this warehouse.")
NEEDS_REASON = _("Give the reason for the adjustment.")
NEEDS_DEPARTMENT = _("Choose the department the stock is issued to.")
NEGATIVE_COST = _("A unit cost cannot be negative.")
INACTIVE_ITEM = _("%(item)s is not active.")
Q3 = Decimal("0.001")
C4 = Decimal("0.0001")
STOCK_ACCOUNT = "302"  # Materials
CONSUMPTION_ACCOUNT = "601"  # Materials expense


def _quantity(value: Any, field: str = "quantity") -> Decimal:
    try:
        quantity = Decimal(str(value)).quantize(Q3)
    except (ArithmeticError, ValueError):
        raise ValidationError({field: NOT_POSITIVE}) from None
    if quantity <= 0:
        raise ValidationError({field: NOT_POSITIVE})
    return quantity


def _cost_locked(item: Item) -> ItemCost:
    ItemCost.objects.get_or_create(item=item)
    return ItemCost.objects.select_for_update().get(item=item)


def _balance_locked(item: Item, place: Place) -> Balance:
    Balance.objects.get_or_create(
        item=item, place=place, defaults={"warehouse_id": place.warehouse_id}
    )
    return Balance.objects.select_for_update().get(item=item, place=place)


def _post(
    *,
    kind: str,
    item: Item,
    legs: list[tuple[Place, Decimal]],
    unit_cost: Decimal | None,
    day: date | None,
    actor: User | None,
    department: Any = None,
    reason: str = "",
    source: str = "",
) -> list[Movement]:
    """Write the movements of one event. ``legs`` are (place, signed quantity); ``unit_cost`` is
    the price of goods coming in (None: the item's current average)."""
    now = timezone.now()
    day = day or timezone.localdate()
    cost = _cost_locked(item)
    # Balances in place order, so two transactions locking the same pair never deadlock.
    balances = {
        place.pk: _balance_locked(item, place) for place, _q in sorted(legs, key=lambda x: x[0].pk)
    }
    net = sum((q for _p, q in legs), Decimal("0"))
    movements = []
    for place, quantity in legs:
        balance = balances[place.pk]
        new_quantity = balance.quantity + quantity
        if new_quantity < 0 and not place.warehouse.allow_negative:
            raise ValidationError(
                {
                    "quantity": ValidationError(
                        NOT_ENOUGH,
                        params={
                            "available": f"{balance.quantity.normalize():f} {item.get_unit_display()}",
                            "item": item.name,
                            "place": str(place),
                            "wanted": f"{(-quantity).normalize():f}",
                        },
                    )
                }
            )
        if quantity > 0 and unit_cost is not None:
            price = unit_cost
            value = round_money(quantity * price)
        elif net == 0:  # a transfer: both legs at the average, the item's value unchanged
            price = cost.average
            value = round_money(quantity * price)
        else:
            price = cost.average
            if quantity < 0 and cost.quantity + quantity == 0:
                value = -cost.value  # the last units take the value that is left, to the cent
            else:
                value = round_money(quantity * price)
        balance.quantity = new_quantity
        balance.save(update_fields=["quantity"])
        movements.append(
            Movement(
                kind=kind,
                item=item,
                place=place,
                warehouse_id=place.warehouse_id,
                quantity=quantity,
                unit_cost=price,
                value=value,
                day=day,
                at=now,
                department=department,
                reason=reason[:200],
                source=source[:40],
                actor=actor,
            )
        )
    if net != 0:
        cost.quantity += net
        cost.value += sum((m.value for m in movements), Decimal("0"))
        if cost.quantity > 0:
            cost.average = (cost.value / cost.quantity).quantize(C4)
        cost.save(update_fields=["quantity", "value", "average"])
    return Movement.objects.bulk_create(movements)


def _check_item(item: Item) -> None:
    if not item.active:
        raise ValidationError({"item": ValidationError(INACTIVE_ITEM, params={"item": item})})


@transaction.atomic
def stock_receive(
    *,
    item: Item,
    place: Place,
    quantity: Any,
    unit_cost: Any,
    actor: User | None,
    day: date | None = None,
    source: str = "",
    reason: str = "",
) -> Movement:
    quantity = _quantity(quantity)
    price = Decimal(str(unit_cost)).quantize(C4)
    if price < 0:
        raise ValidationError({"unit_cost": NEGATIVE_COST})
    return _post(
        kind=Movement.Kind.RECEIPT,
        item=item,
        legs=[(place, quantity)],
        unit_cost=price,
        day=day,
        actor=actor,
        source=source,
        reason=reason,
    )[0]


@transaction.atomic
def stock_issue(
    *,
    item: Item,
    place: Place,
    quantity: Any,
    department: Any,
    actor: User | None,
    day: date | None = None,
    reason: str = "",
) -> Movement:
    quantity = _quantity(quantity)
    if department is None:
        raise ValidationError({"department": NEEDS_DEPARTMENT})
    _check_item(item)
    movement = _post(
        kind=Movement.Kind.ISSUE,
        item=item,
        legs=[(place, -quantity)],
        unit_cost=None,
        day=day,
        actor=actor,
        department=department,
        reason=reason,
    )[0]
    _issue_post(movement=movement, item=item, department=department, actor=actor)
    return movement


def _issue_post(*, movement: Movement, item: Item, department: Any, actor: User | None) -> None:
    """The value issued leaves stock for the department's costs in the same transaction, through
    finance's posting service: an issue the ledger refuses (no chart, a locked period) is not
    written either."""
    value = -movement.value
    if not value:
        return
    text = f"{item.sku} x {-movement.quantity}"
    journal_entry_post(
        date=movement.day,
        lines=[
            LineIn(
                account=CONSUMPTION_ACCOUNT,
                debit=value,
                department=getattr(department, "pk", department),
                text=text,
            ),
            LineIn(account=STOCK_ACCOUNT, credit=value, text=text),
        ],
        memo=f"Stock issue {item.sku}",
        source=Source(
            type="operations.issue",
            id=str(movement.pk),
            label=text,
            url=reverse("operations:item-detail", args=[item.pk]),
        ),
        key=f"operations.issue:{movement.pk}",
        actor=actor,
    )


@transaction.atomic
def stock_transfer(
    *,
    item: Item,
    from_place: Place,
    to_place: Place,
    quantity: Any,
    actor: User | None,
    day: date | None = None,
) -> list[Movement]:
    quantity = _quantity(quantity)
    if from_place.pk == to_place.pk:
        raise ValidationError({"to_place": SAME_PLACE})
    return _post(
        kind=Movement.Kind.TRANSFER,
        item=item,
        legs=[(from_place, -quantity), (to_place, quantity)],
        unit_cost=None,
        day=day,
        actor=actor,
    )


@transaction.atomic
def stock_adjust(
    *,
    item: Item,
    place: Place,
    quantity: Any,
    reason: str,
    actor: User | None,
    kind: str = Movement.Kind.ADJUSTMENT,
    day: date | None = None,
    source: str = "",
) -> Movement:
    """Add (positive) or remove (negative) stock found or lost, at the item's average cost."""
    try:
        signed = Decimal(str(quantity)).quantize(Q3)
    except (ArithmeticError, ValueError):
        raise ValidationError({"quantity": NOT_POSITIVE}) from None
    if signed == 0:
        raise ValidationError({"quantity": NOT_POSITIVE})
    if not (reason or "").strip():
        raise ValidationError({"reason": NEEDS_REASON})
    movement = _post(
        kind=kind,
        item=item,
        legs=[(place, signed)],
        unit_cost=None,
        day=day,
        actor=actor,
        reason=reason.strip(),
        source=source,
    )[0]
    if kind == Movement.Kind.ADJUSTMENT:
        action_record(
            kind=OpsAudit.STOCK_ADJUSTED,
            summary=gettext_noop("%(item)s adjusted by %(quantity)s: %(reason)s"),
            params={"item": item.sku, "quantity": str(signed), "reason": reason.strip()},
            actor=actor,
            target=movement,
        )
    return movement


MISMATCHES = """
SELECT m.item_id, m.place_id FROM (
    SELECT item_id, place_id, SUM(quantity) AS q FROM operations_movement GROUP BY item_id, place_id
) m
LEFT JOIN operations_balance b ON b.item_id = m.item_id AND b.place_id = m.place_id
WHERE b.id IS NULL OR b.quantity <> m.q
UNION
SELECT b.item_id, b.place_id FROM operations_balance b
WHERE b.quantity <> 0 AND NOT EXISTS (
    SELECT 1 FROM operations_movement m WHERE m.item_id = b.item_id AND m.place_id = b.place_id
)
"""


def stock_reconcile(*, actor: User | None = None) -> list[ReconciliationFinding]:
    """Compare every balance with the sum of its movements; a difference is recorded as a finding
    and the balance set right. Each difference is re-checked under the balance's lock, so a
    movement written meanwhile is never mistaken for drift; a second run finds nothing."""
    with connection.cursor() as cursor:
        cursor.execute(MISMATCHES)
        suspects = cursor.fetchall()
    findings = []
    today = timezone.localdate()
    for item_id, place_id in suspects:
        with transaction.atomic():
            place = Place.objects.get(pk=place_id)
            Balance.objects.get_or_create(
                item_id=item_id, place=place, defaults={"warehouse_id": place.warehouse_id}
            )
            balance = Balance.objects.select_for_update().get(item_id=item_id, place=place)
            expected = Movement.objects.filter(item_id=item_id, place=place).aggregate(
                q=Sum("quantity")
            )["q"] or Decimal("0")
            if balance.quantity == expected:
                continue
            findings.append(
                ReconciliationFinding.objects.create(
                    found_on=today,
                    item_id=item_id,
                    place=place,
                    recorded=balance.quantity,
                    expected=expected,
                )
            )
            balance.quantity = expected
            balance.save(update_fields=["quantity"])
    if findings:
        with transaction.atomic():
            action_record(
                kind=OpsAudit.RECONCILED,
                summary=gettext_noop("%(count)s stock balances differed from their movements"),
                params={"count": len(findings)},
                actor=actor,
            )
    return findings


COST_MISMATCHES = """
SELECT m.item_id FROM (
    SELECT item_id, SUM(quantity) AS q, SUM(value) AS v FROM operations_movement GROUP BY item_id
) m
LEFT JOIN operations_itemcost c ON c.item_id = m.item_id
WHERE c.item_id IS NULL OR c.quantity <> m.q OR c.value <> m.v
"""


def stock_costs_reconcile(*, actor: User | None = None) -> int:
    """Set each item's cached quantity and value (behind the moving average and the all-warehouse
    value trend) back to the sum of its movements where they differ; the number of items fixed."""
    with connection.cursor() as cursor:
        cursor.execute(COST_MISMATCHES)
        suspects = [row[0] for row in cursor.fetchall()]
    fixed = 0
    for item_id in suspects:
        with transaction.atomic():
            ItemCost.objects.get_or_create(item_id=item_id)
            cost = ItemCost.objects.select_for_update().get(item_id=item_id)
            sums = Movement.objects.filter(item_id=item_id).aggregate(
                q=Sum("quantity"), v=Sum("value")
            )
            quantity, value = sums["q"] or Decimal("0"), sums["v"] or Decimal("0")
            if (cost.quantity, cost.value) == (quantity, value):
                continue
            cost.quantity, cost.value = quantity, value
            if quantity > 0:
                cost.average = (value / quantity).quantize(C4)
            cost.save(update_fields=["quantity", "value", "average"])
            fixed += 1
    if fixed:
        with transaction.atomic():
            action_record(
                kind=OpsAudit.RECONCILED,
                summary=gettext_noop("%(count)s item costs differed from their movements"),
                params={"count": fixed},
                actor=actor,
            )
    return fixed

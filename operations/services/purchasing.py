"""Buying: reorder suggestions net of what is on order, suggested orders confirmed as drafts in one
step, approval against the department's budget, sending (PDF e-mailed by a job), and receipts that
write the stock movements and finance's draft supplier bill in one transaction."""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.money import round_money
from backoffice.selectors import notification_list
from backoffice.services import action_record, job_start, notification_send
from finance.interface import Source
from operations.audit import OpsAudit
from operations.models import (
    Balance,
    Item,
    Place,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
    ReorderRule,
    ReorderSuggestion,
    Warehouse,
)
from operations.permissions import OVER_BUDGET
from operations.selectors.common import receiving_place
from operations.services.stock import NOT_POSITIVE, Q3, stock_receive

S = PurchaseOrder.Status
NO_LINES = _("An order needs at least one line with a quantity.")
NOT_DRAFT = _("Only a draft order can be approved.")
NOT_APPROVED = _("Only an approved order can be sent.")
NOT_RECEIVABLE = _("This order is %(status)s: nothing can be received against it.")
OVER_ORDERED = _(
    "%(item)s: %(quantity)s is more than the %(left)s still expected; give the reason for receiving more."
)
OVER_BUDGET_REFUSED = _(
    "The order (%(total)s) exceeds what is left of the budget (%(left)s); "
    "approving it needs the permission to exceed the budget."
)
OVER_BUDGET_REASON = _("Give the reason for exceeding the budget.")
NOT_CANCELLABLE = _("Only an order with nothing received can be cancelled.")
NOT_CLOSABLE = _("Only a sent or partly received order can be closed.")
NEGATIVE_PRICE = _("A price cannot be negative.")
NOTHING_RECEIVED = _("Enter the quantity received on at least one line.")
STOCK_ACCOUNT = "302"


def _number(order: PurchaseOrder) -> str:
    return f"PO-{order.ordered_on.year}-{order.pk:05d}"


@transaction.atomic
def purchase_order_create(
    *,
    supplier: Any,
    warehouse: Warehouse,
    lines: Iterable[tuple[Item, Any, Any]],
    actor: User | None,
    department: Any = None,
    account: Any = None,
    expected_on: date | None = None,
    note: str = "",
) -> PurchaseOrder:
    """A draft order; ``lines`` are (item, quantity, unit price)."""
    cleaned = []
    for item, quantity, price in lines:
        try:
            quantity = Decimal(str(quantity)).quantize(Q3)
            price = round_money(Decimal(str(price if price not in (None, "") else 0)))
        except ArithmeticError:
            raise ValidationError({"lines": NOT_POSITIVE}) from None
        if quantity <= 0:
            raise ValidationError({"lines": NOT_POSITIVE})
        if price < 0:
            raise ValidationError({"lines": NEGATIVE_PRICE})
        cleaned.append((item, quantity, price))
    if not cleaned:
        raise ValidationError({"lines": NO_LINES})
    today = timezone.localdate()
    if expected_on is None:
        expected_on = today + timedelta(days=max(i.lead_time_days for i, _q, _p in cleaned))
    order = PurchaseOrder.objects.create(
        number=f"tmp-{uuid.uuid4().hex[:16]}",
        supplier_id=getattr(supplier, "pk", supplier),
        warehouse=warehouse,
        department=department if department is not None else warehouse.department,
        account=account,
        ordered_on=today,
        expected_on=expected_on,
        note=note[:300],
        created_by=actor,
    )
    order.number = _number(order)
    order.save(update_fields=["number"])
    PurchaseOrderLine.objects.bulk_create(
        PurchaseOrderLine(order=order, item=item, quantity=q, price=p) for item, q, p in cleaned
    )
    return order


def order_total(order: PurchaseOrder) -> Decimal:
    return sum((round_money(ln.quantity * ln.price) for ln in order.lines.all()), Decimal("0.00"))


def order_budget(order: PurchaseOrder):
    """What is left of the department's budget for the order's account, or None when the order
    names no department or account."""
    if order.department_id is None or order.account_id is None:
        return None
    from finance.selectors import budget_remaining

    return budget_remaining(
        department=order.department_id, account=order.account, on=timezone.localdate()
    )


@transaction.atomic
def purchase_order_approve(*, order: PurchaseOrder, actor: User, reason: str = "") -> PurchaseOrder:
    order = PurchaseOrder.objects.select_for_update().get(pk=order.pk)
    if order.status != S.DRAFT:
        raise ValidationError(NOT_DRAFT)
    total = order_total(order)
    left = order_budget(order)
    if left is not None and total > left.remaining:
        if not actor.has_perm(OVER_BUDGET):
            raise ValidationError(
                OVER_BUDGET_REFUSED, params={"total": total, "left": left.remaining}
            )
        if not reason.strip():
            raise ValidationError({"reason": OVER_BUDGET_REASON})
        order.over_budget_reason = reason.strip()[:300]
    order.status = S.APPROVED
    order.approved_by = actor
    order.approved_at = timezone.now()
    order.save(update_fields=["status", "approved_by", "approved_at", "over_budget_reason"])
    action_record(
        kind=OpsAudit.ORDER_APPROVED,
        summary=gettext_noop("Purchase order %(number)s approved"),
        params={"number": order.number},
        actor=actor,
        target=order,
    )
    return order


@transaction.atomic
def purchase_order_send(*, order: PurchaseOrder, actor: User):
    """Mark the order sent and start the job that renders its PDF and e-mails the supplier."""
    order = PurchaseOrder.objects.select_for_update().get(pk=order.pk)
    if order.status != S.APPROVED:
        raise ValidationError(NOT_APPROVED)
    order.status = S.SENT
    order.sent_at = timezone.now()
    order.save(update_fields=["status", "sent_at"])
    action_record(
        kind=OpsAudit.ORDER_SENT,
        summary=gettext_noop("Purchase order %(number)s sent"),
        params={"number": order.number},
        actor=actor,
        target=order,
    )
    return job_start(
        kind="operations.order_send",
        params={"order": order.pk},
        requested_by=actor,
        idempotency_key=f"operations.order_send:{order.pk}",
    )


@transaction.atomic
def purchase_order_cancel(*, order: PurchaseOrder, actor: User) -> PurchaseOrder:
    order = PurchaseOrder.objects.select_for_update().get(pk=order.pk)
    if order.status not in (S.DRAFT, S.APPROVED, S.SENT) or order.receipts.exists():
        raise ValidationError(NOT_CANCELLABLE)
    order.status = S.CANCELLED
    order.save(update_fields=["status"])
    action_record(
        kind=OpsAudit.ORDER_CANCELLED,
        summary=gettext_noop("Purchase order %(number)s cancelled"),
        params={"number": order.number},
        actor=actor,
        target=order,
    )
    return order


@transaction.atomic
def purchase_order_close(*, order: PurchaseOrder, actor: User) -> PurchaseOrder:
    """Close an order: what was not delivered is no longer expected."""
    order = PurchaseOrder.objects.select_for_update().get(pk=order.pk)
    if order.status not in (S.SENT, S.PARTLY_RECEIVED, S.RECEIVED):
        raise ValidationError(NOT_CLOSABLE)
    order.status = S.CLOSED
    order.save(update_fields=["status"])
    return order


@transaction.atomic
def purchase_order_receive(
    *,
    order: PurchaseOrder,
    quantities: Mapping[int, Any],
    actor: User | None,
    received_on: date | None = None,
    reason: str = "",
    place: Place | None = None,
    prices: Mapping[int, Any] | None = None,
) -> Receipt:
    """Receive ``quantities`` (order line id -> quantity): stock movements into the warehouse and
    a draft supplier bill in finance, in one transaction (either both are written or neither)."""
    order = PurchaseOrder.objects.select_for_update().get(pk=order.pk)
    if order.status not in (S.APPROVED, S.SENT, S.PARTLY_RECEIVED):
        raise ValidationError(NOT_RECEIVABLE, params={"status": order.get_status_display()})
    received_on = received_on or timezone.localdate()
    place = place or receiving_place(warehouse=order.warehouse)
    lines = {ln.pk: ln for ln in order.lines.select_related("item").select_for_update()}
    wanted = []
    for line_id, raw in quantities.items():
        line = lines.get(int(line_id))
        if line is None or raw in (None, ""):
            continue
        try:
            quantity = Decimal(str(raw)).quantize(Q3)
        except ArithmeticError:
            raise ValidationError({f"line_{line_id}": NOT_POSITIVE}) from None
        if not quantity.is_finite() or quantity.adjusted() >= 11:  # NaN, Infinity, absurd sizes
            raise ValidationError({f"line_{line_id}": NOT_POSITIVE})
        if quantity == 0:
            continue
        if quantity < 0:
            raise ValidationError({f"line_{line_id}": NOT_POSITIVE})
        if quantity > line.outstanding and not reason.strip():
            raise ValidationError(
                {
                    f"line_{line_id}": ValidationError(
                        OVER_ORDERED,
                        params={
                            "item": line.item.name,
                            "quantity": f"{quantity.normalize():f}",
                            "left": f"{line.outstanding.normalize():f}",
                        },
                    )
                }
            )
        price = line.price
        if prices and prices.get(line.pk) not in (None, ""):
            price = round_money(Decimal(str(prices[line.pk])))
            if price < 0:
                raise ValidationError({f"line_{line_id}": NEGATIVE_PRICE})
        wanted.append((line, quantity, price))
    if not wanted:
        raise ValidationError(NOTHING_RECEIVED)
    receipt = Receipt.objects.create(
        order=order, received_on=received_on, reason=reason.strip()[:300], actor=actor
    )
    for line, quantity, price in wanted:
        ReceiptLine.objects.create(receipt=receipt, line=line, quantity=quantity, price=price)
        stock_receive(
            item=line.item,
            place=place,
            quantity=quantity,
            unit_cost=price,
            actor=actor,
            day=received_on,
            source=f"receipt:{receipt.pk}",
        )
        PurchaseOrderLine.objects.filter(pk=line.pk).update(received=F("received") + quantity)
    outstanding = any(
        ln.quantity > ln.received for ln in PurchaseOrderLine.objects.filter(order=order)
    )
    order.status = S.PARTLY_RECEIVED if outstanding else S.RECEIVED
    order.save(update_fields=["status"])
    bill = _supplier_bill(order=order, receipt=receipt, wanted=wanted, actor=actor)
    receipt.bill_reference = str(getattr(bill, "pk", "") or "")
    receipt.save(update_fields=["bill_reference"])
    action_record(
        kind=OpsAudit.ORDER_RECEIVED,
        summary=gettext_noop("Goods received against %(number)s"),
        params={"number": order.number},
        actor=actor,
        target=order,
    )
    return receipt


def _supplier_bill(*, order, receipt, wanted, actor):
    """Finance's draft supplier bill for what was received (finance's own service)."""
    from finance.interface import BillLineIn
    from finance.services import supplier_bill_draft_create

    return supplier_bill_draft_create(
        supplier=order.supplier,
        lines=[
            BillLineIn(
                description=f"{line.item.sku} {line.item.name}"[:200],
                quantity=quantity,
                unit_price=price,
                account=STOCK_ACCOUNT,
            )
            for line, quantity, price in wanted
        ],
        bill_date=receipt.received_on,
        source=Source(
            type="operations.receipt",
            id=str(receipt.pk),
            label=f"{order.number} / {receipt.received_on.isoformat()}",
            url=reverse("operations:order-detail", args=[order.pk]),
        ),
        key=f"operations.receipt:{receipt.pk}",
        actor=actor,
    )


def _on_hand() -> dict[tuple[int, int], Decimal]:
    rows = Balance.objects.values("item_id", "warehouse_id").annotate(q=Sum("quantity"))
    return {(r["item_id"], r["warehouse_id"]): r["q"] for r in rows}


def _on_order() -> dict[tuple[int, int], Decimal]:
    rows = (
        PurchaseOrderLine.objects.filter(order__status__in=PurchaseOrder.OPEN)
        .values("item_id", "order__warehouse_id")
        .annotate(q=Sum(F("quantity") - F("received")))
    )
    return {(r["item_id"], r["order__warehouse_id"]): max(r["q"], Decimal("0")) for r in rows}


@transaction.atomic
def reorder_suggestions_refresh() -> int:
    """Rebuild the suggestions: every item whose stock in a warehouse, plus what is on order and
    not yet received there, is under its reorder level; the same result however often it runs."""
    on_hand, on_order = _on_hand(), _on_order()
    now = timezone.now()
    fresh = []
    rules = ReorderRule.objects.filter(
        item__active=True, item__supplier__isnull=False
    ).select_related("item")
    for rule in rules:
        key = (rule.item_id, rule.warehouse_id)
        have, coming = on_hand.get(key, Decimal("0")), on_order.get(key, Decimal("0"))
        if have + coming >= rule.level:
            continue
        fresh.append(
            ReorderSuggestion(
                item=rule.item,
                warehouse_id=rule.warehouse_id,
                supplier_id=rule.item.supplier_id,
                on_hand=have,
                on_order=coming,
                level=rule.level,
                quantity=max(rule.quantity, rule.level - have - coming),
                price=rule.item.supplier_price or Decimal("0.00"),
                refreshed_at=now,
            )
        )
    ReorderSuggestion.objects.all().delete()
    ReorderSuggestion.objects.bulk_create(fresh)
    return len(fresh)


def reorder_nightly() -> int:
    """The nightly refresh; tells Operations once a day how many items are under their level."""
    count = reorder_suggestions_refresh()
    if not count:
        return 0
    from operations.selectors.common import operations_users

    today = timezone.localdate()
    for user in operations_users():
        already = (
            notification_list(viewer=user)
            .filter(kind="operations.reorder", created_at__date=today)
            .exists()
        )
        if already:
            continue
        notification_send(
            recipient=user,
            kind="operations.reorder",
            title=gettext_noop("%(count)s items are under their reorder level"),
            params={"count": count},
            url=reverse("operations:suggestion-list"),
        )
    return count


@transaction.atomic
def suggestions_confirm(*, quantities: Mapping[int, Any], actor: User) -> list[PurchaseOrder]:
    """Turn the suggestions (id -> quantity, possibly edited) into draft orders, one per supplier
    and warehouse; a blank or zero quantity leaves the suggestion out."""
    suggestions = {
        s.pk: s
        for s in ReorderSuggestion.objects.select_for_update()
        .filter(pk__in=[int(k) for k in quantities])
        .select_related("item", "warehouse")
    }
    groups: dict[tuple[int, int], list] = defaultdict(list)
    used = []
    for pk, raw in quantities.items():
        suggestion = suggestions.get(int(pk))
        if suggestion is None or raw in (None, ""):
            continue
        try:
            quantity = Decimal(str(raw)).quantize(Q3)
        except ArithmeticError:
            raise ValidationError({f"qty_{pk}": NOT_POSITIVE}) from None
        if quantity == 0:
            continue
        if quantity < 0:
            raise ValidationError({f"qty_{pk}": NOT_POSITIVE})
        groups[(suggestion.supplier_id, suggestion.warehouse_id)].append(
            (suggestion.item, quantity, suggestion.price)
        )
        used.append(suggestion.pk)
    if not groups:
        raise ValidationError(NO_LINES)
    orders = []
    for (supplier_id, warehouse_id), lines in sorted(groups.items()):
        warehouse = next(
            s.warehouse for s in suggestions.values() if s.warehouse_id == warehouse_id
        )
        orders.append(
            purchase_order_create(
                supplier=supplier_id,
                warehouse=warehouse,
                lines=lines,
                actor=actor,
            )
        )
    ReorderSuggestion.objects.filter(pk__in=used).delete()
    return orders

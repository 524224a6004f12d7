"""Stock counts: a sheet of what should be there, counted on a phone, reviewed, then posted as
count corrections and to the ledger through finance's posting service (stock against an expense
for a loss, against other income for a gain)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record
from finance.interface import LineIn, Source
from finance.services import journal_entry_post
from operations.audit import OpsAudit
from operations.models import Balance, CountLine, Item, Movement, Place, StockCount, Warehouse
from operations.selectors.common import receiving_place
from operations.selectors.stock import items_in_warehouse
from operations.services.stock import Q3, stock_adjust

STOCK_ACCOUNT = "302"
LOSS_ACCOUNT = "601"
GAIN_ACCOUNT = "709"
NOT_IN_WAREHOUSE = _("%(item)s is not kept in %(warehouse)s; it cannot be counted here.")
NOT_COUNTING = _("This count is no longer open for counting.")
NOT_IN_REVIEW = _("Only a count in review can be posted.")
NEGATIVE_COUNT = _("A counted quantity cannot be negative.")
UNKNOWN_ITEM = _("No item with that barcode or SKU.")
NEEDS_DEPARTMENT = _("The warehouse %(warehouse)s needs a department to post count losses to.")
PLACE_ELSEWHERE = _("That place is not in the counted warehouse or bin.")


@transaction.atomic
def count_start(*, warehouse: Warehouse, actor: User, place: Place | None = None) -> StockCount:
    """A count sheet with what the balances say now, per item and place (the snapshot that the
    counted quantities are compared with)."""
    count = StockCount.objects.create(
        warehouse=warehouse, place=place, started_on=timezone.localdate(), created_by=actor
    )
    balances = Balance.objects.filter(warehouse=warehouse).exclude(quantity=0)
    if place is not None:
        balances = balances.filter(place__path__startswith=place.path)
    CountLine.objects.bulk_create(
        CountLine(count=count, item_id=b.item_id, place_id=b.place_id, expected=b.quantity)
        for b in balances
    )
    return count


def item_by_code(*, code: str) -> Item:
    code = (code or "").replace("\x00", "").strip()
    item = Item.objects.filter(barcode=code).first() if code else None
    item = item or (Item.objects.filter(sku__iexact=code).first() if code else None)
    if item is None:
        raise ValidationError({"code": UNKNOWN_ITEM})
    return item


@transaction.atomic
def count_record(
    *, count: StockCount, item: Item, counted: Any, actor: User, place: Place | None = None
) -> CountLine:
    count = StockCount.objects.select_for_update().select_related("warehouse").get(pk=count.pk)
    if count.status != StockCount.Status.COUNTING:
        raise ValidationError(NOT_COUNTING)
    try:
        quantity = Decimal(str(counted)).quantize(Q3)
    except (ArithmeticError, ValueError):
        raise ValidationError({"counted": NEGATIVE_COUNT}) from None
    if quantity < 0:
        raise ValidationError({"counted": NEGATIVE_COUNT})
    if not items_in_warehouse(warehouse=count.warehouse).filter(pk=item.pk).exists():
        raise ValidationError(
            {
                "code": ValidationError(
                    NOT_IN_WAREHOUSE, params={"item": item.name, "warehouse": count.warehouse}
                )
            }
        )
    line = None
    if place is None:
        line = count.lines.filter(item=item).order_by("pk").first()
        place = line.place if line else (count.place or receiving_place(warehouse=count.warehouse))
    if place.warehouse_id != count.warehouse_id or (
        count.place and not place.path.startswith(count.place.path)
    ):
        raise ValidationError({"place": PLACE_ELSEWHERE})
    if line is None or line.place_id != place.pk:
        balance = Balance.objects.filter(item=item, place=place).first()
        line, _created = CountLine.objects.get_or_create(
            count=count,
            item=item,
            place=place,
            defaults={"expected": balance.quantity if balance else Decimal("0")},
        )
    line.counted = quantity
    line.counted_by = actor
    line.counted_at = timezone.now()
    line.save(update_fields=["counted", "counted_by", "counted_at"])
    return line


@transaction.atomic
def count_submit(*, count: StockCount, actor: User) -> StockCount:
    count = StockCount.objects.select_for_update().get(pk=count.pk)
    if count.status != StockCount.Status.COUNTING:
        raise ValidationError(NOT_COUNTING)
    count.status = StockCount.Status.REVIEW
    count.save(update_fields=["status"])
    return count


@transaction.atomic
def count_post(*, count: StockCount, actor: User) -> StockCount:
    """Approve and post: a count correction per difference, and one journal entry for the value."""
    count = StockCount.objects.select_for_update().select_related("warehouse").get(pk=count.pk)
    if count.status != StockCount.Status.REVIEW:
        raise ValidationError(NOT_IN_REVIEW)
    loss = gain = Decimal("0.00")
    for line in count.lines.select_related("item", "place__warehouse").filter(
        counted__isnull=False
    ):
        difference = line.counted - line.expected
        if difference == 0:
            continue
        movement = stock_adjust(
            item=line.item,
            place=line.place,
            quantity=difference,
            reason=str(_("Stock count %(id)s") % {"id": count.pk}),
            actor=actor,
            kind=Movement.Kind.COUNT,
            source=f"count:{count.pk}",
        )
        if movement.value < 0:
            loss += -movement.value
        else:
            gain += movement.value
    lines = []
    department = count.warehouse.department_id
    if loss:
        if department is None:
            raise ValidationError(NEEDS_DEPARTMENT, params={"warehouse": count.warehouse})
        lines += [
            LineIn(account=LOSS_ACCOUNT, debit=loss, department=department, text="Count loss"),
            LineIn(account=STOCK_ACCOUNT, credit=loss, text="Count loss"),
        ]
    if gain:
        lines += [
            LineIn(account=STOCK_ACCOUNT, debit=gain, text="Count gain"),
            LineIn(account=GAIN_ACCOUNT, credit=gain, text="Count gain"),
        ]
    if lines:
        entry = journal_entry_post(
            date=timezone.localdate(),
            lines=lines,
            memo=f"Stock count {count.warehouse.code} {count.started_on.isoformat()}",
            source=Source(
                type="operations.count",
                id=str(count.pk),
                label=f"{count.warehouse.code} {count.started_on.isoformat()}",
                url=reverse("operations:count-detail", args=[count.pk]),
            ),
            key=f"operations.count:{count.pk}",
            actor=actor,
        )
        count.journal_reference = str(entry.pk)
    count.status = StockCount.Status.POSTED
    count.approved_by = actor
    count.posted_at = timezone.now()
    count.save(update_fields=["status", "approved_by", "posted_at", "journal_reference"])
    action_record(
        kind=OpsAudit.COUNT_POSTED,
        summary=gettext_noop("Stock count of %(warehouse)s posted"),
        params={"warehouse": count.warehouse.name},
        actor=actor,
        target=count,
    )
    return count

"""The stock ledger: movements are the only truth (append-only; on PostgreSQL a trigger refuses
UPDATE and DELETE, migration 0002); balances per item and place and each item's moving average
cost are caches written in the same transaction as the movement and reconciled nightly."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q, Sum
from django.utils.translation import gettext_lazy as _

from operations.models.catalogue import QTY, Item, Place, Warehouse

COST = {"max_digits": 14, "decimal_places": 4}
MONEY = {"max_digits": 14, "decimal_places": 2}


class MovementQuerySet(models.QuerySet):
    def until(self, day) -> MovementQuerySet:
        return self.filter(day__lte=day)

    def totals(self) -> dict[str, Decimal]:
        found = self.aggregate(quantity=Sum("quantity"), value=Sum("value"))
        return {k: v if v is not None else Decimal("0") for k, v in found.items()}


class Movement(models.Model):
    class Kind(models.TextChoices):
        RECEIPT = "receipt", _("Receipt")
        ISSUE = "issue", _("Issue")
        TRANSFER = "transfer", _("Transfer")
        ADJUSTMENT = "adjustment", _("Adjustment")
        COUNT = "count", _("Count correction")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="movements"
    )
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="movements"
    )
    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("warehouse"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(
        _("quantity"), **QTY, help_text=_("In: positive; out: negative.")
    )
    unit_cost = models.DecimalField(_("unit cost"), **COST)
    value = models.DecimalField(_("value"), **MONEY)
    day = models.DateField(_("date"))
    at = models.DateTimeField(_("time"))
    department = models.ForeignKey(
        "hr.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    source = models.CharField(_("document"), max_length=40, blank=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MovementQuerySet.as_manager()

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="ops_movement_not_zero"),
            models.CheckConstraint(condition=Q(unit_cost__gte=0), name="ops_movement_cost"),
        ]
        indexes = [
            models.Index(fields=["item", "-at", "-id"], name="ops_mv_item_at"),
            models.Index(
                fields=["warehouse", "day"],
                include=["quantity", "value"],
                name="ops_mv_wh_day",
            ),
            models.Index(
                fields=["item", "day"], include=["quantity", "value"], name="ops_mv_item_day"
            ),
            models.Index(fields=["item", "place"], include=["quantity"], name="ops_mv_item_place"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.item_id} {self.quantity}"


class Balance(models.Model):
    """What is at a place now: the sum of the place's movements, kept in the same transaction."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="balances")
    place = models.ForeignKey(Place, on_delete=models.PROTECT, related_name="balances")
    warehouse = models.ForeignKey(Warehouse, on_delete=models.PROTECT, related_name="balances")
    quantity = models.DecimalField(_("quantity"), **QTY, default=Decimal("0"))

    class Meta:
        verbose_name = _("stock balance")
        verbose_name_plural = _("stock balances")
        constraints = [models.UniqueConstraint(fields=["item", "place"], name="ops_balance_unique")]
        indexes = [models.Index(fields=["warehouse", "item"], name="ops_bal_wh_item")]

    def __str__(self) -> str:
        return f"{self.item_id}@{self.place_id}: {self.quantity}"


class ItemCost(models.Model):
    """An item's quantity and value over every warehouse, for its moving weighted average."""

    item = models.OneToOneField(
        Item, on_delete=models.PROTECT, primary_key=True, related_name="cost"
    )
    quantity = models.DecimalField(_("quantity"), **QTY, default=Decimal("0"))
    value = models.DecimalField(_("value"), **MONEY, default=Decimal("0"))
    average = models.DecimalField(_("average cost"), **COST, default=Decimal("0"))

    class Meta:
        verbose_name = _("item cost")
        verbose_name_plural = _("item costs")

    def __str__(self) -> str:
        return f"{self.item_id}: {self.average}"


class ReconciliationFinding(models.Model):
    """A balance that did not equal the sum of its movements, found and fixed by the nightly job."""

    found_on = models.DateField(_("found on"))
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    recorded = models.DecimalField(_("balance recorded"), **QTY)
    expected = models.DecimalField(_("sum of movements"), **QTY)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("reconciliation finding")
        verbose_name_plural = _("reconciliation findings")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.found_on}: {self.item_id}@{self.place_id}"

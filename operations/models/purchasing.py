"""Buying: suggested orders from the reorder levels, purchase orders through approval, sending and
receipt, and the receipts themselves (each one a set of movements and a supplier bill)."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from operations.models.catalogue import QTY, Item, Warehouse

MONEY = {"max_digits": 14, "decimal_places": 2}


class PurchaseOrderQuerySet(models.QuerySet):
    def on_order(self) -> PurchaseOrderQuerySet:
        """Orders whose goods are still expected (drafts included: they are about to be sent)."""
        return self.filter(status__in=PurchaseOrder.OPEN)

    def late(self, today) -> PurchaseOrderQuerySet:
        return self.filter(
            status__in=[PurchaseOrder.Status.SENT, PurchaseOrder.Status.PARTLY_RECEIVED],
            expected_on__lt=today,
        )


class PurchaseOrder(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        SENT = "sent", _("Sent")
        PARTLY_RECEIVED = "partly", _("Partly received")
        RECEIVED = "received", _("Received")
        CLOSED = "closed", _("Closed")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN = ("draft", "approved", "sent", "partly")

    number = models.CharField(_("number"), max_length=20, unique=True)
    supplier = models.ForeignKey(
        "finance.Partner", verbose_name=_("supplier"), on_delete=models.PROTECT, related_name="+"
    )
    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("deliver to"), on_delete=models.PROTECT, related_name="orders"
    )
    department = models.ForeignKey(
        "hr.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    account = models.ForeignKey(
        "finance.Account",
        verbose_name=_("budget account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    ordered_on = models.DateField(_("order date"))
    expected_on = models.DateField(_("expected on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    over_budget_reason = models.CharField(
        _("reason for exceeding the budget"), max_length=300, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PurchaseOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        ordering = ["-ordered_on", "-id"]
        permissions = [
            ("approve_over_budget", _("Can approve an order over the budget")),
            ("view_department_orders", _("Can see their department's orders and issues")),
        ]

    def __str__(self) -> str:
        return self.number


class PurchaseOrderLine(models.Model):
    order = models.ForeignKey(
        PurchaseOrder, verbose_name=_("order"), on_delete=models.CASCADE, related_name="lines"
    )
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.DecimalField(_("quantity"), **QTY)
    price = models.DecimalField(_("unit price"), **MONEY)
    received = models.DecimalField(_("received"), **QTY, default=Decimal("0"))

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0) & Q(price__gte=0) & Q(received__gte=0),
                name="ops_po_line_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.item_id} x {self.quantity}"

    @property
    def outstanding(self) -> Decimal:
        return max(self.quantity - self.received, Decimal("0"))


class Receipt(models.Model):
    order = models.ForeignKey(
        PurchaseOrder, verbose_name=_("order"), on_delete=models.PROTECT, related_name="receipts"
    )
    received_on = models.DateField(_("received on"))
    reason = models.CharField(
        _("reason for receiving more than ordered"), max_length=300, blank=True
    )
    bill_reference = models.CharField(_("supplier bill"), max_length=60, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("receipt")
        verbose_name_plural = _("receipts")
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.order.number} / {self.received_on}"


class ReceiptLine(models.Model):
    receipt = models.ForeignKey(Receipt, on_delete=models.PROTECT, related_name="lines")
    line = models.ForeignKey(PurchaseOrderLine, on_delete=models.PROTECT, related_name="+")
    quantity = models.DecimalField(_("quantity"), **QTY)
    price = models.DecimalField(_("unit price"), **MONEY)

    class Meta:
        verbose_name = _("receipt line")
        verbose_name_plural = _("receipt lines")
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="ops_receipt_line_positive")
        ]

    def __str__(self) -> str:
        return f"{self.receipt_id}: {self.quantity}"


class ReorderSuggestion(models.Model):
    """An item under its reorder level net of what is on order, refreshed nightly (and on demand)."""

    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="+"
    )
    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("warehouse"), on_delete=models.CASCADE, related_name="+"
    )
    supplier = models.ForeignKey(
        "finance.Partner", verbose_name=_("supplier"), on_delete=models.CASCADE, related_name="+"
    )
    on_hand = models.DecimalField(_("on hand"), **QTY)
    on_order = models.DecimalField(_("on order"), **QTY)
    level = models.DecimalField(_("reorder level"), **QTY)
    quantity = models.DecimalField(_("suggested quantity"), **QTY)
    price = models.DecimalField(_("unit price"), **MONEY)
    refreshed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("suggested order line")
        verbose_name_plural = _("suggested order lines")
        ordering = ["supplier", "item__sku"]
        constraints = [
            models.UniqueConstraint(fields=["item", "warehouse"], name="ops_suggestion_unique")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} x {self.quantity}"

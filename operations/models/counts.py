"""Stock counts: a sheet per warehouse or bin, counted on a phone, reviewed, approved and posted
as count corrections and to the ledger."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from operations.models.catalogue import QTY, Item, Place, Warehouse


class StockCount(models.Model):
    class Status(models.TextChoices):
        COUNTING = "counting", _("Counting")
        REVIEW = "review", _("In review")
        POSTED = "posted", _("Posted")
        CANCELLED = "cancelled", _("Cancelled")

    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("warehouse"), on_delete=models.PROTECT, related_name="counts"
    )
    place = models.ForeignKey(
        Place,
        verbose_name=_("bin"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty: the whole warehouse."),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.COUNTING, db_index=True
    )
    started_on = models.DateField(_("started on"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    posted_at = models.DateTimeField(null=True, blank=True)
    journal_reference = models.CharField(max_length=60, blank=True)

    class Meta:
        verbose_name = _("stock count")
        verbose_name_plural = _("stock counts")
        ordering = ["-started_on", "-id"]

    def __str__(self) -> str:
        return f"{self.warehouse.code} {self.started_on}"


class CountLine(models.Model):
    count = models.ForeignKey(StockCount, on_delete=models.CASCADE, related_name="lines")
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.PROTECT, related_name="+"
    )
    place = models.ForeignKey(
        Place, verbose_name=_("place"), on_delete=models.PROTECT, related_name="+"
    )
    expected = models.DecimalField(_("expected"), **QTY)
    counted = models.DecimalField(_("counted"), **QTY, null=True, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    counted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("count line")
        verbose_name_plural = _("count lines")
        ordering = ["place__path", "item__sku"]
        constraints = [
            models.UniqueConstraint(
                fields=["count", "item", "place"], name="ops_count_line_unique"
            ),
            models.CheckConstraint(
                condition=Q(counted__isnull=True) | Q(counted__gte=0), name="ops_count_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.count_id}: {self.item_id}"

    @property
    def difference(self):
        return None if self.counted is None else self.counted - self.expected

"""What is kept and where: items with their supplier terms, warehouses with a tree of places
(bins, shelves), and each item's reorder level per warehouse."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

QTY = {"max_digits": 14, "decimal_places": 3}


class ItemCategory(models.Model):
    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=30, unique=True)

    class Meta:
        verbose_name = _("item category")
        verbose_name_plural = _("item categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ItemQuerySet(models.QuerySet):
    def active(self) -> ItemQuerySet:
        return self.filter(active=True)


class Item(models.Model):
    class Unit(models.TextChoices):
        PIECE = "pc", _("piece")
        KILOGRAM = "kg", _("kilogram")
        LITRE = "l", _("litre")
        METRE = "m", _("metre")
        BOX = "box", _("box")
        PACK = "pack", _("pack")

    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit = models.CharField(_("unit"), max_length=5, choices=Unit.choices, default=Unit.PIECE)
    category = models.ForeignKey(
        ItemCategory,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
    )
    barcode = models.CharField(_("barcode"), max_length=40, blank=True, db_index=True)
    supplier = models.ForeignKey(
        "finance.Partner",
        verbose_name=_("default supplier"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    supplier_price = models.DecimalField(
        _("supplier price"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (days)"), default=7)
    active = models.BooleanField(_("active"), default=True)
    search_text = models.CharField(max_length=500, editable=False, db_index=True, default="")

    objects = ItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["sku"]
        constraints = [
            models.UniqueConstraint(
                fields=["barcode"], condition=~Q(barcode=""), name="ops_item_barcode_unique"
            ),
            models.CheckConstraint(
                condition=Q(supplier_price__isnull=True) | Q(supplier_price__gte=0),
                name="ops_item_price_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.sku} {self.name}"

    def save(self, *args, **kwargs):
        names = [self.sku, self.barcode] + [
            getattr(self, f"name_{code}", "") or "" for code, _n in settings.LANGUAGES
        ]
        self.search_text = " ".join(n for n in names if n).casefold()[:500]
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)


class Warehouse(models.Model):
    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=150)
    location = models.ForeignKey(
        "scheduling.Location",
        verbose_name=_("scheduling location"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The shop or site whose roster works here, if any."),
    )
    department = models.ForeignKey(
        "hr.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Whose cost count differences are."),
    )
    allow_negative = models.BooleanField(
        _("stock may go below zero"),
        default=False,
        help_text=_("Leave off unless issues must be booked before the receipt is."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("warehouse")
        verbose_name_plural = _("warehouses")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Place(models.Model):
    """A bin, shelf or area of a warehouse; places nest (area > aisle > bin)."""

    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("warehouse"), on_delete=models.PROTECT, related_name="places"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("inside"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100, blank=True)
    path = models.CharField(max_length=300, editable=False, default="")

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["warehouse", "path"]
        constraints = [
            models.UniqueConstraint(fields=["warehouse", "code"], name="ops_place_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.warehouse.code}/{self.path or self.code}"


class ReorderRule(models.Model):
    item = models.ForeignKey(
        Item, verbose_name=_("item"), on_delete=models.CASCADE, related_name="reorder_rules"
    )
    warehouse = models.ForeignKey(
        Warehouse, verbose_name=_("warehouse"), on_delete=models.CASCADE, related_name="+"
    )
    level = models.DecimalField(_("reorder level"), **QTY)
    quantity = models.DecimalField(_("reorder quantity"), **QTY)

    class Meta:
        verbose_name = _("reorder level")
        verbose_name_plural = _("reorder levels")
        constraints = [
            models.UniqueConstraint(fields=["item", "warehouse"], name="ops_reorder_unique"),
            models.CheckConstraint(
                condition=Q(level__gte=0) & Q(quantity__gt=0), name="ops_reorder_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item.sku} @ {self.warehouse.code}"

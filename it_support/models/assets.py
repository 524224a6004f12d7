"""Hardware assets with their assignment history, and software licences by seat."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Asset(models.Model):
    class Category(models.TextChoices):
        LAPTOP = "laptop", _("Laptop")
        DESKTOP = "desktop", _("Desktop")
        MONITOR = "monitor", _("Monitor")
        PHONE = "phone", _("Phone")
        PRINTER = "printer", _("Printer")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        IN_STOCK = "in_stock", _("In stock")
        DEPLOYED = "deployed", _("Deployed")
        IN_REPAIR = "in_repair", _("In repair")
        RETIRED = "retired", _("Retired")

    tag = models.CharField(_("asset tag"), max_length=30, unique=True)
    serial = models.CharField(_("serial number"), max_length=100, blank=True)
    model = models.CharField(_("model"), max_length=150)
    category = models.CharField(
        _("category"), max_length=10, choices=Category.choices, default=Category.LAPTOP
    )
    supplier = models.CharField(_("supplier"), max_length=150, blank=True)
    purchase_date = models.DateField(_("purchase date"), null=True, blank=True)
    cost = models.DecimalField(_("cost"), max_digits=14, decimal_places=2, null=True, blank=True)
    warranty_end = models.DateField(_("warranty ends"), null=True, blank=True)
    location = models.CharField(_("location"), max_length=150, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.IN_STOCK, db_index=True
    )
    holder = models.ForeignKey(
        "hr.Employee",
        verbose_name=_("held by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    next_audit = models.DateField(_("next audit"), null=True, blank=True)
    last_audit = models.DateField(_("last audit"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("asset")
        verbose_name_plural = _("assets")
        ordering = ["tag"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="deployed", holder__isnull=False)
                | (~Q(status="deployed") & Q(holder__isnull=True)),
                name="it_asset_deployed_has_holder",
            )
        ]

    def __str__(self) -> str:
        return f"{self.tag} {self.model}"


class AssetAssignment(models.Model):
    """One check-out of an asset to a person, closed by its check-in: the asset's history."""

    asset = models.ForeignKey(Asset, on_delete=models.CASCADE, related_name="assignments")
    employee = models.ForeignKey(
        "hr.Employee", verbose_name=_("employee"), on_delete=models.PROTECT, related_name="+"
    )
    checked_out_at = models.DateTimeField(_("checked out"))
    expected_return = models.DateField(_("expected return"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    checked_in_at = models.DateTimeField(_("checked in"), null=True, blank=True)
    checked_out_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("asset assignment")
        verbose_name_plural = _("asset assignments")
        ordering = ["-checked_out_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["asset"],
                condition=Q(checked_in_at__isnull=True),
                name="it_asset_one_open_assignment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.asset_id} → {self.employee_id}"


class Licence(models.Model):
    name = models.CharField(_("name"), max_length=150)
    vendor = models.CharField(_("vendor"), max_length=150, blank=True)
    seats_total = models.PositiveIntegerField(_("seats"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    renewal_cost = models.DecimalField(
        _("renewal cost"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    alert_free_below = models.PositiveIntegerField(_("alert when free seats fall below"), default=1)
    low_seats_notified = models.BooleanField(default=False, editable=False)
    expiry_notified_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("software licence")
        verbose_name_plural = _("software licences")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LicenceSeat(models.Model):
    """One seat of a licence: the rows are the capacity, so no code path can hand out more."""

    licence = models.ForeignKey(Licence, on_delete=models.CASCADE, related_name="seats")
    number = models.PositiveIntegerField(_("seat"))
    employee = models.ForeignKey(
        "hr.Employee",
        verbose_name=_("person"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    asset = models.ForeignKey(
        Asset,
        verbose_name=_("asset"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="seats",
    )
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)

    class Meta:
        verbose_name = _("licence seat")
        verbose_name_plural = _("licence seats")
        ordering = ["licence", "number"]
        constraints = [
            models.UniqueConstraint(fields=["licence", "number"], name="it_seat_number"),
            models.UniqueConstraint(
                fields=["licence", "employee"],
                condition=Q(employee__isnull=False),
                name="it_seat_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["licence", "asset"],
                condition=Q(asset__isnull=False),
                name="it_seat_one_per_asset",
            ),
            models.CheckConstraint(
                condition=Q(employee__isnull=True) | Q(asset__isnull=True),
                name="it_seat_person_or_asset",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.licence} #{self.number}"

"""Supplier bills: what a supplier invoiced us, entered with its lines and tax (or drafted from a
purchase receipt), approved, posted to the ledger and paid through payment allocations.

A supplier's invoice number is unique per supplier (a database constraint, and a form error before
it). Once posted a bill is never edited; ``amount_paid`` moves only through allocations (and their
undos), in the same transaction that locks the bill, and never past its total or below zero.
A reverse-charge line owes the supplier no VAT; the VAT the recipient self-assesses on it is kept
apart (``reverse_vat``) and posted as input and output VAT at once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from finance.models.books import JournalEntry
from finance.models.chart import Account

__all__ = ["SupplierBill", "SupplierBillLine", "SupplierBillQuerySet"]


class SupplierBillQuerySet(models.QuerySet):
    def posted(self) -> SupplierBillQuerySet:
        return self.filter(status=SupplierBill.Status.POSTED)

    def open(self) -> SupplierBillQuerySet:
        """Posted and not fully paid: what we still owe."""
        return self.posted().filter(amount_paid__lt=F("total"))

    def overdue(self, on: date) -> SupplierBillQuerySet:
        return self.open().filter(due_date__lt=on)


class SupplierBill(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", _("Approved")
        POSTED = "posted", _("Posted")

    supplier = models.ForeignKey(
        "finance.Partner",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="supplier_bills",
    )
    number = models.CharField(
        _("supplier's invoice number"),
        max_length=40,
        blank=True,
        help_text=_("As printed on the supplier's invoice; one number per supplier."),
    )
    bill_date = models.DateField(_("invoice date"))
    due_date = models.DateField(_("due date"))
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    net_total = models.DecimalField(_("tax base"), max_digits=14, decimal_places=2, default=0)
    vat_total = models.DecimalField(_("VAT"), max_digits=14, decimal_places=2, default=0)
    #: VAT the recipient charges itself on reverse-charge lines (VAT Act art. 82(2)-(5)): posted
    #: as input and output VAT at once (art. 117 protocol), never owed to the supplier.
    reverse_vat_total = models.DecimalField(
        _("self-assessed VAT (reverse charge)"), max_digits=14, decimal_places=2, default=0
    )
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=0)
    amount_paid = models.DecimalField(_("paid"), max_digits=14, decimal_places=2, default=0)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    entry = models.OneToOneField(
        JournalEntry,
        verbose_name=_("journal entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    #: The document the draft came from (a purchase receipt), as a label and a link.
    source_type = models.CharField(_("source"), max_length=60, blank=True)
    source_id = models.CharField(_("source id"), max_length=60, blank=True)
    source_label = models.CharField(_("source document"), max_length=200, blank=True)
    source_url = models.CharField(_("source link"), max_length=300, blank=True)
    idempotency_key = models.CharField(max_length=200, unique=True, null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = SupplierBillQuerySet.as_manager()

    class Meta:
        verbose_name = _("supplier bill")
        verbose_name_plural = _("supplier bills")
        ordering = ["-bill_date", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "number"],
                condition=~Q(number=""),
                name="finance_bill_one_number_per_supplier",
            ),
            models.CheckConstraint(
                condition=Q(amount_paid__gte=0) & Q(amount_paid__lte=F("total")),
                name="finance_bill_paid_within_total",
            ),
            models.CheckConstraint(
                condition=Q(bill_date__lte=F("due_date")), name="finance_bill_due_after_date"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_date"], name="finance_bill_status_due"),
            models.Index(fields=["source_type", "source_id"], name="finance_bill_source"),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"BILL-{self.pk:06d}" if self.pk else "BILL-new"

    @property
    def open_amount(self) -> Decimal:
        return self.total - self.amount_paid

    @property
    def is_paid(self) -> bool:
        return self.status == self.Status.POSTED and self.amount_paid >= self.total


class SupplierBillLine(models.Model):
    bill = models.ForeignKey(SupplierBill, on_delete=models.CASCADE, related_name="lines")
    description = models.CharField(_("description"), max_length=300)
    quantity = models.DecimalField(_("quantity"), max_digits=12, decimal_places=4)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=4)
    vat_rate = models.DecimalField(_("VAT rate (%)"), max_digits=5, decimal_places=2)
    tax_code = models.ForeignKey(
        "finance.TaxCode",
        verbose_name=_("tax code"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.ForeignKey(
        "hr.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    net = models.DecimalField(_("tax base"), max_digits=14, decimal_places=2)
    vat = models.DecimalField(_("VAT"), max_digits=14, decimal_places=2)
    #: Reverse charge: the VAT at the standard rate the recipient self-assesses (``vat`` is zero).
    reverse_vat = models.DecimalField(
        _("self-assessed VAT"), max_digits=14, decimal_places=2, default=0
    )

    class Meta:
        verbose_name = _("bill line")
        verbose_name_plural = _("bill lines")
        ordering = ["bill", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="finance_billline_qty_pos"),
            models.CheckConstraint(
                condition=Q(unit_price__gte=0), name="finance_billline_price_not_neg"
            ),
        ]

    def __str__(self) -> str:
        return self.description

"""Payments received and paid (bank or cash), their allocation to documents, imported bank
statements with their lines, and the overdue reminders sent to customers.

A payment posts once, in full, against the partner's account (customers 411, suppliers 401); the
allocation to documents is the sub-ledger and posts nothing. What is not allocated stays on the
partner as a credit to allocate later. ``allocated`` only grows, in the transaction that locks the
payment, and never past ``amount`` (a check constraint as well), except when an allocation is
undone: a new allocation row with the negative amount, never an edit of the old one.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from finance.models.books import JournalEntry
from finance.models.chart import Account
from finance.models.payables import SupplierBill

__all__ = [
    "BankLine",
    "BankStatement",
    "Payment",
    "PaymentAllocation",
    "PaymentQuerySet",
    "PaymentReminder",
]


class PaymentQuerySet(models.QuerySet):
    def with_credit(self) -> PaymentQuerySet:
        """Payments with an amount left to allocate."""
        return self.filter(allocated__lt=F("amount"))


class Payment(models.Model):
    class Direction(models.TextChoices):
        RECEIVED = "received", _("Received")
        PAID = "paid", _("Paid")

    class Method(models.TextChoices):
        BANK = "bank", _("Bank transfer")
        CASH = "cash", _("Cash")

    direction = models.CharField(_("direction"), max_length=10, choices=Direction.choices)
    method = models.CharField(
        _("method"), max_length=10, choices=Method.choices, default=Method.BANK
    )
    partner = models.ForeignKey(
        "finance.Partner",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="payments",
    )
    #: A reimbursement of an expense claim is paid to a person, not a partner.
    employee = models.ForeignKey(
        "hr.Employee",
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    allocated = models.DecimalField(_("allocated"), max_digits=14, decimal_places=2, default=0)
    reference = models.CharField(
        _("reference"),
        max_length=140,
        blank=True,
        help_text=_("What the bank statement shows, such as the invoice number."),
    )
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    entry = models.OneToOneField(
        JournalEntry,
        verbose_name=_("journal entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = PaymentQuerySet.as_manager()

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="finance_payment_positive"),
            models.CheckConstraint(
                condition=Q(allocated__gte=0) & Q(allocated__lte=F("amount")),
                name="finance_payment_allocated_within_amount",
            ),
            models.CheckConstraint(
                condition=Q(partner__isnull=False) | Q(employee__isnull=False),
                name="finance_payment_has_party",
            ),
        ]
        indexes = [models.Index(fields=["partner", "date"], name="finance_payment_partner")]

    def __str__(self) -> str:
        return self.reference_code

    @property
    def reference_code(self) -> str:
        prefix = "RCV" if self.direction == self.Direction.RECEIVED else "PAY"
        return f"{prefix}-{self.pk:06d}" if self.pk else f"{prefix}-new"

    @property
    def unallocated(self) -> Decimal:
        return self.amount - self.allocated


class PaymentAllocation(models.Model):
    """A part of a payment set against one document."""

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    bill = models.ForeignKey(
        SupplierBill,
        verbose_name=_("supplier bill"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
    )
    invoice = models.ForeignKey(
        "finance.SalesInvoice",
        verbose_name=_("invoice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="allocations",
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    #: An undo is a new row with the negative amount pointing at the allocation it cancels (rows
    #: are never changed or deleted); one undo per allocation.
    reversal_of = models.OneToOneField(
        "self",
        verbose_name=_("undoes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversal",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(reversal_of__isnull=True, amount__gt=0)
                | Q(reversal_of__isnull=False, amount__lt=0),
                name="finance_allocation_positive",
            ),
            models.CheckConstraint(
                condition=Q(bill__isnull=True, invoice__isnull=False)
                | Q(bill__isnull=False, invoice__isnull=True),
                name="finance_allocation_one_document",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.payment} {self.amount}"


class BankStatement(models.Model):
    """One imported statement file; the same file (by its hash) is imported once."""

    class Format(models.TextChoices):
        CSV = "csv", _("CSV")
        CAMT053 = "camt053", _("ISO 20022 CAMT.053")

    account = models.ForeignKey(
        Account, verbose_name=_("bank account"), on_delete=models.PROTECT, related_name="+"
    )
    format = models.CharField(_("format"), max_length=10, choices=Format.choices)
    filename = models.CharField(_("file name"), max_length=200)
    sha256 = models.CharField(max_length=64, unique=True)
    statement_id = models.CharField(_("statement"), max_length=100, blank=True)
    iban = models.CharField(_("IBAN"), max_length=34, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("bank statement")
        verbose_name_plural = _("bank statements")
        ordering = ["-imported_at", "-id"]

    def __str__(self) -> str:
        return self.statement_id or self.filename


class BankLine(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("To match")
        MATCHED = "matched", _("Matched")
        IGNORED = "ignored", _("Ignored")

    statement = models.ForeignKey(BankStatement, on_delete=models.CASCADE, related_name="lines")
    booked_on = models.DateField(_("date"))
    #: Positive: money in (a receipt); negative: money out.
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    counterparty = models.CharField(_("counterparty"), max_length=200, blank=True)
    counterparty_iban = models.CharField(_("counterparty IBAN"), max_length=34, blank=True)
    reference = models.CharField(_("reference"), max_length=300, blank=True)
    bank_reference = models.CharField(_("bank reference"), max_length=100, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    payment = models.OneToOneField(
        Payment,
        verbose_name=_("payment"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="bank_line",
    )

    class Meta:
        verbose_name = _("bank line")
        verbose_name_plural = _("bank lines")
        ordering = ["statement", "booked_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(amount=0), name="finance_bankline_not_zero"),
        ]

    def __str__(self) -> str:
        return f"{self.booked_on} {self.amount}"


class PaymentReminder(models.Model):
    """One reminder to one customer in one week (the weekly cap, and what makes the nightly job
    safe to run twice)."""

    partner = models.ForeignKey(
        "finance.Partner", on_delete=models.PROTECT, related_name="reminders"
    )
    week = models.DateField(_("week (Monday)"))
    invoice_count = models.PositiveIntegerField(_("invoices"), default=0)
    amount = models.DecimalField(_("amount overdue"), max_digits=14, decimal_places=2)
    email = models.CharField(_("sent to"), max_length=254, blank=True)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("payment reminder")
        verbose_name_plural = _("payment reminders")
        ordering = ["-week", "partner"]
        constraints = [
            models.UniqueConstraint(fields=["partner", "week"], name="finance_reminder_once_a_week")
        ]

    def __str__(self) -> str:
        return f"{self.partner} {self.week}"

"""Tax codes, the price list, document series and sales documents (invoices, credit and debit
notes), and recurring invoice templates.

A draft has no number and may be edited or deleted. ``finance.services.invoice_issue`` takes the
next number of its series from the series row locked in the issuing transaction, posts the journal
entry and freezes the document: on PostgreSQL triggers refuse any change of an issued document's
content and of its lines (migration 0005); only the cached credited/paid amounts, the sending time
and the PDF (once) may still be written.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from backoffice.storage import private_storage
from finance.models.books import JournalEntry
from finance.models.chart import Account
from finance.models.partners import Partner

__all__ = [
    "DocumentSeries",
    "InvoiceQuerySet",
    "Product",
    "RecurringInvoice",
    "RecurringLine",
    "SalesInvoice",
    "SalesInvoiceLine",
    "TaxCode",
]

MAX_NUMBER = 9_999_999_999


class TaxCode(models.Model):
    class Kind(models.TextChoices):
        STANDARD = "standard", _("Standard rate")
        REDUCED = "reduced", _("Reduced rate")
        ZERO = "zero", _("Zero rate")
        EXEMPT = "exempt", _("Exempt")
        REVERSE = "reverse", _("Reverse charge")

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name (English)"), max_length=200)
    name_bg = models.CharField(_("name (Bulgarian)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    rate = models.DecimalField(_("rate (%)"), max_digits=12, decimal_places=4, default=0)
    legal_ground = models.CharField(
        _("legal ground (English)"),
        max_length=300,
        blank=True,
        help_text=_("Printed on the invoice for a zero rate, an exemption or reverse charge."),
    )
    legal_ground_bg = models.CharField(_("legal ground (Bulgarian)"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    sales_vat_account = models.ForeignKey(
        Account,
        verbose_name=_("VAT account for sales"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    purchase_vat_account = models.ForeignKey(
        Account,
        verbose_name=_("VAT account for purchases"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("tax code")
        verbose_name_plural = _("tax codes")
        ordering = ["code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="finance_taxcode_code"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="finance_taxcode_dates",
            ),
            models.CheckConstraint(
                condition=Q(rate__gte=0) & Q(rate__lte=100), name="finance_taxcode_rate"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        if (get_language() or "").startswith("bg") and self.name_bg:
            return self.name_bg
        return self.name

    @property
    def needs_ground(self) -> bool:
        return self.kind in (self.Kind.ZERO, self.Kind.EXEMPT, self.Kind.REVERSE)

    def valid_on(self, day) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


class Product(models.Model):
    """One row of the price list: a product or service with its default tax code and income
    account."""

    class Kind(models.TextChoices):
        GOODS = "goods", _("Goods")
        SERVICE = "service", _("Service")

    code = models.CharField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name (English)"), max_length=200)
    name_bg = models.CharField(_("name (Bulgarian)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.SERVICE)
    unit = models.CharField(_("unit"), max_length=20, default="pcs")
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    tax_code = models.ForeignKey(
        TaxCode, verbose_name=_("tax code"), on_delete=models.PROTECT, related_name="products"
    )
    income_account = models.ForeignKey(
        Account, verbose_name=_("income account"), on_delete=models.PROTECT, related_name="+"
    )
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("price list item")
        verbose_name_plural = _("price list")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="finance_product_price")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"

    @property
    def label(self) -> str:
        if (get_language() or "").startswith("bg") and self.name_bg:
            return self.name_bg
        return self.name


class DocumentSeries(models.Model):
    """A numbering series shared by invoices, credit and debit notes: ten digits, never reset.

    ``next_number`` is read and advanced only under ``select_for_update`` in the transaction that
    issues a document, so a rolled-back issue gives its number back.
    """

    code = models.CharField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    next_number = models.PositiveBigIntegerField(_("next number"), default=1)
    is_default = models.BooleanField(_("default"), default=False)
    is_active = models.BooleanField(_("active"), default=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("document series")
        verbose_name_plural = _("document series")
        ordering = ["code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_number__gte=1) & Q(next_number__lte=MAX_NUMBER + 1),
                name="finance_series_number_range",
            ),
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="finance_one_default_series",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.next_number:010d})"


class InvoiceQuerySet(models.QuerySet):
    def issued(self) -> InvoiceQuerySet:
        return self.filter(status=SalesInvoice.Status.ISSUED)

    def drafts(self) -> InvoiceQuerySet:
        return self.filter(status=SalesInvoice.Status.DRAFT)

    def invoices(self) -> InvoiceQuerySet:
        return self.filter(kind=SalesInvoice.Kind.INVOICE)

    def open(self) -> InvoiceQuerySet:
        """Issued invoices and debit notes with something left to pay."""
        return self.issued().filter(
            kind__in=[SalesInvoice.Kind.INVOICE, SalesInvoice.Kind.DEBIT_NOTE],
            total__gt=F("credited_amount") + F("paid_amount"),
        )

    def overdue(self, today) -> InvoiceQuerySet:
        return self.open().filter(due_date__lt=today)


class SalesInvoice(models.Model):
    """A sales document: an invoice, or a credit or debit note referring to an issued invoice.

    Amounts are in the document's currency; ``*_base`` fields are in the organisation's currency
    (EUR) at ``rate`` (units of the document currency per one unit of the base currency, the
    day's rate kept at issue). A credit note's quantities and amounts are negative.
    """

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")
        DEBIT_NOTE = "debit_note", _("Debit note")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

    class Language(models.TextChoices):
        BG = "bg", _("Bulgarian")
        EN = "en", _("English")
        BOTH = "both", _("Bulgarian and English")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.INVOICE)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    series = models.ForeignKey(
        DocumentSeries, verbose_name=_("series"), on_delete=models.PROTECT, related_name="documents"
    )
    #: Ten digits, set only when issued; unique across all series.
    number = models.CharField(_("number"), max_length=10, null=True, blank=True, unique=True)
    partner = models.ForeignKey(
        Partner, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="invoices"
    )
    #: The customer as printed, copied when issued.
    partner_name = models.CharField(_("customer name"), max_length=200, blank=True)
    partner_registration = models.CharField(_("customer EIK"), max_length=20, blank=True)
    partner_vat = models.CharField(_("customer VAT number"), max_length=20, blank=True)
    partner_address = models.CharField(_("customer address"), max_length=400, blank=True)
    original = models.ForeignKey(
        "self",
        verbose_name=_("original invoice"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
    )
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    department = models.ForeignKey(
        "hr.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Where the income is booked, for income accounts kept by department."),
    )
    issue_date = models.DateField(_("date of issue"), null=True, blank=True)
    tax_event_date = models.DateField(_("date of the taxable event"), null=True, blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True, db_index=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    rate = models.DecimalField(
        _("exchange rate"),
        max_digits=12,
        decimal_places=4,
        default=Decimal("1"),
        help_text=_("Units of the invoice currency for one euro on the day."),
    )
    language = models.CharField(
        _("language"), max_length=4, choices=Language.choices, default=Language.BG
    )
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    payment_method = models.CharField(_("payment method"), max_length=100, blank=True)
    total_base = models.DecimalField(_("tax base"), max_digits=14, decimal_places=2, default=0)
    total_vat = models.DecimalField(_("VAT"), max_digits=14, decimal_places=2, default=0)
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2, default=0)
    base_total_base = models.DecimalField(
        _("tax base (EUR)"), max_digits=14, decimal_places=2, default=0
    )
    base_total_vat = models.DecimalField(_("VAT (EUR)"), max_digits=14, decimal_places=2, default=0)
    base_total = models.DecimalField(_("total (EUR)"), max_digits=14, decimal_places=2, default=0)
    #: Cached: issued credit notes (positive) and debit notes referring to this invoice.
    credited_amount = models.DecimalField(_("credited"), max_digits=14, decimal_places=2, default=0)
    debited_amount = models.DecimalField(_("debited"), max_digits=14, decimal_places=2, default=0)
    #: Cached: what payments allocated to it (kept by the payments service).
    paid_amount = models.DecimalField(_("paid"), max_digits=14, decimal_places=2, default=0)
    journal_entry = models.ForeignKey(
        JournalEntry,
        verbose_name=_("journal entry"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    pdf = models.FileField(
        _("PDF"), storage=private_storage, upload_to="finance/invoices/", blank=True
    )
    pdf_sha256 = models.CharField(_("PDF SHA-256"), max_length=64, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    template = models.ForeignKey(
        "RecurringInvoice",
        verbose_name=_("recurring template"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invoices",
    )
    #: The template's period this invoice was made for ("2026-11"): one invoice per period.
    period_key = models.CharField(max_length=20, blank=True)
    search_text = models.CharField(max_length=400, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    issued_at = models.DateTimeField(_("issued at"), null=True, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = InvoiceQuerySet.as_manager()

    class Meta:
        verbose_name = _("sales document")
        verbose_name_plural = _("sales documents")
        ordering = ["-issue_date", "-id"]
        permissions = [("issue_salesinvoice", "Can issue sales documents")]
        indexes = [
            models.Index(fields=["-issue_date", "-id"], name="finance_invoice_list"),
            models.Index(fields=["partner", "status"], name="finance_invoice_partner"),
            models.Index(fields=["status", "due_date"], name="finance_invoice_due"),
            # The list's other sorts: a page of 25 is read from the index, not sorted from all.
            models.Index(fields=["total", "id"], name="finance_invoice_by_total"),
            models.Index(fields=["due_date", "id"], name="finance_invoice_by_due"),
            models.Index(fields=["number", "id"], name="finance_invoice_by_number"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft")
                | (Q(number__isnull=False) & Q(issue_date__isnull=False)),
                name="finance_invoice_issued_numbered",
            ),
            models.CheckConstraint(
                condition=Q(status="issued") | Q(number__isnull=True),
                name="finance_invoice_draft_unnumbered",
            ),
            models.CheckConstraint(
                condition=Q(kind="invoice", original__isnull=True)
                | (~Q(kind="invoice") & Q(original__isnull=False)),
                name="finance_invoice_note_has_original",
            ),
            models.CheckConstraint(condition=Q(rate__gt=0), name="finance_invoice_rate"),
            models.UniqueConstraint(
                fields=["template", "period_key"],
                condition=Q(template__isnull=False),
                name="finance_invoice_template_period",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return self.number or _("Draft %(id)s") % {"id": self.pk or "-"}

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def is_issued(self) -> bool:
        return self.status == self.Status.ISSUED

    @property
    def is_credit_note(self) -> bool:
        return self.kind == self.Kind.CREDIT_NOTE

    @property
    def amount_left(self) -> Decimal:
        """An invoice's total after its credit and debit notes (what a credit note may take)."""
        return self.total + self.debited_amount - self.credited_amount

    @property
    def amount_open(self) -> Decimal:
        """What is still to be paid on an issued invoice or debit note."""
        if not self.is_issued or self.kind == self.Kind.CREDIT_NOTE:
            return Decimal("0.00")
        return self.amount_left - self.paid_amount


class SalesInvoiceLine(models.Model):
    invoice = models.ForeignKey(
        SalesInvoice, verbose_name=_("document"), on_delete=models.CASCADE, related_name="lines"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    product = models.ForeignKey(
        Product,
        verbose_name=_("product"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.CharField(_("description"), max_length=300)
    unit = models.CharField(_("unit"), max_length=20, default="pcs")
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=2)
    tax_code = models.ForeignKey(
        TaxCode, verbose_name=_("tax code"), on_delete=models.PROTECT, related_name="+"
    )
    income_account = models.ForeignKey(
        Account, verbose_name=_("income account"), on_delete=models.PROTECT, related_name="+"
    )
    #: Tax base and VAT of the line, each rounded once (half up to the cent).
    base = models.DecimalField(_("tax base"), max_digits=14, decimal_places=2, default=0)
    vat = models.DecimalField(_("VAT"), max_digits=14, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("document line")
        verbose_name_plural = _("document lines")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description


class RecurringInvoice(models.Model):
    """A template a nightly job turns into one issued invoice per period."""

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        YEARLY = "yearly", _("Yearly")

    name = models.CharField(_("name"), max_length=200)
    partner = models.ForeignKey(
        Partner, verbose_name=_("customer"), on_delete=models.PROTECT, related_name="+"
    )
    series = models.ForeignKey(
        DocumentSeries, verbose_name=_("series"), on_delete=models.PROTECT, related_name="+"
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    language = models.CharField(
        _("language"),
        max_length=4,
        choices=SalesInvoice.Language.choices,
        default=SalesInvoice.Language.BG,
    )
    frequency = models.CharField(
        _("frequency"), max_length=10, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    department = models.ForeignKey(
        "hr.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    next_date = models.DateField(_("next invoice date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    notes = models.CharField(_("notes"), max_length=500, blank=True)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recurring invoice")
        verbose_name_plural = _("recurring invoices")
        ordering = ["next_date", "name"]

    def __str__(self) -> str:
        return self.name


class RecurringLine(models.Model):
    template = models.ForeignKey(RecurringInvoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField(default=0)
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    description = models.CharField(_("description"), max_length=300)
    unit = models.CharField(_("unit"), max_length=20, default="pcs")
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3)
    unit_price = models.DecimalField(_("unit price"), max_digits=14, decimal_places=2)
    tax_code = models.ForeignKey(TaxCode, on_delete=models.PROTECT, related_name="+")
    income_account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.description

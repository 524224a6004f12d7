"""The books: fiscal years and their monthly periods, journal entries and their lines, the
per-period balance table kept in the posting transaction, and drafts of manual entries.

Posted entries and lines are never changed: on PostgreSQL triggers refuse UPDATE and DELETE of
them and a deferred constraint trigger refuses a COMMIT in which an entry does not balance
(migration 0002). Only ``finance.services.journal_entry_post`` creates them.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from finance.models.chart import Account
from finance.models.partners import Partner

__all__ = [
    "AccountBalance",
    "EntryDraft",
    "FiscalYear",
    "JournalEntry",
    "JournalEntryQuerySet",
    "JournalLine",
    "JournalLineQuerySet",
    "Period",
    "PeriodQuerySet",
]


class FiscalYear(models.Model):
    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("fiscal year")
        verbose_name_plural = _("fiscal years")
        ordering = ["-year"]

    def __str__(self) -> str:
        return str(self.year)

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class PeriodQuerySet(models.QuerySet):
    def containing(self, day: date) -> PeriodQuerySet:
        return self.filter(start__lte=day, end__gte=day)

    def open(self) -> PeriodQuerySet:
        return self.filter(is_locked=False)


class Period(models.Model):
    fiscal_year = models.ForeignKey(
        FiscalYear, verbose_name=_("fiscal year"), on_delete=models.PROTECT, related_name="periods"
    )
    number = models.PositiveSmallIntegerField(_("month"))
    start = models.DateField(_("first day"), unique=True)
    end = models.DateField(_("last day"))
    is_locked = models.BooleanField(_("locked"), default=False)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    history = HistoricalRecords()
    objects = PeriodQuerySet.as_manager()

    class Meta:
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(fields=["fiscal_year", "number"], name="finance_period_month"),
            models.CheckConstraint(
                condition=Q(end__gte=models.F("start")), name="finance_period_dates"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m}"


class JournalEntryQuerySet(models.QuerySet):
    def between(self, start: date, end: date) -> JournalEntryQuerySet:
        return self.filter(date__gte=start, date__lte=end)


#: The sources that are the ledger's own: a manual entry (no source) and the year-end closing.
LEDGER_SOURCE_TYPES = frozenset({"", "finance.fiscal_year"})


class JournalEntry(models.Model):
    class Kind(models.TextChoices):
        MANUAL = "manual", _("Manual")
        SYSTEM = "system", _("From a document")
        REVERSAL = "reversal", _("Reversal")
        CLOSING = "closing", _("Year-end closing")

    date = models.DateField(_("date"), db_index=True)
    period = models.ForeignKey(
        Period, verbose_name=_("period"), on_delete=models.PROTECT, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.MANUAL)
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    #: What caused the entry: a kind ("invoicing.invoice"), the document's id, a label and a link.
    source_type = models.CharField(_("source"), max_length=60, blank=True)
    source_id = models.CharField(_("source id"), max_length=60, blank=True)
    source_label = models.CharField(_("source document"), max_length=200, blank=True)
    source_url = models.CharField(_("source link"), max_length=300, blank=True)
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=200, unique=True, null=True, blank=True
    )
    reverses = models.OneToOneField(
        "self",
        verbose_name=_("reverses"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
    )
    total = models.DecimalField(_("total"), max_digits=14, decimal_places=2)
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("posted by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = JournalEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["source_type", "source_id"], name="finance_entry_source")]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"JE-{self.pk:06d}" if self.pk else "JE-new"

    @property
    def belongs_to_document(self) -> bool:
        """Whether a document of another part of the product posted this entry (a payroll run, an
        invoice, a stock issue): that document corrects it (a correction run, a credit note, a
        return), so the ledger never reverses it on its own and leaves the document posted."""
        return self.source_type not in LEDGER_SOURCE_TYPES

    @property
    def source_name(self) -> str:
        """The source document as a reader names it."""
        return self.source_label or f"{self.source_type} {self.source_id}".strip()


class JournalLineQuerySet(models.QuerySet):
    def between(self, start: date, end: date) -> JournalLineQuerySet:
        return self.filter(date__gte=start, date__lte=end)


class JournalLine(models.Model):
    entry = models.ForeignKey(
        JournalEntry, verbose_name=_("entry"), on_delete=models.PROTECT, related_name="lines"
    )
    #: The entry's date, copied so that ledger pages and partial months read one table.
    date = models.DateField(_("date"))
    account = models.ForeignKey(
        Account, verbose_name=_("account"), on_delete=models.PROTECT, related_name="lines"
    )
    debit = models.DecimalField(_("debit"), max_digits=14, decimal_places=2, default=0)
    credit = models.DecimalField(_("credit"), max_digits=14, decimal_places=2, default=0)
    department = models.ForeignKey(
        "hr.Department",
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    partner = models.ForeignKey(
        Partner,
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lines",
    )
    text = models.CharField(_("text"), max_length=300, blank=True)

    objects = JournalLineQuerySet.as_manager()

    class Meta:
        verbose_name = _("journal line")
        verbose_name_plural = _("journal lines")
        ordering = ["date", "id"]
        # Covering on PostgreSQL: a ledger page's sums and a part-month's turnover read the
        # index alone, never the table.
        indexes = [
            models.Index(
                fields=["account", "date", "id"],
                include=["debit", "credit"],
                name="finance_line_account_date",
            ),
            models.Index(
                fields=["date"],
                include=["account", "department", "debit", "credit"],
                name="finance_line_date",
            ),
            models.Index(fields=["department", "date"], name="finance_line_department_date"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(Q(debit__gt=0, credit=0) | Q(debit=0, credit__gt=0)),
                name="finance_line_one_side",
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id}: {self.debit} / {self.credit}"


class AccountBalance(models.Model):
    """Debit and credit turnover of one account in one period (per department), kept in the
    posting transaction so that reports read twelve rows a year instead of every line; the
    nightly reconciliation compares it with the lines."""

    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="balances")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="balances")
    department = models.ForeignKey(
        "hr.Department", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    #: The year-end closing's turnover is kept apart: the profit and loss and budgets leave it out.
    closing = models.BooleanField(default=False)
    debit = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    credit = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        verbose_name = _("account balance")
        verbose_name_plural = _("account balances")
        constraints = [
            models.UniqueConstraint(
                fields=["account", "period", "department", "closing"],
                name="finance_balance_key",
                nulls_distinct=False,
            )
        ]

    def __str__(self) -> str:
        return f"{self.account_id} {self.period_id} {self.department_id}"


class EntryDraft(models.Model):
    """A manual entry not posted yet, or a template for a recurring one: its lines as typed
    (account and department ids, amounts as text), checked in full only when it is posted."""

    name = models.CharField(_("template name"), max_length=100, blank=True)
    is_template = models.BooleanField(_("template"), default=False)
    date = models.DateField(_("date"), null=True, blank=True)
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    lines = models.JSONField(_("lines"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("draft entry")
        verbose_name_plural = _("draft entries")
        ordering = ["-updated_at"]

    def __str__(self) -> str:
        return self.name or self.memo or f"#{self.pk}"

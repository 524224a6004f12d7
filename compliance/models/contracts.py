"""The contracts register: what the organisation signed with whom, and when it renews."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from backoffice.storage import private_storage
from compliance.domain.contracts import DAYS, MONTHS, Deadlines, deadlines
from hr.models import Department


class ContractQuerySet(models.QuerySet):
    def active(self) -> ContractQuerySet:
        return self.exclude(status__in=[Contract.Status.ENDED, Contract.Status.DRAFT])


class Contract(models.Model):
    class Kind(models.TextChoices):
        SUPPLY = "supply", _("Supply")
        SERVICE = "service", _("Service")
        LEASE = "lease", _("Lease")
        LICENCE = "licence", _("Licence")
        NDA = "nda", _("Non-disclosure")
        SALES = "sales", _("Sales")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("contract", "Draft")
        ACTIVE = "active", pgettext_lazy("contract", "In force")
        NOTICE_GIVEN = "notice", pgettext_lazy("contract", "Notice given")
        ENDED = "ended", pgettext_lazy("contract", "Ended")

    class NoticeUnit(models.TextChoices):
        DAYS = DAYS, _("days")
        MONTHS = MONTHS, _("months")

    title = models.CharField(_("title"), max_length=200)
    reference = models.CharField(_("reference"), max_length=60, blank=True)
    counterparty = models.ForeignKey(
        "finance.Partner",
        verbose_name=_("counterparty"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.SERVICE)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    value = models.DecimalField(_("value"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    start = models.DateField(_("start"))
    end = models.DateField(
        _("end of the first term"),
        null=True,
        blank=True,
        help_text=_("Leave empty for a contract without an end date."),
    )
    auto_renew = models.BooleanField(_("renews automatically"), default=False)
    renewal_months = models.PositiveSmallIntegerField(
        _("renewal term (months)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    notice_value = models.PositiveSmallIntegerField(
        _("notice period"), default=0, validators=[MaxValueValidator(3650)]
    )
    notice_unit = models.CharField(
        _("notice period in"), max_length=6, choices=NoticeUnit.choices, default=NoticeUnit.DAYS
    )
    lead_days = models.PositiveSmallIntegerField(
        _("internal lead time (days)"),
        default=30,
        validators=[MaxValueValidator(730)],
        help_text=_("How long before the notice deadline the owner is reminded."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ContractQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("contract")
        verbose_name_plural = _("contracts")
        ordering = ["title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="compliance_contract_order",
                violation_error_message=_("A contract cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def deadlines(self, today: date) -> Deadlines:
        return deadlines(
            start=self.start,
            end=self.end,
            auto_renew=self.auto_renew,
            renewal_months=self.renewal_months,
            notice_value=self.notice_value,
            notice_unit=self.notice_unit,
            lead_days=self.lead_days,
            today=today,
        )


class ContractRenewal(models.Model):
    """A term that started by tacit renewal (or by hand), recorded once per term."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="renewals")
    number = models.PositiveIntegerField(_("term"))
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contract renewal")
        verbose_name_plural = _("contract renewals")
        ordering = ["contract", "number"]
        constraints = [
            models.UniqueConstraint(fields=["contract", "number"], name="compliance_renewal_once")
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} #{self.number}"


class ContractReminder(models.Model):
    """A reminder sent to the owner, once per term and kind: the nightly run sends each once."""

    class Kind(models.TextChoices):
        LEAD = "lead", _("Lead time reached")
        NOTICE = "notice", _("Notice deadline")

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=8, choices=Kind.choices)
    term_end = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kind", "term_end"], name="compliance_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.contract_id} {self.kind} {self.term_end}"


class ContractDocument(models.Model):
    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), storage=private_storage, upload_to="compliance/contracts/")
    original_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    content_type = models.CharField(max_length=100, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contract document")
        verbose_name_plural = _("contract documents")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.title

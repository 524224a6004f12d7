"""The risk register and legal matters."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from backoffice.storage import private_storage
from compliance.domain.contracts import risk_level, risk_score

SCALE = [MinValueValidator(1), MaxValueValidator(5)]


class Risk(models.Model):
    class Category(models.TextChoices):
        LEGAL = "legal", _("Legal and regulatory")
        PEOPLE = "people", _("People and safety")
        FINANCIAL = "financial", _("Financial")
        OPERATIONAL = "operational", _("Operational")
        SECURITY = "security", _("Information security")
        REPUTATION = "reputation", _("Reputation")

    class Treatment(models.TextChoices):
        REDUCE = "reduce", _("Reduce")
        ACCEPT = "accept", _("Accept")
        TRANSFER = "transfer", _("Transfer")
        AVOID = "avoid", _("Avoid")

    title = models.CharField(_("risk"), max_length=200)
    category = models.CharField(_("category"), max_length=12, choices=Category.choices)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    likelihood = models.PositiveSmallIntegerField(_("likelihood (1-5)"), validators=SCALE)
    impact = models.PositiveSmallIntegerField(_("impact (1-5)"), validators=SCALE)
    controls = models.TextField(_("controls"), blank=True)
    residual_likelihood = models.PositiveSmallIntegerField(
        _("residual likelihood (1-5)"), validators=SCALE
    )
    residual_impact = models.PositiveSmallIntegerField(_("residual impact (1-5)"), validators=SCALE)
    treatment = models.CharField(
        _("treatment"), max_length=10, choices=Treatment.choices, default=Treatment.REDUCE
    )
    review_on = models.DateField(_("next review"))
    closed = models.BooleanField(_("closed"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("risk")
        verbose_name_plural = _("risks")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(likelihood__gte=1, likelihood__lte=5)
                & Q(impact__gte=1, impact__lte=5)
                & Q(residual_likelihood__gte=1, residual_likelihood__lte=5)
                & Q(residual_impact__gte=1, residual_impact__lte=5),
                name="compliance_risk_scale",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def score(self) -> int:
        return risk_score(self.likelihood, self.impact)

    @property
    def residual_score(self) -> int:
        return risk_score(self.residual_likelihood, self.residual_impact)

    @property
    def level(self) -> str:
        return risk_level(self.score)

    @property
    def residual_level(self) -> str:
        return risk_level(self.residual_score)


class LegalMatter(models.Model):
    class Kind(models.TextChoices):
        CASE = "case", _("Court case")
        CLAIM = "claim", _("Claim")
        INSPECTION = "inspection", _("Inspection")
        DISPUTE = "dispute", _("Dispute")

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("legal matter", "Open")
        PENDING = "pending", pgettext_lazy("legal matter", "Waiting")
        CLOSED = "closed", pgettext_lazy("legal matter", "Closed")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("type"), max_length=12, choices=Kind.choices, default=Kind.CLAIM)
    counterparty_name = models.CharField(_("counterparty"), max_length=200)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.OPEN
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = models.TextField(_("description"), blank=True)
    amount = models.DecimalField(
        _("amount claimed"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR")
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("legal matter")
        verbose_name_plural = _("legal matters")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class LegalDeadline(models.Model):
    matter = models.ForeignKey(LegalMatter, on_delete=models.CASCADE, related_name="deadlines")
    title = models.CharField(_("what"), max_length=200)
    due = models.DateField(_("date"))
    done = models.BooleanField(_("done"), default=False)
    reminded_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("legal deadline")
        verbose_name_plural = _("legal deadlines")
        ordering = ["due"]

    def __str__(self) -> str:
        return self.title


class LegalDocument(models.Model):
    matter = models.ForeignKey(LegalMatter, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(_("file"), storage=private_storage, upload_to="compliance/legal/")
    original_name = models.CharField(_("file name"), max_length=200, blank=True, editable=False)
    content_type = models.CharField(max_length=100, blank=True, editable=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("legal document")
        verbose_name_plural = _("legal documents")

    def __str__(self) -> str:
        return self.title

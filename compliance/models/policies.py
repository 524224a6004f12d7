"""Policies, their versions, and each person's acknowledgement of a published version."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hr.models import Department, Employee, Position


class Policy(models.Model):
    title = models.CharField(_("title"), max_length=200)
    code = models.CharField(_("code"), max_length=30, unique=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class PolicyVersionQuerySet(models.QuerySet):
    def published(self) -> PolicyVersionQuerySet:
        return self.filter(status=PolicyVersion.Status.PUBLISHED)


class PolicyVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("policy", "Draft")
        APPROVED = "approved", pgettext_lazy("policy", "Approved")
        PUBLISHED = "published", pgettext_lazy("policy", "Published")
        RETIRED = "retired", pgettext_lazy("policy", "Retired")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", _("Everyone")
        DEPARTMENTS = "departments", _("Departments")
        POSITIONS = "positions", _("Positions")

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    body = models.TextField(_("text"))
    summary = models.CharField(_("what changed"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    audience = models.CharField(
        _("audience"), max_length=12, choices=Audience.choices, default=Audience.EVERYONE
    )
    departments = models.ManyToManyField(
        Department, verbose_name=_("departments"), blank=True, related_name="+"
    )
    positions = models.ManyToManyField(
        Position, verbose_name=_("positions"), blank=True, related_name="+"
    )
    due_days = models.PositiveSmallIntegerField(
        _("days to acknowledge"),
        default=14,
        help_text=_("Counted from publishing, or from a new hire's first day."),
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PolicyVersionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        verbose_name = _("policy version")
        verbose_name_plural = _("policy versions")
        ordering = ["policy", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "number"], name="compliance_version_number"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(approved_by__isnull=False),
                name="compliance_version_approver",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.policy} v{self.number}"


class Acknowledgement(models.Model):
    version = models.ForeignKey(
        PolicyVersion, on_delete=models.PROTECT, related_name="acknowledgements"
    )
    employee = models.ForeignKey(
        Employee, verbose_name=_("person"), on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), auto_now_add=True)

    class Meta:
        verbose_name = _("acknowledgement")
        verbose_name_plural = _("acknowledgements")
        ordering = ["-acknowledged_at"]
        constraints = [
            models.UniqueConstraint(fields=["version", "employee"], name="compliance_ack_once")
        ]

    def __str__(self) -> str:
        return f"{self.version_id} {self.employee_id}"

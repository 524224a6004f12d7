"""Findings of the nightly checks, and the runs that filed them."""

from __future__ import annotations

import re
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from hr.models import Department, Employee


class Severity(models.TextChoices):
    LOW = "low", pgettext_lazy("severity", "Low")
    MEDIUM = "medium", pgettext_lazy("severity", "Medium")
    HIGH = "high", pgettext_lazy("severity", "High")


SEVERITY_ORDER = {Severity.HIGH: 0, Severity.MEDIUM: 1, Severity.LOW: 2}


class FindingQuerySet(models.QuerySet):
    def open(self) -> FindingQuerySet:
        return self.filter(state=Finding.State.OPEN)

    def unresolved(self) -> FindingQuerySet:
        return self.exclude(state=Finding.State.RESOLVED)


class Finding(models.Model):
    class State(models.TextChoices):
        OPEN = "open", pgettext_lazy("finding", "Open")
        ACCEPTED = "accepted", pgettext_lazy("finding", "Accepted")
        RESOLVED = "resolved", pgettext_lazy("finding", "Resolved")

    check_key = models.CharField(_("check"), max_length=60)
    key = models.CharField(max_length=200)
    title = models.CharField(_("finding"), max_length=300)
    params = models.JSONField(default=dict, blank=True)
    severity = models.CharField(
        _("severity"), max_length=10, choices=Severity.choices, default=Severity.MEDIUM
    )
    department = models.ForeignKey(
        Department,
        verbose_name=_("department"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("person"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    due = models.DateField(_("due"), null=True, blank=True)
    url = models.CharField(max_length=300, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    first_seen = models.DateField(_("first found"))
    last_seen = models.DateField(_("last found"))
    resolved_on = models.DateField(_("resolved on"), null=True, blank=True)
    reopened = models.PositiveIntegerField(default=0)

    objects = FindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("finding")
        verbose_name_plural = _("findings")
        ordering = ["-last_seen", "pk"]
        permissions = [("export_personal_data", _("Can export a person's data"))]
        constraints = [
            models.UniqueConstraint(fields=["check_key", "key"], name="compliance_finding_key"),
            models.CheckConstraint(
                condition=~Q(state="accepted") | ~Q(reason=""),
                name="compliance_finding_accepted_reason",
            ),
        ]
        indexes = [
            # The dashboard's counts by state, severity, check and department: read from the
            # index alone. Also serves the filters by state and severity.
            models.Index(
                fields=["state", "severity", "check_key", "department"],
                name="compliance_finding_figures",
            ),
            models.Index(fields=["department", "state"], name="compliance_finding_dept"),
            # The findings list's sorts: a page is read from the index, not by sorting them all.
            models.Index(fields=["last_seen", "id"], name="compliance_finding_seen"),
            models.Index(fields=["due", "id"], name="compliance_finding_due"),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def text(self) -> str:
        """The finding in the reader's language, its dates in the reader's format."""
        template = gettext(self.title)
        params = {key: _shown(value) for key, value in (self.params or {}).items()}
        try:
            return template % params if params else template
        except (KeyError, TypeError, ValueError):
            return template


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _shown(value):
    if isinstance(value, str) and ISO_DATE.match(value):
        try:
            return date_format(date.fromisoformat(value), "SHORT_DATE_FORMAT")
        except ValueError:
            return value
    return value


class CheckRun(models.Model):
    """One night's (or one button's) run of every check: what it found, for the trend."""

    day = models.DateField(_("day"))
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    found = models.PositiveIntegerField(default=0)
    opened = models.PositiveIntegerField(default=0)
    resolved = models.PositiveIntegerField(default=0)
    open_total = models.PositiveIntegerField(default=0)
    by_check = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("check run")
        verbose_name_plural = _("check runs")
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"{self.day}"

"""The platform's own records: people, the organisation, background jobs, notifications, audit."""

from __future__ import annotations

import uuid
import zoneinfo
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from backoffice.storage import private_storage

CURRENCIES = [
    ("EUR", _("Euro (EUR)")),
    ("BGN", _("Bulgarian lev (BGN)")),
    ("USD", _("US dollar (USD)")),
    ("GBP", _("Pound sterling (GBP)")),
    ("RON", _("Romanian leu (RON)")),
    ("CHF", _("Swiss franc (CHF)")),
    ("PLN", _("Polish złoty (PLN)")),
    ("CZK", _("Czech koruna (CZK)")),
    ("HUF", _("Hungarian forint (HUF)")),
    ("SEK", _("Swedish krona (SEK)")),
    ("DKK", _("Danish krone (DKK)")),
]
COUNTRIES = [
    ("AT", _("Austria")),
    ("BE", _("Belgium")),
    ("BG", _("Bulgaria")),
    ("HR", _("Croatia")),
    ("CY", _("Cyprus")),
    ("CZ", _("Czechia")),
    ("DK", _("Denmark")),
    ("EE", _("Estonia")),
    ("FI", _("Finland")),
    ("FR", _("France")),
    ("DE", _("Germany")),
    ("GR", _("Greece")),
    ("HU", _("Hungary")),
    ("IE", _("Ireland")),
    ("IT", _("Italy")),
    ("LV", _("Latvia")),
    ("LT", _("Lithuania")),
    ("LU", _("Luxembourg")),
    ("MT", _("Malta")),
    ("NL", _("Netherlands")),
    ("PL", _("Poland")),
    ("PT", _("Portugal")),
    ("RO", _("Romania")),
    ("RS", _("Serbia")),
    ("MK", _("North Macedonia")),
    ("SK", _("Slovakia")),
    ("SI", _("Slovenia")),
    ("ES", _("Spain")),
    ("SE", _("Sweden")),
    ("CH", _("Switzerland")),
    ("GB", _("United Kingdom")),
    ("US", _("United States")),
]
WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(zoneinfo.available_timezones()) if "/" in name]


def default_working_week() -> list[int]:
    return [0, 1, 2, 3, 4]


class UserManager(DjangoUserManager):
    pass


class User(AbstractUser):
    """A person who signs in. Roles are Django groups (backoffice.roles)."""

    language = models.CharField(
        _("language"),
        max_length=8,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("Used for this person's pages, e-mails and documents."),
    )

    objects = UserManager()
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        ordering = ["username"]
        permissions = [
            ("access_admin", _("Can open the administration site")),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.username


class PayPeriod(models.TextChoices):
    """How often people are paid; timesheets and payroll runs follow it."""

    MONTHLY = "monthly", _("Monthly")
    WEEKLY = "weekly", _("Weekly")


class Organisation(models.Model):
    """The company that runs this back office. Exactly one row (pk=1); read it via selectors."""

    legal_name = models.CharField(_("legal name"), max_length=200, default="")
    address = models.TextField(_("address"), blank=True)
    registration_number = models.CharField(
        _("registration number"), max_length=32, blank=True, help_text=_("EIK / company number.")
    )
    vat_number = models.CharField(_("VAT number"), max_length=32, blank=True)
    logo = models.FileField(
        _("logo"), storage=private_storage, upload_to="organisation/", blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, choices=CURRENCIES, default="EUR")
    country = models.CharField(_("country"), max_length=2, choices=COUNTRIES, default="BG")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Europe/Sofia")
    working_week = models.JSONField(
        _("working days"),
        default=default_working_week,
        help_text=_("Days of a normal working week."),
    )
    full_time_weekly_hours = models.DecimalField(
        _("full-time weekly hours"),
        max_digits=5,
        decimal_places=2,
        default=40,
        validators=[MinValueValidator(1), MaxValueValidator(80)],
    )
    leave_year_start_month = models.PositiveSmallIntegerField(
        _("leave year starts in"), choices=MONTHS, default=1
    )
    pay_period = models.CharField(
        _("pay period"),
        max_length=10,
        choices=PayPeriod.choices,
        default=PayPeriod.MONTHLY,
        help_text=_("Timesheets and payroll cover this period."),
    )
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisation")
        permissions = [("manage_organisation", _("Can change the organisation's settings"))]
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="organisation_singleton")]

    def __str__(self) -> str:
        return self.legal_name or str(_("Organisation"))


class JobQuerySet(models.QuerySet):
    def active(self) -> JobQuerySet:
        return self.filter(status__in=Job.ACTIVE_STATUSES)

    def stalled(self, *, now=None) -> JobQuerySet:
        now = now or timezone.now()
        cutoff = now - timedelta(seconds=settings.JOB_STALE_SECONDS)
        return self.filter(
            Q(status=Job.Status.RUNNING, heartbeat_at__lt=cutoff)
            | Q(status=Job.Status.QUEUED, created_at__lt=cutoff, heartbeat_at__isnull=True)
            | Q(status=Job.Status.QUEUED, heartbeat_at__lt=cutoff)
        )


class Job(models.Model):
    """One background run. Its handler is looked up by ``kind`` in the job registry."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    ACTIVE_STATUSES = (Status.QUEUED, Status.RUNNING)
    REUSABLE_STATUSES = (Status.QUEUED, Status.RUNNING, Status.SUCCEEDED)
    FINAL_STATUSES = (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED)

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED
    )
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), default=0)
    message = models.TextField(_("message"), blank=True)
    result_file = models.FileField(
        _("result"), storage=private_storage, upload_to="jobs/%Y/%m/", blank=True
    )
    result_name = models.CharField(_("result file name"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="jobs",
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, db_index=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    heartbeat_at = models.DateTimeField(_("heartbeat"), null=True, blank=True)
    runner = models.CharField(
        _("runner"), max_length=200, blank=True, help_text=_("host:pid of the process running it.")
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=200)

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("job")
        verbose_name_plural = _("jobs")
        ordering = ["-created_at", "-id"]
        permissions = [("view_all_jobs", _("Can see everybody's jobs"))]
        constraints = [
            models.UniqueConstraint(
                fields=["idempotency_key"],
                condition=Q(status__in=["queued", "running", "succeeded"]),
                name="job_one_live_run_per_key",
            ),
            models.CheckConstraint(
                condition=Q(progress_done__lte=models.F("progress_total")) | Q(progress_total=0),
                name="job_progress_within_total",
            ),
        ]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"]),
            models.Index(fields=["status", "heartbeat_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.label} #{self.pk}"

    @property
    def label(self) -> str:
        from backoffice.registry import registry

        kind = registry.job_kinds.get(self.kind)
        return str(kind.label) if kind else self.kind

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.progress_total:
            return 0
        return int(self.progress_done * 100 / self.progress_total)

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    def result_downloadable_by(self, user) -> bool:
        """Only the requester may take the result: it was built with their visibility (their team's
        timesheets, their audit rights), so seeing the job, as administrators do, is not seeing
        what it contains."""
        return (
            self.status == self.Status.SUCCEEDED
            and bool(self.result_file)
            and self.requested_by_id is not None
            and self.requested_by_id == user.pk
        )

    @property
    def duration(self) -> timedelta | None:
        if not self.started_at:
            return None
        return (self.finished_at or timezone.now()) - self.started_at


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """Something a person should know.

    A notification written through ``kind``, ``title_msgid``/``body_msgid`` and ``params`` is
    shown in the reader's language when read (``title_display``, ``body_display``);
    ``title`` and ``body`` keep it rendered in the recipient's language at sending, for the admin
    and for rows written before messages were stored as templates.
    """

    class Level(models.TextChoices):
        INFO = "info", _("Information")
        SUCCESS = "success", _("Success")
        WARNING = "warning", _("Warning")
        DANGER = "danger", _("Problem")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.INFO)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    kind = models.CharField(_("kind"), max_length=64, blank=True)
    title_msgid = models.CharField(_("title template"), max_length=200, blank=True)
    body_msgid = models.TextField(_("text template"), blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed = models.BooleanField(_("e-mailed"), default=False)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def title_display(self) -> str:
        """The title in the active language (the reader's), or as stored."""
        from backoffice.i18n import message_render

        if not self.title_msgid:
            return self.title
        return message_render(self.title_msgid, self.params or {}, part="title") or self.title

    @property
    def body_display(self) -> str:
        from backoffice.i18n import message_render

        if not self.body_msgid:
            return self.body
        return message_render(self.body_msgid, self.params or {}, part="body") or self.body


class AuditEvent(models.Model):
    """A business or security event: who did what, when, to which object. Append-only."""

    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    actor_name = models.CharField(_("actor name"), max_length=150, blank=True)
    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    summary = models.CharField(_("summary"), max_length=300)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-created_at", "-id"]
        permissions = [("export_auditevent", _("Can export the audit trail"))]
        indexes = [
            models.Index(fields=["kind", "-created_at"]),
            models.Index(fields=["actor", "-created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.kind}: {self.summary}"

    @property
    def summary_display(self) -> str:
        """The summary in the reader's language (the stored text is English)."""
        from django.utils.translation import gettext

        spec = self.data.get("summary") if isinstance(self.data, dict) else None
        if not spec or not spec.get("template"):
            return self.summary
        try:
            return gettext(spec["template"]) % spec.get("params", {})
        except (KeyError, TypeError, ValueError):
            return self.summary

    @property
    def kind_colour(self) -> str:
        if self.kind.endswith(("failed", "lockout")):
            return "red"
        if self.kind.startswith("role.") or self.kind.endswith(("disabled", "updated")):
            return "yellow"
        return "azure"

    @property
    def kind_label(self) -> str:
        from backoffice.registry import registry

        return str(registry.audit_kinds.get(self.kind, self.kind))

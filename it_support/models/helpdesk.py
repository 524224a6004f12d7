"""The helpdesk: queues and their agents, categories, business hours, SLA policies, tickets with
their recorded status intervals, messages, attachments, canned replies and mail kept aside."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from backoffice.storage import private_storage


class Queue(models.Model):
    name = models.CharField(_("name"), max_length=100)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("agents"), blank=True, related_name="it_queues"
    )
    reopen_days = models.PositiveSmallIntegerField(
        _("reopen window (days)"),
        default=7,
        help_text=_("A reply within this many days of closing reopens the ticket."),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("queue")
        verbose_name_plural = _("queues")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Category(models.Model):
    name = models.CharField(_("name"), max_length=100)
    queue = models.ForeignKey(Queue, verbose_name=_("queue"), on_delete=models.PROTECT)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class BusinessHours(models.Model):
    """The helpdesk's opening hours on one weekday; a weekday without a row is closed."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices, unique=True)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))

    class Meta:
        verbose_name = _("business hours")
        verbose_name_plural = _("business hours")
        ordering = ["weekday"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=models.F("closes")), name="it_hours_open_before_close"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.opens:%H:%M}-{self.closes:%H:%M}"


class Priority(models.IntegerChoices):
    CRITICAL = 1, _("Critical")
    HIGH = 2, _("High")
    MEDIUM = 3, _("Medium")
    LOW = 4, _("Low")


class Level(models.IntegerChoices):
    HIGH = 1, _("High")
    MEDIUM = 2, _("Medium")
    LOW = 3, _("Low")


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING_REQUESTER = "waiting_requester", _("Waiting on the requester")
    WAITING_THIRD_PARTY = "waiting_third_party", _("Waiting on a third party")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")


#: Statuses in which the ticket is done (the clocks stop).
DONE = frozenset({Status.RESOLVED.value, Status.CLOSED.value})


class SlaPolicy(models.Model):
    queue = models.ForeignKey(
        Queue, verbose_name=_("queue"), on_delete=models.CASCADE, related_name="sla_policies"
    )
    priority = models.PositiveSmallIntegerField(_("priority"), choices=Priority.choices)
    first_response_minutes = models.PositiveIntegerField(_("first response (business minutes)"))
    resolution_minutes = models.PositiveIntegerField(_("resolution (business minutes)"))
    pause_on_third_party = models.BooleanField(
        _("pause while waiting on a third party"),
        default=False,
        help_text=_("Waiting on the requester always pauses the clock."),
    )

    class Meta:
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        ordering = ["queue", "priority"]
        constraints = [
            models.UniqueConstraint(fields=["queue", "priority"], name="it_sla_one_per_priority"),
            models.CheckConstraint(
                condition=Q(first_response_minutes__gt=0) & Q(resolution_minutes__gt=0),
                name="it_sla_targets_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.queue} · {self.get_priority_display()}"

    @property
    def paused_statuses(self) -> frozenset[str]:
        paused = {Status.WAITING_REQUESTER.value}
        if self.pause_on_third_party:
            paused.add(Status.WAITING_THIRD_PARTY.value)
        return frozenset(paused)


#: Unfinished and not merged: the tickets whose clocks may still run.
OPEN_TICKET = Q(merged_into__isnull=True) & ~Q(status__in=sorted(DONE))


class TicketQuerySet(models.QuerySet):
    def unfinished(self) -> TicketQuerySet:
        return self.filter(OPEN_TICKET)

    def for_list(self) -> TicketQuerySet:
        return self.select_related("queue", "category", "requester", "assignee").defer(
            "description", "review", "rating_comment"
        )


class Ticket(models.Model):
    class Kind(models.TextChoices):
        REQUEST = "request", _("Request")
        INCIDENT = "incident", _("Incident")
        SECURITY = "security", _("Security incident")

    class Source(models.TextChoices):
        PORTAL = "portal", _("Staff portal")
        AGENT = "agent", _("Agent")
        EMAIL = "email", _("E-mail")
        HR = "hr", _("HR event")

    class Action(models.TextChoices):
        NONE = "", _("None")
        GRANT_ACCESS = "grant_access", _("Grant access")
        ISSUE_EQUIPMENT = "issue_equipment", _("Issue equipment")
        REVOKE_ACCESS = "revoke_access", _("Revoke access")
        COLLECT_ASSET = "collect_asset", _("Collect asset")

    class Severity(models.IntegerChoices):
        NONE = 0, _("Not an incident")
        LOW = 1, _("Low")
        MEDIUM = 2, _("Medium")
        HIGH = 3, _("High")
        CRITICAL = 4, _("Critical")

    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices, default=Kind.REQUEST)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requester"),
        on_delete=models.PROTECT,
        related_name="it_tickets",
    )
    person = models.ForeignKey(
        "hr.Employee",
        verbose_name=_("person concerned"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The joiner or leaver an access or equipment ticket is about."),
    )
    queue = models.ForeignKey(Queue, verbose_name=_("queue"), on_delete=models.PROTECT)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.SET_NULL, null=True, blank=True
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assignee"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="it_assigned",
    )
    impact = models.PositiveSmallIntegerField(
        _("impact"), choices=Level.choices, default=Level.MEDIUM
    )
    urgency = models.PositiveSmallIntegerField(
        _("urgency"), choices=Level.choices, default=Level.MEDIUM
    )
    priority = models.PositiveSmallIntegerField(
        _("priority"), choices=Priority.choices, default=Priority.MEDIUM, db_index=True
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.PORTAL
    )
    action = models.CharField(
        _("action"), max_length=20, choices=Action.choices, default="", blank=True
    )
    action_target = models.CharField(_("system or item"), max_length=200, blank=True)
    origin_key = models.CharField(
        max_length=120, null=True, blank=True, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("opened"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    first_response_at = models.DateTimeField(_("first response"), null=True, blank=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    # The clocks' read model, recomputed from the intervals at every change (never drifted).
    first_response_due_at = models.DateTimeField(_("first response due"), null=True, blank=True)
    resolution_due_at = models.DateTimeField(_("resolution due"), null=True, blank=True)
    resolution_warn_at = models.DateTimeField(null=True, blank=True, db_index=True, editable=False)
    sla_remaining_minutes = models.IntegerField(_("business minutes left"), null=True, blank=True)
    sla_paused = models.BooleanField(_("clock paused"), default=False)
    sla_met = models.BooleanField(_("SLA met"), null=True, blank=True)
    sla_warned_at = models.DateTimeField(null=True, blank=True, editable=False)
    sla_breach_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged",
    )
    related = models.ManyToManyField("self", verbose_name=_("related tickets"), blank=True)
    watchers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("watchers"),
        blank=True,
        related_name="it_watching",
    )
    assets = models.ManyToManyField(
        "it_support.Asset", verbose_name=_("linked assets"), blank=True, related_name="tickets"
    )
    articles = models.ManyToManyField(
        "it_support.Article", verbose_name=_("articles"), blank=True, related_name="tickets"
    )
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    rating_comment = models.CharField(_("rating comment"), max_length=500, blank=True)
    # Security incidents.
    severity = models.PositiveSmallIntegerField(
        _("severity"), choices=Severity.choices, default=Severity.NONE
    )
    personal_data_breach = models.BooleanField(_("personal data breach"), default=False)
    breach_aware_at = models.DateTimeField(
        _("breach known since"),
        null=True,
        blank=True,
        help_text=_("Starts the 72-hour clock to notify the supervisory authority."),
    )
    authority_notified_at = models.DateTimeField(_("authority notified"), null=True, blank=True)
    review = models.TextField(_("post-incident review"), blank=True)
    affected_people = models.ManyToManyField(
        "hr.Employee", verbose_name=_("affected people"), blank=True, related_name="+"
    )

    objects = TicketQuerySet.as_manager()

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["queue", "status", "-created_at"], name="it_ticket_queue_status"),
            models.Index(fields=["requester", "-created_at"], name="it_ticket_requester"),
            models.Index(fields=["resolution_due_at", "id"], name="it_ticket_due"),
            # Covering indexes for the dashboard's month of first responses and resolutions.
            models.Index(
                fields=["created_at"], include=["first_response_at"], name="it_ticket_created"
            ),
            models.Index(fields=["resolved_at"], include=["sla_met"], name="it_ticket_resolved"),
            # The agent's default list and the dashboard read only unfinished tickets: these
            # stay small however many tickets were ever closed.
            models.Index(
                fields=["resolution_due_at", "id"],
                include=["sla_paused", "resolution_warn_at", "queue", "assignee", "priority"],
                condition=OPEN_TICKET,
                name="it_ticket_open_due",
            ),
            models.Index(
                fields=["queue", "created_at"],
                include=["resolution_due_at", "resolution_warn_at", "sla_paused", "assignee"],
                condition=OPEN_TICKET,
                name="it_ticket_open_queue",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="it_ticket_rating_1_to_5",
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    @property
    def reference(self) -> str:
        return f"IT-{self.pk:06d}" if self.pk else "IT-new"

    @property
    def is_done(self) -> bool:
        return self.status in DONE

    @property
    def breach_report_due_at(self):
        """GDPR art. 33: 72 hours from becoming aware of a personal data breach."""
        from datetime import timedelta

        if not self.personal_data_breach or self.breach_aware_at is None:
            return None
        return self.breach_aware_at + timedelta(hours=72)


class StatusInterval(models.Model):
    """A stretch of time the ticket spent in one status: the SLA clock's only input."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="intervals")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    started_at = models.DateTimeField(_("from"))
    ended_at = models.DateTimeField(_("until"), null=True, blank=True)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("status interval")
        verbose_name_plural = _("status intervals")
        ordering = ["started_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["ticket"],
                condition=Q(ended_at__isnull=True),
                name="it_one_open_interval",
            ),
            models.CheckConstraint(
                condition=Q(ended_at__isnull=True) | Q(ended_at__gte=models.F("started_at")),
                name="it_interval_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.status} {self.started_at:%Y-%m-%d %H:%M}"


class TicketMessage(models.Model):
    class Kind(models.TextChoices):
        PUBLIC = "public", _("Reply")
        INTERNAL = "internal", _("Internal note")
        SYSTEM = "system", _("System")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PUBLIC)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    body = models.TextField(_("message"))
    via_email = models.BooleanField(default=False)
    created_at = models.DateTimeField(_("written"), db_index=True)

    class Meta:
        verbose_name = _("ticket message")
        verbose_name_plural = _("ticket messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.kind} {self.created_at:%Y-%m-%d %H:%M}"


class TicketAttachment(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="attachments")
    message = models.ForeignKey(
        TicketMessage,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attachments",
    )
    file = models.FileField(_("file"), storage=private_storage, upload_to="it/attachments/")
    filename = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.filename


class CannedReply(models.Model):
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("text"))
    queue = models.ForeignKey(
        Queue, verbose_name=_("queue"), on_delete=models.CASCADE, null=True, blank=True
    )

    class Meta:
        verbose_name = _("canned reply")
        verbose_name_plural = _("canned replies")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class InboundMail(models.Model):
    """Every message fetched from the mailbox, with what became of it; a rejected one is kept
    here with the reason."""

    class Outcome(models.TextChoices):
        REPLY = "reply", _("Added to a ticket")
        TICKET = "ticket", _("Opened a ticket")
        REJECTED = "rejected", _("Kept aside")
        DISCARDED = "discarded", _("Discarded")

    received_at = models.DateTimeField(_("received"), auto_now_add=True)
    message_id = models.CharField(max_length=250, blank=True, db_index=True)
    digest = models.CharField(max_length=64, unique=True)
    sender = models.CharField(_("sender"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=250, blank=True)
    raw = models.BinaryField(editable=False)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    ticket = models.ForeignKey(Ticket, on_delete=models.SET_NULL, null=True, blank=True)

    class Meta:
        verbose_name = _("incoming mail")
        verbose_name_plural = _("incoming mail")
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"{self.sender} {self.subject}"


class AccessProfile(models.Model):
    """What a position needs on day one: systems to open and equipment to hand over."""

    position = models.OneToOneField(
        "hr.Position", verbose_name=_("position"), on_delete=models.CASCADE, related_name="+"
    )
    systems = models.JSONField(_("systems"), default=list, blank=True)
    equipment = models.JSONField(_("equipment"), default=list, blank=True)

    class Meta:
        verbose_name = _("access profile")
        verbose_name_plural = _("access profiles")

    def __str__(self) -> str:
        return str(self.position)

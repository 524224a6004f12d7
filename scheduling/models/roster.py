"""The roster itself: periods, shifts, accepted conflicts, availability, swaps and calendar feeds."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from hr.models import Employee
from scheduling.models.setup import WEEKDAYS, Location, ShiftTemplate, Skill


class SchedulePeriod(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("schedule period", "Draft")
        PUBLISHED = "published", pgettext_lazy("schedule period", "Published")
        CLOSED = "closed", pgettext_lazy("schedule period", "Closed")

    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT, related_name="periods"
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("schedule period")
        verbose_name_plural = _("schedule periods")
        ordering = ["location", "-start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="period_order")
        ]
        indexes = [models.Index(fields=["location", "start", "end"])]
        permissions = [
            ("plan", "Can plan rosters and set them up"),
            ("view_shift_cost", "Can see the cost of each shift"),
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.start:%Y-%m-%d}-{self.end:%Y-%m-%d}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class ShiftQuerySet(models.QuerySet):
    def published(self) -> ShiftQuerySet:
        """What staff see: shifts of published periods as last published (a shift edited since
        is seen in its published copy, an added one not at all, a deleted one until publishing)."""
        return self.filter(
            period__status__in=[SchedulePeriod.Status.PUBLISHED, SchedulePeriod.Status.CLOSED]
        ).exclude(draft__in=[Shift.Draft.ADDED, Shift.Draft.EDITED])

    def planned(self) -> ShiftQuerySet:
        """What the planner works on: every shift as it now stands, unpublished changes included
        (published copies of edited shifts and shifts marked for deletion left out)."""
        return self.filter(published_copy_of__isnull=True).exclude(draft=Shift.Draft.DELETED)

    def open(self) -> ShiftQuerySet:
        return self.filter(employee__isnull=True)


class Shift(models.Model):
    """One shift; open while ``employee`` is empty.

    ``start``/``end`` are aware; ``day`` (the start date in the location's zone) and ``week`` (that
    day's Monday) are stored for "one shift per day" and for weekly sums; ``paid_minutes`` is the
    UTC duration less the unpaid break, so a clock-change night counts what was really worked.

    In a published period the planner's edits wait to be published: ``draft`` says what changed
    (added, edited, deleted), and an edited shift's published form is kept in a copy row
    (``published_copy_of``) that staff see until the changes are published in one step.
    """

    class Draft(models.TextChoices):
        NONE = "", _("Published")
        ADDED = "added", _("Added, not yet published")
        EDITED = "edited", _("Changed, not yet published")
        DELETED = "deleted", _("Deleted, not yet published")

    class Released(models.TextChoices):
        NONE = "", _("Not released")
        LEAVE = "leave", _("Released: leave approved")
        LEFT = "left", _("Released: the person left")
        GIVEN = "given", _("Given away")

    period = models.ForeignKey(
        SchedulePeriod, verbose_name=_("period"), on_delete=models.CASCADE, related_name="shifts"
    )
    location = models.ForeignKey(
        Location, verbose_name=_("location"), on_delete=models.PROTECT, related_name="shifts"
    )
    employee = models.ForeignKey(
        Employee,
        verbose_name=_("employee"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="shifts",
    )
    template = models.ForeignKey(
        ShiftTemplate,
        verbose_name=_("template"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shifts",
    )
    skill = models.ForeignKey(
        Skill,
        verbose_name=_("skill needed"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shifts",
    )
    day = models.DateField(_("date"))
    week = models.DateField(editable=False)
    start = models.DateTimeField(_("starts"))
    end = models.DateTimeField(_("ends"))
    break_minutes = models.PositiveSmallIntegerField(_("unpaid break (minutes)"), default=0)
    paid_minutes = models.PositiveIntegerField(editable=False, default=0)
    note = models.CharField(_("note"), max_length=200, blank=True)
    released = models.CharField(
        _("released"), max_length=10, choices=Released.choices, blank=True, default=""
    )
    flag = models.CharField(_("flag"), max_length=200, blank=True)
    draft = models.CharField(
        _("unpublished change"), max_length=8, choices=Draft.choices, blank=True, default=""
    )
    published_copy_of = models.ForeignKey(
        "self",
        verbose_name=_("published copy of"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="published_copies",
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = ShiftQuerySet.as_manager()

    class Meta:
        verbose_name = _("shift")
        verbose_name_plural = _("shifts")
        ordering = ["start"]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=models.F("start")), name="shift_order")
        ]
        indexes = [
            models.Index(fields=["location", "day"]),
            models.Index(fields=["employee", "day"]),
            models.Index(fields=["employee", "week"]),
            models.Index(fields=["period", "draft"]),
        ]

    def __str__(self) -> str:
        return f"{self.day:%Y-%m-%d} {self.employee or _('open')}"

    @property
    def local_start(self):
        """The start on the location's clock."""
        return self.start.astimezone(self.location.zone)

    @property
    def local_end(self):
        return self.end.astimezone(self.location.zone)


class ConflictAcceptance(models.Model):
    """A planner's reasoned decision to publish a shift despite one broken rule."""

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="acceptances")
    code = models.CharField(max_length=30)
    reason = models.CharField(_("reason"), max_length=300)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    accepted_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["shift", "code"], name="one_acceptance")]

    def __str__(self) -> str:
        return f"{self.shift_id}: {self.code}"


class Availability(models.Model):
    """When a person cannot work (a hard rule) or wishes to work or not (a soft wish, with its
    weight in the auto-scheduler's points: a wish is given up only for something that weighs
    more, such as an empty shift at 100)."""

    class Kind(models.TextChoices):
        UNAVAILABLE = "unavailable", _("Unavailable")
        PREFERRED = "preferred", _("Preferred")
        AVOIDED = "avoided", _("Rather not")

    class Weight(models.IntegerChoices):
        LOW = 5, _("A little")
        MEDIUM = 10, _("Quite a lot")
        HIGH = 20, _("Very much")

    employee = models.ForeignKey(
        Employee, verbose_name=_("employee"), on_delete=models.CASCADE, related_name="availability"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    weekday = models.PositiveSmallIntegerField(_("every"), choices=WEEKDAYS, null=True, blank=True)
    date = models.DateField(_("on"), null=True, blank=True)
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until"), null=True, blank=True)
    template = models.ForeignKey(
        ShiftTemplate,
        verbose_name=_("shift"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=200, blank=True)
    weight = models.PositiveSmallIntegerField(
        _("how much it matters"),
        choices=Weight.choices,
        default=Weight.MEDIUM,
        help_text=_("For a wish: how strongly the auto-scheduler weighs it."),
    )

    class Meta:
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        ordering = ["employee", "weekday", "date"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(weekday__isnull=True) & Q(date__isnull=False))
                | (Q(weekday__isnull=False) & Q(date__isnull=True)),
                name="availability_weekday_or_date",
            )
        ]

    def __str__(self) -> str:
        when = self.date or self.get_weekday_display()
        return f"{self.get_kind_display()} {when}"


class SwapRequest(models.Model):
    """A give-away (``colleague_shift`` empty) or a swap of two shifts, decided by the manager."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("swap", "Waiting for the manager")
        APPROVED = "approved", pgettext_lazy("swap", "Approved")
        REJECTED = "rejected", pgettext_lazy("swap", "Rejected")
        DECLINED = "declined", pgettext_lazy("swap", "Declined by the colleague")
        CANCELLED = "cancelled", pgettext_lazy("swap", "Cancelled")

    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="swap_requests")
    requester = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    colleague = models.ForeignKey(
        Employee, verbose_name=_("colleague"), on_delete=models.CASCADE, related_name="+"
    )
    colleague_shift = models.ForeignKey(
        Shift,
        verbose_name=_("their shift in exchange"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    comment = models.CharField(_("comment"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("swap request")
        verbose_name_plural = _("swap requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["shift"], condition=Q(status="pending"), name="one_pending_swap_per_shift"
            )
        ]

    def __str__(self) -> str:
        return f"{self.shift} -> {self.colleague}"


class CalendarFeed(models.Model):
    """A private iCal address; deleting the row revokes it."""

    employee = models.OneToOneField(Employee, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.employee)

"""Hiring (openings, candidates, applications on a board, interviews, offers) and the onboarding and
offboarding checklists that a hire or a departure starts."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from backoffice.roles import ROLES
from backoffice.storage import private_storage
from hr.models.core import Department, Employee, Position

__all__ = [
    "Application",
    "ApplicationMove",
    "Candidate",
    "Checklist",
    "ChecklistTask",
    "ChecklistTemplate",
    "ChecklistTemplateTask",
    "HiringStage",
    "Interview",
    "InterviewFeedback",
    "JobOpening",
    "Offer",
]

ROLE_CHOICES = [(name, label) for name, label in ROLES.items()]


class HiringStage(models.Model):
    """A column of the hiring board (Applied, Screening, Interview, Offer); configurable in admin."""

    name = models.CharField(_("name"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_offer = models.BooleanField(
        _("offer stage"), default=False, help_text=_("Applications here can get an offer.")
    )

    class Meta:
        verbose_name = _("hiring stage")
        verbose_name_plural = _("hiring stages")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.name


class JobOpening(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("opening", "Open")
        ON_HOLD = "on_hold", pgettext_lazy("opening", "On hold")
        FILLED = "filled", pgettext_lazy("opening", "Filled")
        CLOSED = "closed", pgettext_lazy("opening", "Closed")

    title = models.CharField(_("title"), max_length=150)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="openings", verbose_name=_("department")
    )
    position = models.ForeignKey(
        Position,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="openings",
        verbose_name=_("position"),
    )
    headcount = models.PositiveSmallIntegerField(
        _("people to hire"), default=1, validators=[MinValueValidator(1)]
    )
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("opened"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("job opening")
        verbose_name_plural = _("job openings")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class Candidate(models.Model):
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    cv = models.FileField(_("CV"), storage=private_storage, upload_to="hr/cv/", blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_at = models.DateTimeField(_("added"), auto_now_add=True)
    keep_until = models.DateField(_("kept until"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)

    history = HistoricalRecords(excluded_fields=["cv"])

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class Application(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", pgettext_lazy("application", "In progress")
        REJECTED = "rejected", pgettext_lazy("application", "Rejected")
        HIRED = "hired", pgettext_lazy("application", "Hired")

    opening = models.ForeignKey(
        JobOpening, on_delete=models.PROTECT, related_name="applications", verbose_name=_("opening")
    )
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("candidate"),
    )
    stage = models.ForeignKey(
        HiringStage, on_delete=models.PROTECT, related_name="applications", verbose_name=_("stage")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    rejection_reason = models.TextField(_("reason for rejection"), blank=True)
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["opening", "candidate"],
                name="application_once_per_opening",
                violation_error_message=_("This candidate already applied for this opening."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.candidate} → {self.opening}"


class ApplicationMove(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="moves")
    from_stage = models.ForeignKey(
        HiringStage, on_delete=models.PROTECT, null=True, related_name="+"
    )
    to_stage = models.ForeignKey(HiringStage, on_delete=models.PROTECT, related_name="+")
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    moved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["moved_at", "pk"]

    def __str__(self) -> str:
        return f"{self.application} → {self.to_stage}"


class Interview(models.Model):
    application = models.ForeignKey(
        Application,
        on_delete=models.CASCADE,
        related_name="interviews",
        verbose_name=_("application"),
    )
    scheduled_at = models.DateTimeField(_("when"))
    place = models.CharField(
        _("where"), max_length=200, blank=True, help_text=_("A room or a video link.")
    )
    interviewers = models.ManyToManyField(
        Employee, related_name="interviews", verbose_name=_("interviewers")
    )

    class Meta:
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")
        ordering = ["scheduled_at"]

    def __str__(self) -> str:
        return f"{self.application} {self.scheduled_at:%Y-%m-%d %H:%M}"


class InterviewFeedback(models.Model):
    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="feedback")
    interviewer = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="+", verbose_name=_("interviewer")
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 (no) to 5 (strong yes)."),
    )
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("interview feedback")
        verbose_name_plural = _("interview feedback")
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "interviewer"], name="feedback_once_per_interviewer"
            ),
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="feedback_rating_1_to_5",
                violation_error_message=_("The rating is from 1 to 5."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.interviewer}: {self.rating}/5"


class Offer(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("offer", "Open")
        ACCEPTED = "accepted", pgettext_lazy("offer", "Accepted")
        DECLINED = "declined", pgettext_lazy("offer", "Declined")

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="offer", verbose_name=_("application")
    )
    salary = models.DecimalField(
        _("monthly salary"), max_digits=14, decimal_places=2, validators=[MinValueValidator(0)]
    )
    weekly_hours = models.DecimalField(
        _("weekly hours"), max_digits=5, decimal_places=2, default=40
    )
    start_date = models.DateField(_("start date"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(_("made"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    employee = models.OneToOneField(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="offer",
        verbose_name=_("employee"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")

    def __str__(self) -> str:
        return f"{self.application}"


class ChecklistTemplate(models.Model):
    class Kind(models.TextChoices):
        ONBOARDING = "onboarding", _("Onboarding")
        OFFBOARDING = "offboarding", _("Offboarding")

    name = models.CharField(_("name"), max_length=150)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    active = models.BooleanField(_("used for new checklists"), default=True)

    class Meta:
        verbose_name = _("checklist template")
        verbose_name_plural = _("checklist templates")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name


class ChecklistTemplateTask(models.Model):
    template = models.ForeignKey(ChecklistTemplate, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    responsible_role = models.CharField(
        _("responsible role"), max_length=30, choices=ROLE_CHOICES, blank=True
    )
    responsible_manager = models.BooleanField(
        _("the person's manager is responsible"), default=False
    )
    responsible_employee = models.BooleanField(
        _("the person themselves is responsible"), default=False
    )
    responsible_person = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("a named person is responsible"),
        help_text=_("For example the office manager; used when no role is chosen."),
    )
    due_offset_days = models.SmallIntegerField(
        _("due (days from the start or last day)"),
        default=0,
        help_text=_("Negative: before that day."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("template task")
        verbose_name_plural = _("template tasks")
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.title


class Checklist(models.Model):
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="checklists", verbose_name=_("employee")
    )
    template = models.ForeignKey(
        ChecklistTemplate, on_delete=models.PROTECT, related_name="+", verbose_name=_("template")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ChecklistTemplate.Kind.choices)
    anchor_date = models.DateField(_("start or last day"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "kind", "anchor_date"], name="checklist_once_per_event"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.employee}"


class ChecklistTask(models.Model):
    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField(_("task"), max_length=200)
    responsible_role = models.CharField(_("responsible role"), max_length=30, blank=True)
    responsible_person = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="checklist_tasks",
        verbose_name=_("responsible"),
    )
    due_date = models.DateField(_("due"))
    done_at = models.DateTimeField(_("done"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("checklist task")
        verbose_name_plural = _("checklist tasks")
        ordering = ["due_date", "pk"]
        indexes = [
            models.Index(fields=["responsible_person", "done_at"]),
            models.Index(fields=["responsible_role", "done_at"]),
        ]

    def __str__(self) -> str:
        return self.title

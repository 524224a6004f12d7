"""Training (courses, assignments, certificates) and performance reviews (cycles, goals, assessments)."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from backoffice.storage import private_storage
from hr.models.core import Department, Employee, Position

__all__ = ["Course", "Goal", "Review", "ReviewCycle", "TrainingAssignment"]

RATING = [MinValueValidator(1), MaxValueValidator(5)]


class Course(models.Model):
    title = models.CharField(_("title"), max_length=200)
    provider = models.CharField(_("provider"), max_length=150, blank=True)
    duration_hours = models.DecimalField(
        _("duration (hours)"),
        max_digits=6,
        decimal_places=2,
        default=1,
        validators=[MinValueValidator(0)],
    )
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"),
        null=True,
        blank=True,
        help_text=_("Empty: the certificate never expires."),
    )
    mandatory_for = models.ManyToManyField(
        Position,
        blank=True,
        related_name="mandatory_courses",
        verbose_name=_("mandatory for positions"),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class TrainingAssignmentQuerySet(models.QuerySet):
    def open(self):
        return self.filter(completed_on__isnull=True)

    def overdue(self, today):
        return self.open().filter(due_date__lt=today)

    def expiring(self, today, days: int = 60):
        from datetime import timedelta

        return self.filter(expires_on__gte=today, expires_on__lte=today + timedelta(days=days))


class TrainingAssignment(models.Model):
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="trainings", verbose_name=_("employee")
    )
    course = models.ForeignKey(
        Course, on_delete=models.PROTECT, related_name="assignments", verbose_name=_("course")
    )
    due_date = models.DateField(_("due"))
    mandatory = models.BooleanField(_("mandatory"), default=False)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    certificate = models.FileField(
        _("certificate"), storage=private_storage, upload_to="hr/certificates/", blank=True
    )
    expires_on = models.DateField(_("certificate expires"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TrainingAssignmentQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["certificate"])

    class Meta:
        verbose_name = _("training assignment")
        verbose_name_plural = _("training assignments")
        ordering = ["due_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "course"],
                condition=Q(completed_on__isnull=True),
                name="training_one_open_assignment",
                violation_error_message=_("This person already has this course to do."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True)
                | Q(completed_on__isnull=True)
                | Q(expires_on__gte=F("completed_on")),
                name="training_expires_after_completion",
                violation_error_message=_("A certificate cannot expire before it was issued."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.employee} · {self.course}"


class ReviewCycle(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("review cycle", "Open")
        CLOSED = "closed", pgettext_lazy("review cycle", "Closed")

    name = models.CharField(_("name"), max_length=150)
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    self_deadline = models.DateField(_("self assessments due"))
    manager_deadline = models.DateField(_("manager assessments due"))
    departments = models.ManyToManyField(
        Department, related_name="+", verbose_name=_("departments")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review cycle")
        verbose_name_plural = _("review cycles")
        ordering = ["-period_end"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_start__lte=F("period_end")),
                name="review_cycle_period_order",
                violation_error_message=_("The period ends before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(self_deadline__lte=F("manager_deadline")),
                name="review_cycle_deadlines_order",
                violation_error_message=_("Self assessments are due before the managers'."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Review(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", pgettext_lazy("review", "Not started")
        SELF_DONE = "self_done", pgettext_lazy("review", "Self assessment done")
        MANAGER_DONE = "manager_done", pgettext_lazy("review", "Manager assessment done")
        CLOSED = "closed", pgettext_lazy("review", "Closed")

    cycle = models.ForeignKey(
        ReviewCycle,
        on_delete=models.CASCADE,
        related_name="reviews",
        verbose_name=_("review cycle"),
    )
    employee = models.ForeignKey(
        Employee, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("employee")
    )
    manager = models.ForeignKey(
        Employee,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviews_to_give",
        verbose_name=_("manager"),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.NOT_STARTED
    )
    self_rating = models.PositiveSmallIntegerField(
        _("own rating"), null=True, blank=True, validators=RATING
    )
    self_comment = models.TextField(_("own comment"), blank=True)
    manager_rating = models.PositiveSmallIntegerField(
        _("manager's rating"), null=True, blank=True, validators=RATING
    )
    manager_comment = models.TextField(_("manager's comment"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["employee__last_name", "employee__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "employee"], name="review_once_per_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.cycle}: {self.employee}"


class Goal(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="goals", verbose_name=_("review")
    )
    title = models.CharField(_("goal"), max_length=200)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    self_score = models.PositiveSmallIntegerField(
        _("own score"), null=True, blank=True, validators=RATING
    )
    manager_score = models.PositiveSmallIntegerField(
        _("manager's score"), null=True, blank=True, validators=RATING
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

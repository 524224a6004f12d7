"""Time and attendance: clocked work sessions with their breaks, correction requests, timesheets
per pay period and the adjustments carried into a later period after one was locked."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from hr.models import Employee
from scheduling.models.roster import Shift
from scheduling.models.setup import Location


class TimeEntry(models.Model):
    """One session from clock-in to clock-out. At most one is open per person (a database
    constraint), so two clock-in clicks in two tabs make one entry."""

    class Source(models.TextChoices):
        CLOCK = "clock", _("Time clock")
        CORRECTION = "correction", _("Correction")

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="time_entries", verbose_name=_("employee")
    )
    location = models.ForeignKey(
        Location, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    shift = models.ForeignKey(
        Shift, on_delete=models.SET_NULL, null=True, blank=True, related_name="time_entries"
    )
    day = models.DateField(_("date"))
    clock_in = models.DateTimeField(_("clocked in"))
    clock_out = models.DateTimeField(_("clocked out"), null=True, blank=True)
    source = models.CharField(max_length=12, choices=Source.choices, default=Source.CLOCK)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("time entry")
        verbose_name_plural = _("time entries")
        ordering = ["clock_in"]
        constraints = [
            models.UniqueConstraint(
                fields=["employee"], condition=Q(clock_out__isnull=True), name="one_open_entry"
            ),
            models.CheckConstraint(
                condition=Q(clock_out__isnull=True) | Q(clock_out__gt=models.F("clock_in")),
                name="entry_order",
            ),
        ]
        indexes = [models.Index(fields=["employee", "day"])]

    def __str__(self) -> str:
        return f"{self.employee} {self.day}"


class BreakEntry(models.Model):
    entry = models.ForeignKey(TimeEntry, on_delete=models.CASCADE, related_name="breaks")
    start = models.DateTimeField(_("break started"))
    end = models.DateTimeField(_("break ended"), null=True, blank=True)

    class Meta:
        ordering = ["start"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry"], condition=Q(end__isnull=True), name="one_open_break"
            )
        ]

    def __str__(self) -> str:
        return f"{self.entry_id} {self.start:%H:%M}"


class CorrectionRequest(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("correction", "Open")
        DONE = "done", pgettext_lazy("correction", "Corrected")
        DECLINED = "declined", pgettext_lazy("correction", "Declined")

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("date"))
    comment = models.CharField(_("what should change"), max_length=500)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    answer = models.CharField(_("answer"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("correction request")
        verbose_name_plural = _("correction requests")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.employee} {self.day}"


class Timesheet(models.Model):
    """One person's pay period. On approval the minutes per category are kept in ``totals`` (whole
    minutes) and the night factor's extra minutes in ``night_bonus_minutes`` (exact, rounded once
    when hours are made), and the timesheet is locked: later corrections become adjustments of a
    later period. Its history is kept because payroll pays from it."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("timesheet", "Open")
        SUBMITTED = "submitted", pgettext_lazy("timesheet", "Submitted")
        APPROVED = "approved", pgettext_lazy("timesheet", "Approved and locked")

    employee = models.ForeignKey(
        Employee, on_delete=models.PROTECT, related_name="timesheets", verbose_name=_("employee")
    )
    start = models.DateField(_("first day"))
    end = models.DateField(_("last day"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    totals = models.JSONField(default=dict, blank=True)
    night_bonus_minutes = models.DecimalField(
        _("extra minutes for night work"), max_digits=10, decimal_places=3, default=0
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("timesheet")
        verbose_name_plural = _("timesheets")
        ordering = ["-start", "employee"]
        constraints = [
            models.UniqueConstraint(fields=["employee", "start"], name="one_timesheet_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.employee} {self.start:%Y-%m}"

    @property
    def locked(self) -> bool:
        return self.status == self.Status.APPROVED


class TimesheetAdjustment(models.Model):
    """Minutes per category carried into ``timesheet`` because ``source`` was corrected after
    it had been locked. Deltas may be negative: whole minutes per category in ``minutes``, the
    night factor's extra minutes in ``night_bonus_minutes``."""

    timesheet = models.ForeignKey(Timesheet, on_delete=models.PROTECT, related_name="adjustments")
    source = models.ForeignKey(Timesheet, on_delete=models.PROTECT, related_name="+")
    minutes = models.JSONField(default=dict)
    night_bonus_minutes = models.DecimalField(
        _("extra minutes for night work"), max_digits=10, decimal_places=3, default=0
    )
    reason = models.CharField(max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"{self.source} -> {self.timesheet}"

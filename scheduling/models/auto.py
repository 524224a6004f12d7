"""A run of the auto-scheduler: what was asked, the job that ran it, what it proposes."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from scheduling.models.roster import SchedulePeriod


class AutoScheduleRun(models.Model):
    """The proposal is kept in ``result`` until the planner accepts (shifts are written) or
    discards it (nothing is written); a run is decided once."""

    class Mode(models.TextChoices):
        FILL = "fill", _("Fill the draft from the coverage")
        OPEN_ONLY = "open_only", _("Fill only the open shifts")

    class Decision(models.TextChoices):
        NONE = "", _("Waiting for the planner")
        ACCEPTED = "accepted", _("Accepted")
        DISCARDED = "discarded", _("Discarded")

    period = models.ForeignKey(
        SchedulePeriod, on_delete=models.CASCADE, related_name="auto_runs", verbose_name=_("period")
    )
    mode = models.CharField(_("what to fill"), max_length=10, choices=Mode.choices)
    time_limit = models.PositiveSmallIntegerField(_("time limit (seconds)"), default=60)
    weights = models.JSONField(_("weights"), default=dict)
    job = models.OneToOneField(
        "backoffice.Job", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    result = models.JSONField(null=True, blank=True)
    decision = models.CharField(
        _("decision"), max_length=10, choices=Decision.choices, blank=True, default=""
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("auto-scheduler run")
        verbose_name_plural = _("auto-scheduler runs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.period} #{self.pk}"

"""Daily operations tasks: templates per location by weekday and time with a checklist; each day's
tasks, ticked off by the people on shift there."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class TaskTemplate(models.Model):
    class Kind(models.TextChoices):
        OPENING = "opening", _("Opening checks")
        CLOSING = "closing", _("Closing checks")
        DELIVERY = "delivery", _("Delivery")
        CLEANING = "cleaning", _("Cleaning")
        CASH = "cash", _("Cash count")
        OTHER = "other", _("Other")

    location = models.ForeignKey(
        "scheduling.Location",
        verbose_name=_("location"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    title = models.CharField(_("title"), max_length=150)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.OTHER)
    weekdays = models.CharField(
        _("weekdays"),
        max_length=7,
        default="0123456",
        help_text=_("Monday is 0, Sunday 6: 01234 is Monday to Friday."),
    )
    due_time = models.TimeField(_("due at"))
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("task template")
        verbose_name_plural = _("task templates")
        ordering = ["location", "due_time"]

    def __str__(self) -> str:
        return self.title


class TaskTemplateItem(models.Model):
    template = models.ForeignKey(TaskTemplate, on_delete=models.CASCADE, related_name="items")
    text = models.CharField(_("check"), max_length=200)
    needs_photo = models.BooleanField(_("photo required"), default=False)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class DailyTask(models.Model):
    template = models.ForeignKey(TaskTemplate, on_delete=models.CASCADE, related_name="tasks")
    location = models.ForeignKey(
        "scheduling.Location",
        verbose_name=_("location"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    day = models.DateField(_("date"))
    due_at = models.DateTimeField(_("due at"))
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    overdue_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("daily task")
        verbose_name_plural = _("daily tasks")
        ordering = ["due_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["template", "day"], name="ops_daily_task_unique")
        ]
        indexes = [models.Index(fields=["location", "day"], name="ops_task_loc_day")]

    def __str__(self) -> str:
        return f"{self.template.title} {self.day}"


def tick_photo_path(instance, filename: str) -> str:
    return f"operations/ticks/{instance.task_id}/{filename}"


class TaskTick(models.Model):
    task = models.ForeignKey(DailyTask, on_delete=models.CASCADE, related_name="ticks")
    item = models.ForeignKey(TaskTemplateItem, on_delete=models.CASCADE, related_name="+")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    photo = models.FileField(upload_to=tick_photo_path, blank=True)

    class Meta:
        verbose_name = _("ticked check")
        verbose_name_plural = _("ticked checks")
        constraints = [models.UniqueConstraint(fields=["task", "item"], name="ops_tick_unique")]

    def __str__(self) -> str:
        return f"{self.task_id}: {self.item_id}"

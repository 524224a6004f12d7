"""Daily operations tasks: each day's tasks made from the templates (idempotent), ticked off by
the people on shift there, overdue ones told to the location's managers."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import notification_send
from operations.models import DailyTask, TaskTemplate, TaskTemplateItem, TaskTick
from operations.selectors.daily import shifts_covering
from scheduling.selectors import shifts_overlapping

NOT_ON_SHIFT = _("Only the people on shift at %(location)s when this task is due can tick it off.")
PHOTO_NEEDED = _("This check needs a photo.")
ALREADY = _("This check was already ticked off.")
OTHER_TASK = _("That check is not part of this task.")
OVERDUE_GRACE = timedelta(minutes=30)


def tasks_generate(*, day: date) -> int:
    """Make ``day``'s tasks from the active templates; running it again makes none twice."""
    made = 0
    weekday = str(day.weekday())
    for template in TaskTemplate.objects.filter(active=True).select_related("location"):
        if weekday not in template.weekdays:
            continue
        due_at = timezone.make_aware(
            datetime.combine(day, template.due_time), template.location.zone
        )
        _task, created = DailyTask.objects.get_or_create(
            template=template, day=day, defaults={"location": template.location, "due_at": due_at}
        )
        made += created
    return made


@transaction.atomic
def task_tick(
    *, task: DailyTask, item: TaskTemplateItem, actor: User, photo=None, now=None
) -> TaskTick:
    now = now or timezone.now()
    task = DailyTask.objects.select_for_update().select_related("location").get(pk=task.pk)
    if item.template_id != task.template_id:
        raise ValidationError(OTHER_TASK)
    if not shifts_covering(user=actor, task=task):
        raise ValidationError(NOT_ON_SHIFT, params={"location": task.location.name})
    if item.needs_photo and not photo:
        raise ValidationError({"photo": PHOTO_NEEDED})
    try:
        with transaction.atomic():
            tick = TaskTick.objects.create(
                task=task, item=item, by=actor, at=now, photo=photo or ""
            )
    except IntegrityError:
        raise ValidationError(ALREADY) from None
    left = task.template.items.exclude(pk__in=task.ticks.values("item_id")).exists()
    if not left and task.completed_at is None:
        task.completed_at = now
        task.save(update_fields=["completed_at"])
    return tick


def tasks_overdue_notify(*, now=None) -> int:
    """Tell the managers of the people rostered at a location about its tasks not done in time;
    each task is told once."""
    now = now or timezone.now()
    told = 0
    overdue = DailyTask.objects.filter(
        completed_at__isnull=True,
        overdue_notified_at__isnull=True,
        due_at__lt=now - OVERDUE_GRACE,
        due_at__gt=now - timedelta(days=2),
    ).select_related("template", "location")
    for task in overdue:
        with transaction.atomic():
            locked = DailyTask.objects.select_for_update().get(pk=task.pk)
            if locked.overdue_notified_at is not None or locked.completed_at is not None:
                continue
            start = task.due_at - timedelta(hours=12)
            shifts = shifts_overlapping(
                start=start, end=task.due_at + timedelta(hours=12), location_ids=[task.location_id]
            ).select_related("employee__manager__user")
            managers = {
                s.employee.manager.user
                for s in shifts
                if s.employee.manager_id and s.employee.manager.user_id
            }
            for manager in managers:
                notification_send(
                    recipient=manager,
                    kind="operations.task_overdue",
                    title=gettext_noop("Not done in time at %(location)s: %(task)s"),
                    params={"location": task.location.name, "task": task.template.title},
                    url=reverse("operations:task-board"),
                )
            locked.overdue_notified_at = now
            locked.save(update_fields=["overdue_notified_at"])
            told += 1
    return told


@transaction.atomic
def task_template_save(*, template: TaskTemplate, checklist: str) -> TaskTemplate:
    """Save a template and its checklist (one check per line, "[photo]" at the end when it needs
    one); checks already ticked off somewhere stay, so the record of who did them does not change.
    Today's tasks are made at once if the template applies today."""
    template.save()
    existing = {item.text: item for item in template.items.all()}
    kept = []
    for order, line in enumerate(checklist.splitlines()):
        text = line.strip()
        photo = text.lower().endswith("[photo]")
        text = (text[: -len("[photo]")].strip() if photo else text)[:200]
        if not text:
            continue
        item = existing.get(text) or TaskTemplateItem(template=template, text=text, text_en=text)
        item.needs_photo, item.order = photo, order
        item.save()
        kept.append(item.pk)
    ticked = TaskTick.objects.filter(item__template=template).values("item_id")
    template.items.exclude(pk__in=kept).exclude(pk__in=ticked).delete()
    tasks_generate(day=timezone.localdate())
    return template

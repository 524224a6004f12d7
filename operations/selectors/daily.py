"""Reads of daily operations tasks: a person's tasks of the day on their shift (from the published
roster, through scheduling's selectors), a location's day, completion per location and week."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from backoffice.models import User
from hr.selectors import employee_for_user
from operations import permissions
from operations.models import DailyTask, TaskTemplate
from scheduling.selectors import location_list, locations_active, shifts_overlapping


def _day_bounds(day: date) -> tuple[datetime, datetime]:
    start = timezone.make_aware(datetime.combine(day, time.min))
    return start, start + timedelta(days=1)


def shifts_covering(*, user: User, task: DailyTask):
    """The viewer's published shifts at the task's location that cover its due time."""
    employee = employee_for_user(user=user)
    if employee is None:
        return []
    return list(
        shifts_overlapping(
            start=task.due_at,
            end=task.due_at + timedelta(seconds=1),
            location_ids=[task.location_id],
            employee=employee,
        )
    )


def my_tasks(*, user: User, day: date | None = None) -> list[DailyTask]:
    """Tasks of ``day`` at the locations where ``user`` is on a published shift, due within it."""
    day = day or timezone.localdate()
    employee = employee_for_user(user=user)
    if employee is None:
        return []
    start, end = _day_bounds(day)
    shifts = list(shifts_overlapping(start=start, end=end, employee=employee))
    if not shifts:
        return []
    covered = Q()
    for shift in shifts:
        covered |= Q(location_id=shift.location_id, due_at__gte=shift.start, due_at__lte=shift.end)
    return list(
        DailyTask.objects.filter(covered, day=day)
        .select_related("template", "location")
        .prefetch_related("template__items", "ticks__by")
        .order_by("due_at")
    )


def task_locations(*, viewer: User):
    """Operations: every location; a manager: the locations where their people work."""
    if permissions.manages_tasks(viewer):
        return locations_active()
    if permissions.sees_location_tasks(viewer):
        return location_list(viewer=viewer)
    raise PermissionDenied


def location_tasks(*, viewer: User, day: date) -> QuerySet[DailyTask]:
    locations = task_locations(viewer=viewer)
    return (
        DailyTask.objects.filter(day=day, location__in=locations)
        .select_related("template", "location")
        .prefetch_related("template__items", "ticks__by")
        .order_by("location__name", "due_at")
    )


def task_get(*, pk: int) -> DailyTask:
    return DailyTask.objects.select_related("template", "location").get(pk=pk)


def template_list(*, viewer: User) -> QuerySet[TaskTemplate]:
    if not permissions.manages_tasks(viewer):
        raise PermissionDenied
    return TaskTemplate.objects.select_related("location").prefetch_related("items")


def completion_by_location(*, viewer: User, week_start: date) -> list[dict]:
    """Done and due tasks per location for the week starting ``week_start``."""
    locations = task_locations(viewer=viewer)
    rows = (
        DailyTask.objects.filter(
            location__in=locations,
            day__gte=week_start,
            day__lt=week_start + timedelta(days=7),
        )
        .values("location__name")
        .annotate(due=Count("pk"), done=Count("pk", filter=Q(completed_at__isnull=False)))
        .order_by("location__name")
    )
    return [{**r, "rate": round(100 * r["done"] / r["due"]) if r["due"] else 0} for r in rows]


def completion_today(*, viewer: User, day: date) -> list[dict]:
    rows = (
        DailyTask.objects.filter(location__in=task_locations(viewer=viewer), day=day)
        .values("location__name")
        .annotate(due=Count("pk"), done=Count("pk", filter=Q(completed_at__isnull=False)))
        .order_by("location__name")
    )
    return [{**r, "rate": round(100 * r["done"] / r["due"]) if r["due"] else 0} for r in rows]

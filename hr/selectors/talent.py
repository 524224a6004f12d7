"""Hiring, onboarding, training and reviews: who sees which openings, applications, checklists,
trainings and reviews."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from backoffice.models import User
from hr.models import (
    Application,
    Checklist,
    ChecklistTask,
    Department,
    JobOpening,
    Review,
    TrainingAssignment,
)
from hr.permissions import manages_team
from hr.policies import employee_for_user
from hr.selectors.people import employee_visible_ids


def managed_department_ids(*, viewer: User) -> set[int]:
    me = employee_for_user(user=viewer)
    if me is None or not manages_team(viewer):
        return set()
    return set(Department.objects.filter(manager=me).values_list("pk", flat=True))


def opening_list(*, viewer: User) -> QuerySet[JobOpening]:
    """HR sees every opening; a manager those of the departments they manage."""
    openings = JobOpening.objects.select_related("department", "position")
    if viewer.has_perm("hr.view_jobopening"):
        return openings
    return openings.filter(department_id__in=managed_department_ids(viewer=viewer))


def application_list(*, viewer: User) -> QuerySet[Application]:
    """HR all; a manager their departments'; an interviewer the applications they interview for."""
    applications = Application.objects.select_related(
        "candidate", "opening", "stage", "opening__department"
    )
    if viewer.has_perm("hr.view_application"):
        return applications
    me = employee_for_user(user=viewer)
    if me is None:
        return applications.none()
    return applications.filter(
        Q(opening__department_id__in=managed_department_ids(viewer=viewer))
        | Q(interviews__interviewers=me)
    ).distinct()


def can_manage_hiring(*, viewer: User, opening: JobOpening) -> bool:
    return viewer.has_perm(
        "hr.change_application"
    ) or opening.department_id in managed_department_ids(viewer=viewer)


def my_tasks(*, user: User) -> QuerySet[ChecklistTask]:
    """Open checklist tasks for this person: named to them, or to one of their roles."""
    me = employee_for_user(user=user)
    roles = list(user.groups.values_list("name", flat=True))
    condition = Q(responsible_role__in=roles) & ~Q(responsible_role="")
    if me is not None:
        condition |= Q(responsible_person=me)
    return (
        ChecklistTask.objects.filter(done_at__isnull=True)
        .filter(condition)
        .select_related("checklist", "checklist__employee")
        .order_by("due_date", "pk")
    )


def checklist_list(*, viewer: User) -> QuerySet[Checklist]:
    checklists = Checklist.objects.select_related("employee", "template")
    ids = employee_visible_ids(viewer=viewer)
    return checklists if ids is None else checklists.filter(employee_id__in=ids)


def training_list(*, viewer: User) -> QuerySet[TrainingAssignment]:
    """HR all assignments; a manager their reports'; everyone their own."""
    assignments = TrainingAssignment.objects.select_related("employee", "course")
    ids = employee_visible_ids(viewer=viewer)
    return assignments if ids is None else assignments.filter(employee_id__in=ids)


def review_list(*, viewer: User) -> QuerySet[Review]:
    """An employee sees their own reviews, a manager their reports', HR all."""
    reviews = Review.objects.select_related("employee", "manager", "cycle")
    ids = employee_visible_ids(viewer=viewer)
    return reviews if ids is None else reviews.filter(employee_id__in=ids)


__all__ = [
    "application_list",
    "can_manage_hiring",
    "checklist_list",
    "managed_department_ids",
    "my_tasks",
    "opening_list",
    "review_list",
    "training_list",
]

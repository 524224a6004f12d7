"""Onboarding and offboarding checklists, their tasks, and ending someone's employment."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record
from hr.audit import HrAudit
from hr.models import Checklist, ChecklistTask, ChecklistTemplate, Employee
from hr.services.employees import employee_update

ONBOARDING_STARTED = gettext_noop("Onboarding checklist started for %(name)s")
OFFBOARDING_STARTED = gettext_noop("Offboarding checklist started for %(name)s")
NOT_RESPONSIBLE = _("This task is someone else's.")
ALREADY_DONE = _("This task is already done.")
LAST_DAY_BEFORE_HIRE = _("The last working day cannot be before the hire date.")
NOTICE_AFTER_LAST_DAY = _("Notice cannot be given after the last working day.")
ALREADY_LEAVING = _("This person's last working day is already set.")


def checklist_start(
    *, employee: Employee, kind: str, anchor_date: date, actor: User | None = None
) -> Checklist | None:
    """Create the checklist from the active template of ``kind``; the same event twice makes one list."""
    template = (
        ChecklistTemplate.objects.filter(kind=kind, active=True)
        .prefetch_related("tasks")
        .order_by("pk")
        .first()
    )
    if template is None:
        return None
    existing = Checklist.objects.filter(
        employee=employee, kind=kind, anchor_date=anchor_date
    ).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            checklist = Checklist.objects.create(
                employee=employee, template=template, kind=kind, anchor_date=anchor_date
            )
    except IntegrityError:
        return Checklist.objects.get(employee=employee, kind=kind, anchor_date=anchor_date)
    tasks = []
    for task in template.tasks.all():
        if task.responsible_manager:
            person = employee.manager
        elif task.responsible_employee:
            person = employee
        else:
            person = task.responsible_person
        tasks.append(
            ChecklistTask(
                checklist=checklist,
                title=task.title,
                responsible_role="" if person else task.responsible_role,
                responsible_person=person,
                due_date=anchor_date + timedelta(days=task.due_offset_days),
            )
        )
    ChecklistTask.objects.bulk_create(tasks)
    action_record(
        kind=HrAudit.CHECKLIST_STARTED,
        summary=ONBOARDING_STARTED
        if kind == ChecklistTemplate.Kind.ONBOARDING
        else OFFBOARDING_STARTED,
        params={"name": employee.full_name},
        actor=actor,
        target=checklist,
        data={"employee": employee.pk},
    )
    return checklist


def may_complete(*, user: User, task: ChecklistTask) -> bool:
    if user.has_perm("hr.change_checklisttask"):
        return True
    if task.responsible_person_id and task.responsible_person.user_id == user.pk:
        return True
    return bool(task.responsible_role) and user.groups.filter(name=task.responsible_role).exists()


@transaction.atomic
def task_complete(*, actor: User, task: ChecklistTask) -> ChecklistTask:
    locked = (
        ChecklistTask.objects.select_for_update(of=("self",))
        .select_related("responsible_person")
        .get(pk=task.pk)
    )
    if not may_complete(user=actor, task=locked):
        raise PermissionDenied(NOT_RESPONSIBLE)
    if locked.done_at is not None:
        raise ValidationError(ALREADY_DONE)
    locked.done_at = timezone.now()
    locked.done_by = actor
    locked.save(update_fields=["done_at", "done_by"])
    return locked


@transaction.atomic
def employment_end(
    *,
    actor: User,
    employee: Employee,
    last_day: date,
    reason: str,
    notice_given_on: date | None = None,
) -> Employee:
    """Set the last working day (the other departments hear ``employee_left``) and start offboarding."""
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    errors = {}
    if employee.end_date is not None:
        errors["last_day"] = ALREADY_LEAVING
    if last_day < employee.hire_date:
        errors["last_day"] = LAST_DAY_BEFORE_HIRE
    if notice_given_on and notice_given_on > last_day:
        errors["notice_given_on"] = NOTICE_AFTER_LAST_DAY
    if errors:
        raise ValidationError(errors)
    employee = employee_update(
        actor=actor,
        employee=employee,
        data={"end_date": last_day, "end_reason": reason, "notice_given_on": notice_given_on},
    )
    checklist_start(
        employee=employee,
        kind=ChecklistTemplate.Kind.OFFBOARDING,
        anchor_date=last_day,
        actor=actor,
    )
    return employee

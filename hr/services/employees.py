from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice import roles
from backoffice.models import User
from backoffice.services import action_record, user_deactivate, user_invite
from hr.audit import HrAudit
from hr.events import EmployeeHired, EmployeeLeft
from hr.models import Employee
from hr.permissions import edits_employees
from hr.validators import compact_iban

PROFILE_FIELDS = (
    "personal_email",
    "personal_phone",
    "address",
    "emergency_contact_name",
    "emergency_contact_phone",
)
LOGIN_NEEDS_EMAIL = _("A login account needs a work e-mail address for the invitation.")
MANAGER_CYCLE = _("A person cannot report to themselves or to someone who reports to them.")
HR_FIELD_INVALID = _("Your %(field)s on record is invalid; ask HR to correct it.")
HR_RECORD_INVALID = _("Your record needs a correction by HR: %(problem)s")


def _check_manager(employee: Employee, manager: Employee | None) -> None:
    node, seen = manager, set()
    while node is not None and node.pk not in seen:
        if employee.pk and node.pk == employee.pk:
            raise ValidationError({"manager": MANAGER_CYCLE})
        seen.add(node.pk)
        node = node.manager


@transaction.atomic
def employee_create(
    *, actor: User | None, data: dict[str, Any], create_login: bool = False, language: str = "bg"
) -> Employee:
    """Create an employee; with ``create_login`` also an account with the Staff role and an invitation."""
    employee = Employee(**data)
    employee.iban = compact_iban(employee.iban)
    employee.refresh_search_text()
    _check_manager(employee, employee.manager)
    employee.full_clean()
    if create_login:
        if not employee.work_email:
            raise ValidationError({"work_email": LOGIN_NEEDS_EMAIL})
        try:
            employee.user = user_invite(
                email=employee.work_email,
                first_name=employee.first_name,
                last_name=employee.last_name,
                roles=[roles.STAFF],
                actor=actor,
                language=language,
            )
        except ValidationError as exc:
            raise ValidationError({"work_email": exc.messages}) from None
    employee.save()
    action_record(
        kind=HrAudit.EMPLOYEE_CREATED,
        summary=gettext_noop("Employee %(name)s (%(number)s) created"),
        params={"name": employee.full_name, "number": employee.employee_number},
        actor=actor,
        target=employee,
        event=EmployeeHired(employee_id=employee.pk),
    )
    from hr.services.development import mandatory_trainings_sync

    mandatory_trainings_sync(employee=employee)
    return employee


@transaction.atomic
def employee_update(*, actor: User, employee: Employee, data: dict[str, Any]) -> Employee:
    """HR's edit. Setting the last working day tells the other departments the person is leaving."""
    previous_end = employee.end_date
    previous_position = (
        Employee.objects.filter(pk=employee.pk).values_list("position_id", flat=True).first()
    )
    for field, value in data.items():
        setattr(employee, field, value)
    employee.iban = compact_iban(employee.iban)
    _check_manager(employee, employee.manager)
    employee.refresh_search_text()
    if employee.end_date and employee.end_date < timezone.localdate():
        employee.status = Employee.Status.LEFT
    employee.full_clean()
    employee.save()
    action_record(
        kind=HrAudit.EMPLOYEE_UPDATED,
        summary=gettext_noop("Employee %(name)s changed"),
        params={"name": employee.full_name},
        actor=actor,
        target=employee,
        data={"fields": sorted(data)},
        event=EmployeeLeft(employee_id=employee.pk, last_day=employee.end_date)
        if employee.end_date and employee.end_date != previous_end
        else None,
    )
    if employee.position_id != previous_position:
        from hr.services.development import mandatory_trainings_sync

        mandatory_trainings_sync(employee=employee)
    return employee


@transaction.atomic
def employee_profile_update(*, actor: User, employee: Employee, data: dict[str, Any]) -> Employee:
    """Self-service: only contact and emergency details; never pay, position or manager."""
    changed = [f for f in PROFILE_FIELDS if f in data and getattr(employee, f) != data[f]]
    for field in changed:
        setattr(employee, field, data[field])
    if changed:
        _clean_for_profile(employee)
        employee.save(update_fields=changed)
        action_record(
            kind=HrAudit.PROFILE_UPDATED,
            summary=gettext_noop("%(name)s updated their contact details"),
            params={"name": employee.full_name},
            actor=actor,
            target=employee,
            data={"fields": changed},
        )
    return employee


def _clean_for_profile(employee: Employee) -> None:
    """The whole record is checked before a save, but the person can fix only their contact
    details: a problem elsewhere (an IBAN or EGN that no longer passes) names the field for HR."""
    try:
        employee.full_clean()
    except ValidationError as exc:
        errors: dict[str, list[ValidationError]] = {NON_FIELD_ERRORS: []}
        for field, problems in exc.error_dict.items():
            if field in PROFILE_FIELDS:
                errors[field] = problems
            elif field == NON_FIELD_ERRORS:
                errors[NON_FIELD_ERRORS] += [
                    ValidationError(HR_RECORD_INVALID, params={"problem": message})
                    for problem in problems
                    for message in problem.messages
                ]
            else:
                label = Employee._meta.get_field(field).verbose_name
                errors[NON_FIELD_ERRORS].append(
                    ValidationError(HR_FIELD_INVALID, code="hr_field", params={"field": label})
                )
        raise ValidationError({field: found for field, found in errors.items() if found}) from None


def employees_deactivate_leavers(*, today=None) -> int:
    """Nightly: people past their last working day are marked as left and their login is closed."""
    today = today or timezone.localdate()
    leavers = Employee.objects.filter(end_date__lt=today).exclude(status=Employee.Status.LEFT)
    count = 0
    for employee in leavers.select_related("user"):
        with transaction.atomic():
            employee.status = Employee.Status.LEFT
            employee.save(update_fields=["status"])
            if employee.user_id:
                user_deactivate(user=employee.user, actor=None)
            count += 1
    # Leavers marked as left by HR's edit keep their login until here.
    still_open = Employee.objects.filter(end_date__lt=today, user__is_active=True)
    for employee in still_open.select_related("user"):
        user_deactivate(user=employee.user, actor=None)
    return count


PHOTO_NOT_YOURS = _("Only the person or HR can change this photo.")


@transaction.atomic
def employee_photo_set(*, actor: User, employee: Employee, upload) -> Employee:
    """A PNG or JPEG of at most 2 MB, stored privately; the old one is deleted after commit."""
    from backoffice.uploads import IMAGES, store_upload, validate_upload

    if employee.user_id != actor.pk and not edits_employees(actor):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(PHOTO_NOT_YOURS)
    validate_upload(upload, allowed=IMAGES, max_mb=2)
    old = employee.photo.name
    employee.photo.name = store_upload(upload, folder="hr/photos", allowed=IMAGES)
    employee.save(update_fields=["photo"])
    if old:
        transaction.on_commit(lambda: employee.photo.storage.delete(old), robust=True)
    return employee

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record
from hr.audit import HrAudit
from hr.models import Department, Position

CYCLE = _("A department cannot be part of itself or of one of its own sub-departments.")


def _check_parent(department: Department | None, parent: Department | None) -> None:
    node = parent
    while node is not None and department is not None and department.pk:
        if node.pk == department.pk:
            raise ValidationError({"parent": CYCLE})
        node = node.parent


@transaction.atomic
def department_create(*, actor: User, data: dict[str, Any]) -> Department:
    department = Department(**data)
    department.full_clean()
    department.save()
    action_record(
        kind=HrAudit.DEPARTMENT_CREATED,
        summary=gettext_noop("Department %(name)s created"),
        params={"name": department.name},
        actor=actor,
        target=department,
    )
    return department


@transaction.atomic
def department_update(*, actor: User, department: Department, data: dict[str, Any]) -> Department:
    _check_parent(department, data.get("parent", department.parent))
    for field, value in data.items():
        setattr(department, field, value)
    department.full_clean()
    department.save()
    action_record(
        kind=HrAudit.DEPARTMENT_UPDATED,
        summary=gettext_noop("Department %(name)s changed"),
        params={"name": department.name},
        actor=actor,
        target=department,
    )
    return department


def position_create(*, actor: User, title: str, department: Department | None) -> Position:
    position = Position(title=title, department=department)
    position.full_clean()
    position.save()
    return position

"""What finance reads of HR: departments (the cost centres), through HR's read face only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from backoffice.models import User
from hr.selectors import department_choices, employee_for_user, managed_department_ids


def departments_by_id(*, ids: Iterable[Any]) -> dict[int, Any]:
    wanted = [i for i in ids if isinstance(i, int)]
    if not wanted:
        return {}
    return {d.pk: d for d in department_choices().filter(pk__in=wanted)}


def departments() -> Any:
    return department_choices()


def managed_departments(*, viewer: User) -> set[int]:
    """The departments a manager answers for: those they head, or, when they head none (a shop
    manager under a department head), the department they work in."""
    headed = managed_department_ids(viewer=viewer)
    if headed:
        return headed
    me = employee_for_user(user=viewer)
    return {me.department_id} if me is not None and me.department_id else set()

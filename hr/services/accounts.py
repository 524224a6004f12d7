"""What a person's login follows from their employee record: the name (one name everywhere, the
record's), and the Manager role for heads of departments and people with reports.

The Manager role grants the pages (team, approvals, timesheets); the chain of ``Employee.manager``
decides whose records they show (``hr.policies``). Someone who heads a department or has
reports holds the role without an administrator having to remember it, and loses it again when
that stops, unless an administrator gave it by hand. Every change is audited with its reason.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_noop

from backoffice import roles
from backoffice.services.users import user_name_set, user_role_follow
from hr.models import Department, Employee

HEADS_DEPARTMENT = gettext_noop("heads a department")
HAS_REPORTS = gettext_noop("has reports")
NEITHER = gettext_noop("no longer heads a department or has reports")


def manager_holders() -> dict[int, str]:
    """Employee id -> why they hold the Manager role by themselves."""
    today = timezone.localdate()
    why = dict.fromkeys(
        Employee.objects.current(on=today)
        .filter(manager__isnull=False)
        .values_list("manager_id", flat=True),
        HAS_REPORTS,
    )
    for pk in Department.objects.filter(manager__isnull=False).values_list("manager_id", flat=True):
        why[pk] = HEADS_DEPARTMENT
    return why


@transaction.atomic
def manager_roles_sync(*, employee_ids: Iterable[int] | None = None) -> int:
    """Bring the automatic Manager role in line with the organisation; returns the changes made.

    Without ``employee_ids`` everyone is looked at: those who should hold it and those who hold it
    now. Safe to run again at any time (it changes only what differs).
    """
    holders = manager_holders()
    people = Employee.objects.filter(user__isnull=False, user__is_active=True)
    if employee_ids is not None:
        people = people.filter(pk__in=set(employee_ids))
    else:
        people = people.filter(Q(pk__in=holders) | Q(user__groups__name=roles.MANAGER))
    changed = 0
    for person in people.select_related("user").prefetch_related("user__groups").distinct():
        reason = holders.get(person.pk)
        changed += user_role_follow(
            user=person.user, role=roles.MANAGER, holds=reason is not None, reason=reason or NEITHER
        )
    return changed


def _sync_after_commit() -> None:
    manager_roles_sync()


def manager_roles_sync_soon() -> None:
    """Sync once when the current transaction commits, however many rows it changed."""
    connection = transaction.get_connection()
    if any(hook is _sync_after_commit for _sids, hook, _robust in connection.run_on_commit):
        return
    transaction.on_commit(_sync_after_commit, robust=True)


def account_names_sync() -> int:
    """Every login linked to an employee record takes the record's name; returns how many
    changed (for the demo data and after an import, which bypasses ``post_save``)."""
    people = Employee.objects.filter(user__isnull=False).select_related("user")
    return sum(
        user_name_set(user=p.user, first_name=p.first_name, last_name=p.last_name) for p in people
    )


def _organisation_changed(sender, instance, created: bool, update_fields=None, **kwargs) -> None:
    if sender is Employee and instance.user_id:
        user_name_set(
            user=instance.user, first_name=instance.first_name, last_name=instance.last_name
        )
    if update_fields is not None and "manager" not in update_fields and not created:
        return
    manager_roles_sync_soon()


def connect() -> None:
    """Called from ``HRConfig.ready()``: a change of a department's head or a person's manager
    (from a service, an import or the admin) brings the roles in line after the commit."""
    from django.db.models.signals import post_save

    post_save.connect(_organisation_changed, sender=Employee, dispatch_uid="hr_manager_roles_e")
    post_save.connect(_organisation_changed, sender=Department, dispatch_uid="hr_manager_roles_d")

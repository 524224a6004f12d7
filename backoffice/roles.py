"""Roles are Django groups. Each app declares in its contributions which permissions each role gets
(``grants``, handed to the registry in ``ready()``); ``roles_sync`` applies the union idempotently
after every migrate and from a test fixture (TRAPS.md: permission rows exist only after
post_migrate). A grant of every model of an app (``AllModels``) is resolved here, against the
models as they are."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from backoffice.registry import registry

ADMINISTRATOR = "Administrator"
HR = "HR"
FINANCE = "Finance"
IT = "IT"
OPERATIONS = "Operations"
COMPLIANCE = "Compliance"
PLANNER = "Planner"
MANAGER = "Manager"
STAFF = "Staff"

ROLES = {
    ADMINISTRATOR: _("Administrator"),
    HR: _("HR"),
    FINANCE: _("Finance"),
    IT: _("IT"),
    OPERATIONS: _("Operations"),
    COMPLIANCE: _("Compliance"),
    PLANNER: _("Planner"),
    MANAGER: _("Manager"),
    STAFF: _("Staff"),
}


def role_label(name: str) -> str:
    return str(ROLES.get(name, name))


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """Create every role's group and give it exactly the declared permissions that exist."""
    declared = {role: registry.permissions_for(role) for role in ROLES}
    wanted = {perm for perms in declared.values() for perm in perms}
    by_key: dict[str, Permission] = {}
    for permission in Permission.objects.select_related("content_type"):
        key = f"{permission.content_type.app_label}.{permission.codename}"
        if key in wanted:
            by_key[key] = permission
    counts = {}
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role)
        permissions = [by_key[p] for p in sorted(declared[role]) if p in by_key]
        group.permissions.set(permissions)
        counts[role] = len(permissions)
    return counts

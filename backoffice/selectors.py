"""The platform's reads. Visibility is decided here, from ``viewer``, never in templates."""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from backoffice.audit import AuditKind, PlatformAudit
from backoffice.models import AuditEvent, Job, Notification, Organisation, User

#: The standard model actions as a role table shows them; other permissions show their own name.
ACTION_LABELS = {"view": _("see"), "add": _("add"), "change": _("change"), "delete": _("delete")}


def organisation_get(*, for_update: bool = False) -> Organisation:
    """The one organisation row, created with defaults on first use."""
    query = Organisation.objects.select_for_update() if for_update else Organisation.objects
    organisation = query.filter(pk=1).first()
    if organisation is None:
        organisation, _created = Organisation.objects.get_or_create(pk=1)
    return organisation


def job_list(*, viewer: User) -> QuerySet[Job]:
    jobs = Job.objects.select_related("requested_by")
    if viewer.has_perm("backoffice.view_all_jobs"):
        return jobs
    return jobs.filter(requested_by=viewer)


def job_get(*, viewer: User, uuid) -> Job:
    """Raises Job.DoesNotExist for a job the viewer may not see (the view answers 404)."""
    return job_list(viewer=viewer).get(uuid=uuid)


def notification_list(*, viewer: User) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=viewer)


def notification_unread_count(*, viewer: User) -> int:
    return Notification.objects.filter(recipient=viewer, read_at__isnull=True).count()


def audit_event_list(*, viewer: User) -> QuerySet[AuditEvent]:
    """The audit trail; empty for anyone without the permission to read it.
    Filtering is backoffice.filters.AuditEventFilter, shared by the page and the export job."""
    if not viewer.has_perm("backoffice.view_auditevent"):
        return AuditEvent.objects.none()
    return AuditEvent.objects.select_related("actor")


def audit_events_about(*, target: Model, data_key: str | None = None) -> QuerySet[AuditEvent]:
    """What was recorded about ``target``, newest first, for a record's own history tab (not the
    audit trail, which needs its permission). With ``data_key`` also the events whose data names
    it under that key: a person's leave and contract events carry ``{"employee": id}``."""
    about = Q(object_type=target._meta.label_lower, object_id=str(target.pk))
    if data_key is not None:
        about |= Q(**{f"data__{data_key}": target.pk})
    return AuditEvent.objects.filter(about).select_related("actor").order_by("-created_at", "-id")


def audit_event_last(*, kind: AuditKind, target: Model) -> AuditEvent | None:
    """The latest event of ``kind`` recorded about ``target``: whether an action was already done
    (a job run again after its worker died finds its own earlier result)."""
    return (
        AuditEvent.objects.filter(
            kind=kind.value, object_type=target._meta.label_lower, object_id=str(target.pk)
        )
        .order_by("-created_at", "-id")
        .first()
    )


def previous_sign_in(*, user: User) -> AuditEvent | None:
    """The sign-in before this one (the latest is the current session's)."""
    return (
        AuditEvent.objects.filter(kind=PlatformAudit.LOGIN.value, actor=user)
        .order_by("-created_at", "-id")[1:2]
        .first()
    )


def users_with_role(*, role: str) -> QuerySet[User]:
    """The people who hold ``role`` and may sign in: whom a department tells of work for that role."""
    return User.objects.filter(groups__name=role, is_active=True).order_by("username")


def user_roles(*, user: User) -> list[str]:
    return sorted(group.name for group in user.groups.all())


def user_list(*, viewer: User, search: str = "", role: str = "", state: str = "") -> QuerySet[User]:
    """Logins for the administrators' pages; nobody else lists them."""
    if not viewer.has_perm("backoffice.view_user"):
        return User.objects.none()
    users = User.objects.prefetch_related("groups").order_by("last_name", "first_name", "username")
    if search:
        from backoffice.translit import to_latin

        words = Q()
        for needle in {search.strip(), to_latin(search.strip())}:
            words |= (
                Q(username__icontains=needle)
                | Q(first_name__icontains=needle)
                | Q(last_name__icontains=needle)
                | Q(email__icontains=needle)
            )
        users = users.filter(words)
    if role:
        users = users.filter(groups__name=role)
    if state == "active":
        users = users.filter(is_active=True)
    elif state == "closed":
        users = users.filter(is_active=False)
    return users.distinct()


def user_get(*, viewer: User, pk: int) -> User:
    """Raises User.DoesNotExist for a login the viewer may not manage (the view answers 404)."""
    return user_list(viewer=viewer).get(pk=pk)


def role_matrix(*, roles: list[str]) -> list[dict]:
    """What each role may see and do: per model, the actions each role's grants allow.

    Read from the roles' groups as they are in the database (after ``roles_sync``), so the table
    cannot drift from what the product enforces.
    """
    from django.contrib.auth.models import Group, Permission

    granted: dict[int, set[str]] = {}
    for name, permission_id in Group.objects.filter(name__in=roles).values_list(
        "name", "permissions"
    ):
        if permission_id is not None:
            granted.setdefault(permission_id, set()).add(name)
    rows: dict[tuple[str, str], dict] = {}
    permissions = Permission.objects.filter(pk__in=granted).select_related("content_type")
    for permission in permissions.order_by("content_type__app_label", "content_type__model"):
        model = permission.content_type.model_class()
        if model is None:
            continue
        key = (permission.content_type.app_label, permission.content_type.model)
        row = rows.setdefault(
            key,
            {
                "app": model._meta.app_config.verbose_name,
                "model": model._meta.verbose_name_plural,
                "roles": {role: [] for role in roles},
            },
        )
        action = permission.codename.split("_", 1)[0]
        custom = dict(model._meta.permissions).get(permission.codename)
        label = str(custom or ACTION_LABELS.get(action) or permission.name)
        for role in granted[permission.pk]:
            if label not in row["roles"][role]:
                row["roles"][role].append(label)
    order = [str(label) for label in ACTION_LABELS.values()]
    for row in rows.values():
        for labels in row["roles"].values():
            labels.sort(
                key=lambda label: (order.index(label) if label in order else len(order), label)
            )
    return list(rows.values())

"""The platform's reads. Visibility is decided here, from ``viewer``, never in templates."""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from backoffice.audit import AuditKind, PlatformAudit
from backoffice.models import AuditEvent, Job, Notification, Organisation, User


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

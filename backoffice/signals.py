"""Security and access events written to the audit trail, wherever they happen (pages, admin, API).

These are the platform recording its own facts, not business rules: business changes go through
services, which write their audit rows themselves.
"""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import m2m_changed
from django.dispatch import receiver
from django.utils.translation import gettext_noop

from backoffice.audit import PlatformAudit
from backoffice.models import User
from backoffice.services.actions import action_record
from backoffice.services.users import role_change_actor, role_change_reason

ROLE_GRANTED = gettext_noop("Role %(role)s granted to %(username)s")
ROLE_REVOKED = gettext_noop("Role %(role)s revoked from %(username)s")
ROLE_FOLLOWED = gettext_noop("Role %(role)s of %(username)s follows the organisation: %(reason)s")


def _ip(request) -> str | None:
    return request.META.get("REMOTE_ADDR") if request is not None else None


@receiver(user_logged_in, dispatch_uid="audit_login")
def _logged_in(sender, request, user, **kwargs):
    from django.utils import timezone

    if request is not None and hasattr(request, "session"):
        request.session["login_at"] = timezone.now().timestamp()
    action_record(
        kind=PlatformAudit.LOGIN,
        summary=gettext_noop("%(username)s signed in"),
        params={"username": user.get_username()},
        actor=user,
        ip_address=_ip(request),
    )


@receiver(user_logged_out, dispatch_uid="audit_logout")
def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        action_record(
            kind=PlatformAudit.LOGOUT,
            summary=gettext_noop("%(username)s signed out"),
            params={"username": user.get_username()},
            actor=user,
            ip_address=_ip(request),
        )


@receiver(user_login_failed, dispatch_uid="audit_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    username = str(credentials.get("username", ""))[:150]
    action_record(
        kind=PlatformAudit.LOGIN_FAILED,
        summary=gettext_noop("Failed sign-in for %(username)s"),
        params={"username": username or "-"},
        actor=None,
        ip_address=_ip(request),
        data={"username": username},
    )


@receiver(user_locked_out, dispatch_uid="audit_lockout")
def _locked_out(sender, request, username, ip_address, **kwargs):
    action_record(
        kind=PlatformAudit.LOCKOUT,
        summary=gettext_noop("Sign-in locked for %(username)s from %(ip)s"),
        params={"username": username, "ip": ip_address},
        actor=None,
        ip_address=ip_address,
        data={"username": username},
    )


@receiver(m2m_changed, sender=User.groups.through, dispatch_uid="audit_roles")
def _roles_changed(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("post_add", "post_remove") or not pk_set:
        return
    from django.contrib.auth.models import Group

    actor = role_change_actor()
    if actor is None:
        from simple_history.models import HistoricalRecords

        request = getattr(HistoricalRecords.context, "request", None)
        actor = getattr(request, "user", None)
    if reverse:  # group.user_set changed: instance is the group
        pairs = [(user, instance.name) for user in User.objects.filter(pk__in=pk_set)]
    else:
        pairs = [
            (instance, name)
            for name in Group.objects.filter(pk__in=pk_set).values_list("name", flat=True)
        ]
    granted = action == "post_add"
    reason = role_change_reason()
    for user, role in pairs:
        action_record(
            kind=PlatformAudit.ROLE_GRANTED if granted else PlatformAudit.ROLE_REVOKED,
            summary=ROLE_FOLLOWED if reason else ROLE_GRANTED if granted else ROLE_REVOKED,
            params={"role": role, "username": user.get_username(), "reason": reason},
            actor=actor,
            target=user,
            data={"role": role, "automatic": reason} if reason else {"role": role},
        )

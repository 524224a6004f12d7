"""The platform's users: accounts, roles, language, two-factor sign-in.

A department never writes a ``User`` itself: HR hires a person with a login through
``user_invite``, changes their roles through ``user_roles_set`` and closes the login of a leaver
through ``user_deactivate``, each recorded in the audit trail.
"""

from __future__ import annotations

import contextvars
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _
from django_otp import device_classes, user_has_device

from backoffice.audit import PlatformAudit
from backoffice.models import User
from backoffice.roles import ROLES
from backoffice.services.actions import action_record

EMAIL_TAKEN = _("Another account already uses this e-mail address.")

_role_change_actor: contextvars.ContextVar[User | None] = contextvars.ContextVar(
    "role_change_actor", default=None
)


@contextmanager
def acting_user(user: User | None) -> Iterator[None]:
    """Who changes roles inside this block: the groups m2m signal, which records the change, has
    no other way to know (an admin page's request is found without it)."""
    token = _role_change_actor.set(user)
    try:
        yield
    finally:
        _role_change_actor.reset(token)


def role_change_actor() -> User | None:
    return _role_change_actor.get()


_role_change_reason: contextvars.ContextVar[str] = contextvars.ContextVar(
    "role_change_reason", default=""
)


def role_change_reason() -> str:
    """Why a role changes by itself (an English msgid), recorded with the change; "" for a
    person's decision."""
    return _role_change_reason.get()


def _granted_automatically(*, user: User, role: str) -> bool:
    from backoffice.models import AuditEvent

    last = (
        AuditEvent.objects.filter(
            kind=PlatformAudit.ROLE_GRANTED.value,
            object_type=user._meta.label_lower,
            object_id=str(user.pk),
            data__role=role,
        )
        .order_by("-created_at", "-id")
        .values_list("data", flat=True)
        .first()
    )
    return bool(last and last.get("automatic"))


@transaction.atomic
def user_role_follow(*, user: User, role: str, holds: bool, reason: str) -> bool:
    """Give ``role`` to ``user`` because of what they are (a department head gets the Manager's
    pages), or take it back when that stops being true. ``reason`` (a ``gettext_noop`` msgid) is
    recorded with the change, which is audited like any other. A role someone gave by hand is
    never taken away here, only one this function gave. Returns whether anything changed."""
    if role not in ROLES:
        raise ValueError(f"Unknown role: {role}")
    has = any(group.name == role for group in user.groups.all())
    if holds == has or (not holds and not _granted_automatically(user=user, role=role)):
        return False
    group = Group.objects.get(name=role)
    token = _role_change_reason.set(reason)
    try:
        with acting_user(None):
            if holds:
                user.groups.add(group)
            else:
                user.groups.remove(group)
    finally:
        _role_change_reason.reset(token)
    return True


@transaction.atomic
def user_roles_set(*, user: User, roles: Iterable[str], actor: User | None = None) -> User:
    """Give ``user`` exactly ``roles``. The audit rows come from the groups m2m signal
    (backoffice.signals), so changes made in the admin are recorded the same way."""
    wanted = set(roles)
    unknown = wanted - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {', '.join(sorted(unknown))}")
    with acting_user(actor):
        user.groups.set(Group.objects.filter(name__in=wanted))
    return user


def _username_free(email: str) -> str:
    """The part of the e-mail before ``@``, made safe, with a number added while it is taken."""
    base = re.sub(r"[^a-z0-9_.-]", "", email.split("@", 1)[0].lower()) or "user"
    candidate, n = base, 1
    while User.objects.filter(username=candidate).exists():
        n += 1
        candidate = f"{base}{n}"
    return candidate


def _invitation_send(user: User) -> None:
    """The e-mail with the link where the new person chooses a password, in their language."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.BASE_URL + reverse("password_reset_confirm", args=[uid, token])
    with translation.override(user.language):
        subject = gettext("Your back office account")
        body = gettext(
            "Welcome, %(name)s.\n\nYour user name is %(username)s. Choose your password here:\n%(link)s\n"
        ) % {"name": user.first_name or user.username, "username": user.username, "link": link}
    send_mail(subject, body, None, [user.email], fail_silently=True)


@transaction.atomic
def user_invite(
    *,
    email: str,
    first_name: str,
    last_name: str,
    roles: Iterable[str],
    actor: User | None,
    username: str | None = None,
    language: str = "bg",
) -> User:
    """A login for a new person, with ``roles``; the person chooses a password from the e-mailed link.

    The account gets no password at all (nobody but the person ever knows one), and the e-mail
    leaves only after the commit, so a hire that fails sends nobody a link to a deleted account.
    An e-mail address already in use is refused (``ValidationError`` on ``email``): the link
    would otherwise let one person set the other's password.
    """
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": EMAIL_TAKEN}, code="email_taken")
    user = User.objects.create_user(
        username=username or _username_free(email),
        email=email,
        password=None,
        first_name=first_name,
        last_name=last_name,
        language=language,
    )
    user_roles_set(user=user, roles=roles, actor=actor)
    action_record(
        kind=PlatformAudit.USER_INVITED,
        summary=gettext_noop("Account %(username)s created and invited by e-mail"),
        params={"username": user.get_username()},
        actor=actor,
        target=user,
    )

    def invitation_send() -> None:
        _invitation_send(user)

    transaction.on_commit(invitation_send, robust=True)
    return user


@transaction.atomic
def user_deactivate(*, user: User, actor: User | None) -> User:
    """Close a login: the person can no longer sign in; their records and history stay.

    Closing a closed login changes and records nothing, so a nightly run may ask again.
    """
    if not user.is_active:
        return user
    user.is_active = False
    user.save(update_fields=["is_active"])
    action_record(
        kind=PlatformAudit.USER_DEACTIVATED,
        summary=gettext_noop("Account %(username)s closed"),
        params={"username": user.get_username()},
        actor=actor,
        target=user,
    )
    return user


def user_name_set(*, user: User, first_name: str, last_name: str) -> bool:
    """A login shows the person's name as their employee record has it (one name everywhere)."""
    first_name, last_name = first_name[:150], last_name[:150]
    if (user.first_name, user.last_name) == (first_name, last_name):
        return False
    user.first_name, user.last_name = first_name, last_name
    user.save(update_fields=["first_name", "last_name"])
    return True


def user_language_set(*, user: User, language: str) -> User:
    if user.language != language:
        user.language = language
        user.save(update_fields=["language"])
    return user


BACKUP_CODES = 10

OTP_VERIFICATION_REQUIRED = _("Confirm a code first to change two-factor settings.")
OTP_ROLE_REQUIRES_TWO_FACTOR = _("Your role requires two-factor sign-in; it cannot be turned off.")
OTP_RESET_NOT_ALLOWED = _("You may not reset this person's two-factor sign-in.")


def _require_verified_if_enrolled(*, user: User, verified: bool) -> None:
    """A session that passed only the password must not replace or remove a working second
    factor: otherwise a stolen password alone would be enough to take the account over."""
    if not verified and user_has_device(user, confirmed=True):
        raise PermissionDenied(OTP_VERIFICATION_REQUIRED)


def _backup_codes_replace(*, user: User) -> list[str]:
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def otp_backup_codes_regenerate(*, user: User, verified: bool) -> list[str]:
    """Replace the person's backup codes; the codes are returned once and stored only as tokens.

    Only a session verified with a second factor may do this: fresh codes are a second factor.
    """
    if not verified:
        raise PermissionDenied(OTP_VERIFICATION_REQUIRED)
    return _backup_codes_replace(user=user)


def otp_device_pending(*, user: User, verified: bool):
    """The authenticator being enrolled (unconfirmed), made on first use.

    A person who already has a working second factor re-enrols only from a verified session.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _require_verified_if_enrolled(user=user, verified=verified)
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def otp_enrol_confirm(*, user: User, device, token: str, verified: bool) -> list[str] | None:
    """Confirm enrolment with one code; returns fresh backup codes, or None when the code is wrong.

    Confirming replaces every other authenticator and the backup codes, so it needs the same
    verified session as starting the enrolment does.
    """
    from django_otp.plugins.otp_totp.models import TOTPDevice

    _require_verified_if_enrolled(user=user, verified=verified)
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied(OTP_VERIFICATION_REQUIRED)
    if not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    action_record(
        kind=PlatformAudit.OTP_ENROLLED,
        summary=gettext_noop("%(username)s enrolled two-factor sign-in"),
        params={"username": user.get_username()},
        actor=user,
    )
    return _backup_codes_replace(user=user)


def _delete_devices(*, user: User) -> None:
    for model in device_classes():
        model.objects.filter(user=user).delete()


@transaction.atomic
def otp_disable(*, user: User, verified: bool) -> None:
    """Turn two-factor off: only from a verified session, and only when no role requires it."""
    if not verified:
        raise PermissionDenied(OTP_VERIFICATION_REQUIRED)
    if user.groups.filter(name__in=settings.OTP_REQUIRED_ROLES).exists():
        raise ValidationError(OTP_ROLE_REQUIRES_TWO_FACTOR, code="otp_required")
    _delete_devices(user=user)
    action_record(
        kind=PlatformAudit.OTP_DISABLED,
        summary=gettext_noop("%(username)s turned two-factor sign-in off"),
        params={"username": user.get_username()},
        actor=user,
    )


def otp_reset_allowed(*, user: User, actor: User) -> bool:
    """Administrators manage people's sign-in; only a superuser touches a superuser's."""
    if not actor.is_active:
        return False
    if actor.is_superuser:
        return True
    return actor.has_perm("backoffice.change_user") and not user.is_superuser


@transaction.atomic
def otp_reset(*, user: User, actor: User) -> None:
    """An administrator's way out for a person who lost their phone and backup codes.

    Every device goes, so the person enrols again at the next sign-in; the person is told in the
    product and by e-mail, so a reset they did not ask for does not go unnoticed.
    """
    from backoffice.models import Notification
    from backoffice.services.notifications import notification_send

    if not otp_reset_allowed(user=user, actor=actor):
        raise PermissionDenied(OTP_RESET_NOT_ALLOWED)
    _delete_devices(user=user)
    action_record(
        kind=PlatformAudit.OTP_RESET,
        summary=gettext_noop("%(actor)s reset two-factor sign-in of %(username)s"),
        params={"actor": actor.get_username(), "username": user.get_username()},
        actor=actor,
        target=user,
    )
    notification_send(
        recipient=user,
        kind="account.otp_reset",
        title=gettext_noop("Your two-factor sign-in was reset"),
        body=gettext_noop(
            "%(name)s reset your two-factor sign-in. Set it up again with your authenticator "
            "app when you next sign in. If you did not ask for this, tell your administrator "
            "at once."
        ),
        params={"name": actor.display_name},
        url=reverse("account"),
        level=Notification.Level.WARNING,
        email=True,
    )

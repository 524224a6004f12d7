from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_otp import device_classes, user_has_device

from backoffice.models import User
from backoffice.roles import ROLES


@transaction.atomic
def user_roles_set(*, user: User, roles: Iterable[str], actor: User | None = None) -> User:
    """Give ``user`` exactly ``roles``. The audit rows come from the groups m2m signal
    (backoffice.signals), so changes made in the admin are recorded the same way."""
    wanted = set(roles)
    unknown = wanted - set(ROLES)
    if unknown:
        raise ValueError(f"Unknown roles: {', '.join(sorted(unknown))}")
    from backoffice.signals import acting_user

    with acting_user(actor):
        user.groups.set(Group.objects.filter(name__in=wanted))
    return user


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

    from backoffice.services.audit import audit_record

    _require_verified_if_enrolled(user=user, verified=verified)
    if device.user_id != user.pk or device.confirmed:
        raise PermissionDenied(OTP_VERIFICATION_REQUIRED)
    if not device.verify_token(token):
        return None
    TOTPDevice.objects.filter(user=user, confirmed=True).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        kind="auth.otp_enrolled",
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
    from backoffice.services.audit import audit_record

    if not verified:
        raise PermissionDenied(OTP_VERIFICATION_REQUIRED)
    if user.groups.filter(name__in=settings.OTP_REQUIRED_ROLES).exists():
        raise ValidationError(OTP_ROLE_REQUIRES_TWO_FACTOR, code="otp_required")
    _delete_devices(user=user)
    audit_record(
        kind="auth.otp_disabled",
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
    from backoffice.services.audit import audit_record
    from backoffice.services.notifications import notification_send

    if not otp_reset_allowed(user=user, actor=actor):
        raise PermissionDenied(OTP_RESET_NOT_ALLOWED)
    _delete_devices(user=user)
    audit_record(
        kind="auth.otp_reset",
        summary=gettext_noop("%(actor)s reset two-factor sign-in of %(username)s"),
        params={"actor": actor.get_username(), "username": user.get_username()},
        actor=actor,
        target=user,
    )
    notification_send(
        recipient=user,
        title=_("Your two-factor sign-in was reset"),
        body=format_lazy(
            _(
                "{name} reset your two-factor sign-in. Set it up again with your authenticator "
                "app when you next sign in. If you did not ask for this, tell your administrator "
                "at once."
            ),
            name=actor.display_name,
        ),
        url=reverse("account"),
        level=Notification.Level.WARNING,
        email=True,
    )

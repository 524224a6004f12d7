from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext_noop

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


@transaction.atomic
def otp_backup_codes_regenerate(*, user: User) -> list[str]:
    """Replace the person's backup codes; the codes are returned once and stored only as tokens."""
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Backup codes", confirmed=True)
    codes = [StaticToken.random_token() for _i in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def otp_device_pending(*, user: User):
    """The authenticator being enrolled (unconfirmed), made on first use."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)


@transaction.atomic
def otp_enrol_confirm(*, user: User, device, token: str) -> list[str] | None:
    """Confirm enrolment with one code; returns fresh backup codes, or None when the code is wrong."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from backoffice.services.audit import audit_record

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
    return otp_backup_codes_regenerate(user=user)


@transaction.atomic
def otp_disable(*, user: User) -> None:
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from backoffice.services.audit import audit_record

    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(
        kind="auth.otp_disabled",
        summary=gettext_noop("%(username)s turned two-factor sign-in off"),
        params={"username": user.get_username()},
        actor=user,
    )

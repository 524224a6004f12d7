"""Two-factor sign-in: re-enrolment needs the second factor, administrators reset it, and the
secrets never show in the admin."""

from __future__ import annotations

import base64

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils.http import urlencode
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.models import AuditEvent, Notification, User
from backoffice.roles import ADMINISTRATOR, HR, STAFF
from backoffice.services import (
    otp_backup_codes_regenerate,
    otp_device_pending,
    otp_disable,
    otp_enrol_confirm,
    otp_reset,
)

PASSWORD = "pw-Secret-123"
SETUP = "/account/two-factor/setup/"


def _sign_in_with_password(client, user: User) -> None:
    """The real sign-in page (django-axes sees the request), password only."""
    response = client.post(reverse("login"), {"username": user.username, "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


def _enrolled(user: User) -> tuple[TOTPDevice, list[str]]:
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    return device, otp_backup_codes_regenerate(user=user, verified=True)


def _devices(user: User) -> list[tuple[str, str, bool]]:
    return sorted(
        (type(d).__name__, getattr(d, "key", ""), d.confirmed)
        for model in (TOTPDevice, StaticDevice)
        for d in model.objects.filter(user=user)
    )


def _tokens(user: User) -> list[str]:
    return sorted(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))


def _verify_location(next_url: str) -> str:
    return f"{reverse('otp-verify')}?{urlencode({'next': next_url})}"


# The bypass: a password-only session must not replace a working authenticator.


@pytest.mark.parametrize("role", [HR, ADMINISTRATOR])
def test_a_password_only_session_cannot_re_enrol_over_a_confirmed_authenticator(
    client, make_user, role
):
    user = make_user(role, username="victim")
    device, codes = _enrolled(user)
    devices_before, tokens_before = _devices(user), _tokens(user)
    _sign_in_with_password(client, user)

    shown = client.get(f"{SETUP}?next=/jobs/")

    assert shown.status_code == 302
    assert shown["Location"] == _verify_location(f"{SETUP}?next=/jobs/")
    assert not TOTPDevice.objects.filter(user=user, confirmed=False).exists()

    # Even a pending device whose key the attacker knows (left from an earlier attempt) with a
    # valid code for it does not get through.
    pending = TOTPDevice.objects.create(user=user, name="attacker", confirmed=False)
    posted = client.post(SETUP, {"token": f"{totp(pending.bin_key):06d}", "next": "/"})

    assert posted.status_code == 302
    assert posted["Location"] == _verify_location(SETUP)
    pending.refresh_from_db()
    assert pending.confirmed is False
    assert _devices(user) == sorted([*devices_before, ("TOTPDevice", pending.key, False)])
    assert TOTPDevice.objects.get(user=user, confirmed=True).key == device.key
    assert _tokens(user) == tokens_before == sorted(codes)
    assert "backup_codes" not in client.session
    assert DEVICE_ID_SESSION_KEY not in client.session
    assert not AuditEvent.objects.filter(kind="auth.otp_enrolled").exists()
    protected = client.get(reverse("backoffice:job-list"))
    assert protected.status_code == 302
    assert protected["Location"] == _verify_location(reverse("backoffice:job-list"))


def test_an_administrator_without_the_second_factor_does_not_reach_the_admin(client, make_user):
    admin = make_user(ADMINISTRATOR, username="root2")
    _enrolled(admin)
    _sign_in_with_password(client, admin)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"] == _verify_location("/admin/")


def test_a_verified_session_can_re_enrol_with_a_new_phone(client, make_user):
    user = make_user(HR, username="hana")
    old_device, old_codes = _enrolled(user)
    _sign_in_with_password(client, user)
    verified = client.post(
        reverse("otp-verify"), {"token": f"{totp(old_device.bin_key):06d}", "next": "/account/"}
    )
    assert verified.status_code == 302
    assert verified["Location"] == "/account/"

    page = client.get(SETUP)
    assert page.status_code == 200
    new_device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert new_device.key != old_device.key
    response = client.post(SETUP, {"token": f"{totp(new_device.bin_key):06d}", "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('otp-backup-codes')}?next=%2F"
    assert list(TOTPDevice.objects.filter(user=user).values_list("pk", "confirmed")) == [
        (new_device.pk, True)
    ]
    new_codes = client.session["backup_codes"]
    assert _tokens(user) == sorted(new_codes)
    assert not set(new_codes) & set(old_codes)
    assert client.session[DEVICE_ID_SESSION_KEY] == new_device.persistent_id
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(kind="auth.otp_enrolled", actor_name="hana").count() == 1


def test_a_person_without_a_device_still_enrols_after_the_password(client, make_user):
    user = make_user(HR, username="nova")
    _sign_in_with_password(client, user)

    assert client.get("/")["Location"] == f"{reverse('otp-setup')}?next=%2F"
    assert client.get(SETUP).status_code == 200
    assert TOTPDevice.objects.filter(user=user, confirmed=False).count() == 1


def test_the_page_asked_for_is_kept_whole_through_the_second_factor(client, make_user):
    user = make_user(HR, username="nina")
    _enrolled(user)
    _sign_in_with_password(client, user)

    response = client.get("/jobs/?status=done&page=2")

    assert response["Location"] == _verify_location("/jobs/?status=done&page=2")


# Every other two-factor and account endpoint, with the password only.


def test_a_chosen_second_factor_is_asked_for_even_when_no_role_requires_it(client, make_user):
    user = make_user(STAFF, username="sava")
    _enrolled(user)
    devices_before, tokens_before = _devices(user), _tokens(user)
    password_before = User.objects.get(pk=user.pk).password
    _sign_in_with_password(client, user)

    home = client.get("/")
    codes = client.post(reverse("otp-backup-codes"))
    disable = client.post(reverse("otp-disable"))
    password = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "An0ther-Secret-456",
            "new_password2": "An0ther-Secret-456",
        },
    )

    assert home["Location"] == _verify_location("/")
    assert codes["Location"] == _verify_location(reverse("otp-backup-codes"))
    assert disable["Location"] == _verify_location(reverse("otp-disable"))
    assert password["Location"] == _verify_location(reverse("password_change"))
    assert _devices(user) == devices_before
    assert _tokens(user) == tokens_before
    assert User.objects.get(pk=user.pk).password == password_before
    assert not AuditEvent.objects.filter(
        kind__in=["auth.otp_disabled", "auth.password_changed"]
    ).exists()


def test_the_services_refuse_an_unverified_session_when_a_device_is_confirmed(make_user):
    user = make_user(STAFF, username="ivo")
    device, codes = _enrolled(user)
    devices_before = _devices(user)

    with pytest.raises(PermissionDenied):
        otp_device_pending(user=user, verified=False)
    pending = TOTPDevice.objects.create(user=user, name="other", confirmed=False)
    with pytest.raises(PermissionDenied):
        otp_enrol_confirm(
            user=user, device=pending, token=f"{totp(pending.bin_key):06d}", verified=False
        )
    with pytest.raises(PermissionDenied):
        otp_backup_codes_regenerate(user=user, verified=False)
    with pytest.raises(PermissionDenied):
        otp_disable(user=user, verified=False)

    pending.refresh_from_db()
    assert pending.confirmed is False
    assert _devices(user) == sorted([*devices_before, ("TOTPDevice", pending.key, False)])
    assert _tokens(user) == sorted(codes)
    assert not AuditEvent.objects.filter(kind__startswith="auth.").exists()


def test_a_device_of_another_person_cannot_be_confirmed(make_user):
    user = make_user(STAFF, username="ema")
    other = make_user(STAFF, username="ori")
    foreign = TOTPDevice.objects.create(user=other, name="theirs", confirmed=False)

    with pytest.raises(PermissionDenied):
        otp_enrol_confirm(
            user=user, device=foreign, token=f"{totp(foreign.bin_key):06d}", verified=False
        )

    foreign.refresh_from_db()
    assert foreign.confirmed is False
    assert _devices(user) == []


def test_disabling_keeps_the_role_requirement_and_works_otherwise(make_user):
    hr_user = make_user(HR, username="hr1")
    staff = make_user(STAFF, username="st1")
    _enrolled(hr_user)
    _enrolled(staff)
    hr_devices = _devices(hr_user)

    with pytest.raises(ValidationError) as refused:
        otp_disable(user=hr_user, verified=True)
    otp_disable(user=staff, verified=True)

    assert refused.value.messages == [
        "Your role requires two-factor sign-in; it cannot be turned off."
    ]
    assert _devices(hr_user) == hr_devices
    assert _devices(staff) == []
    assert list(
        AuditEvent.objects.filter(kind__startswith="auth.").values_list("kind", "actor_name")
    ) == [("auth.otp_disabled", "st1")]


# An administrator's reset.


def _action(client, people, **extra):
    return client.post(
        reverse("admin:backoffice_user_changelist"),
        {"action": "otp_reset_action", "_selected_action": [p.pk for p in people], **extra},
    )


def test_an_administrator_resets_two_factor_after_confirming(
    client, make_user, login, mailoutbox, django_capture_on_commit_callbacks
):
    admin = make_user(ADMINISTRATOR, username="boss")
    target = make_user(HR, username="lost", first_name="Lora", last_name="Ivanova")
    _enrolled(target)
    login(client, admin)

    confirm = _action(client, [target], index="0")
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "lost" in html and "Lora Ivanova" in html
    assert "Yes, reset two-factor sign-in" in html
    assert len(_devices(target)) == 2

    with django_capture_on_commit_callbacks(execute=True):
        done = _action(client, [target], post="yes")

    assert done.status_code == 302
    assert [str(m) for m in get_messages(done.wsgi_request)] == [
        "Two-factor sign-in was reset for: lost."
    ]
    assert _devices(target) == []
    assert _tokens(target) == []
    assert TOTPDevice.objects.filter(user=admin).count() == 1
    event = AuditEvent.objects.get(kind="auth.otp_reset")
    assert event.kind_label == "Two-factor reset by an administrator"
    assert (event.actor_name, event.object_type, event.object_id, event.summary) == (
        "boss",
        "backoffice.user",
        str(target.pk),
        "boss reset two-factor sign-in of lost",
    )
    note = Notification.objects.get(recipient=target)
    assert note.title == "Your two-factor sign-in was reset"
    assert note.body == (
        "boss reset your two-factor sign-in. Set it up again with your authenticator app when "
        "you next sign in. If you did not ask for this, tell your administrator at once."
    )
    assert note.level == Notification.Level.WARNING
    assert note.url == reverse("account")
    assert [m.to for m in mailoutbox] == [["lost@example.com"]]
    assert mailoutbox[0].subject == "Your two-factor sign-in was reset"

    client.logout()
    _sign_in_with_password(client, target)
    assert client.get("/")["Location"] == f"{reverse('otp-setup')}?next=%2F"
    assert client.get(SETUP).status_code == 200


def test_people_who_do_not_manage_users_cannot_reset_two_factor(client, make_user, login):
    target = make_user(STAFF, username="kept")
    _enrolled(target)
    devices_before = _devices(target)
    hr_user = make_user(HR, username="hrperson")
    viewer = make_user(username="viewer")
    viewers = Group.objects.create(name="User viewers")
    viewers.permissions.set(
        Permission.objects.filter(
            content_type__app_label="backoffice", codename__in=["access_admin", "view_user"]
        )
    )
    viewer.groups.add(viewers)

    login(client, hr_user)
    forbidden = _action(client, [target], post="yes")
    login(client, viewer)
    no_action = _action(client, [target], post="yes")
    with pytest.raises(PermissionDenied):
        otp_reset(user=target, actor=hr_user)

    assert forbidden.status_code == 403
    assert no_action.status_code == 200
    assert "otp_reset_action" not in no_action.content.decode()
    assert _devices(target) == devices_before
    assert not AuditEvent.objects.filter(kind="auth.otp_reset").exists()
    assert not Notification.objects.filter(recipient=target).exists()


def test_an_administrator_cannot_reset_or_take_over_a_superuser(client, make_user, login):
    admin = make_user(ADMINISTRATOR, username="boss")
    root = make_user(username="root", is_superuser=True, is_staff=True)
    _enrolled(root)
    devices_before = _devices(root)
    password_before = root.password
    login(client, admin)

    response = _action(client, [root], post="yes")
    password_url = reverse("admin:auth_user_password_change", args=[root.pk])
    password_page = client.get(password_url)
    password_post = client.post(
        password_url, {"password1": "Taken-0ver-789", "password2": "Taken-0ver-789"}
    )

    assert response.status_code == 302
    assert _devices(root) == devices_before
    assert not AuditEvent.objects.filter(kind="auth.otp_reset").exists()
    assert (password_page.status_code, password_post.status_code) == (403, 403)
    assert User.objects.get(pk=root.pk).password == password_before


def test_a_superuser_may_reset_a_superuser(make_user):
    root = make_user(username="root", is_superuser=True, is_staff=True)
    other = make_user(username="root2", is_superuser=True, is_staff=True)
    _enrolled(other)

    otp_reset(user=other, actor=root)

    assert _devices(other) == []
    assert AuditEvent.objects.get(kind="auth.otp_reset").summary == (
        "root reset two-factor sign-in of root2"
    )


# Secrets in the admin.


@pytest.mark.parametrize("superuser", [False, True])
def test_the_admin_never_shows_a_totp_secret_or_backup_codes(client, make_user, login, superuser):
    admin = (
        make_user(username="root", is_superuser=True, is_staff=True)
        if superuser
        else make_user(ADMINISTRATOR, username="boss")
    )
    target = make_user(HR, username="owner")
    device, codes = _enrolled(target)
    static = StaticDevice.objects.get(user=target)
    login(client, admin)
    base32 = base64.b32encode(device.bin_key).decode().rstrip("=")

    pages = {
        "totp list": client.get(reverse("admin:otp_totp_totpdevice_changelist")),
        "totp change": client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk])),
        "static change": client.get(
            reverse("admin:otp_static_staticdevice_change", args=[static.pk])
        ),
    }
    base = reverse("admin:otp_totp_totpdevice_changelist")

    for name, page in pages.items():
        html = page.content.decode()
        assert page.status_code == 200, name
        assert device.key not in html, name
        assert base32 not in html and base32[:4] + " " not in html, name
        assert "otpauth://" not in html, name
        assert not any(code in html for code in codes), name
    for suffix in ("config/", "qrcode/"):
        assert client.get(f"{base}{device.pk}/{suffix}").status_code == 404
    assert client.get(reverse("admin:otp_totp_totpdevice_add")).status_code == 403
    assert client.get(reverse("admin:otp_static_staticdevice_add")).status_code == 403
    unchanged = client.post(
        reverse("admin:otp_totp_totpdevice_change", args=[device.pk]),
        {"name": "renamed", "confirmed": "on", "key": "00" * 20},
    )
    assert unchanged.status_code == 403
    device.refresh_from_db()
    assert device.name == "phone"


def test_an_administrator_may_delete_a_device_in_the_admin(client, make_user, login):
    admin = make_user(ADMINISTRATOR, username="boss")
    target = make_user(HR, username="owner")
    device, _codes = _enrolled(target)
    login(client, admin)

    response = client.post(
        reverse("admin:otp_totp_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(pk=device.pk).exists()

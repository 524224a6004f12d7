"""Sign-in protection, two-factor enforcement, session limits and security headers."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.models import AuditEvent
from backoffice.roles import HR, STAFF

ROOT = Path(__file__).resolve().parents[2]


def _post_login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_five_failures_lock_the_username_from_that_address(client, make_user):
    make_user(STAFF, username="mira")
    for _attempt in range(5):
        response = _post_login(client, "mira", "wrong")
        assert response.status_code in (200, 429)
    response = _post_login(client, "mira", "pw-Secret-123")  # even the right password now
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(kind="auth.login_failed").count() >= 5
    assert AuditEvent.objects.filter(kind="auth.lockout").exists()


def test_a_wrong_password_says_so_and_signs_nobody_in(client, make_user):
    make_user(STAFF, username="ivo")
    response = _post_login(client, "ivo", "nope")
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_successful_sign_in_is_recorded(client, make_user):
    make_user(STAFF, username="rada")
    response = _post_login(client, "rada", "pw-Secret-123")
    assert response.status_code == 302
    event = AuditEvent.objects.get(kind="auth.login")
    assert event.actor_name == "rada"
    assert event.ip_address == "127.0.0.1"


def test_a_required_role_must_enrol_two_factor_before_anything_else(client, make_user):
    make_user(HR, username="hana")
    _post_login(client, "hana", "pw-Secret-123")
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp-setup"))
    assert client.get(reverse("backoffice:job-list")).status_code == 302

    client.get(reverse("otp-setup"))
    device = TOTPDevice.objects.get(user__username="hana", confirmed=False)
    wrong = client.post(
        reverse("otp-setup"), {"token": "000000" if totp(device.bin_key) != 0 else "111111"}
    )
    assert "That code is not valid" in wrong.content.decode()
    device.refresh_from_db()
    assert device.confirmed is False
    time.sleep(1.1)  # a wrong code throttles the device for a second, as it should

    response = client.post(
        reverse("otp-setup"), {"token": f"{totp(device.bin_key):06d}", "next": "/"}
    )
    assert response.status_code == 302
    codes_page = client.get(response["Location"])
    assert codes_page.status_code == 200
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(kind="auth.otp_enrolled", actor_name="hana").count() == 1


def test_an_enrolled_person_is_asked_for_a_code_and_a_backup_code_works_once(client, make_user):
    from backoffice.services import otp_backup_codes_regenerate

    user = make_user(HR, username="hristo")
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    codes = otp_backup_codes_regenerate(user=user, verified=True)
    _post_login(client, "hristo", "pw-Secret-123")
    response = client.get("/")
    assert response["Location"].startswith(reverse("otp-verify"))
    bad = client.post(reverse("otp-verify"), {"token": "12345678"})
    assert "That code is not valid" in bad.content.decode()
    time.sleep(1.1)  # throttled after the wrong code
    good = client.post(reverse("otp-verify"), {"token": codes[0], "next": "/"})
    assert good.status_code == 302
    assert client.get("/").status_code == 200
    client.logout()
    _post_login(client, "hristo", "pw-Secret-123")
    again = client.post(reverse("otp-verify"), {"token": codes[0]})
    assert "That code is not valid" in again.content.decode()


def test_staff_need_no_second_factor(client, make_user):
    make_user(STAFF, username="sava")
    _post_login(client, "sava", "pw-Secret-123")
    assert client.get("/").status_code == 200


def test_idle_sessions_end_and_polling_does_not_keep_them_alive(client, make_user, settings):
    user = make_user(STAFF)
    client.force_login(user)
    assert client.get("/").status_code == 200
    session = client.session
    old = timezone.now().timestamp() - settings.SESSION_IDLE_MINUTES * 60 - 5
    session["last_activity"] = old
    session.save()
    assert (
        client.get(
            reverse("backoffice:notification-bell"),
            headers={"X-Passive": "1", "HX-Request": "true"},
        ).status_code
        == 204
    )
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_sessions_end_after_the_maximum_age(client, make_user, settings):
    client.force_login(make_user(STAFF))
    session = client.session
    session["login_at"] = timezone.now().timestamp() - settings.SESSION_MAX_HOURS * 3600 - 5
    session.save()
    assert client.get("/").status_code == 302


def test_htmx_requests_meeting_the_login_get_a_full_redirect(client):
    response = client.get(reverse("backoffice:notification-bell"), headers={"HX-Request": "true"})
    assert response.status_code == 204
    assert response["HX-Redirect"].startswith(reverse("login"))


def test_security_headers_on_a_signed_in_page(client, make_user):
    client.force_login(make_user(STAFF))
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Server-Timing"].startswith("total;dur=")
    assert "queries" in response["Server-Timing"]


def test_pages_have_no_inline_script_or_style(client, make_user, login):
    from backoffice.roles import ADMINISTRATOR

    admin = make_user(ADMINISTRATOR)
    login(client, admin)
    for url in [
        "/",
        "/jobs/",
        "/notifications/",
        "/audit/",
        "/settings/organisation/",
        "/account/",
        "/account/two-factor/setup/",
    ]:
        html = client.get(url).content.decode()
        assert " style=" not in html, url
        for chunk in html.split("<script")[1:]:
            head = chunk.split(">", 1)[0]
            assert "src=" in head or 'type="application/json"' in head, (url, head)


def test_health_check_reports_database_and_broker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "broker": "ok"}


def test_health_check_answers_503_when_the_broker_is_down(client, settings):
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["broker"].startswith("error")


def test_check_deploy_is_clean_with_production_settings():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(
            ("DJANGO_", "OTP_", "SERVER_TIMING", "STATIC_MANIFEST", "CELERY_TASK_ALWAYS")
        )
    }
    env.update(
        DJANGO_SETTINGS_MODULE="backoffice.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="prod-" + "k3y-" * 15,
        DJANGO_ALLOWED_HOSTS="backoffice.example.com",
        DJANGO_BASE_URL="https://backoffice.example.com",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_a_secret_key_in_production():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="backoffice.settings", DJANGO_DEBUG="0")
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.skipif(
    not os.path.exists("/usr/bin/docker-compose"), reason="docker-compose (v1) is not installed"
)
def test_docker_compose_file_is_valid():
    result = subprocess.run(
        ["docker-compose", "config", "-q"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr

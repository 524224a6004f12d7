"""Shared fixtures: roles, users per role, an OTP-verified login, and the service markers.

Tests marked ``postgres``, ``redis``, ``browser`` or ``pdf`` skip with a reason when that need is
missing; with ``REQUIRE_SERVICES=1`` (set by .ci/run) such a skip is a failure instead.
"""

from __future__ import annotations

import os
import shutil
from functools import cache

import pytest
from django.conf import settings
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from tests.backoffice import job_kinds  # noqa: F401  (registers the test-only job kinds)

# Shared CI machines are slow and noisy: a property holds or not, however fast inputs are drawn.
hypothesis_settings.register_profile(
    "backoffice", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
hypothesis_settings.load_profile("backoffice")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@cache
def _redis_available() -> bool:
    if not settings.CELERY_BROKER_URL.startswith("redis"):
        return False
    import redis

    try:
        return bool(redis.Redis.from_url(settings.CELERY_BROKER_URL, socket_timeout=2).ping())
    except redis.RedisError:
        return False


@cache
def _browser_available() -> bool:
    try:
        import playwright  # noqa: F401
    except ImportError:
        return False
    return bool(shutil.which(CHROMIUM) or os.path.exists(CHROMIUM))


@cache
def _pdf_available() -> bool:
    from backoffice.pdf import pdf_available

    return pdf_available()


def _postgres_available() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


NEEDS = {
    "postgres": (_postgres_available, "needs PostgreSQL: set DATABASE_URL=postgres://..."),
    "redis": (
        _redis_available,
        "needs Redis: set CELERY_BROKER_URL=redis://... to a running server",
    ),
    "browser": (_browser_available, f"needs Chromium at {CHROMIUM} (apt-get install chromium)"),
    "pdf": (
        _pdf_available,
        "needs WeasyPrint's Pango library (apt-get install libpango-1.0-0 libpangoft2-1.0-0)",
    ),
}


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    for name, (available, reason) in NEEDS.items():
        if item.get_closest_marker(name) and not available():
            if os.environ.get("REQUIRE_SERVICES") == "1":
                pytest.fail(f"REQUIRE_SERVICES=1 but this test {reason}", pytrace=False)
            pytest.skip(reason)


@pytest.fixture(autouse=True)
def _roles(db):
    from backoffice.roles import roles_sync

    roles_sync()


@pytest.fixture(autouse=True)
def _english():
    """A request activates its person's language for the thread; each test starts from English."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _fresh_axes_cache():
    from django.core.cache import cache as django_cache

    django_cache.clear()


@pytest.fixture
def make_user(db):
    from django.contrib.auth.models import Group

    from backoffice.models import User

    counter = {"n": 0}

    def make(*roles: str, username: str | None = None, language: str = "en", **fields) -> User:
        counter["n"] += 1
        name = username or f"user{counter['n']}_{'_'.join(r.lower() for r in roles) or 'none'}"
        user = User.objects.create_user(
            username=name,
            password="pw-Secret-123",
            language=language,
            email=f"{name}@example.com",
            **fields,
        )
        user.groups.set(Group.objects.filter(name__in=roles))
        return user

    return make


def login_verified(client, user) -> None:
    """Sign in with a session that already passed two-factor (TRAPS.md: auth and audit)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device, _created = TOTPDevice.objects.get_or_create(
        user=user, name="test", defaults={"confirmed": True}
    )
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


@pytest.fixture
def login():
    return login_verified


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": ["--no-sandbox"]}

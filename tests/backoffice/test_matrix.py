"""Every URL pattern answers every role as intended: the role x URL matrix.

Each department adds its rows to ``MATRIX``; ``test_the_matrix_covers_every_url_pattern`` fails when a
pattern has no row, so no page ships without a decision about who may open it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from backoffice import roles
from backoffice.models import Job, Notification
from tests.conftest import login_verified

ANON = "anonymous"
ALL_ROLES = [ANON, *roles.ROLES]
SIGNED_IN = list(roles.ROLES)


@dataclass(frozen=True)
class Row:
    name: str
    expect: dict[str, int]
    args: Callable[[dict], list] = field(default=lambda ctx: [])


def everyone(status: int, anonymous: int = 302) -> dict[str, int]:
    return {ANON: anonymous, **dict.fromkeys(SIGNED_IN, status)}


def only(allowed: list[str], status: int = 200, others: int = 403) -> dict[str, int]:
    return {ANON: 302, **{role: status if role in allowed else others for role in SIGNED_IN}}


ADMIN_ONLY = [roles.ADMINISTRATOR]

MATRIX: list[Row] = [
    Row("home", everyone(200)),
    Row("search", everyone(200)),
    Row("set-language", everyone(405, anonymous=405)),
    Row("healthz", everyone(200, anonymous=200)),
    Row("robots", everyone(200, anonymous=200)),
    Row("login", everyone(302, anonymous=200)),
    Row("logout", everyone(405)),
    Row("account", everyone(200)),
    Row("password_change", everyone(200)),
    Row("password_reset", everyone(200, anonymous=200)),
    Row("password_reset_done", everyone(200, anonymous=200)),
    Row("password_reset_confirm", everyone(200, anonymous=200), lambda ctx: ["MQ", "set-password"]),
    Row("password_reset_complete", everyone(200, anonymous=200)),
    Row("otp-setup", everyone(200)),
    Row("otp-verify", everyone(200)),
    Row("otp-backup-codes", everyone(200)),
    Row("otp-disable", everyone(405)),
    Row("backoffice:job-list", everyone(200)),
    Row("backoffice:job-detail", only(ADMIN_ONLY, others=404), lambda ctx: [ctx["job"].uuid]),
    Row("backoffice:job-cancel", everyone(405), lambda ctx: [ctx["job"].uuid]),
    Row("backoffice:job-download", only(ADMIN_ONLY, others=404), lambda ctx: [ctx["job"].uuid]),
    Row("backoffice:notification-list", everyone(200)),
    Row("backoffice:notification-bell", everyone(200)),
    Row("backoffice:notification-read-all", everyone(405)),
    Row("backoffice:notification-open", everyone(405), lambda ctx: [ctx["notification"].pk]),
    Row("backoffice:audit-list", only(ADMIN_ONLY)),
    Row("backoffice:audit-export", everyone(405)),
    Row("backoffice:organisation-edit", only(ADMIN_ONLY)),
    Row("backoffice:organisation-logo", everyone(404)),
    Row("admin:index", only(ADMIN_ONLY)),
    Row("admin:backoffice_user_changelist", only(ADMIN_ONLY)),
    Row("admin:backoffice_auditevent_changelist", only(ADMIN_ONLY)),
    Row("admin:auth_group_changelist", only(ADMIN_ONLY)),
    Row("admin:axes_accessattempt_changelist", only(ADMIN_ONLY)),
    Row("admin:django_celery_beat_periodictask_changelist", only(ADMIN_ONLY)),
]
# Django's admin generates many patterns per model; the rows above stand for them.
COVERED_ELSEWHERE_PREFIXES = ("admin:",)


def _names(resolver: URLResolver, prefix: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            namespace = f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix
            names |= _names(pattern, namespace)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(prefix + pattern.name)
    return names


def test_the_matrix_covers_every_url_pattern():
    covered = {row.name for row in MATRIX}
    missing = {
        name
        for name in _names(get_resolver())
        if name not in covered and not name.startswith(COVERED_ELSEWHERE_PREFIXES)
    }
    assert not missing, f"URL patterns without a row in the role x URL matrix: {sorted(missing)}"


@pytest.fixture
def world(make_user):
    people = {role: make_user(role, username=f"matrix-{role.lower()}") for role in roles.ROLES}
    admin = people[roles.ADMINISTRATOR]
    job = Job.objects.create(
        kind="test.slow",
        requested_by=admin,
        idempotency_key=str(uuid.uuid4()),
        status=Job.Status.SUCCEEDED,
    )
    job.result_file.save("result.txt", ContentFile(b"result"))
    notification = Notification.objects.create(recipient=admin, title="Hello")
    return {"people": people, "job": job, "notification": notification}


@pytest.mark.parametrize("role", ALL_ROLES)
def test_role_x_url(role, world, client):
    if role != ANON:
        login_verified(client, world["people"][role])
    failures = []
    for row in MATRIX:
        url = reverse(row.name, args=row.args(world))
        status = client.get(url).status_code
        if status != row.expect[role]:
            failures.append(f"{row.name} ({url}): expected {row.expect[role]}, got {status}")
    assert not failures, "\n".join(failures)

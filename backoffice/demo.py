"""Demo data and benchmark volume of the platform. Departments register their own steps."""

from __future__ import annotations

import random
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.utils import timezone
from django.utils.translation import gettext_noop

from backoffice import roles
from backoffice.models import AuditEvent, Job, Notification, User
from backoffice.selectors import organisation_get

DEMO_PASSWORD = "demo"  # noqa: S105 (demo data only; seed_demo refuses to run with debug off)
DEMO_ACCOUNTS = [
    ("admin", "Ana", "Petrova", roles.ADMINISTRATOR, "en"),
    ("hr", "Hristina", "Ivanova", roles.HR, "bg"),
    ("finance", "Filip", "Georgiev", roles.FINANCE, "en"),
    ("it", "Ivan", "Todorov", roles.IT, "en"),
    ("ops", "Olga", "Dimitrova", roles.OPERATIONS, "en"),
    ("compliance", "Kalin", "Stoyanov", roles.COMPLIANCE, "en"),
    ("planner", "Petya", "Nikolova", roles.PLANNER, "en"),
    ("manager", "Martin", "Kolev", roles.MANAGER, "en"),
    ("staff", "Stefan", "Angelov", roles.STAFF, "en"),
]


def seed_platform(*, stdout=None, **options) -> None:
    """The organisation and one account per role (password ``demo``). Safe to run again."""
    roles.roles_sync()
    organisation = organisation_get()
    if not organisation.legal_name:
        organisation.legal_name = "Balkan Retail Ltd."
        organisation.address = "12 Vitosha Blvd\n1000 Sofia\nBulgaria"
        organisation.registration_number = "204567891"
        organisation.vat_number = "BG204567891"
        organisation.save()
    password = make_password(DEMO_PASSWORD)
    for username, first, last, role, language in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.com",
                "password": password,
                "language": language,
            },
        )
        wanted = {role} | ({roles.STAFF} if role != roles.STAFF else set())
        user.groups.add(*Group.objects.filter(name__in=wanted))
        if created and stdout:
            stdout.write(f"  account {username} ({role})")
    staff = User.objects.get(username="staff")
    if not Notification.objects.filter(recipient=staff).exists():
        from backoffice.services import notification_send

        notification_send(
            recipient=staff,
            kind="welcome",
            title=gettext_noop("Welcome to the back office"),
            body=gettext_noop(
                "Your shifts, leave and timesheets are here; the clock is on the home page."
            ),
            params={},
            url="/",
        )


def bench_fill(*, scale: int, stdout=None, **options) -> None:
    """Volume for `make bench`: many users, jobs, notifications and audit events."""
    rng = random.Random(7)
    password = make_password(DEMO_PASSWORD)
    existing = User.objects.filter(username__startswith="bench").count()
    users = [
        User(
            username=f"bench{i:05d}",
            first_name=f"Bench{i}",
            last_name="User",
            email=f"bench{i}@example.com",
            password=password,
        )
        for i in range(existing, scale)
    ]
    User.objects.bulk_create(users, batch_size=2000)
    admin = User.objects.get(username="admin")
    staff = User.objects.get(username="staff")
    now = timezone.now()
    people = list(User.objects.values_list("pk", flat=True)[:2000])
    if Job.objects.count() < scale:
        Job.objects.bulk_create(
            [
                Job(
                    kind="backoffice.audit_export",
                    status=rng.choice(
                        [Job.Status.SUCCEEDED, Job.Status.FAILED, Job.Status.CANCELLED]
                    ),
                    requested_by_id=rng.choice([admin.pk, *people[:50]]),
                    idempotency_key=f"bench-{i}",
                    created_at=now - timedelta(minutes=i),
                    finished_at=now - timedelta(minutes=i),
                    progress_total=100,
                    progress_done=100,
                )
                for i in range(scale)
            ],
            batch_size=2000,
        )
    if Notification.objects.filter(recipient=staff).count() < scale // 10:
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient=staff,
                    title=f"Notice {i}",
                    body="Benchmark notice",
                    created_at=now - timedelta(minutes=i),
                )
                for i in range(scale // 10)
            ],
            batch_size=2000,
        )
    if AuditEvent.objects.count() < scale * 5:
        kinds = [
            "auth.login",
            "auth.logout",
            "auth.login_failed",
            "role.granted",
            "organisation.updated",
        ]
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    kind=rng.choice(kinds),
                    summary=f"Benchmark event {i}",
                    actor_id=rng.choice(people),
                    actor_name="bench",
                    created_at=now - timedelta(minutes=i),
                    ip_address="127.0.0.1",
                )
                for i in range(scale * 5)
            ],
            batch_size=5000,
        )


def bench_audit_export() -> None:
    """The benchmark's job: a month of the audit trail exported as the administrator asks for it."""
    from backoffice.services import job_run, job_start

    admin = User.objects.get(username="admin")
    today = timezone.localdate()
    job = job_start(
        kind="backoffice.audit_export",
        params={
            "date_from": (today - timedelta(days=30)).isoformat(),
            "date_to": today.isoformat(),
        },
        requested_by=admin,
        idempotency_key=f"bench:{timezone.now().timestamp()}",
    )
    job_run(job_id=job.pk)
    if Job.objects.get(pk=job.pk).status != Job.Status.SUCCEEDED:
        raise RuntimeError("the audit export did not succeed")


def names_in_both_languages(*, stdout=None, **options) -> None:
    """Demo data is typed in Bulgarian: give each translated name its English too (last step)."""
    from backoffice.company_data import registered_names_complete

    changed = registered_names_complete()
    if changed and stdout:
        stdout.write(f"  {changed} names completed in both languages")

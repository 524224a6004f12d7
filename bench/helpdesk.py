"""`make bench` (helpdesk): 100,000 tickets; the agent's list with filters and SLA columns, the
staff portal and the IT dashboard (median of 20 requests and the query count of one), and the
escalation pass over 10,000 open tickets. Targets: pages under 150 ms, the pass under 10 s.

Environment: BENCH_DATABASE_URL (default: the database bench/run.py filled, var/bench.sqlite3),
BENCH_REQUESTS. The tickets are added only when fewer than 100,000 are there.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ["DJANGO_SETTINGS_MODULE"] = "backoffice.settings"
os.environ["DATABASE_URL"] = os.environ.get(
    "BENCH_DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"
)
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
os.environ["OTP_REQUIRED_ROLES"] = ""
os.environ.setdefault("BACKOFFICE_VAR_DIR", str(ROOT / "var" / "bench"))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from backoffice import roles  # noqa: E402
from backoffice.models import User  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
TICKETS = 100_000
OPEN_FOR_ESCALATION = 10_000
PAGES = [
    ("agent list, open", "/it/tickets/?state=open", "it"),
    ("agent list, filters + SLA", "/it/tickets/?state=all&queue=mine&priority=3&sort=due", "it"),
    ("agent list, breached", "/it/tickets/?sla=breached", "it"),
    ("staff portal", "/it/my/?state=all", "staff"),
    ("IT dashboard", "/it/", "it"),
]


def fill() -> None:
    from it_support.demo import bench_tickets
    from it_support.models import Ticket

    started = time.perf_counter()
    if os.environ.get("BENCH_SKIP_MIGRATE") != "1":
        call_command("migrate", verbosity=0, interactive=False)
    roles.roles_sync()
    for username, role in (("it", roles.IT), ("staff", roles.STAFF)):
        user, _created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@bench.example"}
        )
        user.groups.add(Group.objects.get(name=role))
    missing = 2000 - User.objects.count()
    if missing > 0:
        User.objects.bulk_create(
            User(username=f"bench-staff-{n}", email=f"s{n}@bench.example") for n in range(missing)
        )
    with transaction.atomic():
        bench_tickets(scale=TICKETS)
    print(
        f"{Ticket.objects.count():,} tickets ({Ticket.objects.unfinished().count():,} open) "
        f"ready in {time.perf_counter() - started:.1f} s ({connection.vendor})\n"
    )


def measure() -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    clients: dict[str, Client] = {}
    print(f"{'page':<28} {'path':<52} {'median ms':>10} {'queries':>8} {'status':>7}")
    print("-" * 109)
    for name, path, username in PAGES:
        client = clients.get(username)
        if client is None:
            client = clients[username] = Client()
            client.force_login(User.objects.get(username=username))
        client.get(path)
        timings = []
        for _n in range(REQUESTS):
            start = time.perf_counter()
            response = client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        print(
            f"{name:<28} {path:<52} {statistics.median(timings):>10.1f} "
            f"{len(queries):>8} {response.status_code:>7}"
        )


def escalation() -> None:
    from django.utils import timezone

    from backoffice.models import Notification
    from it_support.models import Ticket
    from it_support.services import sla_escalate

    open_ids = list(
        Ticket.objects.unfinished()
        .filter(sla_paused=False)
        .order_by("pk")
        .values_list("pk", flat=True)[:OPEN_FOR_ESCALATION]
    )
    Ticket.objects.filter(pk__in=open_ids).update(sla_warned_at=None, sla_breach_notified_at=None)
    Ticket.objects.unfinished().exclude(pk__in=open_ids).update(
        sla_warned_at=timezone.now(), sla_breach_notified_at=timezone.now()
    )
    before = Notification.objects.count()
    start = time.perf_counter()
    first = sla_escalate()
    first_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    second = sla_escalate()
    second_ms = (time.perf_counter() - start) * 1000
    sent = Notification.objects.count() - before
    print(
        f"\nescalation over {len(open_ids):,} open tickets: {first_ms:,.0f} ms "
        f"({first['warned']:,} warned, {first['breached']:,} breached, {sent:,} notifications); "
        f"second pass {second_ms:,.0f} ms ({second['warned']} warned, {second['breached']} breached)"
    )


if __name__ == "__main__":
    fill()
    measure()
    escalation()

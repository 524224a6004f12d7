"""`make bench`: fill a separate database with a large company and time every registered page and job.

Pages are measured through Django's test client: the median server time of 20 requests after one
warm-up, and the number of queries one request makes. Jobs run once in process. Each department
registers its volume, pages and jobs (backoffice.registry), so this file never changes per feature.

Environment: BENCH_DATABASE_URL (default SQLite in var/bench.sqlite3), BENCH_SCALE (default 10000),
BENCH_REQUESTS (default 20).
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
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from backoffice.models import User  # noqa: E402
from backoffice.registry import registry  # noqa: E402

Path(settings.STATIC_ROOT).mkdir(parents=True, exist_ok=True)
SCALE = int(os.environ.get("BENCH_SCALE", "10000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))


def fill() -> None:
    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    for _order, step in sorted(registry.seed_steps, key=lambda s: s[0]):
        with transaction.atomic():
            step(stdout=None)
    for _order, step in sorted(registry.bench_fill_steps, key=lambda s: s[0]):
        with transaction.atomic():
            step(scale=SCALE, stdout=None)
    print(
        f"Database filled at scale {SCALE} in {time.perf_counter() - started:.1f} s ({connection.vendor})\n"
    )


def measure_pages() -> list[tuple[str, str, float, int, int]]:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    rows = []
    clients: dict[str, Client] = {}
    for page in registry.bench_pages:
        client = clients.get(page.username)
        if client is None:
            client = clients[page.username] = Client()
            client.force_login(User.objects.get(username=page.username))
        path = page.path()
        data = page.data() if page.data else None

        def request(path=path, data=data, client=client):
            return client.post(path, data) if data is not None else client.get(path)

        request()  # warm-up: caches, session
        timings = []
        for _i in range(REQUESTS):
            start = time.perf_counter()
            response = request()
            timings.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = request()
        rows.append(
            (page.name, path, statistics.median(timings), len(queries), response.status_code)
        )
    return rows


def measure_jobs() -> list[tuple[str, float]]:
    rows = []
    for job in registry.bench_jobs:
        start = time.perf_counter()
        job.run()
        rows.append((job.name, (time.perf_counter() - start) * 1000))
    return rows


def main() -> None:
    fill()
    pages = measure_pages()
    print(f"{'page':<28} {'path':<34} {'median ms':>10} {'queries':>8} {'status':>7}")
    print("-" * 91)
    for name, path, median, queries, status in pages:
        print(f"{name:<28} {path[:34]:<34} {median:>10.1f} {queries:>8} {status:>7}")
    jobs = measure_jobs()
    if jobs:
        print(f"\n{'job':<63} {'ms':>10}")
        print("-" * 74)
        for name, elapsed in jobs:
            print(f"{name:<63} {elapsed:>10.1f}")
    bad = [p for p in pages if p[4] != 200]
    if bad:
        print(f"\n{len(bad)} pages did not answer 200: {', '.join(p[0] for p in bad)}")
        sys.exit(1)


if __name__ == "__main__":
    main()

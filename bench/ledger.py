"""`make bench` (ledger part): a million ledger lines on PostgreSQL, the statements' times and
query counts, and 10,000 entries posted through the service from 4 processes at once.

Environment: BENCH_LEDGER_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bo_ledger_bench;
created when missing), BENCH_LEDGER_LINES (default 1000000), BENCH_LEDGER_POSTS (default 10000),
BENCH_LEDGER_PROCESSES (default 4), BENCH_REQUESTS (default 10). Without PostgreSQL it says so and
stops: the figures are about PostgreSQL.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get(
    "BENCH_LEDGER_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bo_ledger_bench"
)
LINES = int(os.environ.get("BENCH_LEDGER_LINES", "1000000"))
POSTS = int(os.environ.get("BENCH_LEDGER_POSTS", "10000"))
PROCESSES = int(os.environ.get("BENCH_LEDGER_PROCESSES", "4"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "10"))
LINES_PER_ENTRY = 4
BATCH_ENTRIES = 25_000

os.environ["DJANGO_SETTINGS_MODULE"] = "backoffice.settings"
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
os.environ["OTP_REQUIRED_ROLES"] = ""
os.environ.setdefault("BACKOFFICE_VAR_DIR", str(ROOT / "var" / "bench"))


def _ensure_database() -> bool:
    from bench.database import database_ensure

    return database_ensure(
        DATABASE_URL,
        skip_message="bench/ledger.py: needs PostgreSQL (BENCH_LEDGER_DATABASE_URL=postgres://...); skipped.",
    )


def _setup() -> None:
    import django

    django.setup()


def fill() -> None:
    """The chart, three fiscal years, ten departments, fifty partners, and 4-line entries written
    with COPY in batches (the balance trigger checks every batch at its commit); the balance
    table is then built from the lines in one statement."""
    from django.core.management import call_command
    from django.db import connection, transaction

    from backoffice.roles import roles_sync
    from finance.models import Account, FiscalYear, JournalLine, Partner, Period
    from finance.services import chart_load_preset, fiscal_year_open
    from hr.models import Department

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    roles_sync()
    if not Account.objects.exists():
        chart_load_preset(preset="bg", actor=None)
    year = date.today().year  # noqa: DTZ011 (a benchmark's calendar, not a business date)
    for y in (year - 2, year - 1, year):
        if not FiscalYear.objects.filter(year=y).exists():
            fiscal_year_open(year=y, actor=None)
    departments = [
        Department.objects.get_or_create(code=f"BL{n:02d}", defaults={"name": f"Bench {n:02d}"})[0]
        for n in range(1, 11)
    ]
    partners = list(Partner.objects.all()[:50]) or [
        Partner.objects.create(name=f"Bench partner {n}") for n in range(50)
    ]
    have = JournalLine.objects.count()
    wanted_entries = max(0, (LINES - have) // LINES_PER_ENTRY)
    if not wanted_entries:
        print(f"Ledger already holds {have:,} lines.")
        return
    acc = {a.number: a.pk for a in Account.objects.all()}
    periods = {(p.start.year, p.start.month): p.pk for p in Period.objects.all()}
    rng = random.Random(2026)
    first_day = date(year - 2, 1, 1)
    span = (date(year, 12, 31) - first_day).days
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM finance_journalentry")
        next_id = cursor.fetchone()[0] + 1
    done = 0
    while done < wanted_entries:
        batch = min(BATCH_ENTRIES, wanted_entries - done)
        entries, lines = io.StringIO(), io.StringIO()
        for n in range(batch):
            entry_id = next_id + n
            day = first_day + timedelta(days=rng.randrange(span + 1))
            dept = rng.choice(departments).pk
            partner = rng.choice(partners).pk
            a, b = rng.randint(1000, 500000), rng.randint(1000, 500000)
            vat = (a + b) // 5
            if n % 2:
                rows = [
                    (acc["411"], a + b + vat, 0, "", partner),
                    (acc["702"], 0, a, dept, ""),
                    (acc["703"], 0, b, dept, ""),
                    (acc["4532"], 0, vat, "", ""),
                ]
            else:
                rows = [
                    (acc["601"], a, 0, dept, ""),
                    (acc["602"], b, 0, dept, ""),
                    (acc["4531"], vat, 0, "", ""),
                    (acc["401"], 0, a + b + vat, "", partner),
                ]
            total = sum(r[1] for r in rows)
            entries.write(
                f"{entry_id}\t{day}\t{periods[day.year, day.month]}\tsystem\tBench\t"
                f"bench.document\t{entry_id}\t\t\t{Decimal(total) / 100}\t2026-01-01 00:00:00+00\n"
            )
            for account_id, debit, credit, department, partner_id in rows:
                lines.write(
                    f"{entry_id}\t{day}\t{account_id}\t{Decimal(debit) / 100}\t"
                    f"{Decimal(credit) / 100}\t{department if department else chr(92) + 'N'}\t"
                    f"{partner_id if partner_id else chr(92) + 'N'}\t\n"
                )
        with transaction.atomic(), connection.cursor() as cursor:
            entries.seek(0)
            lines.seek(0)
            cursor.copy_expert(
                "COPY finance_journalentry (id, date, period_id, kind, memo, source_type,"
                " source_id, source_label, source_url, total, posted_at) FROM STDIN",
                entries,
            )
            cursor.copy_expert(
                "COPY finance_journalline (entry_id, date, account_id, debit, credit,"
                " department_id, partner_id, text) FROM STDIN",
                lines,
            )
        next_id += batch
        done += batch
        print(f"  {done * LINES_PER_ENTRY + have:,} lines", end="\r", flush=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('finance_journalentry', 'id'),"
            " (SELECT max(id) FROM finance_journalentry))"
        )
        cursor.execute("TRUNCATE finance_accountbalance")
        cursor.execute(
            "INSERT INTO finance_accountbalance (account_id, period_id, department_id, closing,"
            " debit, credit) SELECT l.account_id, e.period_id, l.department_id,"
            " e.kind = 'closing', sum(l.debit), sum(l.credit) FROM finance_journalline l"
            " JOIN finance_journalentry e ON e.id = l.entry_id"
            " GROUP BY l.account_id, e.period_id, l.department_id, e.kind = 'closing'"
        )
        # What autovacuum does on a live database: visibility map and statistics.
        cursor.execute(
            "VACUUM ANALYZE finance_journalline, finance_journalentry, finance_accountbalance"
        )
    print(
        f"Filled {JournalLine.objects.count():,} lines in {time.perf_counter() - started:.1f} s"
        f" ({connection.vendor})"
    )


def measure_pages() -> None:
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from backoffice.models import User
    from finance.models import Account
    from hr.models import Department

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user, _created = User.objects.get_or_create(username="bench-finance")
    user.groups.add(Group.objects.get(name="Finance"))
    client = Client()
    client.force_login(user)
    year = date.today().year  # noqa: DTZ011
    span = f"start={year}-01-01&end={year}-12-31"
    department = Department.objects.get(code="BL01").pk
    ledger_account = Account.objects.get(number="411").pk
    pages = [
        ("trial balance (year)", f"/finance/reports/trial-balance/?{span}"),
        ("balance sheet (year end)", f"/finance/reports/balance-sheet/?end={year}-12-31"),
        (
            "profit and loss by department",
            f"/finance/reports/profit-and-loss/?{span}&department={department}",
        ),
        (
            "profit and loss, last year compared",
            f"/finance/reports/profit-and-loss/?{span}&compare=last_year",
        ),
        ("ledger of 411, page 2", f"/finance/reports/ledger/{ledger_account}/?{span}&page=2"),
        ("ledger of 411, page 500", f"/finance/reports/ledger/{ledger_account}/?{span}&page=500"),
        ("finance dashboard", "/finance/"),
    ]
    print(f"\n{'page':<40} {'median ms':>10} {'max ms':>8} {'queries':>8}")
    for name, path in pages:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        times = []
        for _ in range(REQUESTS):
            started = time.perf_counter()
            client.get(path)
            times.append((time.perf_counter() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        print(f"{name:<40} {statistics.median(times):>10.1f} {max(times):>8.1f} {len(queries):>8}")


def _poster(worker: int, count: int, run: str, queue) -> None:
    _setup()
    from finance.interface import LineIn
    from finance.models import Account
    from finance.services import journal_entry_post
    from hr.models import Department

    acc = {a.number: a.pk for a in Account.objects.filter(number__in=["503", "702", "602", "4532"])}
    departments = list(
        Department.objects.filter(code__startswith="BL").values_list("pk", flat=True)
    )
    rng = random.Random(worker)
    year = date.today().year  # noqa: DTZ011
    started = time.perf_counter()
    for i in range(count):
        net = Decimal(rng.randint(100, 100000)) / 100
        vat = (net / 5).quantize(Decimal("0.01"))
        day = date(year, rng.randint(1, 12), rng.randint(1, 28))
        if i % 2:
            lines = [
                LineIn(acc["503"], debit=net + vat),
                LineIn(acc["702"], credit=net, department=rng.choice(departments)),
                LineIn(acc["4532"], credit=vat),
            ]
        else:
            lines = [
                LineIn(acc["602"], debit=net, department=rng.choice(departments)),
                LineIn(acc["503"], credit=net),
            ]
        journal_entry_post(
            date=day, lines=lines, memo="bench", key=f"bench:{run}:{worker}:{i}", actor=None
        )
    queue.put(time.perf_counter() - started)


def measure_posting() -> None:
    from django.db import connection, connections

    from finance.models import JournalEntry
    from finance.services import balances_reconcile

    run = f"{time.time():.0f}"
    per_worker = POSTS // PROCESSES
    connections.close_all()
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [
        context.Process(target=_poster, args=(w, per_worker, run, queue)) for w in range(PROCESSES)
    ]
    started = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.perf_counter() - started
    posted = JournalEntry.objects.filter(idempotency_key__startswith=f"bench:{run}:").count()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM (SELECT l.entry_id FROM finance_journalline l"
            " JOIN finance_journalentry e ON e.id = l.entry_id WHERE e.idempotency_key LIKE %s"
            " GROUP BY l.entry_id HAVING sum(l.debit) <> sum(l.credit)) unbalanced",
            [f"bench:{run}:%"],
        )
        unbalanced = cursor.fetchone()[0]
    reconcile_started = time.perf_counter()
    differences = balances_reconcile()
    reconcile = time.perf_counter() - reconcile_started
    print(
        f"\nPosted {posted:,} entries through journal_entry_post from {PROCESSES} processes in"
        f" {elapsed:.1f} s ({posted / elapsed:.0f} entries/s); unbalanced: {unbalanced};"
        f" failed workers: {sum(1 for w in workers if w.exitcode)}"
    )
    print(
        f"Balance table against the lines: {len(differences)} differences"
        f" (reconciled in {reconcile:.1f} s)"
    )


def main() -> None:
    if not _ensure_database():
        return
    _setup()
    fill()
    measure_pages()
    if POSTS:
        measure_posting()


if __name__ == "__main__":
    main()

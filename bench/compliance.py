"""`make bench` (compliance): the nightly checks over a 10,000-employee company, and the findings
list and compliance dashboard (median of 20 requests and the query count of one). Targets: the
checks under 120 s, the pages under 150 ms.

The company: 10,000 people in 40 departments (HR's bench step), a location per department with a
published roster per month (BENCH_ROSTER_WEEKS weeks of shifts up to four weeks ahead, 5 shifts a
week each, default 52: a year of rosters, of which the nightly check reads only those still
running or ended in the last five weeks), a year of approved monthly timesheets per person, three
published policies half acknowledged, 200 contracts. On PostgreSQL the shifts are written with
COPY.

Environment: BENCH_COMPLIANCE_DATABASE_URL (default: PostgreSQL database bo_compliance_bench on
127.0.0.1, created when missing), BENCH_REQUESTS, BENCH_ROSTER_WEEKS.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

os.environ["DJANGO_SETTINGS_MODULE"] = "backoffice.settings"
DATABASE_URL = os.environ.get(
    "BENCH_COMPLIANCE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bo_compliance_bench"
)
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "1"
os.environ["OTP_REQUIRED_ROLES"] = ""
os.environ.setdefault("BACKOFFICE_VAR_DIR", str(ROOT / "var" / "bench"))


def _ensure_database() -> None:
    """Create the PostgreSQL database when missing (SQLite creates its file itself)."""
    from bench.database import database_ensure

    database_ensure(DATABASE_URL)


_ensure_database()

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.models import Group  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from backoffice import roles  # noqa: E402
from backoffice.models import User  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
EMPLOYEES = 10_000
WEEKS = int(os.environ.get("BENCH_ROSTER_WEEKS", "52"))
WEEKS_AHEAD = 4
PAGES = [
    ("findings list", "/compliance/findings/", "compliance"),
    ("findings, high, by due", "/compliance/findings/?severity=high&sort=due", "compliance"),
    ("compliance dashboard", "/compliance/", "compliance"),
]


def _user(username: str, role: str) -> User:
    user, _created = User.objects.get_or_create(
        username=username, defaults={"email": f"{username}@bench.example"}
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def _copy_shifts(rows: list[tuple]) -> None:
    """Write shifts with PostgreSQL's COPY (a year of rosters is millions of rows)."""
    import io

    from scheduling.models import Shift

    columns = [
        "period_id",
        "location_id",
        "employee_id",
        "template_id",
        "day",
        "week",
        "start",
        "end",
        "break_minutes",
        "paid_minutes",
        "note",
        "released",
        "flag",
        "draft",
        "updated_at",
    ]
    now = timezone.now().isoformat()
    buffer = io.StringIO()
    buffer.writelines(f"{row}\t\t\t\t\t{now}\n" for row in rows)
    buffer.seek(0)
    names = ", ".join(f'"{c}"' for c in columns)
    with connection.cursor() as cursor:
        # The rows are made consistent here: skip the per-row foreign-key triggers for speed.
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.cursor.copy_expert(
            f"COPY {Shift._meta.db_table} ({names}) FROM STDIN", buffer, size=1 << 20
        )
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def _rosters(people_by_department: dict, today: date) -> int:
    """A published roster per location and month over BENCH_ROSTER_WEEKS weeks ending four weeks
    ahead: 5 shifts a week per person (E or L by person, two days off rotating). One person in
    sixteen swaps E and L day by day, so a late shift is followed by an early one with 8 hours
    of rest: tens of thousands of findings for the nightly check to file and the pages to show."""
    from datetime import time as clock

    from scheduling.domain.times import monday, shift_bounds
    from scheduling.models import Location, SchedulePeriod, Shift, ShiftTemplate

    if Location.objects.filter(code__startswith="CB").exists():
        return Shift.objects.filter(location__code__startswith="CB").count()
    first = monday(today) - timedelta(weeks=WEEKS - WEEKS_AHEAD)
    last = first + timedelta(weeks=WEEKS) - timedelta(days=1)
    copy = connection.vendor == "postgresql"
    made = 0
    rows: list = []
    for index, (_department, people) in enumerate(sorted(people_by_department.items())):
        location = Location.objects.create(name=f"Bench {index}", code=f"CB{index:02d}")
        location.members.add(*people)
        templates = [
            ShiftTemplate.objects.create(
                location=location, code=code, name=code, start=begin, end=end, break_minutes=30
            )
            for code, begin, end in (("E", clock(6), clock(14)), ("L", clock(14), clock(22)))
        ]
        month_start = first.replace(day=1)
        while month_start <= last:
            month_end = (month_start.replace(day=28) + timedelta(days=4)).replace(
                day=1
            ) - timedelta(days=1)
            period = SchedulePeriod.objects.create(
                location=location,
                start=month_start,
                end=month_end,
                status=SchedulePeriod.Status.PUBLISHED,
                published_at=timezone.now(),
            )
            batch = []
            day = max(month_start, first)
            while day <= min(month_end, last):
                week = monday(day)
                bounds = [
                    shift_bounds(day, t.start, t.end, crosses_midnight=False, zone=location.zone)
                    for t in templates
                ]
                if copy:
                    prefix = f"{period.pk}\t{location.pk}\t"
                    texts = [
                        f"\t{t.pk}\t{day}\t{week}\t{b[0].isoformat()}\t{b[1].isoformat()}\t30\t450"
                        for t, b in zip(templates, bounds, strict=True)
                    ]
                for n, person in enumerate(people):
                    if (day.weekday() + n) % 7 >= 5:
                        continue  # two days off a week
                    which = day.toordinal() % 2 if n % 16 == 7 else n % 2
                    if copy:
                        batch.append(f"{prefix}{person.pk}{texts[which]}")
                        continue
                    start, end = bounds[which]
                    batch.append(
                        Shift(
                            period=period,
                            location=location,
                            employee=person,
                            template=templates[which],
                            day=day,
                            week=week,
                            start=start,
                            end=end,
                            break_minutes=30,
                            paid_minutes=450,
                        )
                    )
                day += timedelta(days=1)
            if copy:
                rows.extend(batch)
                if len(rows) >= 200_000:
                    _copy_shifts(rows)
                    rows = []
            else:
                Shift.objects.bulk_create(batch, batch_size=10_000)
            made += len(batch)
            month_start = month_end + timedelta(days=1)
    if rows:
        _copy_shifts(rows)
    return made


def fill() -> None:
    from compliance.models import Acknowledgement, Contract, Policy, PolicyVersion
    from finance.models import Partner
    from hr.demo import bench_company
    from hr.models import Employee
    from scheduling.models import Timesheet

    started = time.perf_counter()
    if os.environ.get("BENCH_SKIP_MIGRATE") != "1":
        call_command("migrate", verbosity=0, interactive=False)
    roles.roles_sync()
    officer = _user("compliance", roles.COMPLIANCE)
    with transaction.atomic():
        bench_company(scale=EMPLOYEES)
    print(f"  company: {time.perf_counter() - started:.1f} s")
    people = list(Employee.objects.filter(employee_number__startswith="B").order_by("pk"))
    by_department: dict[int, list] = {}
    for person in people:
        by_department.setdefault(person.department_id, []).append(person)
    today = timezone.localdate()
    step = time.perf_counter()
    with transaction.atomic():
        shifts = _rosters(by_department, today)
    print(f"  rosters: {time.perf_counter() - step:.1f} s")
    step = time.perf_counter()
    if not Timesheet.objects.filter(employee__employee_number__startswith="B").exists():
        rng = random.Random(11)
        sheets = []
        for person in people:
            for month in range(1, 13):
                start = date(today.year - (1 if month > today.month else 0), month, 1)
                end = (start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
                if end >= today:
                    continue
                sheets.append(
                    Timesheet(
                        employee=person,
                        start=start,
                        end=end,
                        status=Timesheet.Status.APPROVED,
                        totals={"overtime": rng.choice([0, 0, 300, 900, 1200])},
                    )
                )
        Timesheet.objects.bulk_create(sheets, batch_size=10_000, ignore_conflicts=True)
    print(f"  timesheets: {time.perf_counter() - step:.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    if not Policy.objects.filter(code__startswith="BENCH").exists():
        rng = random.Random(5)
        for n in range(3):
            policy = Policy.objects.create(
                title=f"Bench policy {n}", code=f"BENCH{n}", owner=officer
            )
            version = PolicyVersion.objects.create(
                policy=policy,
                number=1,
                body="Text",
                status="published",
                approved_by=officer,
                approved_at=timezone.now(),
                published_at=timezone.now() - timedelta(days=30),
            )
            Acknowledgement.objects.bulk_create(
                (
                    Acknowledgement(version=version, employee=p)
                    for p in people
                    if rng.random() < 0.5
                ),
                batch_size=5000,
            )
    if not Contract.objects.filter(title__startswith="Bench").exists():
        partner = Partner.objects.create(name="Bench supplier")
        Contract.objects.bulk_create(
            Contract(
                title=f"Bench contract {n}",
                counterparty=partner,
                owner=officer,
                start=today - timedelta(days=400 + n),
                end=today - timedelta(days=400 + n) + timedelta(days=364),
                auto_renew=True,
                renewal_months=12,
                notice_value=1,
                notice_unit="months",
                lead_days=30,
            )
            for n in range(200)
        )
    print(
        f"{len(people):,} people, {shifts:,} shifts in published rosters, "
        f"{Timesheet.objects.count():,} timesheets; ready in {time.perf_counter() - started:.1f} s "
        f"({connection.vendor})\n"
    )


class _Counter:
    """Counts queries (CaptureQueriesContext keeps only the last 9,000)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)

    def __len__(self) -> int:
        return self.count


class _RolledBack(Exception):
    pass


def nightly() -> None:
    from compliance.services import checks_run

    times: dict[str, tuple[float, float]] = {}
    last = [time.perf_counter(), time.process_time(), ""]

    def progress(done: int, total: int, label: str) -> None:
        now, cpu = time.perf_counter(), time.process_time()
        if last[2]:
            times[last[2]] = (now - last[0], cpu - last[1])
        last[0], last[1], last[2] = now, cpu, label

    start, cpu = time.perf_counter(), time.process_time()
    queries = _Counter()
    with connection.execute_wrapper(queries):
        run = checks_run(progress=progress)
    total, cpu = time.perf_counter() - start, time.process_time() - cpu
    print(f"  {'check':<50} {'wall s':>8} {'CPU s':>8}")
    for label, (seconds, cpu_seconds) in times.items():
        print(f"  {label:<50} {seconds:>8.1f} {cpu_seconds:>8.1f}")
    print(
        f"nightly checks: {total:.1f} s (CPU {cpu:.1f} s, {len(queries)} queries), "
        f"{run.found:,} findings ({run.opened:,} new)"
    )
    start, cpu = time.perf_counter(), time.process_time()
    queries = _Counter()
    with connection.execute_wrapper(queries):
        again = checks_run()
    print(
        f"second night: {time.perf_counter() - start:.1f} s "
        f"(CPU {time.process_time() - cpu:.1f} s, {len(queries)} queries), {again.opened} new, "
        f"{again.resolved} resolved"
    )
    # The real next night: every finding is seen again on a new day (its last_seen moves), which
    # the same-day second run does not show. Run in a transaction rolled back, so the bench's
    # data stay as they were.
    start, cpu = time.perf_counter(), time.process_time()
    queries = _Counter()
    try:
        with transaction.atomic(), connection.execute_wrapper(queries):
            tomorrow = checks_run(today=timezone.localdate() + timedelta(days=1))
            raise _RolledBack
    except _RolledBack:
        pass
    print(
        f"next night: {time.perf_counter() - start:.1f} s "
        f"(CPU {time.process_time() - cpu:.1f} s, {len(queries)} queries), "
        f"{tomorrow.found:,} found, {tomorrow.opened} new, {tomorrow.resolved} resolved "
        "(rolled back)\n"
    )


def measure() -> None:
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(User.objects.get(username="compliance"))
    print(f"{'page':<28} {'path':<52} {'median ms':>10} {'queries':>8} {'status':>7}")
    print("-" * 109)
    for name, path, _username in PAGES:
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


if __name__ == "__main__":
    print(f"load average: {os.getloadavg()[0]:.2f}")
    fill()
    if os.environ.get("BENCH_SKIP_CHECKS") != "1":
        nightly()
    if connection.vendor == "postgresql":
        # What autovacuum does soon after a night's filing: fresh statistics and visibility map
        # for the findings the pages read.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE compliance_finding")
    measure()
    print(f"load average: {os.getloadavg()[0]:.2f}")

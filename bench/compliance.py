"""`make bench` (compliance): the nightly checks over a 10,000-employee company, and the findings
list and compliance dashboard (median of 20 requests and the query count of one). Targets: the
checks under 120 s, the pages under 150 ms.

The company: 10,000 people in 40 departments (HR's bench step), a location per department with a
published roster per month (BENCH_ROSTER_WEEKS weeks of shifts around today, 5 shifts a week
each, default 9: the nightly check reads the rosters still running or ended in the last five
weeks), a year of approved monthly timesheets per person, three published policies half
acknowledged, 200 contracts.

Environment: BENCH_DATABASE_URL (default: var/bench.sqlite3), BENCH_REQUESTS, BENCH_ROSTER_WEEKS.
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
from django.utils import timezone  # noqa: E402

from backoffice import roles  # noqa: E402
from backoffice.models import User  # noqa: E402

REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
EMPLOYEES = 10_000
WEEKS = int(os.environ.get("BENCH_ROSTER_WEEKS", "9"))
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


def _rosters(people_by_department: dict, today: date) -> int:
    from scheduling.domain.times import monday, shift_bounds
    from scheduling.models import Location, SchedulePeriod, Shift, ShiftTemplate

    if Location.objects.filter(code__startswith="CB").exists():
        return Shift.objects.filter(location__code__startswith="CB").count()
    from datetime import time as clock

    first = monday(today) - timedelta(weeks=5)
    last = first + timedelta(weeks=WEEKS) - timedelta(days=1)
    made = 0
    for index, (_department, people) in enumerate(sorted(people_by_department.items())):
        location = Location.objects.create(name=f"Bench {index}", code=f"CB{index:02d}")
        location.members.add(*people)
        early = ShiftTemplate.objects.create(
            location=location, code="E", name="E", start=clock(6), end=clock(14), break_minutes=30
        )
        late = ShiftTemplate.objects.create(
            location=location, code="L", name="L", start=clock(14), end=clock(22), break_minutes=30
        )
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
                for n, person in enumerate(people):
                    if (day.weekday() + n) % 7 >= 5:
                        continue  # two days off a week
                    template = early if n % 2 == 0 else late
                    start, end = shift_bounds(
                        day,
                        template.start,
                        template.end,
                        crosses_midnight=False,
                        zone=location.zone,
                    )
                    batch.append(
                        Shift(
                            period=period,
                            location=location,
                            employee=person,
                            template=template,
                            day=day,
                            week=monday(day),
                            start=start,
                            end=end,
                            break_minutes=30,
                            paid_minutes=450,
                        )
                    )
                day += timedelta(days=1)
            Shift.objects.bulk_create(batch, batch_size=5000)
            made += len(batch)
            month_start = month_end + timedelta(days=1)
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
    people = list(Employee.objects.filter(employee_number__startswith="B").order_by("pk"))
    by_department: dict[int, list] = {}
    for person in people:
        by_department.setdefault(person.department_id, []).append(person)
    today = timezone.localdate()
    with transaction.atomic():
        shifts = _rosters(by_department, today)
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
        Timesheet.objects.bulk_create(sheets, batch_size=5000, ignore_conflicts=True)
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


def nightly() -> None:
    from compliance.services import checks_run

    times: dict[str, float] = {}
    last = [time.perf_counter(), ""]

    def progress(done: int, total: int, label: str) -> None:
        now = time.perf_counter()
        if last[1]:
            times[last[1]] = now - last[0]
        last[0], last[1] = now, label

    start = time.perf_counter()
    run = checks_run(progress=progress)
    total = time.perf_counter() - start
    for label, seconds in times.items():
        print(f"  {label:<50} {seconds:>8.1f} s")
    print(f"nightly checks: {total:.1f} s, {run.found:,} findings ({run.opened:,} new)")
    start = time.perf_counter()
    again = checks_run()
    print(
        f"second night: {time.perf_counter() - start:.1f} s, {again.opened} new, "
        f"{again.resolved} resolved\n"
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
    fill()
    nightly()
    measure()

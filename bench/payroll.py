"""`make bench` (payroll part): 10,000 employees with a month of approved timesheets on
PostgreSQL; calculate a run (the background job's own code, in chunks) and post it, printing
the times, the query count of each chunk and the run's totals. Target: under 60 s in all.

Environment: BENCH_PAYROLL_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/bo_payroll_bench; created when missing), BENCH_PAYROLL_PEOPLE
(default 10000). Without PostgreSQL it says so and stops: the figures are about PostgreSQL.
Each run of the bench pays the next month that has no run yet (posted runs never change).
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get(
    "BENCH_PAYROLL_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bo_payroll_bench"
)
PEOPLE = int(os.environ.get("BENCH_PAYROLL_PEOPLE", "10000"))
DEPARTMENTS = 20

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
        skip_message="bench/payroll.py: needs PostgreSQL (BENCH_PAYROLL_DATABASE_URL=...); skipped.",
    )


def _month(first: date) -> tuple[date, date]:
    following = (first + timedelta(days=32)).replace(day=1)
    return first, following - timedelta(days=1)


def fill() -> None:
    """The Bulgarian chart and 2026 open, 20 departments, ``PEOPLE`` employees with contracts
    (bulk_create: the bench measures payroll, not HR's forms)."""
    from finance.models import FiscalYear
    from finance.services import chart_load_preset, fiscal_year_open
    from hr.models import Department, Employee, EmploymentContract

    if not FiscalYear.objects.filter(year=2026).exists():
        chart_load_preset(preset="bg", actor=None)
        fiscal_year_open(year=2026, actor=None)
    departments = list(Department.objects.filter(code__startswith="PB"))
    if len(departments) < DEPARTMENTS:
        Department.objects.bulk_create(
            [Department(code=f"PB{n:02d}", name=f"Bench {n:02d}") for n in range(DEPARTMENTS)],
            ignore_conflicts=True,
        )
        departments = list(Department.objects.filter(code__startswith="PB"))
    have = Employee.objects.filter(employee_number__startswith="PB").count()
    if have >= PEOPLE:
        return
    started = time.perf_counter()
    people = [
        Employee(
            employee_number=f"PB{n:06d}",
            first_name=f"Name{n}",
            last_name=f"Bench{n}",
            hire_date=date(2026, 1, 1) if n % 10 else date(2026, 1, 19),
            date_of_birth=date(1958 if n % 17 == 0 else 1980 + n % 20, 1 + n % 12, 1 + n % 28),
            iban="BG80BNBG96611020345678",
            department=departments[n % DEPARTMENTS],
        )
        for n in range(have, PEOPLE)
    ]
    Employee.objects.bulk_create(people, batch_size=2000)
    made = Employee.objects.filter(employee_number__startswith="PB", contracts__isnull=True)
    EmploymentContract.objects.bulk_create(
        [
            EmploymentContract(
                employee_id=pk,
                start=hired,
                amount=Decimal(1000 + (pk * 37) % 3000) + Decimal("0.50"),
                weekly_hours=Decimal(40),
            )
            for pk, hired in made.values_list("pk", "hire_date")
        ],
        batch_size=2000,
    )
    print(f"  filled {PEOPLE - have} employees in {time.perf_counter() - started:.1f} s")


def timesheets(period: tuple[date, date]) -> None:
    """An approved timesheet for everybody for ``period``, with overtime and night work for
    some (scheduling keeps the figures in ``totals``)."""
    from hr.models import Employee
    from scheduling.models import Timesheet
    from scheduling.selectors.attendance import FIGURES

    ids = list(
        Employee.objects.filter(employee_number__startswith="PB")
        .exclude(timesheets__start=period[0])
        .values_list("pk", flat=True)
    )
    sheets = []
    for pk in ids:
        totals = dict.fromkeys(FIGURES, 0)
        totals.update(regime="daily", days_worked=21, worked=21 * 480, regular=21 * 480)
        if pk % 3 == 0:
            totals.update(overtime=240, overtime_workday=120, overtime_rest_day=120)
        if pk % 5 == 0:
            totals.update(night=600)
        sheets.append(
            Timesheet(
                employee_id=pk,
                start=period[0],
                end=period[1],
                status=Timesheet.Status.APPROVED,
                totals=totals,
            )
        )
    Timesheet.objects.bulk_create(sheets, batch_size=2000)


def main() -> None:
    if not _ensure_database():
        return
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    from backoffice.models import User
    from finance.payroll import selectors, services
    from finance.payroll.models import PayrollRun
    from finance.payroll.services import runs as run_services

    print(f"bench/payroll.py: {PEOPLE} employees on {DATABASE_URL.rsplit('/', 1)[-1]}")
    call_command("migrate", verbosity=0)
    fill()
    first = date(2026, 2, 1)
    while (
        PayrollRun.objects.filter(period_start=first, kind="regular", group="all").exists()
        and first.year == 2026
    ):
        first = _month(first)[1] + timedelta(days=1)
    if first.year != 2026:
        print("  every month of 2026 already has a run: drop the bench database to start again")
        return
    period = _month(first)
    timesheets(period)
    clerk, _ = User.objects.get_or_create(username="bench-payroll-clerk")
    second, _ = User.objects.get_or_create(username="bench-payroll-second")

    run = services.run_create(period_start=period[0], period_end=period[1], actor=clerk)
    per_chunk: list[int] = []
    marks = [0]

    with CaptureQueriesContext(connection) as queries:

        def chunk_done(_run, done):
            per_chunk.append(len(queries) - marks[-1])
            marks.append(len(queries))

        run_services.after_chunk.append(chunk_done)
        started = time.perf_counter()
        run = services.run_calculate(run=run, actor=clerk)
        calculated = time.perf_counter() - started
        run_services.after_chunk.remove(chunk_done)
        total_queries = len(queries)
    reset_queries()
    started = time.perf_counter()
    run = services.run_review(run=run, actor=clerk)
    seen = selectors.run_prepayroll_check(run=run).count
    run = services.run_approve(run=run, actor=second, open_items_seen=seen)
    with CaptureQueriesContext(connection) as post_queries:
        run = services.run_post(run=run, actor=second, open_items_seen=seen)
    posted = time.perf_counter() - started
    entry = run.journal_entry
    print(f"  period {period[0]} to {period[1]}: {run.headcount} payslips")
    print(
        f"  calculate: {calculated:.1f} s, {total_queries} queries, "
        f"{len(per_chunk)} chunks of {run_services.CHUNK}, queries per chunk: "
        f"{sorted(set(per_chunk))} (first {per_chunk[:1]})"
    )
    print(
        f"  review + approve + post: {posted:.1f} s ({len(post_queries)} queries to post), "
        f"journal entry {entry.pk} with {entry.lines.count()} lines, total {entry.total}"
    )
    print(
        f"  totals: gross {run.gross}, employee contributions {run.employee_contributions}, "
        f"tax {run.tax}, net {run.net}, employer contributions {run.employer_contributions}"
    )
    verdict = "within" if calculated + posted < 60 else "OVER"
    print(f"  calculate + post: {calculated + posted:.1f} s ({verdict} the 60 s target)")


if __name__ == "__main__":
    main()

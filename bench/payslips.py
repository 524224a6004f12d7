"""`make bench` (payslip part): 1,000 payslip PDFs of one run, rendered by the run's background
job on a real Celery worker with two processes (the job splits the run into parts the
processes render at once, then joins them into one file), from the request to the finished
file. Target: under 60 s. It also prints one process's own rate (ms a payslip) and its queries.

Environment: BENCH_PAYSLIPS_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/bo_payslips_bench; created when missing), BENCH_PAYSLIPS
(default 1000), BENCH_WORKERS (default 2), BENCH_BROKER_URL (default
redis://127.0.0.1:6379/14; the filesystem broker works too, with its one-second polling). The payslips are written straight to the tables with the lines a real one has
(earnings, five employee and seven employer contributions, tax), so the figure is about
rendering, not calculating (the calculation has its own benchmark).
"""

from __future__ import annotations

import io
import os
import sys
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get(
    "BENCH_PAYSLIPS_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bo_payslips_bench"
)
COUNT = int(os.environ.get("BENCH_PAYSLIPS", "1000"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
SAMPLE = 50
BROKER_URL = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")

os.environ["DJANGO_SETTINGS_MODULE"] = "backoffice.settings"
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"  # the job runs on a real worker
os.environ["CELERY_BROKER_URL"] = BROKER_URL
os.environ["OTP_REQUIRED_ROLES"] = ""
os.environ.setdefault("BACKOFFICE_VAR_DIR", str(ROOT / "var" / "bench"))

D = Decimal
EMPLOYEE = [("pension", "6.58"), ("sickness", "1.4"), ("unemployment", "0.4"), ("upf", "2.2")]
EMPLOYEE += [("health", "3.2")]
EMPLOYER = [("pension", "8.22"), ("sickness", "2.1"), ("unemployment", "0.6"), ("upf", "2.8")]
EMPLOYER += [("health", "4.8"), ("work_accident", "0.4"), ("guaranteed", "0.1")]


def _ensure_database() -> bool:
    from bench.database import database_ensure

    return database_ensure(
        DATABASE_URL,
        skip_message="bench/payslips.py: needs PostgreSQL (BENCH_PAYSLIPS_DATABASE_URL); skipped.",
    )


def fill() -> int:
    """A department, COUNT people and one run with a payslip of 14 lines each; kept between
    runs of the benchmark. The run's id."""
    from django.core.management import call_command

    from backoffice.money import round_money
    from finance.payroll.models import LineKind, PayrollRun, Payslip, PayslipLine
    from hr.models import Department, Employee

    call_command("migrate", verbosity=0, interactive=False)
    run, _created = PayrollRun.objects.get_or_create(
        period_start=date(2026, 11, 1), period_end=date(2026, 11, 30), group="all"
    )
    have = Payslip.objects.filter(run=run).count()
    if have >= COUNT:
        return run.pk
    department, _created = Department.objects.get_or_create(
        code="BPS", defaults={"name": "Bench payslips"}
    )
    start = Employee.objects.filter(employee_number__startswith="PS").count()
    people = [
        Employee(
            employee_number=f"PS{n:06d}",
            first_name="Иван",
            last_name=f"Петров {n}",
            department=department,
            hire_date=date(2020, 1, 1),
            search_text=f"иван петров {n}",
        )
        for n in range(start, COUNT)
    ]
    Employee.objects.bulk_create(people, batch_size=1000)
    paid = set(Payslip.objects.filter(run=run).values_list("employee_id", flat=True))
    todo = [
        e
        for e in Employee.objects.filter(employee_number__startswith="PS").order_by("pk")
        if e.pk not in paid
    ][: COUNT - have]
    slips = []
    for n, person in enumerate(todo):
        gross = D(1200 + (n % 40) * 25)
        contributions = sum(round_money(gross * D(r) / 100) for _f, r in EMPLOYEE)
        employer = sum(round_money(gross * D(r) / 100) for _f, r in EMPLOYER)
        tax = round_money((gross - contributions) * D("0.10"))
        slips.append(
            Payslip(
                run=run,
                employee=person,
                department=department,
                iban="BG80BNBG96611020345678",
                days_worked=D(21),
                gross=gross,
                insurable=gross,
                employee_contributions=contributions,
                employer_contributions=employer,
                taxable=gross - contributions,
                tax=tax,
                deductions=D(0),
                net=gross - contributions - tax,
                cost=gross + employer,
            )
        )
    Payslip.objects.bulk_create(slips, batch_size=1000)
    lines = []
    for slip in slips:
        position = 0
        lines.append(
            PayslipLine(
                payslip=slip,
                position=position,
                kind=LineKind.EARNING,
                code="base_pay",
                label="Base pay",
                amount=slip.gross,
                explanation="Base pay: %(days)s of %(norm)s working days x %(salary)s = %(amount)s",
                explanation_params={
                    "days": "21",
                    "norm": "21",
                    "salary": str(slip.gross),
                    "amount": str(slip.gross),
                },
            )
        )
        for kind, rates in (
            (LineKind.EMPLOYEE_CONTRIBUTION, EMPLOYEE),
            (LineKind.EMPLOYER_CONTRIBUTION, EMPLOYER),
        ):
            for fund, rate in rates:
                position += 1
                amount = round_money(slip.gross * D(rate) / 100)
                lines.append(
                    PayslipLine(
                        payslip=slip,
                        position=position,
                        kind=kind,
                        code=f"{kind}_{fund}",
                        label=fund,
                        amount=amount,
                        explanation="%(fund)s: %(base)s x %(rate)s%% = %(amount)s",
                        explanation_params={
                            "fund": fund,
                            "base": str(slip.gross),
                            "rate": rate,
                            "amount": str(amount),
                        },
                        fund=fund,
                    )
                )
        lines.append(
            PayslipLine(
                payslip=slip,
                position=position + 1,
                kind=LineKind.TAX,
                code="income_tax",
                label="Income tax",
                amount=slip.tax,
                explanation="Income tax",
            )
        )
    PayslipLine.objects.bulk_create(lines, batch_size=5000)
    return run.pk


def main() -> None:
    if not _ensure_database():
        return
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from backoffice.models import Job, User
    from backoffice.services import job_start
    from finance.payroll import pdf
    from finance.payroll.models import PayrollRun, Payslip

    started = time.perf_counter()
    run_id = fill()
    print(f"payslips: filled {COUNT:,} payslips in {time.perf_counter() - started:.1f} s")
    run = PayrollRun.objects.get(pk=run_id)
    total = Payslip.objects.filter(run=run).count()

    # One process's rate: WeasyPrint's own pace on this machine, per page and core.
    ids = list(pdf._payslips(run).values_list("pk", flat=True)[: SAMPLE + 1])
    pdf.payslips_pdf(run=run, ids=ids[:1], language="bg")  # fonts and stylesheet, once
    started, cpu = time.perf_counter(), time.process_time()
    with CaptureQueriesContext(connection) as queries:
        pdf.payslips_pdf(run=run, ids=ids[1:], language="bg")
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(
        f"payslips: one process renders {len(ids) - 1} in {wall:.1f} s "
        f"({wall / (len(ids) - 1) * 1000:.0f} ms each, {cpu / (len(ids) - 1) * 1000:.0f} ms CPU), "
        f"{len(queries.captured_queries)} queries"
    )

    # The job as payroll staff start it, on a worker with WORKERS processes.
    from bench.workers import celery_worker, job_wait

    with celery_worker(WORKERS):
        user, _created = User.objects.get_or_create(username="bench-payroll")
        Job.objects.filter(kind__in=["payroll.payslip_pdfs", pdf.PART_KIND]).delete()
        started = time.perf_counter()
        job = job_start(kind="payroll.payslip_pdfs", params={"run": run.pk}, requested_by=user)
        job = job_wait(job)
        elapsed = time.perf_counter() - started
    if job.status != Job.Status.SUCCEEDED:
        raise SystemExit(f"bench/payslips.py: the job ended {job.status}: {job.message}")
    from pypdf import PdfReader

    with job.result_file.open("rb") as handle:
        content = handle.read()
    pages = len(PdfReader(io.BytesIO(content)).pages)
    parts = Job.objects.filter(kind=pdf.PART_KIND).count()
    verdict = "ok" if elapsed < 60 else "SLOWER THAN THE 60 s TARGET"
    print(
        f"payslips: {total:,} payslip PDFs by the run's job on {WORKERS} worker processes "
        f"({parts + 1} parts of {pdf.PART}): {elapsed:.1f} s "
        f"({elapsed / total * 1000:.0f} ms each), {pages:,} pages, "
        f"{len(content) / 1_000_000:.1f} MB — {verdict}"
    )


if __name__ == "__main__":
    main()

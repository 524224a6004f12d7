"""`make bench` (invoicing): 5,000 drafts issued by one batch job on PostgreSQL (numbered and
posted, a hundred to a transaction), then PDFs timed apart: one process's rate, and a month of
BENCH_INVOICING_PDFS drafts issued with their PDFs by the same job on a real worker with
BENCH_WORKERS processes (default 2; broker BENCH_BROKER_URL, default Redis); and the invoice
list at 50,000 documents (median of BENCH_REQUESTS requests and the query count of one page,
first page and a deep page, filtered and not). Targets: numbering and posting under 30 s; the
list under 100 ms with a query count that does not grow with rows.

Environment: BENCH_INVOICING_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/bo_invoicing_bench; created when missing, emptied of sales
documents on each run), BENCH_INVOICING_BATCH (default 5000), BENCH_INVOICING_LIST (default 50000),
BENCH_INVOICING_PDFS (default 200: PDFs rendered to give the per-page rate; 0 skips),
BENCH_REQUESTS (default 10). Without PostgreSQL it says so and stops.
"""

from __future__ import annotations

import io
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
    "BENCH_INVOICING_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bo_invoicing_bench"
)
BATCH = int(os.environ.get("BENCH_INVOICING_BATCH", "5000"))
LIST_SIZE = int(os.environ.get("BENCH_INVOICING_LIST", "50000"))
PDFS = int(os.environ.get("BENCH_INVOICING_PDFS", "200"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "10"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))

os.environ["DJANGO_SETTINGS_MODULE"] = "backoffice.settings"
os.environ["DATABASE_URL"] = DATABASE_URL
os.environ.setdefault(
    "DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("DJANGO_HTTPS", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "0"  # the PDF job runs on a real worker
os.environ["CELERY_BROKER_URL"] = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/14")
os.environ["OTP_REQUIRED_ROLES"] = ""
os.environ.setdefault("BACKOFFICE_VAR_DIR", str(ROOT / "var" / "bench"))


def _ensure_database() -> bool:
    from bench.database import database_ensure

    return database_ensure(
        DATABASE_URL,
        skip_message="bench/invoicing.py: needs PostgreSQL (BENCH_INVOICING_DATABASE_URL); skipped.",
    )


def setup_world() -> dict:
    """The chart, this year and last open, one department, 200 customers, tax codes, a series;
    sales documents of earlier runs removed (triggers off for that, in this database only)."""
    from django.core.management import call_command
    from django.db import connection

    from backoffice.roles import roles_sync
    from finance.models import Account, DocumentSeries, FiscalYear, Partner, TaxCode
    from finance.services import chart_load_preset, fiscal_year_open
    from hr.models import Department

    call_command("migrate", verbosity=0, interactive=False)
    roles_sync()
    if not Account.objects.exists():
        chart_load_preset(preset="bg", actor=None)
    year = date.today().year  # noqa: DTZ011 (a benchmark's calendar)
    for y in (year - 1, year):
        if not FiscalYear.objects.filter(year=y).exists():
            fiscal_year_open(year=y, actor=None)
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE finance_salesinvoice DISABLE TRIGGER USER")
        cursor.execute("ALTER TABLE finance_salesinvoiceline DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM finance_salesinvoiceline")
        cursor.execute("UPDATE finance_salesinvoice SET original_id = NULL")
        cursor.execute("DELETE FROM finance_salesinvoice")
        cursor.execute("ALTER TABLE finance_salesinvoice ENABLE TRIGGER USER")
        cursor.execute("ALTER TABLE finance_salesinvoiceline ENABLE TRIGGER USER")
    department, _c = Department.objects.get_or_create(code="BINV", defaults={"name": "Bench"})
    accounts = {a.number: a for a in Account.objects.filter(number__in=["4531", "4532", "703"])}
    code, _c = TaxCode.objects.get_or_create(
        code="S20",
        valid_from=date(2007, 1, 1),
        defaults={
            "name": "Standard",
            "kind": "standard",
            "rate": Decimal(20),
            "sales_vat_account": accounts["4532"],
            "purchase_vat_account": accounts["4531"],
        },
    )
    DocumentSeries.objects.filter(code="BENCH").delete()
    series = DocumentSeries.objects.create(code="BENCH", name="Bench", next_number=1)
    partners = list(Partner.objects.filter(name__startswith="Bench customer")[:200])
    if not partners:
        from finance.domain.identifiers import eik9_check_digit

        rng = random.Random(1)
        for n in range(200):
            head = f"{rng.randint(10_000_000, 99_999_999)}"
            partners.append(
                Partner.objects.create(
                    name=f"Bench customer {n:03d}",
                    kind="customer",
                    registration_number=head + eik9_check_digit(head),
                    city="София",
                    address="ул. Бенч 1",
                )
            )
    return {
        "department": department,
        "code": code,
        "income": accounts["703"],
        "series": series,
        "partners": partners,
        "year": year,
    }


def make_drafts(world: dict, count: int, day: date) -> None:
    """``count`` drafts of two lines each, written in bulk (drafts carry no guarantee to test)."""
    from finance.models import SalesInvoice, SalesInvoiceLine

    rng = random.Random(5)
    docs = []
    for n in range(count):
        docs.append(
            SalesInvoice(
                series=world["series"],
                partner=world["partners"][n % len(world["partners"])],
                department=world["department"],
                issue_date=day,
                tax_event_date=day,
            )
        )
    docs = SalesInvoice.objects.bulk_create(docs, batch_size=2000)
    lines = []
    for doc in docs:
        for position in (1, 2):
            quantity = Decimal(rng.randint(1, 9))
            price = Decimal(rng.randint(100, 99999)) / 100
            base = (quantity * price).quantize(Decimal("0.01"))
            lines.append(
                SalesInvoiceLine(
                    invoice=doc,
                    position=position,
                    description=f"Service {position}",
                    quantity=quantity,
                    unit_price=price,
                    tax_code=world["code"],
                    income_account=world["income"],
                    base=base,
                    vat=(base / 5).quantize(Decimal("0.01")),
                )
            )
    SalesInvoiceLine.objects.bulk_create(lines, batch_size=5000)


def measure_batch(world: dict) -> list[str]:
    from django.db import connection

    from backoffice.models import Job, User
    from backoffice.services.jobs import JobContext
    from finance.jobs_invoicing import drafts_issue
    from finance.models import SalesInvoice

    day = date(world["year"], 6, 15)
    make_drafts(world, BATCH, day)
    user, _c = User.objects.get_or_create(username="bench-finance")
    job = Job.objects.create(
        kind="finance.drafts_issue",
        params={"month": f"{day:%Y-%m}", "pdf": False},
        requested_by=user,
        idempotency_key=f"bench:{time.time()}",
        status=Job.Status.RUNNING,
        runner="bench",
    )
    started = time.perf_counter()
    drafts_issue(job=job, context=JobContext(job=job, runner="bench"))
    elapsed = time.perf_counter() - started
    issued = list(
        SalesInvoice.objects.filter(series=world["series"], status="issued")
        .order_by("number")
        .values_list("number", flat=True)
    )
    numbers = [int(n) for n in issued]
    gaps = len(numbers) and (numbers[-1] - numbers[0] + 1 - len(numbers))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM finance_salesinvoice i JOIN finance_journalentry e"
            " ON e.id = i.journal_entry_id WHERE i.series_id = %s",
            [world["series"].pk],
        )
        posted = cursor.fetchone()[0]
    print(
        f"batch: {len(issued):,} of {BATCH:,} drafts issued and posted in {elapsed:.1f} s"
        f" ({elapsed / max(len(issued), 1) * 1000:.1f} ms each); {posted:,} entries;"
        f" gaps {gaps}, duplicates {len(numbers) - len(set(numbers))}"
    )
    return issued


def measure_pdfs(issued: list[str]) -> None:
    from finance.models import SalesInvoice
    from finance.services import invoice_pdf_store

    if not PDFS:
        return
    docs = list(SalesInvoice.objects.filter(number__in=issued[:PDFS]))
    invoice_pdf_store(invoice=docs[0])  # fonts and stylesheet built once per process
    started = time.perf_counter()
    for doc in docs[1:]:
        invoice_pdf_store(invoice=doc)
    elapsed = time.perf_counter() - started
    per = elapsed / max(len(docs) - 1, 1)
    print(
        f"PDFs: {len(docs) - 1} rendered and stored in {elapsed:.1f} s ({per * 1000:.0f} ms each,"
        f" one process); {BATCH:,} would take about {per * BATCH / 2:.0f} s on 2 workers"
    )


def measure_pdf_job(world: dict) -> None:
    """A month of PDFS drafts issued with their PDFs by the batch job, as finance starts it, on a
    real worker with WORKERS processes: the job splits the PDFs into parts the processes render
    at once."""
    from backoffice.models import Job, User
    from backoffice.services import job_start
    from bench.workers import celery_worker, job_wait
    from finance.jobs_invoicing import PDF_PART_KIND

    if not PDFS:
        return
    day = date(world["year"], 7, 15)
    make_drafts(world, PDFS, day)
    user, _c = User.objects.get_or_create(username="bench-finance")
    Job.objects.filter(kind=PDF_PART_KIND).delete()
    with celery_worker(WORKERS):
        started = time.perf_counter()
        job = job_start(
            kind="finance.drafts_issue",
            params={"month": f"{day:%Y-%m}", "pdf": True},
            requested_by=user,
            idempotency_key=f"bench-pdfs:{time.time()}",
        )
        job = job_wait(job)
        elapsed = time.perf_counter() - started
    if job.status != Job.Status.SUCCEEDED:
        raise SystemExit(f"bench/invoicing.py: the PDF job ended {job.status}: {job.message}")
    parts = Job.objects.filter(kind=PDF_PART_KIND).count()
    print(
        f"PDF job: {PDFS:,} drafts issued with their PDFs on {WORKERS} worker processes "
        f"({parts + 1} parts): {elapsed:.1f} s ({elapsed / PDFS * 1000:.0f} ms a document, "
        f"{elapsed / PDFS * WORKERS * 1000:.0f} ms a page per process); {job.message}"
    )


def fill_list(world: dict) -> None:
    """Issued-looking documents up to LIST_SIZE, written with COPY with the triggers' consent
    (rows inserted already issued; the triggers guard only later changes)."""
    from django.db import connection

    from finance.models import SalesInvoice

    have = SalesInvoice.objects.count()
    wanted = LIST_SIZE - have
    if wanted <= 0:
        return
    rng = random.Random(9)
    series = world["series"]
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM finance_salesinvoice")
        next_id = cursor.fetchone()[0] + 1
    start_number = 9_000_000_000
    buffer = io.StringIO()
    first = date(world["year"] - 1, 1, 1)
    for n in range(wanted):
        partner = world["partners"][n % len(world["partners"])]
        day = first + timedelta(days=rng.randrange(700))
        base = Decimal(rng.randint(1000, 900000)) / 100
        vat = (base / 5).quantize(Decimal("0.01"))
        total = base + vat
        paid = total if n % 3 == 0 else Decimal(0)
        buffer.write(
            "\t".join(
                str(v)
                for v in (
                    next_id + n,
                    "invoice",
                    "issued",
                    series.pk,
                    f"{start_number + n:010d}",
                    partner.pk,
                    partner.name,
                    partner.registration_number,
                    "",
                    "",
                    "",
                    day,
                    day,
                    day + timedelta(days=14),
                    "EUR",
                    "1",
                    "bg",
                    "",
                    "",
                    base,
                    vat,
                    total,
                    base,
                    vat,
                    total,
                    "0",
                    "0",
                    paid,
                    "",
                    "",
                    f"{start_number + n:010d} {partner.name}".casefold(),
                    "2026-01-01 00:00:00+00",
                    "2026-01-01 00:00:00+00",
                    "",
                )
            )
            + "\n"
        )
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(
            "COPY finance_salesinvoice (id, kind, status, series_id, number, partner_id,"
            " partner_name, partner_registration, partner_vat, partner_address, reason,"
            " issue_date, tax_event_date, due_date, currency, rate, language, notes,"
            " payment_method, total_base, total_vat, total, base_total_base, base_total_vat,"
            " base_total, credited_amount, debited_amount, paid_amount, pdf, pdf_sha256,"
            " search_text, created_at, updated_at, period_key) FROM STDIN",
            buffer,
        )
        cursor.execute(
            "SELECT setval(pg_get_serial_sequence('finance_salesinvoice', 'id'),"
            " (SELECT max(id) FROM finance_salesinvoice))"
        )
        cursor.execute("ANALYZE finance_salesinvoice")


def measure_list(world: dict) -> None:
    from django.conf import settings
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from backoffice.models import User
    from finance.models import SalesInvoice

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    user, _c = User.objects.get_or_create(username="bench-finance")
    user.groups.add(Group.objects.get(name="Finance"))
    client = Client()
    client.force_login(user)
    partner = world["partners"][7].pk
    pages = [
        ("invoice list, page 1", "/finance/invoices/"),
        ("invoice list, page 1000", "/finance/invoices/?page=1000"),
        ("invoice list, overdue", "/finance/invoices/?state=overdue"),
        ("invoice list, one customer", f"/finance/invoices/?partner={partner}"),
        ("invoice list, search number", "/finance/invoices/?q=90000123"),
        ("invoice list, by total", "/finance/invoices/?sort=-total"),
    ]
    count = SalesInvoice.objects.count()
    print(f"\ninvoice list at {count:,} documents")
    print(f"{'page':<36} {'median ms':>10} {'max ms':>8} {'queries':>8}")
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
        print(f"{name:<36} {statistics.median(times):>10.1f} {max(times):>8.1f} {len(queries):>8}")


def main() -> None:
    if not _ensure_database():
        return
    import django

    django.setup()
    world = setup_world()
    issued = measure_batch(world)
    measure_pdfs(issued)
    measure_pdf_job(world)
    fill_list(world)
    measure_list(world)


if __name__ == "__main__":
    main()

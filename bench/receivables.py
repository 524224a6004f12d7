"""`make bench` (payables): aged receivables at 50,000 issued invoices and aged payables at
10,000 posted supplier bills on PostgreSQL: the median of BENCH_REQUESTS requests of each page
(summary and a drill-down page) and their query counts, at two sizes to show the counts do not
grow with rows. Target: the aged receivables page under 100 ms.

Environment: BENCH_PAYABLES_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/bo_payables_bench; created when missing, its documents
replaced on each run), BENCH_PAYABLES_INVOICES (default 50000), BENCH_REQUESTS (default 10).
"""

from __future__ import annotations

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
    "BENCH_PAYABLES_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bo_payables_bench"
)
INVOICES = int(os.environ.get("BENCH_PAYABLES_INVOICES", "50000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "10"))

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
        skip_message="bench/receivables.py: needs PostgreSQL (BENCH_PAYABLES_DATABASE_URL); skipped.",
    )


def fill(invoices: int) -> None:
    """``invoices`` issued invoices over 200 customers issued over the last 180 days (due 30 days
    later); as customers pay, nine in ten of those due more than 45 days ago are paid in full and
    a third of the rest in part; and a fifth as many posted supplier bills."""
    from django.core.management import call_command
    from django.db import connection

    from backoffice.roles import roles_sync
    from finance.models import (
        Account,
        DocumentSeries,
        FiscalYear,
        Partner,
        SalesInvoice,
        SupplierBill,
    )
    from finance.services import chart_load_preset, fiscal_year_open

    call_command("migrate", verbosity=0, interactive=False)
    roles_sync()
    if not Account.objects.exists():
        chart_load_preset(preset="bg", actor=None)
    today = date.today()  # noqa: DTZ011 (a benchmark's calendar)
    for y in (today.year - 1, today.year):
        if not FiscalYear.objects.filter(year=y).exists():
            fiscal_year_open(year=y, actor=None)
    with connection.cursor() as cursor:
        for table in ("finance_salesinvoice", "finance_supplierbill"):
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        cursor.execute("DELETE FROM finance_paymentallocation")
        cursor.execute("DELETE FROM finance_salesinvoiceline")
        cursor.execute("UPDATE finance_salesinvoice SET original_id = NULL")
        cursor.execute("DELETE FROM finance_salesinvoice")
        cursor.execute("DELETE FROM finance_supplierbillline")
        cursor.execute("DELETE FROM finance_supplierbill")
        for table in ("finance_salesinvoice", "finance_supplierbill"):
            cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")
    partners = list(Partner.objects.filter(name__startswith="Aged partner")[:200])
    for n in range(len(partners), 200):
        partners.append(Partner.objects.create(name=f"Aged partner {n:03d}", kind="both"))
    series, _c = DocumentSeries.objects.get_or_create(code="AGED", defaults={"name": "Aged"})
    rng = random.Random(5)
    docs = []
    for n in range(invoices):
        issued = today - timedelta(days=rng.randint(0, 180))
        total = Decimal(rng.randint(1000, 500000)) / 100
        docs.append(
            SalesInvoice(
                kind="invoice",
                status="issued",
                series=series,
                number=f"{n + 1:010d}",
                partner=partners[n % len(partners)],
                issue_date=issued,
                tax_event_date=issued,
                due_date=issued + timedelta(days=30),
                total_base=total,
                total=total,
                base_total=total,
                paid_amount=_paid(total, issued + timedelta(days=30), today, n),
            )
        )
    SalesInvoice.objects.bulk_create(docs, batch_size=5000)
    bills = []
    for n in range(invoices // 5):
        day = today - timedelta(days=rng.randint(0, 180))
        total = Decimal(rng.randint(1000, 200000)) / 100
        bills.append(
            SupplierBill(
                supplier=partners[n % len(partners)],
                number=f"B{n:08d}",
                bill_date=day,
                due_date=day + timedelta(days=14),
                status="posted",
                net_total=total,
                total=total,
            )
        )
    SupplierBill.objects.bulk_create(bills, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE finance_salesinvoice")
        cursor.execute("ANALYZE finance_supplierbill")


def _paid(total: Decimal, due: date, today: date, n: int) -> Decimal:
    if due < today - timedelta(days=45) and n % 10:
        return total
    return (total / 3).quantize(Decimal("0.01")) if n % 3 == 0 else Decimal(0)


def measure(label: str, path: str) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from backoffice.models import User

    user, _c = User.objects.get_or_create(username="bench-finance")
    from django.contrib.auth.models import Group

    user.groups.set(Group.objects.filter(name="Finance"))
    client = Client()
    client.force_login(user)
    client.get(path)
    times = []
    for _n in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(path)
        times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (path, response.status_code)
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    print(
        f"  {label:<46} median {statistics.median(times):7.1f} ms   "
        f"{len(queries.captured_queries):3d} queries"
    )


def main() -> None:
    if not _ensure_database():
        return
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    for size in (INVOICES // 10, INVOICES):
        start = time.perf_counter()
        fill(size)
        from finance.selectors.payments import open_invoices

        print(
            f"payables: {size:,} issued invoices ({open_invoices().count():,} open) and "
            f"{size // 5:,} posted bills (filled in {time.perf_counter() - start:.1f} s)"
        )
        measure("aged receivables (summary, 200 customers)", "/finance/aged/receivables/")
        measure(
            "aged receivables, 90+ days (first page)",
            "/finance/aged/receivables/documents/?bucket=90%2B",
        )
        measure("aged payables (summary)", "/finance/aged/payables/")


if __name__ == "__main__":
    main()

"""`make bench` (stock): 1,000,000 movements over 5,000 items in two warehouses on PostgreSQL; the
stock list, an item's history and the value of a warehouse at a past date (median of
BENCH_REQUESTS requests and the query count of one), and the nightly reconciliation over all of
it. Targets: pages under 300 ms with query counts that do not grow with rows; the
reconciliation under 60 s.

Environment: BENCH_STOCK_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bo_stock_bench;
created when missing), BENCH_STOCK_MOVEMENTS (default 1000000), BENCH_REQUESTS (default 10).
The movements are generated in one INSERT ... SELECT, the balances and average costs from them in
one statement each; nothing is added when the movements are already there.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATABASE_URL = os.environ.get(
    "BENCH_STOCK_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bo_stock_bench"
)
MOVEMENTS = int(os.environ.get("BENCH_STOCK_MOVEMENTS", "1000000"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "10"))
ITEMS = 5000
PLACES_PER_WAREHOUSE = 50

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

GENERATE = """
INSERT INTO operations_movement
    (kind, item_id, place_id, warehouse_id, quantity, unit_cost, value, day, at, reason, source)
SELECT
    CASE WHEN g %% 3 = 0 THEN 'receipt' ELSE 'issue' END,
    %(item0)s + (g %% %(items)s),
    p.id,
    p.warehouse_id,
    CASE WHEN g %% 3 = 0 THEN 12 + g %% 20 ELSE -(1 + g %% 5) END,
    1 + (g %% 500) / 100.0,
    round((CASE WHEN g %% 3 = 0 THEN 12 + g %% 20 ELSE -(1 + g %% 5) END) * (1 + (g %% 500) / 100.0), 2),
    CURRENT_DATE - (730 - (g::bigint * 730 / %(n)s))::int,
    (CURRENT_DATE - (730 - (g::bigint * 730 / %(n)s))::int) + time '09:00' + (g %% 480) * interval '1 minute',
    '',
    'bench'
FROM generate_series(1, %(n)s) AS g
JOIN operations_place p ON p.id = %(place0)s + (g %% %(items)s) %% %(half)s + %(half)s * ((g / %(items)s) %% 2)
"""
BALANCES = """
INSERT INTO operations_balance (item_id, place_id, warehouse_id, quantity)
SELECT item_id, place_id, MIN(warehouse_id), SUM(quantity) FROM operations_movement
GROUP BY item_id, place_id
"""
COSTS = """
INSERT INTO operations_itemcost (item_id, quantity, value, average)
SELECT item_id, SUM(quantity), SUM(value),
       CASE WHEN SUM(quantity) > 0 THEN round(SUM(value) / SUM(quantity), 4) ELSE 0 END
FROM operations_movement GROUP BY item_id
"""


def _ensure_database() -> bool:
    from bench.database import database_ensure

    return database_ensure(
        DATABASE_URL,
        skip_message="bench/stock.py: needs PostgreSQL (BENCH_STOCK_DATABASE_URL=postgres://...); skipped.",
    )


def fill() -> None:
    from django.contrib.auth.models import Group
    from django.core.management import call_command
    from django.db import connection, transaction

    from backoffice import roles
    from backoffice.models import User
    from operations.models import Item, Movement, Place, Warehouse

    started = time.perf_counter()
    call_command("migrate", verbosity=0, interactive=False)
    roles.roles_sync()
    user, _created = User.objects.get_or_create(
        username="ops", defaults={"email": "ops@bench.example"}
    )
    user.groups.add(Group.objects.get(name=roles.OPERATIONS))
    if Movement.objects.count() >= MOVEMENTS:
        print(f"{Movement.objects.count():,} movements already there ({connection.vendor})\n")
        return
    with transaction.atomic():
        for code in ("BENCH-A", "BENCH-B"):
            warehouse = Warehouse.objects.create(code=code, name=f"Bench {code[-1]}")
            Place.objects.bulk_create(
                Place(warehouse=warehouse, code=f"B{n:03d}", path=f"B{n:03d}")
                for n in range(PLACES_PER_WAREHOUSE)
            )
        Item.objects.bulk_create(
            Item(
                sku=f"BENCH-{n:05d}",
                name=f"Bench item {n}",
                name_en=f"Bench item {n}",
                search_text=f"bench-{n:05d} bench item {n}",
            )
            for n in range(ITEMS)
        )
        item0 = Item.objects.filter(sku__startswith="BENCH-").order_by("pk").first().pk
        place0 = Place.objects.filter(warehouse__code="BENCH-A").order_by("pk").first().pk
        with connection.cursor() as cursor:
            cursor.execute(
                GENERATE,
                {
                    "item0": item0,
                    "items": ITEMS,
                    "place0": place0,
                    "half": PLACES_PER_WAREHOUSE,
                    "n": MOVEMENTS,
                },
            )
            cursor.execute("DELETE FROM operations_balance")
            cursor.execute("DELETE FROM operations_itemcost")
            cursor.execute(BALANCES)
            cursor.execute(COSTS)
    with connection.cursor() as cursor:  # what autovacuum does after a bulk load
        cursor.execute("VACUUM ANALYZE operations_movement")
        cursor.execute("VACUUM ANALYZE operations_balance")
    print(
        f"{Movement.objects.count():,} movements over {ITEMS:,} items ready in "
        f"{time.perf_counter() - started:.1f} s ({connection.vendor})\n"
    )


def measure() -> None:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from backoffice.models import User
    from operations.models import Item, Warehouse

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    warehouse = Warehouse.objects.get(code="BENCH-A")
    item = Item.objects.filter(sku__startswith="BENCH-").order_by("pk")[1234]
    past = (timezone.localdate() - timedelta(days=200)).isoformat()
    pages = [
        ("stock list", "/operations/stock/"),
        (
            "stock list, one warehouse, page 40",
            f"/operations/stock/?warehouse={warehouse.pk}&page=40",
        ),
        ("stock list, search", "/operations/stock/?q=item%2042"),
        ("item history", f"/operations/items/{item.pk}/?page=3"),
        ("item value at a past date", f"/operations/items/{item.pk}/?on={past}"),
        ("warehouses' value at a past date", f"/operations/valuation/?on={past}"),
        ("warehouse page (value now)", f"/operations/warehouses/{warehouse.pk}/"),
        ("operations dashboard (12-month trend)", "/operations/"),
    ]
    client = Client()
    client.force_login(User.objects.get(username="ops"))
    print(f"{'page':<40} {'median ms':>10} {'queries':>8} {'status':>7}")
    print("-" * 68)
    for name, path in pages:
        client.get(path)
        timings = []
        for _n in range(REQUESTS):
            start = time.perf_counter()
            client.get(path)
            timings.append((time.perf_counter() - start) * 1000)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        print(
            f"{name:<40} {statistics.median(timings):>10.1f} {len(queries):>8} {response.status_code:>7}"
        )


def reconcile() -> None:
    from django.db.models import F

    from operations.models import Balance
    from operations.services import stock_costs_reconcile, stock_reconcile

    tampered = list(Balance.objects.order_by("pk").values_list("pk", flat=True)[:10])
    Balance.objects.filter(pk__in=tampered).update(quantity=F("quantity") + 1)
    start = time.perf_counter()
    found = stock_reconcile()
    fixed_costs = stock_costs_reconcile()
    first = time.perf_counter() - start
    start = time.perf_counter()
    again = stock_reconcile()
    stock_costs_reconcile()
    second = time.perf_counter() - start
    print(
        f"\nnightly reconciliation over {Balance.objects.count():,} balances: {first:.1f} s "
        f"({len(found)} findings of {len(tampered)} tampered, {fixed_costs} item costs fixed); "
        f"second run {second:.1f} s "
        f"({len(again)} findings)"
    )


if __name__ == "__main__":
    if _ensure_database():
        import django

        django.setup()
        fill()
        measure()
        reconcile()

"""Operations' demo data: the demo company's shop (Магазин Витоша) and depot (Склад Пловдив) as
warehouses with bins, a few hundred items, a year of movements (bulk-inserted with their balances
and average costs worked out here, exactly as the services would), open and received purchase
orders, a count in progress, reorder suggestions and task templates for both locations."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.db.models import F
from django.utils import timezone

from backoffice.models import User
from backoffice.money import round_money
from finance.selectors import partner_options
from hr.selectors import department_choices
from operations.models import (
    Balance,
    DailyTask,
    Item,
    ItemCategory,
    ItemCost,
    Movement,
    Place,
    PurchaseOrder,
    PurchaseOrderLine,
    Receipt,
    ReceiptLine,
    ReorderRule,
    TaskTemplate,
    TaskTemplateItem,
    TaskTick,
    Warehouse,
)
from scheduling.selectors import locations_active

CATEGORIES = [
    ("food", "Food", "Храни"),
    ("drinks", "Drinks", "Напитки"),
    ("cleaning", "Cleaning", "Почистване"),
    ("office", "Office supplies", "Канцеларски материали"),
    ("packaging", "Packaging", "Опаковки"),
]
GOODS = {
    "food": [
        ("Coffee beans 1 kg", "Кафе на зърна 1 кг", "kg"),
        ("Sugar sticks", "Захар на пакетчета", "pack"),
        ("Biscuits", "Бисквити", "pack"),
        ("Chocolate bar", "Шоколад", "pc"),
        ("Tea", "Чай", "box"),
    ],
    "drinks": [
        ("Mineral water 0.5 l", "Минерална вода 0,5 л", "pc"),
        ("Orange juice 1 l", "Портокалов сок 1 л", "pc"),
        ("Cola 0.33 l", "Кола 0,33 л", "pc"),
        ("Milk 1 l", "Прясно мляко 1 л", "l"),
    ],
    "cleaning": [
        ("Floor cleaner 5 l", "Препарат за под 5 л", "l"),
        ("Paper towels", "Кухненска хартия", "pack"),
        ("Gloves", "Ръкавици", "box"),
        ("Bin bags", "Чували за смет", "pack"),
    ],
    "office": [
        ("Printer paper A4", "Хартия за принтер A4", "pack"),
        ("Receipt rolls", "Касови ролки", "box"),
        ("Pens", "Химикалки", "box"),
        ("Labels", "Етикети", "pack"),
    ],
    "packaging": [
        ("Carrier bags", "Торбички", "pack"),
        ("Cardboard boxes", "Кашони", "pc"),
        ("Stretch film", "Стреч фолио", "m"),
        ("Tape", "Тиксо", "pc"),
    ],
}
TEMPLATES = {
    "VIT": [
        (
            "opening",
            "Opening checks",
            "Проверки при отваряне",
            "0123456",
            time(7, 15),
            [
                ("Alarm off, doors opened", "Алармата е изключена, вратите са отворени", False),
                ("Tills counted and opened", "Касите са преброени и отворени", False),
                (
                    "Shelves faced and price tags in place",
                    "Рафтовете са подредени, цените са поставени",
                    False,
                ),
                ("Shop floor photo", "Снимка на търговската зала", True),
            ],
        ),
        (
            "cash",
            "Cash count",
            "Отчет на касата",
            "0123456",
            time(21, 30),
            [
                ("Cash counted against the Z report", "Касата е преброена спрямо Z отчета", False),
                ("Envelope sealed for the bank", "Пликът за банката е запечатан", False),
            ],
        ),
        (
            "closing",
            "Closing checks",
            "Проверки при затваряне",
            "0123456",
            time(21, 45),
            [
                ("Lights and equipment off", "Осветлението и уредите са изключени", False),
                ("Alarm on, doors locked", "Алармата е включена, вратите са заключени", False),
            ],
        ),
        (
            "cleaning",
            "Cleaning round",
            "Почистване",
            "0123456",
            time(13, 0),
            [
                ("Floor mopped", "Подът е измит", False),
                ("Toilets checked", "Тоалетните са проверени", False),
            ],
        ),
    ],
    "PLV": [
        (
            "opening",
            "Opening checks",
            "Проверки при отваряне",
            "012345",
            time(8, 15),
            [
                ("Forklift checked", "Мотокарът е проверен", False),
                ("Loading bay clear", "Рампата е освободена", False),
            ],
        ),
        (
            "delivery",
            "Morning deliveries",
            "Сутрешни доставки",
            "012345",
            time(10, 0),
            [
                (
                    "Goods checked against the delivery note",
                    "Стоката е проверена по стокова разписка",
                    False,
                ),
                ("Damaged goods photographed", "Повредената стока е снимана", True),
            ],
        ),
        (
            "closing",
            "Closing checks",
            "Проверки при затваряне",
            "0123456",
            time(15, 45),
            [("Gates locked", "Портите са заключени", False)],
        ),
    ],
}


def _warehouses():
    locations = {loc.code: loc for loc in locations_active()}
    depts = {d.code: d for d in department_choices()}
    ops_dept = depts.get("OPS") or next(iter(depts.values()), None)
    shop = Warehouse.objects.create(
        code="SHOP", name="Магазин Витоша", location=locations.get("VIT"), department=ops_dept
    )
    depot = Warehouse.objects.create(
        code="DEPOT", name="Склад Пловдив", location=locations.get("PLV"), department=ops_dept
    )
    places = {}
    for warehouse in (shop, depot):
        main = Place.objects.create(warehouse=warehouse, code="MAIN", name="Приемане", path="MAIN")
        places[warehouse.code] = [main]
    for aisle in "AB":
        area = Place.objects.create(warehouse=depot, code=aisle, name=f"Ред {aisle}", path=aisle)
        for n in range(1, 6):
            code = f"{aisle}-{n:02d}"
            places["DEPOT"].append(
                Place.objects.create(
                    warehouse=depot, parent=area, code=code, name="", path=f"{aisle}/{code}"
                )
            )
    places["SHOP"].append(
        Place.objects.create(warehouse=shop, code="FLOOR", name="Търговска зала", path="FLOOR")
    )
    return shop, depot, places


def _items(rng, suppliers) -> list[Item]:
    categories = {}
    for code, en, bg in CATEGORIES:
        categories[code] = ItemCategory.objects.create(code=code, name=en, name_en=en, name_bg=bg)
    items = []
    n = 0
    for variant in range(15):
        for code, goods in GOODS.items():
            for en, bg, unit in goods:
                n += 1
                suffix = f" #{variant + 1}" if variant else ""
                price = Decimal(rng.randint(50, 4000)) / 100
                item = Item(
                    sku=f"SKU-{n:05d}",
                    name=f"{en}{suffix}",
                    name_en=f"{en}{suffix}",
                    name_bg=f"{bg}{suffix}",
                    unit=unit,
                    category=categories[code],
                    barcode=f"380{n:010d}",
                    supplier=suppliers[n % len(suppliers)] if suppliers else None,
                    supplier_price=price,
                    lead_time_days=rng.choice([3, 5, 7, 14]),
                )
                item.save()
                items.append(item)
    return items


def _history(rng, items, places, departments, actor, today):
    """A year of receipts, transfers to the shop and issues, with balances and average costs
    computed as the services compute them."""
    movements = []
    balances: dict[tuple[int, int], Decimal] = {}
    costs = {}
    depot_bins = places["DEPOT"][1:] or places["DEPOT"]
    shop_floor = places["SHOP"][-1]
    start = today - timedelta(days=365)
    for item in items:
        qty, value = Decimal("0"), Decimal("0.00")
        bin_ = rng.choice(depot_bins)
        base = item.supplier_price or Decimal("1.00")
        day = start + timedelta(days=rng.randint(0, 20))
        while day < today:
            kind = rng.random()
            at = timezone.make_aware(
                datetime.combine(day, time(rng.randint(8, 17), rng.randint(0, 59)))
            )
            if balances.get((item.pk, bin_.pk), Decimal("0")) < 15 or kind < 0.05:
                q = Decimal(rng.randint(20, 60))
                price = (base * Decimal(rng.randint(90, 115)) / 100).quantize(Decimal("0.01"))
                v = round_money(q * price)
                movements.append(
                    Movement(
                        kind="receipt",
                        item=item,
                        place=bin_,
                        warehouse_id=bin_.warehouse_id,
                        quantity=q,
                        unit_cost=price,
                        value=v,
                        day=day,
                        at=at,
                        actor=actor,
                        source="demo",
                    )
                )
                qty, value = qty + q, value + v
                balances[(item.pk, bin_.pk)] = balances.get((item.pk, bin_.pk), Decimal("0")) + q
            else:
                q = Decimal(rng.randint(2, 12))
                on_bin = balances.get((item.pk, bin_.pk), Decimal("0"))
                q = min(q, on_bin)
                if q > 0:
                    average = (value / qty).quantize(Decimal("0.0001"))
                    v = -value if q == qty else round_money(-q * average)
                    if kind < 0.4:
                        movements += [
                            Movement(
                                kind="transfer",
                                item=item,
                                place=bin_,
                                warehouse_id=bin_.warehouse_id,
                                quantity=-q,
                                unit_cost=average,
                                value=round_money(-q * average),
                                day=day,
                                at=at,
                                actor=actor,
                            ),
                            Movement(
                                kind="transfer",
                                item=item,
                                place=shop_floor,
                                warehouse_id=shop_floor.warehouse_id,
                                quantity=q,
                                unit_cost=average,
                                value=round_money(q * average),
                                day=day,
                                at=at,
                                actor=actor,
                            ),
                        ]
                        balances[(item.pk, bin_.pk)] = on_bin - q
                        balances[(item.pk, shop_floor.pk)] = (
                            balances.get((item.pk, shop_floor.pk), Decimal("0")) + q
                        )
                    else:
                        on_floor = balances.get((item.pk, shop_floor.pk), Decimal("0"))
                        source, left = (shop_floor, on_floor) if on_floor >= q else (bin_, on_bin)
                        movements.append(
                            Movement(
                                kind="issue",
                                item=item,
                                place=source,
                                warehouse_id=source.warehouse_id,
                                quantity=-q,
                                unit_cost=average,
                                value=v,
                                day=day,
                                at=at,
                                department=rng.choice(departments) if departments else None,
                                actor=actor,
                            )
                        )
                        qty, value = qty - q, value + v
                        balances[(item.pk, source.pk)] = left - q
            day += timedelta(days=rng.randint(3, 7))
        costs[item.pk] = (qty, value)
    Movement.objects.bulk_create(movements, batch_size=5000)
    warehouse_of = {p.pk: p.warehouse_id for ps in places.values() for p in ps}
    Balance.objects.bulk_create(
        [
            Balance(item_id=i, place_id=p, warehouse_id=warehouse_of[p], quantity=q)
            for (i, p), q in balances.items()
        ],
        batch_size=5000,
    )
    ItemCost.objects.bulk_create(
        ItemCost(
            item_id=i,
            quantity=q,
            value=v,
            average=(v / q).quantize(Decimal("0.0001")) if q else Decimal("0"),
        )
        for i, (q, v) in costs.items()
    )
    return len(movements)


def _orders(rng, items, shop, depot, actor, today):
    from operations.services import purchase_order_approve, purchase_order_create

    by_supplier: dict[int, list[Item]] = {}
    for item in items:
        if item.supplier_id:
            by_supplier.setdefault(item.supplier_id, []).append(item)
    for index, (supplier_id, goods) in enumerate(sorted(by_supplier.items())):
        picked = rng.sample(goods, min(4, len(goods)))
        lines = [(i, Decimal(rng.randint(10, 50)), i.supplier_price) for i in picked]
        order = purchase_order_create(
            supplier=supplier_id, warehouse=depot, lines=lines, actor=actor
        )
        if index % 3 == 0:
            continue  # a draft
        if actor is not None:
            order = purchase_order_approve(order=order, actor=actor)
        if index % 3 == 1:
            PurchaseOrder.objects.filter(pk=order.pk).update(
                status="sent", sent_at=timezone.now(), expected_on=today - timedelta(days=index)
            )
            continue
        # Received in the past: the receipt rows stand for deliveries already in the history.
        received = today - timedelta(days=20 + index)
        PurchaseOrder.objects.filter(pk=order.pk).update(
            status="received", ordered_on=received - timedelta(days=7)
        )
        receipt = Receipt.objects.create(order=order, received_on=received, actor=actor)
        for line in order.lines.all():
            ReceiptLine.objects.create(
                receipt=receipt, line=line, quantity=line.quantity, price=line.price
            )
        PurchaseOrderLine.objects.filter(order=order).update(received=F("quantity"))


def _tasks(rng, today):
    locations = {loc.code: loc for loc in locations_active()}
    staff = User.objects.filter(username__in=["staff", "manager"]).first()
    for code, templates in TEMPLATES.items():
        location = locations.get(code)
        if location is None:
            continue
        for kind, en, bg, weekdays, due, checks in templates:
            template = TaskTemplate.objects.create(
                location=location,
                title=en,
                title_en=en,
                title_bg=bg,
                kind=kind,
                weekdays=weekdays,
                due_time=due,
            )
            for order, (check_en, check_bg, photo) in enumerate(checks):
                TaskTemplateItem.objects.create(
                    template=template,
                    text=check_en,
                    text_en=check_en,
                    text_bg=check_bg,
                    needs_photo=photo,
                    order=order,
                )
    from operations.services import tasks_generate

    for back in range(28, 0, -1):
        tasks_generate(day=today - timedelta(days=back))
    tasks_generate(day=today)
    tasks_generate(day=today + timedelta(days=1))
    if staff is None:
        return
    ticks = []
    for task in DailyTask.objects.filter(day__lt=today).prefetch_related("template__items"):
        if rng.random() < 0.12:
            continue
        for item in task.template.items.all():
            ticks.append(
                TaskTick(
                    task=task,
                    item=item,
                    by=staff,
                    at=task.due_at + timedelta(minutes=rng.randint(-20, 25)),
                )
            )
        task.completed_at = task.due_at + timedelta(minutes=25)
    TaskTick.objects.bulk_create(ticks, batch_size=2000)
    for task in DailyTask.objects.filter(day__lt=today):
        done = TaskTick.objects.filter(task=task).count() == task.template.items.count()
        if done:
            DailyTask.objects.filter(pk=task.pk).update(
                completed_at=task.due_at + timedelta(minutes=25)
            )


def seed_operations(*, stdout=None, **options) -> None:
    if Warehouse.objects.filter(code="DEPOT").exists():
        return
    rng = random.Random(2020)
    today = timezone.localdate()
    actor = User.objects.filter(username="ops").first()
    suppliers = list(partner_options().filter(kind__in=("supplier", "both")).order_by("pk")[:8])
    departments = list(department_choices()[:6])
    shop, depot, places = _warehouses()
    items = _items(rng, suppliers)
    for item in items:
        ReorderRule.objects.create(
            item=item,
            warehouse=depot,
            level=Decimal(rng.randint(10, 40)),
            quantity=Decimal(rng.randint(30, 80)),
        )
        if rng.random() < 0.3:
            ReorderRule.objects.create(
                item=item, warehouse=shop, level=Decimal(5), quantity=Decimal(20)
            )
    count = _history(rng, items, places, departments, actor, today)
    if suppliers:
        _orders(rng, items, shop, depot, actor, today)
    from operations.services import count_record, count_start, reorder_suggestions_refresh

    if actor is not None:
        sheet = count_start(warehouse=depot, place=places["DEPOT"][1], actor=actor)
        for line in list(sheet.lines.select_related("item"))[:3]:
            count_record(
                count=sheet,
                item=line.item,
                counted=max(line.expected - 1, Decimal("0")),
                actor=actor,
            )
    reorder_suggestions_refresh()
    _tasks(rng, today)
    if stdout is not None:
        stdout.write(f"operations: {len(items)} items, {count} movements")

"""Operations test data: a warehouse with places, items, people on shift at a location."""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta
from decimal import Decimal

from django.utils import timezone

from hr.models import Department, Employee
from operations.models import Item, Place, Warehouse
from operations.services import place_save, warehouse_save
from scheduling.models import SchedulePeriod
from tests.scheduling import factories as sched

_n = itertools.count(1)


def D(value: str) -> Decimal:  # noqa: N802 (reads like a literal)
    return Decimal(value)


def warehouse(code: str = "", *, department=None, allow_negative=False, location=None) -> Warehouse:
    n = next(_n)
    return warehouse_save(
        warehouse=Warehouse(
            code=code or f"W{n}",
            name=f"Warehouse {n}",
            department=department,
            allow_negative=allow_negative,
            location=location,
        ),
        actor=None,
    )


def place(wh: Warehouse, code: str, parent: Place | None = None) -> Place:
    return place_save(place=Place(warehouse=wh, code=code, parent=parent))


def main_place(wh: Warehouse) -> Place:
    return Place.objects.get(warehouse=wh, code="MAIN")


def item(sku: str = "", **fields) -> Item:
    n = next(_n)
    name = fields.pop("name", f"Item {n}")
    return Item.objects.create(
        sku=sku or f"SKU{n}", name=name, name_en=name, name_bg=f"Артикул {n}", **fields
    )


def department(code: str = "") -> Department:
    n = next(_n)
    return Department.objects.create(code=code or f"D{n}", name=f"Department {n}")


def employee(user, dept: Department | None = None) -> Employee:
    n = next(_n)
    return Employee.objects.create(
        employee_number=f"E-op-{n}",
        first_name="Op",
        last_name=f"Person {n}",
        user=user,
        department=dept or department(),
        hire_date=date(2020, 1, 1),
    )


def on_shift_today(loc, person: Employee, start: time = time(6), end: time = time(22)):
    """A published shift today at ``loc`` for ``person``."""
    today = timezone.localdate()
    tpl = sched.template(loc, f"T{next(_n)}", start=start, end=end)
    per = SchedulePeriod.objects.filter(location=loc, start__lte=today, end__gte=today).first()
    if per is None:
        per = sched.period(loc, today - timedelta(days=today.weekday()), status="published")
    return sched.shift(per, person, today, tpl)

"""Small builders for HR records (plain functions: clearer than a factory framework here)."""

from __future__ import annotations

import itertools
from datetime import date
from decimal import Decimal

from hr.models import Department, Employee, EmploymentContract, LeaveType

_numbers = itertools.count(1)


def department(code: str = "", name: str = "", **fields) -> Department:
    n = next(_numbers)
    return Department.objects.create(code=code or f"D{n}", name=name or f"Department {n}", **fields)


def employee(
    *,
    user=None,
    dept: Department | None = None,
    manager: Employee | None = None,
    hire_date: date = date(2020, 1, 1),
    weekly_hours: Decimal | int | None = 40,
    first_name: str = "Иван",
    last_name: str = "Петров",
    **fields,
) -> Employee:
    n = next(_numbers)
    person = Employee(
        employee_number=f"T{n:05d}",
        first_name=first_name,
        last_name=last_name,
        user=user,
        department=dept or department(),
        manager=manager,
        hire_date=hire_date,
        **fields,
    )
    person.refresh_search_text()
    person.save()
    if weekly_hours is not None:
        EmploymentContract.objects.create(
            employee=person,
            start=hire_date,
            amount=Decimal("2500.00"),
            weekly_hours=Decimal(weekly_hours),
        )
    return person


def paid_leave(**fields) -> LeaveType:
    defaults = dict(
        name="Paid annual leave",
        annual_days=Decimal(20),
        carry_over_max_days=Decimal(5),
        carry_over_months=3,
    )
    defaults.update(fields)
    return LeaveType.objects.create(
        code=fields.pop("code", f"PAID{next(_numbers)}"),
        **{k: v for k, v in defaults.items() if k != "code"},
    )

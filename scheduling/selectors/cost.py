"""Reading labour cost: per shift, per day and per week against the location's budget, from each
person's cost of an hour as HR states it (``hr.selectors.hourly_rates``).

Cost is aggregated for planners and managers (never fewer than ``MIN_PEOPLE_FOR_COST`` people in
one figure), per shift only for HR and Finance.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from backoffice.money import ZERO, round_money
from hr.selectors import hourly_rates
from scheduling.domain.rules import Slot
from scheduling.models import (
    Location,
    Shift,
)


def shift_costs(shifts: list[Shift] | list[Slot], *, on: date) -> dict[object, Decimal]:
    """Cost of each assigned shift: the hourly rate (four decimals) x the paid hours, rounded once
    per shift to the cent by the money rule."""
    ids = {s.employee if isinstance(s, Slot) else s.employee_id for s in shifts} - {None}
    rates = hourly_rates(employee_ids=ids, on=on)
    costs = {}
    for shift in shifts:
        employee = shift.employee if isinstance(shift, Slot) else shift.employee_id
        key = shift.key if isinstance(shift, Slot) else shift.pk
        if employee in rates:
            costs[key] = round_money(rates[employee] * shift.paid_minutes / 60)
    return costs


@dataclass
class CostLine:
    label: object
    amount: Decimal | None  # None: too few people to show without revealing one person's pay
    people: int


MIN_PEOPLE_FOR_COST = 2


def cost_by_day(*, slots: list[Slot], on: date) -> dict[date, CostLine]:
    costs = shift_costs(slots, on=on)
    totals: dict[date, Decimal] = defaultdict(lambda: ZERO)
    people: dict[date, set[int]] = defaultdict(set)
    for slot in slots:
        if slot.key in costs:
            totals[slot.day] += costs[slot.key]
            people[slot.day].add(slot.employee)
    return {
        day: CostLine(
            day, total if len(people[day]) >= MIN_PEOPLE_FOR_COST else None, len(people[day])
        )
        for day, total in totals.items()
    }


def labour_cost_weeks(
    *, location: Location, first: date, weeks: int, per_person: bool
) -> tuple[list[Shift], dict, list[dict]]:
    """Planned cost per week against the location's weekly budget, and the shifts behind it.

    A week of fewer than ``MIN_PEOPLE_FOR_COST`` people shows no amount unless ``per_person``
    (HR and Finance, who may see pay)."""
    shifts = list(
        Shift.objects.planned()
        .filter(
            location=location,
            day__gte=first,
            day__lt=first + timedelta(weeks=weeks),
            employee__isnull=False,
        )
        .select_related("employee", "template", "location")
        .order_by("start")
    )
    costs = shift_costs(shifts, on=first)
    amounts: dict[date, Decimal] = defaultdict(lambda: ZERO)
    people: dict[date, set[int]] = defaultdict(set)
    worked: dict[date, int] = defaultdict(int)
    for shift in shifts:
        amounts[shift.week] += costs.get(shift.pk, ZERO)
        people[shift.week].add(shift.employee_id)
        worked[shift.week] += shift.paid_minutes
    budget = location.weekly_budget
    rows = []
    for n in range(weeks):
        week = first + timedelta(weeks=n)
        shown = per_person or len(people[week]) >= MIN_PEOPLE_FOR_COST
        amount = amounts[week] if shown else None
        rows.append(
            {
                "week": week,
                "minutes": worked[week],
                "people": len(people[week]),
                "amount": amount,
                "budget": budget,
                "over": amount is not None and budget is not None and amount > budget,
                "percent": int(amount * 100 / budget) if amount is not None and budget else None,
            }
        )
    return shifts, costs, rows

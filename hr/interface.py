"""The values HR hands to the departments above it (DESIGN.md 1): plain, frozen, no model rows.

Scheduling, payroll and compliance read people, contracts, leave and the holiday calendar through
``hr.selectors``, which answers in these shapes; HR's tables stay HR's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class EmployeeFacts:
    """What planning needs of a person besides their name: when they may work, and their regime."""

    id: int
    hire_date: date
    end_date: date | None
    date_of_birth: date | None
    employment_type: str

    @property
    def part_time(self) -> bool:
        return self.employment_type == "part_time"


@dataclass(frozen=True)
class ContractTerms:
    """The terms of one employment contract: hours and pay (HR's record, never edited here)."""

    employee_id: int
    start: date
    end: date | None
    weekly_hours: Decimal
    #: The weekly hours over the organisation's working days (two decimals).
    daily_hours: Decimal
    salary_basis: str
    monthly_salary: Decimal | None
    hourly_rate: Decimal | None
    #: The person is employed part-time (their regime, not only fewer hours).
    part_time: bool


@dataclass(frozen=True)
class LeaveSpan:
    """Approved leave: the first and last day (inclusive); ``half_day`` is "morning",
    "afternoon" or "" for whole days."""

    request_id: int
    employee_id: int
    start: date
    end: date
    half_day: str
    leave_type: str
    paid: bool

    def days(self) -> list[date]:
        return [
            date.fromordinal(n) for n in range(self.start.toordinal(), self.end.toordinal() + 1)
        ]


@dataclass(frozen=True)
class CalendarEntry:
    """A public holiday, or a working day on a weekend (kind "holiday" or "working")."""

    day: date
    kind: str
    name: str

    @property
    def is_holiday(self) -> bool:
        return self.kind == "holiday"

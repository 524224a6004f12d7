"""The values HR hands to the departments above it (DESIGN.md 1): plain, frozen, no model rows.

Scheduling, payroll and compliance read people, contracts, leave and the holiday calendar through
``hr.selectors``, which answers in these shapes; HR's tables stay HR's.
"""

from __future__ import annotations

from dataclasses import dataclass, field
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

    @property
    def birth_date(self) -> date | None:
        """The date of birth, taken from the EGN where HR did not enter one."""
        return self.date_of_birth

    def is_minor(self, on: date) -> bool:
        return is_minor(self, on)

    def is_under_16(self, on: date) -> bool:
        return is_under_16(self, on)


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
    #: The leave type's kind for payroll: "annual", "sick", "unpaid" or "other" (not part of
    #: equality, so spans built without it compare as before).
    kind: str = field(default="", compare=False)

    def days(self) -> list[date]:
        return [
            date.fromordinal(n) for n in range(self.start.toordinal(), self.end.toordinal() + 1)
        ]


@dataclass(frozen=True)
class CalendarEntry:
    """A day of HR's calendar: kind "holiday" (an official holiday, Labour Code art. 154(1)),
    "substitute" (the rest day given for a holiday on a weekend, art. 154(2)), "non_working"
    (a one-off day off declared by the government) or "working" (a working Saturday)."""

    day: date
    kind: str
    name: str

    @property
    def is_holiday(self) -> bool:
        """An official holiday: work on it is holiday work (art. 262(1)3, art. 264)."""
        return self.kind == "holiday"

    @property
    def is_rest_day(self) -> bool:
        """A day off for everyone on the calendar's schedule (official or not)."""
        return self.kind in {"holiday", "substitute", "non_working"}

    @property
    def is_working_day(self) -> bool:
        return self.kind == "working"


def _birthday(birth: date, years: int) -> date:
    """The day ``years`` after ``birth``; one born on 29 February comes of age on 1 March."""
    try:
        return birth.replace(year=birth.year + years)
    except ValueError:
        return date(birth.year + years, 3, 1)


def _birth(person: object) -> date | None:
    if isinstance(person, date) or person is None:
        return person
    return getattr(person, "birth_date", None)


def age_reached(person: object, years: int, on: date) -> bool | None:
    """Whether the person is ``years`` old on ``on`` (None: the date of birth is unknown).
    ``person``: an ``EmployeeFacts``, an employee, or a date of birth."""
    birth = _birth(person)
    if birth is None:
        return None
    return on >= _birthday(birth, years)


def is_minor(person: object, on: date) -> bool:
    """Under 18 on ``on`` (Labour Code art. 301-305); unknown date of birth: not a minor. The date
    of birth comes from the EGN where HR did not enter one."""
    return age_reached(person, 18, on) is False


def is_under_16(person: object, on: date) -> bool:
    """Under 16 on ``on``: the night is 20:00-06:00 for them (Labour Code art. 140(2))."""
    return age_reached(person, 16, on) is False


def is_minor_in_year(person: object, year: int) -> bool:
    """Under 18 on some day of ``year``, i.e. turning 18 in it or later: 26 days of paid leave
    for the whole year (Labour Code art. 305(4), "also for the year in which they turn 18")."""
    birth = _birth(person)
    return birth is not None and birth.year + 18 >= year


@dataclass(frozen=True)
class AbsenceDays:
    """Working days one person was absent in a period, by kind of leave ("annual", "sick",
    "unpaid", "other"), for payroll. Half days count 0.5; days are counted on the calendar's
    working days, the same days the leave request counted."""

    employee_id: int
    kind: str
    leave_type: str
    paid: bool
    days: Decimal
    #: The approved requests behind ``days``, by start, each with its share of the period.
    parts: tuple[LeavePart, ...] = ()


@dataclass(frozen=True)
class LeavePart:
    """One approved leave request's share of a period: its working days inside the period and
    the working days it took before the period began (a leave that started earlier)."""

    start: date
    end: date
    days: Decimal
    days_before: Decimal = Decimal(0)

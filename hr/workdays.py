"""Pure date arithmetic for leave: working days and accrual. No database here, so the rules are
easy to read and to test exhaustively.

Accrual rule (documented for HR): the yearly allowance is earned month by month. A calendar month of
the leave year counts once its 15th day has passed (``as_of >= 15th``) while the person was employed
on that 15th. The allowance is pro rata by contracted weekly hours against the full-time hours, and
the result is rounded to half a day (half up).
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

HALF = Decimal("0.5")
ZERO = Decimal("0.0")


@dataclass(frozen=True)
class WorkCalendar:
    """Which days are working days: the working week, minus the calendar's rest days, plus
    working weekend days.

    ``holidays`` holds every rest day of the calendar (official holidays, substitute rest days and
    one-off non-working days: none of them is worked on the calendar's schedule);
    ``official_holidays`` the subset that are official holidays (Labour Code art. 154(1)), the
    only days whose work is holiday work.
    """

    working_week: frozenset[int]
    holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    official_holidays: frozenset[date] = frozenset()

    def is_working_day(self, day: date) -> bool:
        if day in self.extra_working_days:
            return True
        return day.weekday() in self.working_week and day not in self.holidays

    def is_official_holiday(self, day: date) -> bool:
        return day in self.official_holidays

    def kind_of(self, day: date) -> str:
        """The kind of a day: "holiday" (official), "rest" (any other day off) or "working"."""
        if day in self.official_holidays:
            return "holiday"
        return "working" if self.is_working_day(day) else "rest"

    def working_days(self, start: date, end: date) -> int:
        if end < start:
            return 0
        return sum(
            1
            for offset in range((end - start).days + 1)
            if self.is_working_day(start + timedelta(days=offset))
        )

    def leave_days(self, start: date, end: date, *, half_day: bool = False) -> Decimal:
        """Working days a request takes: half a day when ``half_day`` and the day is a working day."""
        if half_day:
            return HALF if start == end and self.is_working_day(start) else ZERO
        return Decimal(self.working_days(start, end)).quantize(Decimal("0.1"))


def round_half_day(value: Decimal) -> Decimal:
    """Round to the nearest half day, halves up: 7.24 -> 7.0, 7.25 -> 7.5, 7.75 -> 8.0."""
    return ((value * 2).quantize(Decimal(1), rounding=ROUND_HALF_UP) / 2).quantize(Decimal("0.1"))


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, clipped to the month's end (31 January + 1 -> 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, monthrange(year, month)[1]))


def leave_year(day: date, *, start_month: int) -> tuple[date, date]:
    """The leave year that contains ``day`` (first and last day, inclusive)."""
    year = day.year if day.month >= start_month else day.year - 1
    first = date(year, start_month, 1)
    return first, add_months(first, 12) - timedelta(days=1)


def _months(first: date) -> Iterable[date]:
    for index in range(12):
        yield add_months(first, index).replace(day=15)


def accrued_days(
    *,
    annual_days: Decimal,
    year_start: date,
    hire_date: date,
    end_date: date | None,
    weekly_hours: Decimal,
    full_time_hours: Decimal,
    as_of: date,
) -> Decimal:
    """Days earned in the leave year starting ``year_start`` up to ``as_of`` (see the module's rule)."""
    if full_time_hours <= 0:
        raise ValueError("full_time_hours must be positive")
    counted = sum(
        1
        for fifteenth in _months(year_start)
        if fifteenth <= as_of
        and hire_date <= fifteenth
        and (end_date is None or end_date >= fifteenth)
    )
    ratio = min(Decimal(weekly_hours) / Decimal(full_time_hours), Decimal(1))
    return round_half_day(Decimal(annual_days) * ratio * counted / 12)

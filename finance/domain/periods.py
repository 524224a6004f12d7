"""Dates of fiscal years, months and comparison ranges; plain Python."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

#: Dates outside these years are refused at the form (TRAPS.md: year 9999 overflows arithmetic).
MIN_YEAR = 2000
MAX_YEAR = 2100


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def months_of_year(year: int) -> list[tuple[int, date, date]]:
    """(number, first day, last day) of each month of a calendar fiscal year."""
    return [
        (m, date(year, m, 1), date(year, m, calendar.monthrange(year, m)[1])) for m in range(1, 13)
    ]


def shift_years(day: date, years: int) -> date:
    """The same day ``years`` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def compare_range(start: date, end: date, mode: str) -> tuple[date, date] | None:
    """The range to compare ``start``..``end`` with: the same length immediately before
    (``previous``) or the same dates a year earlier (``last_year``); None for no comparison.

    A range of whole months compares with the same number of whole months before it.
    """
    if mode == "last_year":
        return shift_years(start, -1), shift_years(end, -1)
    if mode != "previous":
        return None
    if start.day == 1 and end == month_end(end):
        months = (end.year - start.year) * 12 + end.month - start.month + 1
        first = start
        for _ in range(months):
            first = (first - timedelta(days=1)).replace(day=1)
        return first, start - timedelta(days=1)
    length = (end - start).days + 1
    return start - timedelta(days=length), start - timedelta(days=1)


def full_months(start: date, end: date) -> tuple[date, date] | None:
    """The first day of the first whole month and the last day of the last whole month inside
    ``start``..``end`` (None when no whole month fits)."""
    first = start if start.day == 1 else month_end(start) + timedelta(days=1)
    last = end if end == month_end(end) else end.replace(day=1) - timedelta(days=1)
    return (first, last) if first <= last else None

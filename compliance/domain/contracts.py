"""Contract dates as plain arithmetic: the current term of a contract that renews itself, the
day by which notice must be given, and the internal reminder date before it.

Choices made here once:

- A term ends the day before the same day-of-month ``term_months`` later; renewal terms are
  counted from the first renewal's start (never chained term by term), so a contract starting
  on the 31st does not drift to the 28th after one February.
- A notice period in months ends on the same day of an earlier month; when the term ends on the
  last day of its month, the deadline is the last day of the earlier month (30 June with one
  month's notice: 31 May; 28 February: 31 January).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

DAYS = "days"
MONTHS = "months"


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` (negative: back), clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def _is_month_end(day: date) -> bool:
    return day.day == calendar.monthrange(day.year, day.month)[1]


def months_before(day: date, months: int) -> date:
    """``months`` before ``day``; a month's last day maps to the earlier month's last day."""
    moved = add_months(day, -months)
    if _is_month_end(day):
        return moved.replace(day=calendar.monthrange(moved.year, moved.month)[1])
    return moved


@dataclass(frozen=True)
class Term:
    start: date
    end: date | None
    #: 0 for the initial term, 1 for the first renewal, ...
    number: int

    @property
    def next_renewal(self) -> date | None:
        return self.end + timedelta(days=1) if self.end else None


def term_on(
    *,
    start: date,
    end: date | None,
    auto_renew: bool,
    renewal_months: int | None,
    today: date,
) -> Term:
    """The term in force (or the last one, once a fixed contract has ended) on ``today``."""
    if end is None or today <= end or not auto_renew or not renewal_months:
        return Term(start, end, 0)
    first = end + timedelta(days=1)
    # Months from ``first`` to today, then step back if that overshoots.
    number = max(1, ((today.year - first.year) * 12 + today.month - first.month) // renewal_months)
    while number > 1 and add_months(first, (number - 1) * renewal_months) > today:
        number -= 1
    while add_months(first, number * renewal_months) - timedelta(days=1) < today:
        number += 1
    term_start = add_months(first, (number - 1) * renewal_months)
    term_end = add_months(first, number * renewal_months) - timedelta(days=1)
    return Term(term_start, term_end, number)


def notice_deadline(*, term_end: date | None, value: int, unit: str) -> date | None:
    """The last day notice may be given for the contract to end with ``term_end``."""
    if term_end is None:
        return None
    if unit == MONTHS:
        return months_before(term_end, value)
    return term_end - timedelta(days=value)


def notice_exceeds_term(*, start: date, end: date | None, value: int, unit: str) -> bool:
    """A notice period that reaches back before the term starts cannot be given in time."""
    deadline = notice_deadline(term_end=end, value=value, unit=unit)
    return deadline is not None and deadline < start


@dataclass(frozen=True)
class Deadlines:
    term: Term
    notice_by: date | None
    remind_from: date | None


def deadlines(
    *,
    start: date,
    end: date | None,
    auto_renew: bool,
    renewal_months: int | None,
    notice_value: int,
    notice_unit: str,
    lead_days: int,
    today: date,
) -> Deadlines:
    """The current term, its notice deadline and the day the owner is first reminded."""
    term = term_on(
        start=start, end=end, auto_renew=auto_renew, renewal_months=renewal_months, today=today
    )
    notice_by = notice_deadline(term_end=term.end, value=notice_value, unit=notice_unit)
    remind_from = notice_by - timedelta(days=lead_days) if notice_by else None
    return Deadlines(term, notice_by, remind_from)


def risk_score(likelihood: int, impact: int) -> int:
    return likelihood * impact


def risk_level(score: int) -> str:
    """The heat map's bands: low up to 4, medium up to 9, high up to 16, critical above."""
    if score <= 4:
        return "low"
    if score <= 9:
        return "medium"
    if score <= 16:
        return "high"
    return "critical"

"""Classifying worked time: plain intervals in, minutes per day and category out; no database.

A timesheet, the attendance dashboard and the payroll interface all ask this one module how the
minutes of a period split, so a rule is written once. Decisions, made here once:

- Worked time is clock-in to clock-out less breaks, as instants in UTC (a clock-change night is
  one hour shorter or longer, exactly as worked). Minutes are whole.
- A stretch of work belongs to the local date on which its session started (a 22:00-06:00 night
  is one day of work), which is how daily overtime and "the day" of a shift are counted.
- Night, weekend and public-holiday minutes are counted where they fall on the clock: the part of
  a Saturday night shift after midnight is Sunday. These categories overlap regular and overtime
  (a night hour can also be an overtime hour); regular + overtime = worked.
- Overtime: first the minutes of a day above the daily threshold; then, week by week (Monday to
  Sunday), the remaining minutes above the weekly threshold, taken from the days in order, so the
  day on which the week crosses the threshold carries it. Days before the period that share its
  first week count towards that week but belong to the previous period: weekly overtime is never
  split or counted twice at a period boundary.
- The night factor (Bulgaria: 1.143) turns night minutes into extra paid minutes:
  ``night x (factor - 1)``, kept as a Decimal and rounded once, when hours are produced.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from backoffice.money import round_money
from scheduling.domain.times import day_window, minutes, monday, night_minutes, overlap_minutes

CATEGORIES = ("worked", "regular", "overtime", "night", "weekend", "holiday")


@dataclass(frozen=True)
class Work:
    """One work session: ``start``/``end`` aware, ``breaks`` as (start, end) pairs inside it."""

    start: datetime
    end: datetime
    breaks: tuple[tuple[datetime, datetime], ...] = ()
    zone: ZoneInfo = ZoneInfo("Europe/Sofia")

    @property
    def day(self) -> date:
        return self.start.astimezone(self.zone).date()

    def pieces(self) -> list[tuple[datetime, datetime]]:
        """The worked stretches: the session less its breaks."""
        pieces, cursor = [], self.start
        for brk_start, brk_end in sorted(self.breaks):
            brk_start, brk_end = max(brk_start, self.start), min(brk_end, self.end)
            if brk_end <= brk_start:
                continue
            if brk_start > cursor:
                pieces.append((cursor, brk_start))
            cursor = max(cursor, brk_end)
        if self.end > cursor:
            pieces.append((cursor, self.end))
        return pieces


@dataclass(frozen=True)
class Thresholds:
    daily_minutes: int | None = 480
    weekly_minutes: int | None = 2400
    night_start: time = time(22)
    night_end: time = time(6)
    night_factor: Decimal | None = None


@dataclass
class Day:
    day: date
    worked: int = 0
    regular: int = 0
    overtime: int = 0
    night: int = 0
    weekend: int = 0
    holiday: int = 0


@dataclass
class Classified:
    days: dict[date, Day] = field(default_factory=dict)

    def total(self, category: str) -> int:
        return sum(getattr(d, category) for d in self.days.values())

    def totals(self) -> dict[str, int]:
        return {c: self.total(c) for c in CATEGORIES}


def _calendar_minutes(
    piece: tuple[datetime, datetime], zone: ZoneInfo, holidays: frozenset[date]
) -> tuple[int, int]:
    """Weekend and holiday minutes of a stretch, by the local calendar day they fall on."""
    weekend = holiday = 0
    first, last = piece[0].astimezone(zone).date(), piece[1].astimezone(zone).date()
    day = first
    while day <= last:
        inside = overlap_minutes(*piece, *day_window(day, zone))
        if day.weekday() >= 5:
            weekend += inside
        if day in holidays:
            holiday += inside
        day += timedelta(days=1)
    return weekend, holiday


def classify(
    sessions: Iterable[Work],
    *,
    start: date,
    end: date,
    thresholds: Thresholds,
    holidays: frozenset[date] = frozenset(),
) -> Classified:
    """Minutes per day of ``start``..``end`` (sessions before ``start`` in its first week are
    context for the weekly threshold only)."""
    context_from = monday(start)
    by_day: dict[date, Day] = {}
    for work in sessions:
        day = work.day
        if not context_from <= day <= end:
            continue
        entry = by_day.setdefault(day, Day(day))
        for piece in work.pieces():
            entry.worked += minutes(*piece)
            entry.night += night_minutes(
                *piece,
                zone=work.zone,
                night_start=thresholds.night_start,
                night_end=thresholds.night_end,
            )
            weekend, holiday = _calendar_minutes(piece, work.zone, holidays)
            entry.weekend += weekend
            entry.holiday += holiday
    for entry in by_day.values():
        daily = thresholds.daily_minutes
        entry.overtime = max(0, entry.worked - daily) if daily is not None else 0
    if thresholds.weekly_minutes is not None:
        weeks: dict[date, list[Day]] = defaultdict(list)
        for entry in sorted(by_day.values(), key=lambda d: d.day):
            weeks[monday(entry.day)].append(entry)
        for days in weeks.values():
            running = 0
            for entry in days:
                straight = entry.worked - entry.overtime
                over = max(0, running + straight - thresholds.weekly_minutes)
                over = min(over, straight)
                entry.overtime += over
                running += straight
    for entry in by_day.values():
        entry.regular = entry.worked - entry.overtime
    return Classified({d: e for d, e in sorted(by_day.items()) if start <= d <= end})


def night_bonus_minutes(night: int, factor: Decimal | None) -> Decimal:
    """Extra paid minutes for night work under a factor (unrounded: round once, in hours)."""
    if not factor or factor <= 1:
        return Decimal(0)
    return Decimal(night) * (factor - 1)


def to_hours(minutes_: int | Decimal) -> Decimal:
    """Minutes as hours to 0.01, rounded once by the platform's rule (``backoffice.money``)."""
    return round_money(Decimal(minutes_) / 60)

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
from decimal import ROUND_HALF_UP, Decimal
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


# --- the person's regime: buckets by kind of day, daily and summarised accounting -------------

#: Overtime by the kind of day it falls on (KT art. 262(1): working day +50 %, rest day +75 %,
#: official holiday +100 %, summarised accounting +50 %) and its night part (KT art. 146 caps).
BUCKETS = (
    "overtime_workday",
    "overtime_rest_day",
    "overtime_holiday",
    "overtime_summarised",
    "overtime_night",
)
BUCKET_OF_KIND = {
    "working": "overtime_workday",
    "rest": "overtime_rest_day",
    "holiday": "overtime_holiday",
}


@dataclass(frozen=True)
class Summarised:
    """The accounting period a summarised pay period belongs to, and its norm in minutes."""

    start: date
    end: date
    norm: int


@dataclass
class RegimeResult:
    """A pay period classified by the person's regime: ``days`` as ``classify`` gives them (with
    ``weekend`` meaning the person's rest days), the buckets per day, and the period's figures."""

    days: dict[date, Day]
    buckets: dict[date, dict[str, int]]
    accounting: str
    overtime_summarised: int = 0
    overtime_summarised_night: int = 0
    night_converted: int = 0
    period_converted: int = 0
    norm: int | None = None
    period: tuple[date, date] | None = None
    period_closed: bool = False
    night_factor: Decimal | None = None

    def total(self, category: str) -> int:
        if category in BUCKETS:
            value = sum(b.get(category, 0) for b in self.buckets.values())
            if category == "overtime_summarised":
                return value + self.overtime_summarised
            if category == "overtime_night":
                return value + self.overtime_summarised_night
            return value
        value = sum(getattr(d, category) for d in self.days.values())
        if category == "overtime":
            return value + self.overtime_summarised
        if category == "regular":  # the period's overtime is carried by its last pay period
            return max(0, value - self.overtime_summarised)
        return value

    def totals(self) -> dict[str, int]:
        return {c: self.total(c) for c in (*CATEGORIES, *BUCKETS)}

    @property
    def days_worked(self) -> int:
        return sum(1 for d in self.days.values() if d.worked > 0)


def _last_night_minutes(pieces, over: int, work: Work, thresholds: Thresholds) -> int:
    """Night minutes among the last ``over`` minutes worked (overtime is the end of the day)."""
    return _night_of_last([(piece, work) for piece in pieces], over, thresholds)


def _night_of_last(pieces, over: int, thresholds: Thresholds) -> int:
    """Night minutes among the last ``over`` minutes of ``pieces`` ((start, end), work) pairs,
    taken from the latest worked minute backwards."""
    night, left = 0, over
    for (piece_start, piece_end), work in sorted(pieces, key=lambda p: p[0], reverse=True):
        if left <= 0:
            break
        length = minutes(piece_start, piece_end)
        take = min(length, left)
        tail_start = piece_end - timedelta(minutes=take)
        night += night_minutes(
            tail_start,
            piece_end,
            zone=work.zone,
            night_start=thresholds.night_start,
            night_end=thresholds.night_end,
        )
        left -= take
    return night


def classify_regime(
    sessions: Iterable[Work],
    *,
    start: date,
    end: date,
    regime,
    thresholds: Thresholds,
    kinds: dict[date, str],
    planned: dict[date, int],
    daily_minutes: int,
    holidays: frozenset[date] = frozenset(),
    summarised: Summarised | None = None,
) -> RegimeResult:
    """Classify ``start``..``end`` by ``regime`` (``scheduling.domain.worktime.Regime``).

    ``kinds``: the kind of each day for this person ("working", "rest" or "holiday"), covering
    the day after ``end`` too (a night shift runs into it); ``planned``: the normal minutes of
    the person's schedule per day (published shifts, or the contract's day on the calendar's
    working days); ``holidays``: official holidays only. Decisions:

    - Minutes on rest days and holidays fall where they are on the clock; overtime belongs to
      the day the work started, in that day's bucket.
    - Daily accounting: overtime is a day's work beyond its planned minutes, and beyond the
      night norm for a night shift (KT art. 140(1), 141(2)); there is no weekly threshold and
      the night factor adds nothing.
    - Summarised accounting: nothing is overtime day by day; at the end of the accounting period
      the period's work, night shifts' night minutes converted by the factor, is compared with
      the norm (KT art. 142, NSORZ art. 9(2)); the excess is carried by the pay period that holds
      the period's last day. Its night part (``overtime_summarised_night``, counted in the
      ``overtime_night`` bucket for the night premium, NSORZ art. 8, and the night caps of KT
      art. 146(1)) follows one allocation rule, since the law names no hour as the overtime
      one: the overtime is the period's last worked minutes, clock minute for clock minute,
      taken backwards from the latest worked minute (the hours worked once the norm was
      reached); the night minutes among them are its night part. The 8/7 conversion only
      decides how much overtime there is, never which minutes it is.
    - Thresholds (EU): overtime as ``classify`` counts it.
    """
    sessions = list(sessions)
    context_from = monday(start)
    if summarised is not None:
        context_from = min(context_from, summarised.start)
    if regime.accounting == "thresholds":
        base = classify(sessions, start=start, end=end, thresholds=thresholds, holidays=holidays)
        days = base.days
    else:
        days = {}
    by_day: dict[date, list[Work]] = defaultdict(list)
    for work in sessions:
        if context_from <= work.day <= end:
            by_day[work.day].append(work)
    buckets: dict[date, dict[str, int]] = {}
    converted = Decimal(0)
    converted_here = Decimal(0)
    period_pieces = []
    for day, works in sorted(by_day.items()):
        pieces = [(piece, work) for work in works for piece in work.pieces()]
        worked = sum(minutes(*piece) for piece, _work in pieces)
        night = sum(
            night_minutes(
                *piece,
                zone=work.zone,
                night_start=thresholds.night_start,
                night_end=thresholds.night_end,
            )
            for piece, work in pieces
        )
        if summarised is not None and summarised.start <= day <= summarised.end:
            value = regime.converted(worked, night)
            converted += value
            period_pieces.extend(pieces)
            if start <= day <= end:
                converted_here += value - worked
        if not start <= day <= end:
            continue
        weekend = holiday = 0
        for piece, work in pieces:
            first, last = (
                piece[0].astimezone(work.zone).date(),
                piece[1].astimezone(work.zone).date(),
            )
            current = first
            while current <= last:
                inside = overlap_minutes(*piece, *day_window(current, work.zone))
                kind = kinds.get(current, "working")
                if current in holidays:
                    holiday += inside
                elif kind == "rest":
                    weekend += inside
                current += timedelta(days=1)
        entry = days.get(day) or Day(day, worked=worked, night=night)
        entry.weekend, entry.holiday = weekend, holiday
        if regime.accounting == "daily":
            normal = planned.get(day, 0)
            if regime.is_night_shift(night):
                normal = min(normal, regime.normal_minutes(daily=daily_minutes, night=night))
            entry.overtime = max(0, worked - normal)
        elif regime.accounting == "summarised":
            entry.overtime = 0
        entry.regular = entry.worked - entry.overtime
        days[day] = entry
        bucket = dict.fromkeys(BUCKETS, 0)
        if entry.overtime:
            bucket[BUCKET_OF_KIND.get(kinds.get(day, "working"), "overtime_workday")] = (
                entry.overtime
            )
            works_sorted = sorted(works, key=lambda w: w.start)
            bucket["overtime_night"] = _last_night_minutes(
                [piece for piece, _work in pieces], entry.overtime, works_sorted[-1], thresholds
            )
        buckets[day] = bucket
    result = RegimeResult(
        days={d: e for d, e in sorted(days.items()) if start <= d <= end},
        buckets=buckets,
        accounting=regime.accounting,
    )
    if summarised is not None:
        result.norm = summarised.norm
        result.period = (summarised.start, summarised.end)
        result.period_converted = int(converted.to_integral_value(ROUND_HALF_UP))
        result.night_converted = int(converted_here.to_integral_value(ROUND_HALF_UP))
        if summarised.end <= end:
            result.period_closed = True
            result.overtime_summarised = max(0, result.period_converted - summarised.norm)
            result.overtime_summarised_night = _night_of_last(
                period_pieces, result.overtime_summarised, thresholds
            )
    return result

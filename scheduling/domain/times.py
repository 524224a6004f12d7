"""Local dates and times to instants, and minutes between instants (TRAPS.md, "Time").

Rules used everywhere in scheduling:

- An instant is stored aware and computed in UTC; a duration is ``(end - start)`` of two UTC values,
  in whole minutes. Subtracting two datetimes in the same ``ZoneInfo`` would give wall-clock time.
- A local time that does not exist (03:30 on the last Sunday of March in Europe/Sofia) is read with
  the offset before the change, so it lands one hour later on the clock (04:30): the shift starts
  when the clock would have read that time. A repeated local time (03:30 on the last Sunday of
  October) means its first occurrence (``fold=0``).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo


@lru_cache(maxsize=8192)
def instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of a local date and time in ``zone`` (see the module's rules)."""
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def shift_bounds(
    day: date, start: time, end: time, *, crosses_midnight: bool, zone: ZoneInfo
) -> tuple[datetime, datetime]:
    end_day = day + timedelta(days=1) if crosses_midnight else day
    return instant(day, start, zone), instant(end_day, end, zone)


def minutes(start: datetime, end: datetime) -> int:
    return int((end.astimezone(UTC) - start.astimezone(UTC)).total_seconds() // 60)


def local_day(moment: datetime, zone: ZoneInfo) -> date:
    return moment.astimezone(zone).date()


def monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def overlap_minutes(a_start: datetime, a_end: datetime, b_start: datetime, b_end: datetime) -> int:
    start, end = max(a_start, b_start), min(a_end, b_end)
    return max(0, minutes(start, end))


@lru_cache(maxsize=8192)
def night_minutes(
    start: datetime, end: datetime, *, zone: ZoneInfo, night_start: time, night_end: time
) -> int:
    """Minutes of [start, end) inside the local night window (e.g. 22:00-06:00), exactly."""
    total = 0
    first = local_day(start, zone) - timedelta(days=1)
    last = local_day(end, zone)
    day = first
    while day <= last:
        window_end_day = day + timedelta(days=1) if night_end <= night_start else day
        total += overlap_minutes(
            start, end, instant(day, night_start, zone), instant(window_end_day, night_end, zone)
        )
        day += timedelta(days=1)
    return total


@lru_cache(maxsize=8192)
def day_window(day: date, zone: ZoneInfo, part: str = "") -> tuple[datetime, datetime]:
    """The local day (or its ``morning``/``afternoon`` half, split at noon) as UTC instants."""
    start = instant(day, time(0), zone)
    end = instant(day + timedelta(days=1), time(0), zone)
    noon = instant(day, time(12), zone)
    if part == "morning":
        return start, noon
    if part == "afternoon":
        return noon, end
    return start, end

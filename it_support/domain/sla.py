"""The SLA clock, computed from a ticket's recorded status intervals on the business calendar.

Nothing here reads the database or the wall clock: the caller passes the intervals, the calendar
and ``now``. The clock is never "moved": elapsed business time is the sum, over the intervals whose
status counts, of their overlap with the business hours; the deadline is the moment that sum
reaches the target, assuming the current status goes on. So a status change never shifts a
deadline by itself; only time spent in a pausing status does, by exactly that time.

Rules, decided once:

- Business time is the overlap with each working day's opening hours in the calendar's zone.
  Durations are taken between UTC instants (TRAPS.md "Time"), so a clock change night is neither
  long nor short. A local opening time that does not exist (inside the spring gap) or exists twice
  is read with ``fold=0``: the offset in force before the change.
- A public holiday has no business hours; a working weekend day (HR's calendar) has the hours of
  the first working weekday.
- Met means elapsed <= target: a ticket resolved at the very instant of its deadline met it.
- A priority change applies the new target to the whole life of the ticket (time already spent
  counts against it); the new deadline follows from the same intervals.
- Resolved and closed stop the clock; a reopen starts it again from where it stood.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo

ZERO = timedelta(0)
#: How far ahead a deadline is searched for before the calendar is deemed to have no hours.
MAX_DAYS = 3 * 366


class NoBusinessHours(ValueError):
    """The calendar has no working hours at all: no deadline can ever be reached."""


@dataclass(frozen=True)
class BusinessCalendar:
    zone: tzinfo
    #: weekday (Monday 0) -> (opens, closes) in local time; a weekday absent is closed.
    hours: Mapping[int, tuple[time, time]]
    holidays: frozenset[date] = frozenset()
    extra_working_days: frozenset[date] = frozenset()
    _cache: dict = field(default_factory=dict, compare=False, repr=False, hash=False)

    def _hours_on(self, day: date) -> tuple[time, time] | None:
        if day in self.extra_working_days:
            return self.hours.get(day.weekday()) or next(
                (self.hours[d] for d in sorted(self.hours)), None
            )
        if day in self.holidays:
            return None
        return self.hours.get(day.weekday())

    def window(self, day: date) -> tuple[datetime, datetime] | None:
        """The day's business hours as UTC instants, or None on a day without any."""
        if day in self._cache:
            return self._cache[day]
        hours = self._hours_on(day)
        found = None
        if hours is not None and hours[0] < hours[1]:
            opens = datetime.combine(day, hours[0], tzinfo=self.zone).astimezone(UTC)
            closes = datetime.combine(day, hours[1], tzinfo=self.zone).astimezone(UTC)
            if opens < closes:
                found = (opens, closes)
        self._cache[day] = found
        return found

    def _local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.zone).date()

    def business_time(self, start: datetime, end: datetime) -> timedelta:
        """Business time between two aware instants (zero when ``end`` is not after ``start``)."""
        if end <= start:
            return ZERO
        total = ZERO
        day = self._local_day(start) - timedelta(days=1)
        last = self._local_day(end) + timedelta(days=1)
        while day <= last:
            window = self.window(day)
            if window is not None:
                begin, finish = max(start, window[0]), min(end, window[1])
                if finish > begin:
                    total += finish - begin
            day += timedelta(days=1)
        return total

    def add(self, start: datetime, amount: timedelta) -> datetime:
        """The instant at which ``amount`` of business time has passed since ``start``.

        With ``amount`` zero or less the answer is ``start`` itself.
        """
        if amount <= ZERO:
            return start
        left = amount
        day = self._local_day(start) - timedelta(days=1)
        for _n in range(MAX_DAYS):
            window = self.window(day)
            if window is not None and window[1] > start:
                begin = max(start, window[0])
                available = window[1] - begin
                if left <= available:
                    return begin + left
                left -= available
            day += timedelta(days=1)
        raise NoBusinessHours("the calendar has no business hours")


@dataclass(frozen=True)
class Interval:
    """A stretch of time a ticket spent in one status; ``end`` None: it is still in it."""

    status: str
    start: datetime
    end: datetime | None = None


@dataclass(frozen=True)
class Clock:
    target: timedelta
    elapsed: timedelta
    #: Counting at ``now`` (the ticket is in a counting status).
    running: bool
    #: Resolved or closed (or the response was given): the clock no longer counts.
    stopped: bool
    #: When the target is reached while the clock runs on; or when it was reached. None: paused
    #: or stopped before reaching it.
    deadline: datetime | None
    #: When 75 % of the target is (or was) reached, on the same terms as ``deadline``.
    warn_at: datetime | None

    @property
    def remaining(self) -> timedelta:
        return self.target - self.elapsed

    @property
    def breached(self) -> bool:
        return self.elapsed > self.target

    @property
    def met(self) -> bool | None:
        """True or False once stopped; None while the clock may still run."""
        return (self.elapsed <= self.target) if self.stopped else None

    @property
    def paused(self) -> bool:
        return not self.running and not self.stopped

    @property
    def elapsed_minutes(self) -> int:
        return int(self.elapsed.total_seconds() // 60)

    @property
    def remaining_minutes(self) -> int:
        seconds = self.remaining.total_seconds()
        return int(seconds // 60) if seconds >= 0 else -int(-seconds // 60)


WARN_SHARE = (3, 4)


def _crossing(
    calendar: BusinessCalendar, intervals: list[tuple[datetime, datetime]], mark: timedelta
) -> datetime | None:
    """The instant the counted business time reaches ``mark`` within the counted stretches."""
    spent = ZERO
    for start, end in intervals:
        part = calendar.business_time(start, end)
        if spent + part >= mark and part > ZERO:
            return calendar.add(start, mark - spent)
        spent += part
    return None


def sla_clock(
    intervals: Iterable[Interval],
    *,
    target_minutes: int,
    calendar: BusinessCalendar,
    now: datetime,
    paused: frozenset[str],
    stopped: frozenset[str],
    until: datetime | None = None,
) -> Clock:
    """The clock of one target over ``intervals`` (in any order, not overlapping).

    ``paused`` statuses do not count; ``stopped`` statuses do not count and, when the ticket is in
    one now, stop the clock. ``until``: the clock stops for good at that instant (the first
    response, for the first-response target).
    """
    if target_minutes <= 0:
        raise ValueError("an SLA target must be positive")
    target = timedelta(minutes=target_minutes)
    ordered = sorted(intervals, key=lambda i: i.start)
    horizon = min(now, until) if until is not None else now
    counted: list[tuple[datetime, datetime]] = []
    for interval in ordered:
        if interval.status in paused or interval.status in stopped:
            continue
        end = interval.end if interval.end is not None else horizon
        end = min(end, horizon)
        if end > interval.start:
            counted.append((interval.start, end))
    elapsed = sum((calendar.business_time(s, e) for s, e in counted), ZERO)
    current = ordered[-1] if ordered else None
    is_stopped = until is not None and until <= now
    is_stopped = is_stopped or (current is not None and current.status in stopped)
    running = (
        not is_stopped
        and current is not None
        and current.end is None
        and current.status not in paused
    )
    warn_mark = target * WARN_SHARE[0] / WARN_SHARE[1]
    deadline = warn_at = None
    if elapsed >= target:
        deadline = _crossing(calendar, counted, target)
    elif running:
        deadline = calendar.add(now if now > current.start else current.start, target - elapsed)
    if elapsed >= warn_mark:
        warn_at = _crossing(calendar, counted, warn_mark)
    elif running:
        warn_at = calendar.add(now if now > current.start else current.start, warn_mark - elapsed)
    return Clock(
        target=target,
        elapsed=elapsed,
        running=running,
        stopped=is_stopped,
        deadline=deadline,
        warn_at=warn_at,
    )

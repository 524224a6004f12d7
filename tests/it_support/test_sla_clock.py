"""The SLA clock on business hours, with hand-computed expectations.

Calendar: Europe/Sofia, Monday to Friday 09:00-18:00 (540 business minutes a day). March 2026:
Monday 2 March; Tuesday 3 March is a public holiday (Liberation Day); Sofia is UTC+2 until the
clock change on Sunday 29 March.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from it_support.domain.priority import priority_of
from it_support.domain.sla import BusinessCalendar, Interval, NoBusinessHours, sla_clock

SOFIA = ZoneInfo("Europe/Sofia")
WEEK = {d: (time(9), time(18)) for d in range(5)}
PAUSED = frozenset({"waiting_requester"})
STOPPED = frozenset({"resolved", "closed"})


def local(day: int, hour: int, minute: int = 0, second: int = 0, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, minute, second, tzinfo=SOFIA)


def calendar(**kwargs) -> BusinessCalendar:
    return BusinessCalendar(zone=SOFIA, hours=WEEK, **kwargs)


def clock(intervals, target, now, cal=None, **kwargs):
    return sla_clock(
        intervals,
        target_minutes=target,
        calendar=cal or calendar(),
        now=now,
        paused=PAUSED,
        stopped=STOPPED,
        **kwargs,
    )


def test_across_a_weekend():
    # Opened Friday 16:00 with 4 h: Friday 16-18 is 2 h, the other 2 h run Monday 09-11.
    opened = [Interval("open", local(6, 16))]
    result = clock(opened, 240, now=local(9, 10))
    assert result.elapsed_minutes == 120 + 60
    assert result.deadline == local(9, 11)
    assert result.deadline.astimezone(UTC) == datetime(2026, 3, 9, 9, 0, tzinfo=UTC)
    assert result.remaining_minutes == 60
    assert result.running and not result.breached


def test_across_a_public_holiday():
    # Monday 17:00 with 4 h: 1 h on Monday, Tuesday 3 March is a holiday, 3 h on Wednesday.
    holiday = calendar(holidays=frozenset({date(2026, 3, 3)}))
    result = clock([Interval("new", local(2, 17))], 240, now=local(3, 12), cal=holiday)
    assert result.elapsed_minutes == 60
    assert result.deadline == local(4, 12)
    # Without the holiday the deadline would be Tuesday 12:00: the calendar matters.
    assert clock([Interval("new", local(2, 17))], 240, now=local(3, 12)).deadline == local(3, 12)


def test_a_pause_while_waiting_on_the_requester():
    intervals = [
        Interval("open", local(2, 10), local(2, 12)),
        Interval("waiting_requester", local(2, 12), local(3, 10)),
        Interval("open", local(3, 10)),
    ]
    at_eleven = clock(intervals, 480, now=local(3, 11))
    at_three = clock(intervals, 480, now=local(3, 15))
    # 2 h before the wait + 1 h after it; the 6 h left run from Tuesday 10:00 to 16:00.
    assert at_eleven.elapsed_minutes == 180
    assert at_eleven.deadline == local(3, 16)
    # The deadline does not drift as time passes: the same instant an hour later.
    assert at_three.deadline == local(3, 16)
    assert at_three.elapsed_minutes == 120 + 300


def test_while_paused_there_is_no_deadline_but_the_time_left_is_kept():
    intervals = [
        Interval("open", local(2, 10), local(2, 12)),
        Interval("waiting_requester", local(2, 12)),
    ]
    result = clock(intervals, 480, now=local(4, 17))
    assert result.paused and not result.running and not result.stopped
    assert result.deadline is None
    assert result.elapsed_minutes == 120
    assert result.remaining_minutes == 360


def test_waiting_on_a_third_party_counts_unless_configured_to_pause():
    intervals = [
        Interval("open", local(2, 9), local(2, 10)),
        Interval("waiting_third_party", local(2, 10)),
    ]
    counting = clock(intervals, 480, now=local(2, 12))
    assert counting.elapsed_minutes == 180
    paused = sla_clock(
        intervals,
        target_minutes=480,
        calendar=calendar(),
        now=local(2, 12),
        paused=PAUSED | {"waiting_third_party"},
        stopped=STOPPED,
    )
    assert paused.elapsed_minutes == 60


def test_a_reopen_continues_from_where_the_clock_stood():
    intervals = [
        Interval("open", local(2, 9), local(2, 11)),
        Interval("resolved", local(2, 11), local(4, 9)),
        Interval("open", local(4, 9)),
    ]
    reopened = clock(intervals, 240, now=local(4, 10))
    assert reopened.elapsed_minutes == 180
    assert reopened.deadline == local(4, 11)
    resolved = clock(intervals[:2], 240, now=local(3, 17))
    assert resolved.stopped and resolved.met is True and resolved.elapsed_minutes == 120


def test_a_priority_change_midway_applies_the_new_target_to_the_whole_life():
    intervals = [Interval("open", local(2, 9))]
    # Medium: 8 h -> due 17:00. Raised to high (4 h) at 11:00: 2 h spent, due 13:00.
    assert clock(intervals, 480, now=local(2, 11)).deadline == local(2, 17)
    raised = clock(intervals, 240, now=local(2, 11))
    assert raised.deadline == local(2, 13)
    assert raised.remaining_minutes == 120
    # Raised to critical (1 h) at 11:00: already past; breached since 10:00, not "1 h from now".
    critical = clock(intervals, 60, now=local(2, 11))
    assert critical.breached
    assert critical.deadline == local(2, 10)
    assert critical.remaining_minutes == -60


def test_resolved_exactly_at_the_deadline_is_met_and_a_second_later_is_not():
    on_time = [Interval("open", local(2, 9), local(2, 13)), Interval("resolved", local(2, 13))]
    late = [
        Interval("open", local(2, 9), local(2, 13, 0, 1)),
        Interval("resolved", local(2, 13, 0, 1)),
    ]
    assert clock(on_time, 240, now=local(2, 14)).met is True
    assert clock(late, 240, now=local(2, 14)).met is False
    assert clock(late, 240, now=local(2, 14)).deadline == local(2, 13)


def test_opened_outside_business_hours_starts_at_the_next_opening():
    # Saturday 10:00 with 1 h: due Monday 10:00, not Saturday 11:00.
    assert clock([Interval("new", local(7, 10))], 60, now=local(7, 10)).deadline == local(9, 10)
    # Friday 17:30 with 1 h: 30 min on Friday, 30 on Monday.
    assert clock([Interval("new", local(6, 17, 30))], 60, now=local(6, 17, 30)).deadline == (
        local(9, 9, 30)
    )


def test_the_warning_falls_at_three_quarters_of_the_target():
    result = clock([Interval("open", local(2, 9))], 480, now=local(2, 9))
    assert result.warn_at == local(2, 15)


def test_first_response_stops_at_the_response():
    intervals = [Interval("new", local(2, 9), local(2, 9, 45)), Interval("open", local(2, 9, 45))]
    result = clock(intervals, 60, now=local(2, 12), until=local(2, 9, 45))
    assert result.stopped and result.met is True and result.elapsed_minutes == 45


def test_a_working_saturday_has_the_weekday_hours():
    working = calendar(extra_working_days=frozenset({date(2026, 3, 7)}))
    result = clock([Interval("open", local(6, 17))], 240, now=local(6, 17), cal=working)
    # Friday 17-18 (1 h), Saturday 09:00 + 3 h.
    assert result.deadline == local(7, 12)


def test_the_spring_clock_change_is_measured_in_real_time():
    # A helpdesk open around the clock on Sundays: 29 March 2026 has 23 hours in Sofia.
    always = BusinessCalendar(zone=SOFIA, hours={6: (time(0), time(23, 59))})
    start, end = always.window(date(2026, 3, 29))
    assert end - start == timedelta(hours=22, minutes=59)
    assert always.window(date(2026, 3, 22))[1] - always.window(date(2026, 3, 22))[0] == (
        timedelta(hours=23, minutes=59)
    )


def test_a_calendar_without_hours_and_a_zero_target_are_refused():
    empty = BusinessCalendar(zone=SOFIA, hours={})
    with pytest.raises(NoBusinessHours):
        empty.add(local(2, 9), timedelta(minutes=1))
    with pytest.raises(ValueError, match="positive"):
        clock([Interval("open", local(2, 9))], 0, now=local(2, 10))


@pytest.mark.parametrize(
    ("impact", "urgency", "priority"),
    [(1, 1, 1), (1, 2, 2), (2, 1, 2), (2, 2, 3), (1, 3, 3), (3, 1, 3), (2, 3, 4), (3, 3, 4)],
)
def test_priority_from_impact_and_urgency(impact, urgency, priority):
    assert priority_of(impact, urgency) == priority

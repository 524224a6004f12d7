"""The classifier of worked time (scheduling.domain.classify): plain intervals in, minutes out.

Every case is worked out by hand in the docstring's rules: UTC durations, a session belongs to the
local date it started on, night/weekend/holiday minutes fall where they are on the clock, daily
then weekly overtime (the crossing day carries it), and the night factor rounded once.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from scheduling.domain.classify import (
    Day,
    Thresholds,
    Work,
    classify,
    night_bonus_minutes,
    to_hours,
)
from scheduling.domain.times import instant

SOFIA = ZoneInfo("Europe/Sofia")
BG = Thresholds(daily_minutes=480, weekly_minutes=2400, night_factor=Decimal("1.143"))


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return instant(day, time(hour, minute), SOFIA)


def session(day: date, start: int, end: int, *breaks: tuple[int, int]) -> Work:
    """A session from ``start`` o'clock on ``day`` to ``end`` o'clock (the next day if earlier);
    breaks as (hour, length in minutes)."""
    end_day = day + timedelta(days=1) if end <= start else day
    pauses = []
    for hour, length in breaks:
        break_day = day if hour >= start else end_day
        begin = at(break_day, hour)
        pauses.append((begin, begin + timedelta(minutes=length)))
    return Work(at(day, start), at(end_day, end), tuple(pauses))


def one_day(result) -> Day:
    assert len(result.days) == 1
    return next(iter(result.days.values()))


def test_a_night_shift_over_midnight_is_one_day_of_the_evening_it_started():
    wednesday = date(2026, 6, 10)
    work = session(wednesday, 22, 6, (2, 60))

    result = classify([work], start=date(2026, 6, 1), end=date(2026, 6, 30), thresholds=BG)

    assert list(result.days) == [wednesday]
    assert result.days[wednesday] == Day(
        wednesday, worked=420, regular=420, overtime=0, night=420, weekend=0, holiday=0
    )
    assert result.totals() == {
        "worked": 420,
        "regular": 420,
        "overtime": 0,
        "night": 420,
        "weekend": 0,
        "holiday": 0,
    }


def test_the_spring_clock_change_night_is_one_hour_shorter():
    saturday = date(2027, 3, 27)
    work = session(saturday, 22, 6)
    assert work.end - work.start == timedelta(minutes=420)

    day = one_day(classify([work], start=date(2027, 3, 1), end=date(2027, 3, 31), thresholds=BG))

    assert day == Day(saturday, worked=420, regular=420, overtime=0, night=420, weekend=420)
    # With the break in the lost hour's neighbourhood: 02:00-02:30 local, still 30 min.
    with_break = session(saturday, 22, 6, (2, 30))
    day = one_day(
        classify([with_break], start=date(2027, 3, 1), end=date(2027, 3, 31), thresholds=BG)
    )
    assert (day.worked, day.night, day.weekend) == (390, 390, 390)


def test_the_autumn_clock_change_night_is_one_hour_longer_and_has_daily_overtime():
    saturday = date(2026, 10, 24)
    work = session(saturday, 22, 6)
    assert work.end - work.start == timedelta(minutes=540)

    day = one_day(classify([work], start=date(2026, 10, 1), end=date(2026, 10, 31), thresholds=BG))

    assert day == Day(saturday, worked=540, regular=480, overtime=60, night=540, weekend=540)


def test_non_existent_and_repeated_local_times_have_one_meaning():
    # 03:30 does not exist on 2027-03-28: read with the offset before the change (04:30 EEST).
    assert instant(date(2027, 3, 28), time(3, 30), SOFIA) == datetime(
        2027, 3, 28, 1, 30, tzinfo=ZoneInfo("UTC")
    )
    assert instant(date(2027, 3, 28), time(3, 30), SOFIA).astimezone(SOFIA).time() == time(4, 30)
    # 03:30 happens twice on 2026-10-25: the first one (still EEST, UTC+3).
    assert instant(date(2026, 10, 25), time(3, 30), SOFIA) == datetime(
        2026, 10, 25, 0, 30, tzinfo=ZoneInfo("UTC")
    )


def test_holiday_minutes_fall_on_the_holiday_date_only():
    eve, liberation_day = date(2026, 3, 2), date(2026, 3, 3)
    holidays = frozenset({liberation_day})
    night = session(eve, 22, 6, (2, 60))
    evening_before = session(eve - timedelta(days=1), 14, 22, (18, 30))
    day_after = session(liberation_day + timedelta(days=1), 7, 15)  # the 4th: a plain day

    result = classify(
        [evening_before, night, day_after],
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        thresholds=BG,
        holidays=holidays,
    )

    # The night from the eve belongs to the eve, but only its 00:00-06:00 part (less the
    # 02:00-03:00 break) is holiday time.
    assert result.days[eve] == Day(eve, worked=420, regular=420, night=420, holiday=300)
    assert result.days[eve - timedelta(days=1)].holiday == 0  # a Sunday: weekend, not holiday
    assert result.days[eve - timedelta(days=1)].weekend == 450
    assert result.days[liberation_day + timedelta(days=1)].holiday == 0
    assert result.total("holiday") == 300


def test_weekend_minutes_are_counted_where_they_fall_on_the_clock():
    friday, saturday, sunday = date(2026, 6, 12), date(2026, 6, 13), date(2026, 6, 14)
    sessions = [session(friday, 22, 6), session(saturday, 22, 6), session(sunday, 22, 6)]

    result = classify(
        sessions,
        start=date(2026, 6, 1),
        end=date(2026, 6, 30),
        thresholds=Thresholds(daily_minutes=480, weekly_minutes=None),
    )

    assert {d: (v.worked, v.weekend, v.night) for d, v in result.days.items()} == {
        friday: (480, 360, 480),  # Saturday 00:00-06:00
        saturday: (480, 480, 480),  # all of it: Saturday into Sunday
        sunday: (480, 120, 480),  # Sunday 22:00-24:00, Monday is not weekend
    }


def test_daily_overtime_is_what_a_day_works_above_the_threshold():
    day = date(2026, 6, 10)

    result = classify(
        [session(day, 8, 18)], start=date(2026, 6, 1), end=date(2026, 6, 30), thresholds=BG
    )

    assert one_day(result) == Day(day, worked=600, regular=480, overtime=120)


def test_two_sessions_on_one_day_add_up_before_the_daily_threshold():
    day = date(2026, 6, 10)

    result = classify(
        [session(day, 6, 11), session(day, 15, 20)],
        start=date(2026, 6, 1),
        end=date(2026, 6, 30),
        thresholds=BG,
    )

    assert one_day(result) == Day(day, worked=600, regular=480, overtime=120)


def test_weekly_overtime_is_carried_by_the_day_the_week_crosses_the_threshold():
    monday = date(2026, 6, 8)
    days = [monday + timedelta(days=n) for n in range(5)]

    result = classify(
        [session(d, 7, 18) for d in days],  # 11 h each
        start=date(2026, 6, 1),
        end=date(2026, 6, 30),
        thresholds=Thresholds(daily_minutes=None, weekly_minutes=2400),
    )

    # Running: 660, 1320, 1980, 2640 (Thursday crosses 2400 by 240), 3300.
    assert [result.days[d].overtime for d in days] == [0, 0, 0, 240, 660]
    assert [result.days[d].regular for d in days] == [660, 660, 660, 420, 0]
    assert (result.total("worked"), result.total("overtime")) == (3300, 900)


def test_daily_overtime_does_not_count_towards_the_weekly_threshold_twice():
    monday = date(2026, 6, 8)
    days = [monday + timedelta(days=n) for n in range(6)]

    result = classify(
        [session(d, 8, 17) for d in days],  # 9 h each, Monday to Saturday
        start=date(2026, 6, 1),
        end=date(2026, 6, 30),
        thresholds=BG,
    )

    # 60 daily overtime each day; the 480 straight minutes reach 2400 on Friday exactly, so all
    # of Saturday's straight minutes are weekly overtime.
    assert [result.days[d].overtime for d in days] == [60, 60, 60, 60, 60, 540]
    assert (result.total("worked"), result.total("regular"), result.total("overtime")) == (
        3240,
        2400,
        840,
    )


@pytest.mark.parametrize(
    ("weekly", "june_overtime", "july_overtime"),
    [
        (2400, {}, {date(2026, 7, 2): 240, date(2026, 7, 3): 660}),
        (
            1200,
            {date(2026, 6, 30): 120},
            {date(2026, 7, 1): 660, date(2026, 7, 2): 660, date(2026, 7, 3): 660},
        ),
    ],
)
def test_weekly_overtime_across_a_period_boundary_is_counted_once(
    weekly, june_overtime, july_overtime
):
    """The week of Monday 29 June 2026 starts in June and ends in July."""
    week_start = date(2026, 6, 29)
    days = [week_start + timedelta(days=n) for n in range(5)]
    sessions = [session(d, 7, 18) for d in days]  # 11 h each
    rules = Thresholds(daily_minutes=None, weekly_minutes=weekly)

    june = classify(sessions, start=date(2026, 6, 1), end=date(2026, 6, 30), thresholds=rules)
    july = classify(sessions, start=date(2026, 7, 1), end=date(2026, 7, 31), thresholds=rules)
    week = classify(sessions, start=week_start, end=date(2026, 7, 5), thresholds=rules)

    assert list(june.days) == [date(2026, 6, 29), date(2026, 6, 30)]
    assert list(july.days) == [date(2026, 7, 1), date(2026, 7, 2), date(2026, 7, 3)]
    assert {d: v.overtime for d, v in june.days.items() if v.overtime} == june_overtime
    assert {d: v.overtime for d, v in july.days.items() if v.overtime} == july_overtime
    for category in ("worked", "regular", "overtime", "night", "weekend", "holiday"):
        assert june.total(category) + july.total(category) == week.total(category), category
    assert week.total("overtime") == 3300 - weekly


def test_sessions_outside_the_period_and_its_first_week_are_ignored():
    result = classify(
        [session(date(2026, 6, 21), 7, 15), session(date(2026, 8, 3), 7, 15)],
        start=date(2026, 7, 1),
        end=date(2026, 7, 31),
        thresholds=BG,
    )

    assert result.days == {}
    assert result.total("worked") == 0


def test_the_night_factor_gives_exact_extra_minutes_rounded_once_in_hours():
    factor = Decimal("1.143")

    assert night_bonus_minutes(420, factor) == Decimal("60.060")
    assert to_hours(night_bonus_minutes(420, factor)) == Decimal("1.00")
    # Ten 7 h nights: 600.6 extra minutes = 10.01 h; rounding each night first would give 10.00.
    assert night_bonus_minutes(4200, factor) == Decimal("600.600")
    assert to_hours(night_bonus_minutes(4200, factor)) == Decimal("10.01")
    assert sum(to_hours(night_bonus_minutes(420, factor)) for _ in range(10)) == Decimal("10.00")
    # Half up, not half even: 900 night minutes -> 128.7 extra minutes = 2.145 h -> 2.15.
    assert night_bonus_minutes(900, factor) == Decimal("128.700")
    assert to_hours(night_bonus_minutes(900, factor)) == Decimal("2.15")
    assert night_bonus_minutes(420, None) == Decimal(0)
    assert night_bonus_minutes(420, Decimal("1.000")) == Decimal(0)


def test_minutes_to_hours():
    assert to_hours(450) == Decimal("7.50")
    assert str(to_hours(450)) == "7.50"
    assert to_hours(0) == Decimal("0.00")
    assert to_hours(1) == Decimal("0.02")  # 0.01666... half up
    assert to_hours(-60) == Decimal("-1.00")


def test_work_pieces_leave_out_breaks_clipped_to_the_session():
    day = date(2026, 6, 10)
    work = Work(
        at(day, 8),
        at(day, 17),
        (
            (at(day, 15), at(day, 15, 15)),  # given out of order
            (at(day, 12), at(day, 12, 30)),
            (at(day, 12, 15), at(day, 12, 45)),  # overlaps the one before
            (at(day, 7), at(day, 8, 10)),  # starts before the session
            (at(day, 18), at(day, 19)),  # after the session: nothing
        ),
    )

    assert work.pieces() == [
        (at(day, 8, 10), at(day, 12)),
        (at(day, 12, 45), at(day, 15)),
        (at(day, 15, 15), at(day, 17)),
    ]
    assert work.day == day
    assert Work(at(day, 8), at(day, 9)).pieces() == [(at(day, 8), at(day, 9))]
    day_result = one_day(classify([work], start=day, end=day, thresholds=BG))
    assert day_result.worked == 230 + 135 + 105

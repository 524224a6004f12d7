"""Working time as the Bulgarian Labour Code (KT) counts it: the regime's classification, the
buckets by kind of day, the period norm, the caps of KT art. 146 and the minors' night.

Every figure is worked out by hand in the test's docstring. The calendar of March 2026: 22
weekdays (2-6, 9-13, 16-20, 23-27, 30-31) less Liberation Day, Tuesday 3 March (an official
holiday, KT art. 154(1)) = 21 working days; a full-time norm of 21 x 8 h = 168 h = 10,080 min.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from scheduling.domain.classify import (
    Summarised,
    Thresholds,
    Work,
    classify,
    classify_regime,
    night_bonus_minutes,
)
from scheduling.domain.rules import Person, Slot
from scheduling.domain.times import instant
from scheduling.domain.worktime import (
    WORKTIME_PRESETS,
    Caps,
    PlannedPerson,
    Regime,
    accounting_period,
    overtime_breaches,
    period_norm_minutes,
    roster_limit_conflicts,
)

SOFIA = ZoneInfo("Europe/Sofia")
BG_CAPS = Caps(
    year=9000,
    month_day=1800,
    month_night=1200,
    week_day=360,
    week_night=240,
    two_days_day=180,
    two_days_night=120,
)
DAILY = Regime(
    accounting="daily",
    night_shift_minutes=240,
    night_factor=Decimal("1.143"),
    max_night_shift_minutes=420,
    caps=BG_CAPS,
    young_minor_night_start=time(20),
)
SUMMARISED = replace(DAILY, accounting="summarised")
TH = Thresholds(daily_minutes=None, weekly_minutes=2400, night_factor=Decimal("1.143"))
LIBERATION_DAY = date(2026, 3, 3)
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
MARCH_NORM = 21 * 480


def at(day: date, hour: int) -> datetime:
    return instant(day, time(hour), SOFIA)


def work(day: date, start: int, end: int) -> Work:
    """From ``start`` o'clock on ``day`` to ``end`` o'clock (the next day when not later)."""
    end_day = day + timedelta(days=1) if end <= start else day
    return Work(at(day, start), at(end_day, end))


def calendar_person(
    first: date, last: date, *, holidays=frozenset(), daily=480, working_saturdays=frozenset()
):
    """A Monday-to-Friday person on the calendar's schedule: kinds and planned minutes."""
    kinds, planned = {}, {}
    day = first
    while day <= last + timedelta(days=1):
        if day in holidays:
            kinds[day] = "holiday"
        elif day.weekday() < 5 or day in working_saturdays:  # noqa: PLR2004
            kinds[day] = "working"
            planned[day] = daily
        else:
            kinds[day] = "rest"
        day += timedelta(days=1)
    return kinds, planned


def daily(sessions, *, start=MARCH[0], end=MARCH[1], daily_minutes=480, **calendar):
    kinds, planned = calendar_person(start, end, daily=daily_minutes, **calendar)
    return classify_regime(
        sessions,
        start=start,
        end=end,
        regime=DAILY,
        thresholds=TH,
        kinds=kinds,
        planned=planned,
        daily_minutes=daily_minutes,
        holidays=calendar.get("holidays", frozenset()),
    )


def summarised(sessions, *, period=MARCH, norm=MARCH_NORM):
    return classify_regime(
        sessions,
        start=MARCH[0],
        end=MARCH[1],
        regime=SUMMARISED,
        thresholds=TH,
        kinds={},
        planned={},
        daily_minutes=480,
        holidays=frozenset({LIBERATION_DAY}),
        summarised=Summarised(period[0], period[1], norm),
    )


THIRTEEN_DAYS = [
    date(2026, 3, d) for d in (2, 4, 5, 6, 9, 10, 11, 12, 16, 17, 18, 23, 24)
]  # four 12 h shifts in each of the first two weeks, then three and two


def test_summarised_month_below_the_norm_has_no_overtime_kt_art_142():
    """13 day shifts of 12 h = 156 h = 9,360 min, below the norm of 10,080 min: no overtime.
    Counting 40 h a week instead gave 2 weeks x (48 - 40) h = 16 h (960 min) of overtime."""
    sessions = [work(d, 8, 20) for d in THIRTEEN_DAYS]

    result = summarised(sessions)

    assert (result.total("worked"), result.total("overtime")) == (9360, 0)
    assert (result.norm, result.period_converted, result.period_closed) == (10080, 9360, True)
    old = classify(sessions, start=MARCH[0], end=MARCH[1], thresholds=TH)
    assert old.total("overtime") == 960  # the wrong rule this replaces


def test_summarised_month_with_night_shifts_above_the_norm_nsorz_art_9():
    """10 day shifts 08-20 (7,200 min) and 4 night shifts 20-08 (2,880 min, 480 of them 22-06
    each) = 10,080 min, exactly the norm. Night shifts (at least 4 night hours, KT art. 141(2))
    are converted: 480 x 0.143 = 68.64 extra per night, x 4 = 274.56; 10,354.56 -> 10,355 min,
    275 min above the norm: overtime under summarised accounting (+50 %, KT art. 262(1)4)."""
    days = [date(2026, 3, d) for d in (2, 4, 5, 6, 9, 10, 11, 12, 16, 17)]
    nights = [date(2026, 3, d) for d in (19, 20, 23, 24)]
    sessions = [work(d, 8, 20) for d in days] + [work(d, 20, 8) for d in nights]

    result = summarised(sessions)

    assert result.total("worked") == 10080
    assert result.total("night") == 1920
    assert result.night_converted == 275
    assert result.overtime_summarised == 275
    totals = result.totals()
    assert (totals["overtime"], totals["overtime_summarised"], totals["regular"]) == (
        275,
        275,
        10080 - 275,
    )
    assert totals["overtime_workday"] == totals["overtime_rest_day"] == 0
    # A shift with fewer than 4 night hours is a day shift and is not converted.
    assert SUMMARISED.converted(600, 180) == Decimal(600)
    assert SUMMARISED.converted(720, 480) == Decimal("788.640")


def test_summarised_overtime_waits_for_the_end_of_the_accounting_period_kt_art_142():
    """Same work in a March-April period: March is not its end, so no overtime yet; the running
    figure (10,355 converted min) is shown against the period's norm."""
    days = [date(2026, 3, d) for d in (2, 4, 5, 6, 9, 10, 11, 12, 16, 17)]
    nights = [date(2026, 3, d) for d in (19, 20, 23, 24)]
    sessions = [work(d, 8, 20) for d in days] + [work(d, 20, 8) for d in nights]

    result = summarised(sessions, period=(date(2026, 3, 1), date(2026, 4, 30)), norm=20000)

    assert (result.period_closed, result.total("overtime"), result.period_converted) == (
        False,
        0,
        10355,
    )
    assert accounting_period(date(2026, 3, 15), months=2) == (date(2026, 3, 1), date(2026, 4, 30))
    assert accounting_period(date(2026, 6, 15), months=4) == (date(2026, 5, 1), date(2026, 8, 31))
    assert accounting_period(date(2027, 1, 15), months=3, first_month=11) == (
        date(2026, 11, 1),
        date(2027, 1, 31),
    )


def test_norm_is_working_days_times_daily_hours_less_absences_nrvpo_art_9a():
    """March 2026: 21 working days x 480 = 10,080; with 2.5 working days of sick leave
    18.5 x 480 = 8,880; a 4-hour part-timer: 21 x 240 = 5,040."""
    assert period_norm_minutes(working_days=21, daily_minutes=480) == 10080
    assert (
        period_norm_minutes(working_days=21, daily_minutes=480, absent_working_days=Decimal("2.5"))
        == 8880
    )
    assert period_norm_minutes(working_days=21, daily_minutes=240) == 5040


def test_two_weeks_with_equal_overtime_owe_6_h_and_12_h_kt_art_262_264():
    """Week of 9 March: Monday to Thursday 08-19 (11 h, 3 h beyond the 8 h day) = 12 h of
    working-day overtime, +50 % = 6 h owed. Week of 2 March: the four working days 08-16 and
    Liberation Day (3 March, not scheduled) 08-20 = 12 h of holiday overtime, +100 % = 12 h
    owed, and 12 h of holiday work paid at least double (art. 264) besides."""
    week_a = [work(date(2026, 3, d), 8, 19) for d in (9, 10, 11, 12)] + [
        work(date(2026, 3, 13), 8, 16)
    ]
    week_b = [work(date(2026, 3, d), 8, 16) for d in (2, 4, 5, 6)] + [work(LIBERATION_DAY, 8, 20)]
    holidays = frozenset({LIBERATION_DAY})

    a = daily(week_a, holidays=holidays).totals()
    b = daily(week_b, holidays=holidays).totals()

    assert a["overtime"] == b["overtime"] == 720
    assert (a["overtime_workday"], a["overtime_holiday"], a["holiday"]) == (720, 0, 0)
    assert (b["overtime_workday"], b["overtime_holiday"], b["holiday"]) == (0, 720, 720)
    owed = {
        "a": a["overtime_workday"] * Decimal("0.5"),
        "b": b["overtime_holiday"] * Decimal("1.0"),
    }
    assert owed == {"a": 360, "b": 720}  # 6 h and 12 h


def test_a_saturday_worked_by_a_monday_to_friday_person_is_rest_day_overtime_kt_art_143():
    """Saturday 14 March 08-16 for a Monday-to-Friday person: 480 min of rest-day overtime
    (+75 %, KT art. 262(1)2) and 480 min on a rest day. On a working Saturday (the calendar's
    working day) the same 8 h are the schedule: no overtime, no rest-day minutes."""
    saturday = date(2026, 3, 14)

    plain = daily([work(saturday, 8, 16)]).totals()
    working = daily([work(saturday, 8, 16)], working_saturdays=frozenset({saturday})).totals()

    assert (plain["overtime_rest_day"], plain["overtime"], plain["weekend"]) == (480, 480, 480)
    assert (working["overtime"], working["weekend"]) == (0, 0)


def test_on_a_shift_schedule_rest_days_are_the_persons_own():
    """A person whose schedule has Saturday 14 March 08-16 and rests on Tuesday 10 March: the
    Saturday is a plain working day (0 overtime), the Tuesday worked 08-16 is 480 min of
    rest-day overtime; "weekend" is never read from the weekday."""
    saturday, tuesday = date(2026, 3, 14), date(2026, 3, 10)
    kinds = {saturday: "working", tuesday: "rest", tuesday + timedelta(days=1): "working"}

    result = classify_regime(
        [work(saturday, 8, 16), work(tuesday, 8, 16)],
        start=MARCH[0],
        end=MARCH[1],
        regime=DAILY,
        thresholds=TH,
        kinds=kinds,
        planned={saturday: 480},
        daily_minutes=480,
    )

    assert result.buckets[saturday]["overtime_rest_day"] == 0
    assert result.days[saturday].weekend == 0
    assert result.buckets[tuesday]["overtime_rest_day"] == 480
    assert result.days[tuesday].weekend == 480


def test_a_part_timers_hours_beyond_the_contract_are_overtime_kt_art_143():
    """A 4-hour part-timer (20 h a week) works Wednesday 11 March 08-14: 360 min, 120 beyond
    the contract's 240: working-day overtime."""
    result = daily([work(date(2026, 3, 11), 8, 14)], daily_minutes=240).totals()

    assert (result["worked"], result["regular"], result["overtime_workday"]) == (360, 240, 120)


def test_the_8th_hour_of_a_night_shift_is_overtime_and_no_factor_is_paid_kt_art_140():
    """Wednesday 11 March 22-06: 480 min, all night; a night shift's normal length is 7 h
    (KT art. 140(1)), so 60 min are working-day overtime, and they are night overtime (the last
    hour, 05-06). Under daily accounting the 1.143 factor adds no paid minutes."""
    result = daily([work(date(2026, 3, 11), 22, 6)])

    totals = result.totals()
    assert (totals["worked"], totals["night"], totals["overtime_workday"]) == (480, 480, 60)
    assert totals["overtime_night"] == 60
    assert night_bonus_minutes(result.total("night"), result.night_factor) == Decimal(0)


def test_the_31_december_night_keeps_its_1_january_holiday_minutes_kt_art_154():
    """Thursday 31 December 2026 22-06 in December's pay period: 480 min worked, of which
    00-06 on New Year's Day (official holiday) = 360 min of holiday work; the night shift's 8th
    hour is 60 min of overtime on 31 December, a working day."""
    new_year = date(2027, 1, 1)
    result = daily(
        [work(date(2026, 12, 31), 22, 6)],
        start=date(2026, 12, 1),
        end=date(2026, 12, 31),
        holidays=frozenset({new_year}),
    )

    day = result.days[date(2026, 12, 31)]
    assert (day.worked, day.holiday, day.night) == (480, 360, 480)
    assert result.buckets[date(2026, 12, 31)]["overtime_workday"] == 60


def test_2_january_2026_is_a_rest_day_not_a_holiday():
    """Friday 2 January 2026, a non-working day by government decision: not an official holiday,
    so 08-16 worked is 480 min of rest-day overtime (+75 %) and no holiday work."""
    second = date(2026, 1, 2)
    kinds, planned = calendar_person(date(2026, 1, 1), date(2026, 1, 31))
    kinds[second] = "rest"
    planned.pop(second)

    result = classify_regime(
        [work(second, 8, 16)],
        start=date(2026, 1, 1),
        end=date(2026, 1, 31),
        regime=DAILY,
        thresholds=TH,
        kinds=kinds,
        planned=planned,
        daily_minutes=480,
        holidays=frozenset({date(2026, 1, 1)}),
    )

    totals = result.totals()
    assert (totals["overtime_rest_day"], totals["holiday"], totals["overtime_holiday"]) == (
        480,
        0,
        0,
    )


# --- KT art. 146: each cap just under and just over -----------------------------------------

MONDAY = date(2026, 3, 9)


@pytest.mark.parametrize(
    ("code", "overtime", "breached"),
    [
        # 30 h by day a month: five weeks' overtime spread so no week or pair breaks its cap.
        ("overtime_month", {date(2026, 3, d): (360, 0) for d in (2, 9, 16, 23, 30)}, False),
        (
            "overtime_month",
            {**{date(2026, 3, d): (360, 0) for d in (2, 9, 16, 23, 30)}, date(2026, 3, 27): (1, 0)},
            True,
        ),
        # 20 h by night a month.
        ("overtime_month", {date(2026, 3, d): (0, 240) for d in (2, 9, 16, 23, 30)}, False),
        (
            "overtime_month",
            {**{date(2026, 3, d): (0, 240) for d in (2, 9, 16, 23, 30)}, date(2026, 3, 27): (0, 1)},
            True,
        ),
        # 6 h by day a week: 180 on Monday and Wednesday (not consecutive working days).
        ("overtime_week", {MONDAY: (180, 0), MONDAY + timedelta(days=3): (180, 0)}, False),
        ("overtime_week", {MONDAY: (180, 0), MONDAY + timedelta(days=3): (181, 0)}, True),
        # 4 h by night a week.
        ("overtime_week", {MONDAY: (0, 120), MONDAY + timedelta(days=3): (0, 120)}, False),
        ("overtime_week", {MONDAY: (0, 120), MONDAY + timedelta(days=3): (0, 121)}, True),
        # 3 h by day over two consecutive working days.
        ("overtime_two_days", {MONDAY: (90, 0), MONDAY + timedelta(days=1): (90, 0)}, False),
        ("overtime_two_days", {MONDAY: (90, 0), MONDAY + timedelta(days=1): (91, 0)}, True),
        # 2 h by night over two consecutive working days.
        ("overtime_two_days", {MONDAY: (0, 60), MONDAY + timedelta(days=1): (0, 60)}, False),
        ("overtime_two_days", {MONDAY: (0, 60), MONDAY + timedelta(days=1): (0, 61)}, True),
    ],
)
def test_each_overtime_cap_just_under_and_just_over_kt_art_146(code, overtime, breached):
    """Thursday is not next to Monday in a Monday-to-Thursday-worked week: worked days are
    Monday and Thursday only when those are the days given."""
    codes = {breach.code for breach in overtime_breaches(overtime, BG_CAPS)}

    assert (code in codes) is breached


def test_mixed_day_and_night_overtime_weighs_a_night_minute_one_and_a_half():
    """A week worked Monday to Friday: 90 min by day on Monday and Wednesday, 60 by night on
    Tuesday and Thursday: 180 + 120 x 1.5 = 360, the weekly day cap exactly (each pair of days:
    90 + 60 x 1.5 = 180, the two-day cap exactly). One more minute by day on Friday: 361, over
    the week's cap only."""
    worked = [MONDAY + timedelta(days=n) for n in range(5)]
    overtime = {
        MONDAY: (90, 0),
        MONDAY + timedelta(days=1): (0, 60),
        MONDAY + timedelta(days=2): (90, 0),
        MONDAY + timedelta(days=3): (0, 60),
    }

    assert not overtime_breaches(overtime, BG_CAPS, worked_days=worked)
    breaches = overtime_breaches(
        {**overtime, MONDAY + timedelta(days=4): (1, 0)}, BG_CAPS, worked_days=worked
    )
    assert [(b.code, b.minutes) for b in breaches] == [("overtime_week", 361)]


def test_the_yearly_cap_counts_the_overtime_approved_before_kt_art_146():
    """148 h (8,880 min) already approved this year; 2 h more is 150 h exactly; 2 h 1 min is
    over."""
    assert not overtime_breaches({MONDAY: (120, 0)}, BG_CAPS, year_before=8880)
    breaches = overtime_breaches({MONDAY: (121, 0)}, BG_CAPS, year_before=8880)
    assert [(b.code, b.minutes) for b in breaches] == [("overtime_year", 9001)]
    assert breaches[0].message == "150:01 h overtime in 2026 (at most 150 h a year)."


# --- the roster ------------------------------------------------------------------------------


def slot(key, day: date, start: int, end: int, *, paid: int | None = None, employee=1) -> Slot:
    end_day = day + timedelta(days=1) if end <= start else day
    begin, finish = at(day, start), at(end_day, end)
    length = int((finish - begin).total_seconds() // 60)
    return Slot(key, employee, day, begin, finish, paid if paid is not None else length)


def test_an_under_16_evening_shift_is_refused_from_20_00_kt_art_140():
    """Born 1 June 2010 (18 on 1 June 2028, 16 on 1 June 2026): on 10 March 2026 the person is
    15. A 16:00-21:00 shift runs an hour into their night (20:00-06:00); 14:00-20:00 does not.
    A 17-year-old's night starts at 22:00: 16:00-21:00 is allowed."""
    day = date(2026, 3, 10)
    fifteen = {1: Person(1, date(2025, 1, 1), adult_from=date(2028, 6, 1))}
    seventeen = {1: Person(1, date(2025, 1, 1), adult_from=date(2027, 1, 1))}
    facts = {1: PlannedPerson(daily_minutes=420, week_minutes=2100)}

    late = roster_limit_conflicts([slot("late", day, 16, 21)], fifteen, DAILY, facts, zone=SOFIA)
    early = roster_limit_conflicts([slot("early", day, 14, 20)], fifteen, DAILY, facts, zone=SOFIA)
    older = roster_limit_conflicts([slot("late", day, 16, 21)], seventeen, DAILY, facts, zone=SOFIA)

    assert [c.code for c in late["late"]] == ["night_young_minor"]
    assert late["late"][0].message == "A person under 16 may not work between 20:00 and 06:00."
    assert early == {} and older == {}


def test_a_minor_may_not_be_planned_overtime_kt_art_147():
    """A 17-year-old's day is 7 h (420 min); an 8 h shift plans 60 min of overtime."""
    people = {1: Person(1, date(2025, 1, 1), adult_from=date(2027, 1, 1))}
    facts = {1: PlannedPerson(daily_minutes=420, week_minutes=2100)}

    found = roster_limit_conflicts(
        [slot("s", date(2026, 3, 10), 8, 16)], people, DAILY, facts, zone=SOFIA
    )

    assert [c.code for c in found["s"]] == ["minor_overtime"]


@pytest.mark.parametrize(("extra", "breached"), [(72, False), (73, True)])
def test_planned_weekly_overtime_cap_in_the_roster_kt_art_146(extra, breached):
    """Five shifts Monday to Friday of 8 h + ``extra`` min: 5 x 72 = 360 = 6 h, the cap; 5 x 73
    = 365 is over, reported on Friday's shift. Two consecutive days: 146 min, under 3 h."""
    people = {1: Person(1, date(2020, 1, 1))}
    facts = {1: PlannedPerson()}
    slots = [slot(f"d{n}", MONDAY + timedelta(days=n), 8, 17, paid=480 + extra) for n in range(5)]

    found = roster_limit_conflicts(slots, people, DAILY, facts, zone=SOFIA)

    codes = {key: [c.code for c in value] for key, value in found.items()}
    assert codes == ({"d4": ["overtime_week"]} if breached else {})


@pytest.mark.parametrize(("shifts", "codes"), [(14, []), (15, ["period_norm"])])
def test_summarised_planned_hours_against_the_period_norm_kt_art_142(shifts, codes):
    """14 shifts of 12 h = 10,080 min = March's norm: no conflict; a 15th (10,800 min) plans
    720 min above the norm, shown on the last shift."""
    people = {1: Person(1, date(2020, 1, 1))}
    facts = {1: PlannedPerson(norm_minutes=MARCH_NORM, norm_period=MARCH)}
    days = [MARCH[0] + timedelta(days=2 * n) for n in range(shifts)]
    slots = [slot(f"s{n}", d, 8, 20) for n, d in enumerate(days)]

    found = roster_limit_conflicts(slots, people, SUMMARISED, facts, zone=SOFIA)

    assert [c.code for c in found.get(f"s{shifts - 1}", [])] == codes
    if codes:
        assert found[f"s{shifts - 1}"][0].message == (
            "180 h planned in the accounting period 01.03.2026 – 31.03.2026, above its norm of "
            "168 h."
        )


@pytest.mark.parametrize(
    ("last", "codes"), [("day", ["period_norm"]), ("night", ["overtime_month", "period_norm"])]
)
def test_summarised_overtime_of_night_shifts_meets_the_20_h_night_cap_kt_art_146(last, codes):
    """March's norm is 10,080 min: 14 day shifts of 08-20 fill it. Two more night shifts of
    20-08 each hold 480 night minutes (22-06) and count 720 + 480 x 0.143 = 788.64 day minutes
    (NSORZ art. 9(2)): 1,577.28, so 1,577 min (26:17 h) above the norm. The overtime is the last
    1,577 planned minutes: both night shifts (1,440 min, 960 of them night) and 08:00-20:00's
    last 137 min (day). 617 day + 960 night minutes weigh 617 + 960 x 30/20 = 2,057 > 1,800:
    over "30 h by day or 20 h by night" (KT art. 146(1)1). Two day shifts instead: 1,440 min
    above the norm, all day, under 30 h; only the norm itself is reported."""
    people = {1: Person(1, date(2020, 1, 1))}
    facts = {1: PlannedPerson(norm_minutes=MARCH_NORM, norm_period=MARCH)}
    days = [MARCH[0] + timedelta(days=n) for n in range(16)]
    slots = [slot(f"s{n}", d, 8, 20) for n, d in enumerate(days[:14])]
    start, end = (20, 8) if last == "night" else (8, 20)
    slots += [slot(f"s{n}", d, start, end) for n, d in enumerate(days[14:], start=14)]

    found = roster_limit_conflicts(slots, people, SUMMARISED, facts, zone=SOFIA)

    assert [c.code for c in found.get("s15", [])] == codes
    if last == "night":
        assert "26:17 h" in found["s15"][0].message
        assert "30 h by day or 20 h by night" in found["s15"][0].message


def test_the_presets_keep_eu_behaviour_and_carry_bulgarias_figures():
    assert WORKTIME_PRESETS["eu"]["accounting"] == "thresholds"
    assert WORKTIME_PRESETS["eu"]["overtime_year_minutes"] is None
    assert WORKTIME_PRESETS["bg"]["accounting"] == "daily"
    assert WORKTIME_PRESETS["bg_summarised"]["accounting"] == "summarised"
    assert WORKTIME_PRESETS["bg"]["overtime_year_minutes"] == 150 * 60
    assert WORKTIME_PRESETS["bg"]["young_minor_night_start"] == time(20)


def test_the_calendar_knows_official_holidays_other_days_off_and_working_saturdays():
    """January 2026: 1 January official; 2 January off by government decision; Saturday 17
    January made a working day. Working days 1-17 January: 12 weekdays less the 2 days off plus
    the Saturday = 11."""
    from hr.workdays import WorkCalendar

    calendar = WorkCalendar(
        working_week=frozenset(range(5)),
        holidays=frozenset({date(2026, 1, 1), date(2026, 1, 2)}),
        extra_working_days=frozenset({date(2026, 1, 17)}),
        official_holidays=frozenset({date(2026, 1, 1)}),
    )

    assert [calendar.kind_of(date(2026, 1, d)) for d in (1, 2, 3, 5, 17)] == [
        "holiday",
        "rest",
        "rest",
        "working",
        "working",
    ]
    assert calendar.working_days(date(2026, 1, 1), date(2026, 1, 17)) == 11

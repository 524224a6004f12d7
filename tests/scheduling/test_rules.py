"""The working-time rule engine (scheduling.domain.rules) and its time helpers (scheduling.domain.times).

Pure functions: no database. Every expectation is exact: which slot, which code, which params.
Dates: the week of Monday 1 June 2026 (Europe/Sofia, +03:00) unless a clock change is the point;
the clock changes are 28 March 2027 (03:00 -> 04:00) and 25 October 2026 (04:00 -> 03:00).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import translation

from scheduling.domain.rules import (
    MESSAGES,
    PRESETS,
    Conflict,
    CoverageLine,
    Limits,
    Need,
    Person,
    Slot,
    check,
    coverage,
)
from scheduling.domain.times import (
    day_window,
    instant,
    minutes,
    monday,
    night_minutes,
    shift_bounds,
)

ZONE = ZoneInfo("Europe/Sofia")
EU = Limits.preset("eu")
BG = Limits.preset("bg")
BG_SUMMARISED = Limits.preset("bg_summarised")

MON = date(2026, 6, 1)  # a Monday; Sofia is on +03:00
SPRING = date(2027, 3, 28)  # Sunday: 03:00 EET -> 04:00 EEST
AUTUMN = date(2026, 10, 25)  # Sunday: 04:00 EEST -> 03:00 EET


def day(n: int) -> date:
    """The n-th day after Monday 1 June 2026 (0 = that Monday, 7 = the next one)."""
    return MON + timedelta(days=n)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def shift(
    key: object,
    on: date,
    start: str,
    end: str,
    *,
    pause: int = 0,
    employee: int | None = 1,
    skill: int | None = None,
    template: int | None = None,
    checked: bool = True,
) -> Slot:
    """A slot built the way the app builds a shift: an end at or before the start is next day."""
    start_at, end_at = time.fromisoformat(start), time.fromisoformat(end)
    begin, finish = shift_bounds(
        on, start_at, end_at, crosses_midnight=end_at <= start_at, zone=ZONE
    )
    return Slot(
        key=key,
        employee=employee,
        day=on,
        start=begin,
        end=finish,
        paid_minutes=minutes(begin, finish) - pause,
        skill=skill,
        template=template,
        checked=checked,
    )


def person(pk: int = 1, **kwargs) -> Person:
    kwargs.setdefault("hire_date", date(2020, 1, 1))
    return Person(pk, **kwargs)


def c(key: object, code: str, **params: str) -> Conflict:
    return Conflict(key, code, tuple(sorted(params.items())))


def _order(found: list[Conflict]) -> list[Conflict]:
    return sorted(found, key=lambda conflict: (conflict.code, conflict.params))


def expect(*conflicts: Conflict) -> dict[object, list[Conflict]]:
    grouped: dict[object, list[Conflict]] = {}
    for conflict in conflicts:
        grouped.setdefault(conflict.key, []).append(conflict)
    return {key: _order(found) for key, found in grouped.items()}


def run(
    slots: list[Slot],
    limits: Limits = EU,
    *people: Person,
    skill_names: dict[int, str] | None = None,
    only: str | None = None,
) -> dict[object, list[Conflict]]:
    """``check`` with the conflicts of each slot in a stable order (optionally of one code)."""
    everyone = {p.id: p for p in people} if people else {1: person()}
    result = check(slots, everyone, limits, zone=ZONE, skill_names=skill_names)
    ordered = {key: _order(found) for key, found in result.items()}
    if only is not None:
        ordered = {key: [x for x in found if x.code == only] for key, found in ordered.items()}
        ordered = {key: found for key, found in ordered.items() if found}
    return ordered


# --- times ------------------------------------------------------------------------------------


def test_instant_is_utc_in_summer_and_winter():
    assert instant(MON, time(8), ZONE) == utc(2026, 6, 1, 5)
    assert instant(date(2026, 12, 1), time(8), ZONE) == utc(2026, 12, 1, 6)
    assert instant(MON, time(8), ZONE).tzinfo is UTC


def test_instant_of_a_time_that_does_not_exist_lands_an_hour_later_on_the_clock():
    moment = instant(SPRING, time(3, 30), ZONE)
    assert moment == utc(2027, 3, 28, 1, 30)
    local = moment.astimezone(ZONE)
    assert (local.hour, local.minute, local.utcoffset()) == (4, 30, timedelta(hours=3))
    assert moment == instant(SPRING, time(4, 30), ZONE)
    # the last minute before the gap and the first after it are one real minute apart
    assert minutes(instant(SPRING, time(2, 59), ZONE), instant(SPRING, time(4), ZONE)) == 1


def test_instant_of_a_repeated_time_is_its_first_occurrence():
    moment = instant(AUTUMN, time(3, 30), ZONE)
    assert moment == utc(2026, 10, 25, 0, 30)  # 03:30 +03:00, fold=0
    assert moment.astimezone(ZONE).utcoffset() == timedelta(hours=3)
    # the second 03:30 (+02:00) is an hour later and is not what instant() returns
    second = datetime(2026, 10, 25, 3, 30, fold=1, tzinfo=ZONE).astimezone(UTC)
    assert second == utc(2026, 10, 25, 1, 30)
    assert instant(AUTUMN, time(2, 30), ZONE) == utc(2026, 10, 24, 23, 30)
    assert instant(AUTUMN, time(4, 30), ZONE) == utc(2026, 10, 25, 2, 30)
    assert minutes(instant(AUTUMN, time(3), ZONE), instant(AUTUMN, time(4), ZONE)) == 120


@pytest.mark.parametrize(
    ("on", "start", "end", "length"),
    [
        (date(2027, 3, 27), utc(2027, 3, 27, 20), utc(2027, 3, 28, 3), 420),
        (date(2026, 10, 24), utc(2026, 10, 24, 19), utc(2026, 10, 25, 4), 540),
        (MON, utc(2026, 6, 1, 19), utc(2026, 6, 2, 3), 480),
        (date(2026, 12, 1), utc(2026, 12, 1, 20), utc(2026, 12, 2, 4), 480),
    ],
)
def test_a_22_to_06_night_lasts_real_minutes(on, start, end, length):
    bounds = shift_bounds(on, time(22), time(6), crosses_midnight=True, zone=ZONE)
    assert bounds == (start, end)
    assert minutes(*bounds) == length
    window = {"night_start": time(22), "night_end": time(6)}
    assert night_minutes(*bounds, zone=ZONE, **window) == length
    slot = shift("n", on, "22:00", "06:00", pause=60)
    assert slot.paid_minutes == length - 60


def test_shift_bounds_without_crossing_midnight_and_across_the_gap():
    assert shift_bounds(MON, time(8), time(16), crosses_midnight=False, zone=ZONE) == (
        utc(2026, 6, 1, 5),
        utc(2026, 6, 1, 13),
    )
    # 03:30 does not exist on 28 March 2027: the shift starts at 04:30 on the clock
    start, end = shift_bounds(SPRING, time(3, 30), time(11, 30), crosses_midnight=False, zone=ZONE)
    assert (start, end) == (utc(2027, 3, 28, 1, 30), utc(2027, 3, 28, 8, 30))
    assert minutes(start, end) == 420
    # the repeated 03:30 on 25 October 2026 is the first one: 9 real hours to 11:30
    start, end = shift_bounds(AUTUMN, time(3, 30), time(11, 30), crosses_midnight=False, zone=ZONE)
    assert minutes(start, end) == 540


def test_minutes_use_real_time_not_the_wall_clock():
    start = datetime(2026, 10, 24, 22, tzinfo=ZONE)
    end = datetime(2026, 10, 25, 6, tzinfo=ZONE)
    assert end - start == timedelta(hours=8)  # the trap: same-zone subtraction is wall time
    assert minutes(start, end) == 540
    assert minutes(end, start) == -540
    assert minutes(utc(2026, 6, 1, 5), datetime(2026, 6, 1, 8, 0, 59, tzinfo=ZONE)) == 0
    assert minutes(utc(2026, 6, 1, 5), utc(2026, 6, 1, 5, 1, 59)) == 1


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (("22:00", "06:00"), (MON, MON), 480),
        (("20:00", "04:00"), (MON, MON), 360),
        (("05:00", "13:00"), (MON, MON), 60),
        (("14:00", "22:00"), (MON, MON), 0),
        (("06:00", "22:00"), (MON, MON), 0),
        (("21:00", "23:00"), (MON, MON), 60),
        (("04:00", "23:00"), (MON, MON), 180),  # two windows: 04-06 and 22-23
        (("02:00", "10:00"), (SPRING, SPRING), 180),  # 02:00-06:00 on the clock, 3 real hours
        (("02:00", "10:00"), (AUTUMN, AUTUMN), 300),  # 02:00-06:00 on the clock, 5 real hours
    ],
)
def test_night_minutes(start, end, expected):
    on = end[0]
    slot = shift("x", on, *start)
    assert (
        night_minutes(slot.start, slot.end, zone=ZONE, night_start=time(22), night_end=time(6))
        == expected
    )


def test_night_minutes_of_a_window_that_does_not_cross_midnight():
    slot = shift("x", MON, "22:00", "06:00")
    window = {"night_start": time(0), "night_end": time(5)}
    assert night_minutes(slot.start, slot.end, zone=ZONE, **window) == 300
    two_nights = shift_bounds(MON, time(1), time(4), crosses_midnight=False, zone=ZONE)
    assert night_minutes(*two_nights, zone=ZONE, **window) == 180


@pytest.mark.parametrize(
    ("on", "whole", "morning", "afternoon"),
    [(MON, 1440, 720, 720), (SPRING, 1380, 660, 720), (AUTUMN, 1500, 780, 720)],
)
def test_day_window_and_its_halves_split_at_noon(on, whole, morning, afternoon):
    start, end = day_window(on, ZONE)
    assert minutes(start, end) == whole
    assert minutes(*day_window(on, ZONE, "morning")) == morning
    assert minutes(*day_window(on, ZONE, "afternoon")) == afternoon
    assert day_window(on, ZONE, "morning")[1] == day_window(on, ZONE, "afternoon")[0]
    assert day_window(on, ZONE, "morning")[1] == instant(on, time(12), ZONE)
    assert (start, end) == (instant(on, time(0), ZONE), instant(on + timedelta(1), time(0), ZONE))


def test_day_window_exact_instants_on_the_spring_change():
    assert day_window(SPRING, ZONE) == (utc(2027, 3, 27, 22), utc(2027, 3, 28, 21))
    assert day_window(SPRING, ZONE, "afternoon") == (utc(2027, 3, 28, 9), utc(2027, 3, 28, 21))


def test_monday():
    assert [monday(day(n)) for n in range(7)] == [MON] * 7
    assert monday(day(7)) == day(7)
    assert monday(date(2027, 1, 1)) == date(2026, 12, 28)  # a Friday, across the year
    assert monday(AUTUMN) == date(2026, 10, 19)


# --- limits -----------------------------------------------------------------------------------


def test_presets():
    assert (EU.daily_rest_minutes, EU.weekly_rest_minutes, EU.max_shift_minutes) == (660, 2100, 780)
    assert (EU.max_week_minutes, EU.average_week_minutes, EU.reference_weeks) == (None, 2880, 17)
    assert (EU.max_consecutive_days, EU.max_night_shift_minutes) == (6, None)
    assert (BG.daily_rest_minutes, BG.weekly_rest_minutes, BG.max_shift_minutes) == (720, 2880, 480)
    assert (BG.max_week_minutes, BG.average_week_minutes, BG.max_consecutive_days) == (
        2400,
        2400,
        5,
    )
    assert (BG.max_night_shift_minutes, BG.minor_max_shift_minutes) == (420, 420)
    assert BG.minor_max_week_minutes == 2100
    assert (BG_SUMMARISED.weekly_rest_minutes, BG_SUMMARISED.max_week_minutes) == (2160, 3360)
    assert (BG.night_start, BG.night_end) == (time(22), time(6))
    assert Limits() == EU
    assert set(PRESETS) == {"eu", "bg", "bg_summarised"}
    with pytest.raises(KeyError):
        Limits.preset("fr")


# --- daily rest -------------------------------------------------------------------------------


def test_nine_hours_rest_across_midnight_breaks_daily_rest_on_both_shifts():
    slots = [shift("late", day(0), "14:00", "22:00"), shift("early", day(1), "07:00", "15:00")]
    assert minutes(slots[0].end, slots[1].start) == 540
    assert run(slots, EU) == expect(
        c("late", "daily_rest", hours="9", limit="11"),
        c("early", "daily_rest", hours="9", limit="11"),
    )
    assert run(slots, BG) == expect(
        c("late", "daily_rest", hours="9", limit="12"),
        c("early", "daily_rest", hours="9", limit="12"),
    )


def test_twelve_hours_rest_passes_bg():
    slots = [shift("late", day(0), "14:00", "22:00"), shift("next", day(1), "10:00", "18:00")]
    assert run(slots, BG) == {}
    assert run(slots, EU) == {}


def test_one_minute_short_of_twelve_hours_fails_bg_with_minutes_in_the_params():
    slots = [shift("late", day(0), "14:01", "22:01"), shift("next", day(1), "10:00", "18:00")]
    assert run(slots, BG) == expect(
        c("late", "daily_rest", hours="11:59", limit="12"),
        c("next", "daily_rest", hours="11:59", limit="12"),
    )
    assert run(slots, EU) == {}


def test_exactly_eleven_hours_passes_eu_and_fails_bg():
    slots = [shift("late", day(0), "14:00", "22:00"), shift("next", day(1), "09:00", "17:00")]
    assert run(slots, EU) == {}
    assert run(slots, BG) == expect(
        c("late", "daily_rest", hours="11", limit="12"),
        c("next", "daily_rest", hours="11", limit="12"),
    )


def test_back_to_back_shifts_are_zero_rest_not_double_booking():
    slots = [shift("a", day(0), "16:00", "00:00"), shift("b", day(1), "00:00", "08:00")]
    assert run(slots, EU) == expect(
        c("a", "daily_rest", hours="0", limit="11"),
        c("b", "daily_rest", hours="0", limit="11"),
    )


def test_rest_is_real_time_across_the_spring_change():
    # 18:00 on Saturday to 06:00 on Sunday reads 12 h on the clock but is 11 real hours
    slots = [
        shift("sat", date(2027, 3, 27), "10:00", "18:00"),
        shift("sun", SPRING, "06:00", "14:00"),
    ]
    assert minutes(slots[0].end, slots[1].start) == 660
    assert run(slots, EU) == {}
    assert run(slots, BG) == expect(
        c("sat", "daily_rest", hours="11", limit="12"),
        c("sun", "daily_rest", hours="11", limit="12"),
    )


def test_rest_is_real_time_across_the_autumn_change():
    # 18:00 on Saturday to 05:00 on Sunday reads 11 h on the clock but is 12 real hours
    slots = [
        shift("sat", date(2026, 10, 24), "10:00", "18:00"),
        shift("sun", AUTUMN, "05:00", "13:00"),
    ]
    assert minutes(slots[0].end, slots[1].start) == 720
    assert run(slots, BG) == {}


def test_rest_after_the_night_of_the_autumn_change():
    night = shift("night", date(2026, 10, 24), "22:00", "06:00", pause=60)
    evening = shift("evening", AUTUMN, "17:00", "23:00")
    assert minutes(night.start, night.end) == 540
    assert night.paid_minutes == 480
    assert minutes(night.end, evening.start) == 660
    assert run([night, evening], EU) == {}
    assert run([night, evening], BG) == expect(
        c("night", "daily_rest", hours="11", limit="12"),
        c("night", "night_length", hours="8", limit="7"),
        c("evening", "daily_rest", hours="11", limit="12"),
    )


def test_rest_after_the_night_of_the_spring_change():
    night = shift("night", date(2027, 3, 27), "22:00", "06:00")
    evening = shift("evening", SPRING, "17:00", "23:00")
    assert (minutes(night.start, night.end), night.paid_minutes) == (420, 420)
    assert minutes(night.end, evening.start) == 660
    # 420 paid minutes is not more than BG's 7 h night shift
    assert run([night, evening], BG) == expect(
        c("night", "daily_rest", hours="11", limit="12"),
        c("evening", "daily_rest", hours="11", limit="12"),
    )


def test_slot_order_does_not_matter():
    slots = [
        shift("c", day(2), "07:00", "15:00"),
        shift("a", day(0), "14:00", "22:00"),
        shift("b", day(1), "14:00", "22:00"),
    ]
    assert run(slots, EU) == run(list(reversed(slots)), EU)
    assert run(slots, EU) == expect(
        c("b", "daily_rest", hours="9", limit="11"),
        c("c", "daily_rest", hours="9", limit="11"),
    )


# --- weekly rest ------------------------------------------------------------------------------


def _week_with_one_24_hour_rest() -> list[Slot]:
    """Mon-Sat 08:00-16:00, Sun 16:00-24:00 and the next Monday 08:00 (context)."""
    slots = [shift(f"d{n}", day(n), "08:00", "16:00") for n in range(6)]
    slots.append(shift("d6", day(6), "16:00", "00:00"))
    slots.append(shift("next", day(7), "08:00", "16:00", checked=False))
    return slots


def test_a_week_with_only_24_hours_off_fails_weekly_rest():
    slots = _week_with_one_24_hour_rest()
    longest = max(minutes(a.end, b.start) for a, b in zip(slots, slots[1:], strict=False))
    assert longest == 24 * 60
    assert run(slots, EU, only="weekly_rest") == expect(
        c("d6", "weekly_rest", limit="35", week="01.06.2026")
    )
    assert run(slots, BG, only="weekly_rest") == expect(
        c("d6", "weekly_rest", limit="48", week="01.06.2026")
    )


def test_two_days_off_in_a_row_keep_weekly_rest():
    slots = [shift(f"d{n}", day(n), "08:00", "16:00") for n in range(5)]
    slots.append(shift("next", day(7), "08:00", "16:00", checked=False))
    assert minutes(slots[4].end, slots[5].start) == 64 * 60
    assert run(slots, EU) == {}
    assert run(slots, BG) == {}


def test_exactly_35_hours_passes_eu_and_fails_bg():
    slots = [shift(f"d{n}", day(n), "08:00", "16:00") for n in range(5)]
    slots.append(shift("sat", day(5), "13:00", "21:00"))
    slots.append(shift("next", day(7), "08:00", "16:00", checked=False))
    assert minutes(slots[5].end, slots[6].start) == 35 * 60
    assert run(slots, EU) == {}
    assert run(slots, BG, only="weekly_rest") == expect(
        c("sat", "weekly_rest", limit="48", week="01.06.2026")
    )


def test_one_minute_short_of_35_hours_fails_eu():
    slots = [shift(f"d{n}", day(n), "08:00", "16:00") for n in range(5)]
    slots.append(shift("sat", day(5), "13:01", "21:01"))
    slots.append(shift("next", day(7), "08:00", "16:00", checked=False))
    assert run(slots, EU) == expect(c("sat", "weekly_rest", limit="35", week="01.06.2026"))


def test_weekly_rest_may_run_on_into_the_next_week():
    # Saturday 20:00 to Monday 08:00: 36 h, only 28 of them in this week
    slots = [shift(f"d{n}", day(n), "08:00", "16:00") for n in range(5)]
    slots.append(shift("sat", day(5), "12:00", "20:00"))
    slots.append(shift("next", day(7), "08:00", "16:00", checked=False))
    assert run(slots, EU) == {}


def test_weekly_rest_must_start_in_the_week():
    # Sunday 14:00 (last week) to Tuesday 08:00 is 42 h but starts before this week's Monday
    slots = [shift("last_sunday", day(6), "06:00", "14:00", checked=False)]
    slots += [shift(f"d{n}", day(n), "08:00", "16:00") for n in range(8, 14)]
    slots.append(shift("next", day(14), "08:00", "16:00", checked=False))
    assert minutes(slots[0].end, slots[1].start) == 42 * 60
    assert run(slots, EU) == expect(c("d13", "weekly_rest", limit="35", week="08.06.2026"))


def test_weekly_rest_starting_at_midnight_on_monday_counts_for_that_week():
    slots = [shift("last_sunday", day(6), "16:00", "00:00", checked=False)]
    slots += [shift(f"d{n}", day(n), "12:00", "20:00") for n in range(8, 14)]
    slots.append(shift("next", day(14), "08:00", "16:00", checked=False))
    assert slots[0].end == day_window(day(7), ZONE)[0]
    assert minutes(slots[0].end, slots[1].start) == 36 * 60
    assert run(slots, EU) == {}


def test_no_shift_after_the_week_is_rest_without_end():
    slots = [shift(f"d{n}", day(n), "14:00", "22:00") for n in range(6)]
    slots.append(shift("sun", day(6), "14:00", "23:30"))
    assert run(slots, EU) == expect(c("sun", "consecutive_days", days="7", limit="6"))


def test_weekly_rest_across_the_autumn_change_is_real_time():
    # Saturday 21:00 to Monday 07:00 reads 34 h on the clock; the extra hour makes it 35
    saturday = date(2026, 10, 24)
    slots = [shift(f"d{n}", saturday - timedelta(n), "08:00", "16:00") for n in range(1, 6)]
    slots.append(shift("sat", saturday, "13:00", "21:00"))
    slots.append(shift("next", date(2026, 10, 26), "07:00", "15:00", checked=False))
    assert minutes(slots[5].end, slots[6].start) == 35 * 60
    assert run(slots, EU) == {}


def test_weekly_rest_across_the_spring_change_is_real_time():
    # Saturday 20:00 to Monday 07:00 reads 35 h on the clock but is 34 real hours
    saturday = date(2027, 3, 27)
    slots = [shift(f"d{n}", saturday - timedelta(n), "08:00", "16:00") for n in range(1, 6)]
    slots.append(shift("sat", saturday, "12:00", "20:00"))
    slots.append(shift("next", date(2027, 3, 29), "07:00", "15:00", checked=False))
    assert minutes(slots[5].end, slots[6].start) == 34 * 60
    assert run(slots, EU) == expect(c("sat", "weekly_rest", limit="35", week="22.03.2027"))


# --- average over the reference period ----------------------------------------------------------


def _history(minutes_a_week: int, weeks: range = range(1, 17)) -> dict[date, int]:
    return {MON - timedelta(weeks=n): minutes_a_week for n in weeks}


def _fifty_hour_week() -> list[Slot]:
    return [shift(f"d{n}", day(n), "08:00", "18:30", pause=30) for n in range(5)]


def test_rolling_average_over_48_hours_fails_eu():
    slots = _fifty_hour_week()
    assert sum(s.paid_minutes for s in slots) == 3000
    worker = person(weeks=_history(3000))
    assert run(slots, EU, worker) == expect(
        c("d4", "average_hours", hours="50", weeks="17", limit="48")
    )


def test_rolling_average_with_lower_history_passes():
    assert run(_fifty_hour_week(), EU, person(weeks=_history(2400))) == {}


def test_rolling_average_exactly_48_hours_passes():
    slots = [shift(f"d{n}", day(n), "08:00", "18:00", pause=24) for n in range(5)]
    assert sum(s.paid_minutes for s in slots) == 2880
    assert run(slots, EU, person(weeks=_history(2880))) == {}


def test_rolling_average_hours_param_is_exact():
    # 16 x 2880 + 3000 = 49080 minutes over 17 weeks: 2887.06 a week, shown rounded up
    assert run(_fifty_hour_week(), EU, person(weeks=_history(2880))) == expect(
        c("d4", "average_hours", hours="48:08", weeks="17", limit="48")
    )


def test_rolling_average_a_fraction_of_a_minute_over_still_fails():
    # 16 x 2880 + 2881 = 48961 minutes: 2880.06 a week is more than 2880
    slots = [shift(f"d{n}", day(n), "08:00", "18:30", pause=30) for n in range(4)]
    slots.append(shift("d4", day(4), "08:00", "16:31", pause=30))
    assert sum(s.paid_minutes for s in slots) == 2881
    assert run(slots, EU, person(weeks=_history(2880))) == expect(
        c("d4", "average_hours", hours="48:01", weeks="17", limit="48")
    )


def test_rolling_average_counts_missing_weeks_as_zero():
    assert run(_fifty_hour_week(), EU, person(weeks=_history(3600, range(1, 9)))) == {}


def test_rolling_average_ignores_weeks_before_the_reference_period():
    weeks = _history(3000, range(1, 16)) | {MON - timedelta(weeks=17): 100_000}
    assert run(_fifty_hour_week(), EU, person(weeks=weeks)) == {}
    weeks[MON - timedelta(weeks=16)] = 3000
    assert run(_fifty_hour_week(), EU, person(weeks=weeks)) == expect(
        c("d4", "average_hours", hours="50", weeks="17", limit="48")
    )


def test_rolling_average_counts_context_slots_of_earlier_weeks():
    before = [
        shift(f"p{n}", day(n - 7), "08:00", "18:30", pause=30, checked=False) for n in range(5)
    ]
    worker = person(weeks=_history(3000, range(2, 17)))
    assert run(before + _fifty_hour_week(), EU, worker) == expect(
        c("d4", "average_hours", hours="50", weeks="17", limit="48")
    )


def test_rolling_average_under_bg_is_40_hours():
    slots = [shift(f"d{n}", day(n), "08:00", "16:00") for n in range(5)]
    assert run(slots, BG, person(weeks=_history(2400))) == {}
    assert run(slots, BG, person(weeks=_history(2460))) == expect(
        c("d4", "average_hours", hours="40:57", weeks="17", limit="40")
    )


# --- weekly caps ------------------------------------------------------------------------------


def test_bg_week_cap_of_40_hours():
    slots = [shift(f"d{n}", day(n), "08:00", "16:00") for n in (0, 1, 2, 4, 5)]
    assert run(slots, BG) == {}
    slots.append(shift("d6", day(6), "08:00", "14:00"))
    assert run(slots, BG) == expect(
        c("d6", "week_hours", hours="46", week="01.06.2026", limit="40")
    )
    assert run(slots, EU) == {}


def test_week_cap_counts_minutes_worked_elsewhere_that_week():
    slots = [shift("mon", day(0), "08:00", "16:00"), shift("tue", day(1), "08:00", "16:00")]
    worker = person(weeks={MON: 1920})
    assert run(slots, BG, worker) == expect(
        c("tue", "week_hours", hours="48", week="01.06.2026", limit="40")
    )


def test_bg_summarised_week_cap_is_56_hours():
    slots = [shift(f"d{n}", day(n), "07:00", "19:00", pause=60) for n in (0, 1, 3, 4, 5)]
    assert run(slots, BG_SUMMARISED, only="week_hours") == {}
    slots.append(shift("sun", day(6), "07:00", "10:00"))
    assert run(slots, BG_SUMMARISED, only="week_hours") == expect(
        c("sun", "week_hours", hours="58", week="01.06.2026", limit="56")
    )


def test_part_timer_cap():
    slots = [shift(f"d{n}", day(n), "09:00", "15:00") for n in range(5)]
    worker = person(week_cap_minutes=1200)
    assert run(slots, EU, worker) == expect(
        c("d3", "week_hours", hours="24", week="01.06.2026", limit="20"),
        c("d4", "week_hours", hours="30", week="01.06.2026", limit="20"),
    )
    assert run(slots, replace(EU, part_time_cap=False), worker) == {}
    assert run(slots[:3], EU, worker) == {}


def test_part_timer_cap_is_the_lowest_cap():
    slots = [shift(f"d{n}", day(n), "09:00", "15:00") for n in range(4)]
    assert run(slots, BG, person(week_cap_minutes=3000)) == {}
    assert run(slots, BG, person(week_cap_minutes=1200, weeks={MON: 60})) == expect(
        c("d3", "week_hours", hours="25", week="01.06.2026", limit="20"),
    )


def test_context_slots_count_for_the_week_but_are_not_reported():
    # a 10 h shift at another location on Monday: too long, but not this roster's to report
    slots = [shift("ctx", day(0), "08:00", "18:00", checked=False)]
    slots += [shift(f"d{n}", day(n), "08:00", "16:00") for n in (1, 2, 3, 4)]
    assert run(slots, BG) == expect(
        c("d4", "week_hours", hours="42", week="01.06.2026", limit="40"),
    )


# --- minors -----------------------------------------------------------------------------------


def test_minor_shift_length():
    minor = person(adult_from=day(2))
    slots = [shift("tue", day(1), "08:00", "16:00"), shift("wed", day(2), "08:00", "16:00")]
    assert run(slots, BG, minor) == expect(c("tue", "shift_length", hours="8", limit="7"))
    slots = [shift("tue", day(1), "08:00", "17:00")]
    assert run(slots, EU, minor) == expect(c("tue", "shift_length", hours="9", limit="8"))
    assert run(slots, EU, person(adult_from=day(1))) == {}


def test_minor_week_cap_bg():
    minor = person(adult_from=date(2027, 1, 1))
    slots = [shift(f"d{n}", day(n), "08:00", "15:00") for n in range(5)]
    assert run(slots, BG, minor) == {}
    slots[4] = shift("d4", day(4), "08:00", "15:30")
    assert run(slots, BG, minor) == expect(
        c("d4", "shift_length", hours="7:30", limit="7"),
        c("d4", "week_hours", hours="35:30", week="01.06.2026", limit="35"),
    )


@pytest.mark.parametrize(
    ("start", "end", "codes"),
    [
        ("16:00", "22:30", ["night_minor"]),
        ("05:30", "12:00", ["night_minor"]),
        ("15:00", "22:00", []),
        ("06:00", "12:00", []),
    ],
)
def test_a_minor_may_not_work_any_minute_of_the_night(start, end, codes):
    minor = person(adult_from=date(2027, 1, 1))
    slot = shift("s", day(0), start, end)
    assert run([slot], BG, minor) == expect(*(c("s", code) for code in codes))
    assert run([slot], BG) == {}


def test_a_minor_night_shift_is_one_conflict_not_two():
    minor = person(adult_from=date(2027, 1, 1))
    slot = shift("s", day(0), "22:00", "05:00")
    assert run([slot], BG, minor) == expect(c("s", "night_minor"))


def test_minor_night_work_allowed_checks_only_real_night_shifts():
    limits = replace(BG, minor_night_work=True, max_night_shift_minutes=360)
    minor = person(adult_from=date(2027, 1, 1))
    # 60 night minutes: not a night shift, so the night length does not apply
    evening = shift("evening", day(0), "15:00", "23:00", pause=60)
    assert run([evening], limits, minor) == {}
    night = shift("night", day(2), "20:00", "03:00")
    assert run([night], limits, minor) == expect(c("night", "night_length", hours="7", limit="6"))


# --- consecutive days -------------------------------------------------------------------------


def test_six_days_in_a_row_fail_bg_on_the_sixth_day_only():
    slots = [shift(f"d{n}", day(n), "09:00", "15:00") for n in range(6)]
    assert run(slots, BG) == expect(c("d5", "consecutive_days", days="6", limit="5"))
    assert run(slots, EU) == {}


def test_every_day_past_the_limit_is_reported_with_its_count():
    slots = [shift(f"d{n}", day(n), "09:00", "14:00") for n in range(7)]
    assert run(slots, BG) == expect(
        c("d5", "consecutive_days", days="6", limit="5"),
        c("d6", "consecutive_days", days="7", limit="5"),
    )
    assert run(slots, EU) == expect(c("d6", "consecutive_days", days="7", limit="6"))


def test_consecutive_days_count_context_before_the_period():
    slots = [
        shift("sat", day(-2), "09:00", "15:00", checked=False),
        shift("sun", day(-1), "09:00", "15:00", checked=False),
    ]
    slots += [shift(f"d{n}", day(n), "09:00", "15:00") for n in range(4)]
    assert run(slots, BG) == expect(c("d3", "consecutive_days", days="6", limit="5"))


def test_consecutive_days_over_the_limit_on_a_context_slot_are_not_reported():
    slots = [shift(f"d{n}", day(n), "09:00", "15:00") for n in range(5)]
    slots.append(shift("after", day(5), "09:00", "15:00", checked=False))
    assert run(slots, BG) == {}


def test_consecutive_days_count_start_dates_and_a_day_off_resets():
    # a night shift starting on day 4 ends on day 5, which is still a day off
    slots = [shift(f"d{n}", day(n), "09:00", "15:00") for n in range(4)]
    slots.append(shift("night", day(4), "22:00", "05:00", pause=60))
    slots += [shift(f"d{n}", day(n), "18:00", "23:00") for n in (6, 7, 8, 9, 10)]
    assert run(slots, BG, only="consecutive_days") == {}
    assert run(slots, replace(BG, max_consecutive_days=4), only="consecutive_days") == expect(
        c("night", "consecutive_days", days="5", limit="4"),
        c("d10", "consecutive_days", days="5", limit="4"),
    )


# --- shift and night length -------------------------------------------------------------------


def test_bg_shift_length_counts_worked_minutes():
    assert run([shift("s", day(0), "08:00", "16:30")], BG) == expect(
        c("s", "shift_length", hours="8:30", limit="8")
    )
    assert run([shift("s", day(0), "08:00", "17:00", pause=60)], BG) == {}


def test_eu_shift_length_is_13_hours():
    assert run([shift("s", day(0), "07:00", "20:00")], EU) == {}
    assert run([shift("s", day(0), "07:00", "21:00", pause=30)], EU) == expect(
        c("s", "shift_length", hours="13:30", limit="13")
    )


def test_bg_night_shift_length():
    assert run([shift("n", day(0), "22:00", "06:00", pause=30)], BG) == expect(
        c("n", "night_length", hours="7:30", limit="7")
    )
    assert run([shift("n", day(0), "22:00", "06:00", pause=60)], BG) == {}
    assert run([shift("n", day(0), "22:00", "06:00")], EU) == {}


def test_a_night_shift_has_at_least_three_hours_in_the_night():
    # 16:00-01:00: 180 night minutes, a night shift
    assert run([shift("n", day(0), "16:00", "01:00", pause=60)], BG) == expect(
        c("n", "night_length", hours="8", limit="7")
    )
    # 15:00-00:30: 150 night minutes, not a night shift
    assert run([shift("n", day(0), "15:00", "00:30", pause=90)], BG) == {}


def test_night_length_on_the_clock_change_nights():
    spring = shift("n", date(2027, 3, 27), "22:00", "06:00")
    assert spring.paid_minutes == 420
    assert run([spring], BG) == {}
    # 22:00-06:00 less an hour's break reads 7 h but is 8 on the night the clock goes back
    autumn = shift("n", date(2026, 10, 24), "22:00", "06:00", pause=60)
    assert run([autumn], BG) == expect(c("n", "night_length", hours="8", limit="7"))


# --- double booking ---------------------------------------------------------------------------


def test_overlapping_shifts_across_midnight_are_double_booked():
    slots = [shift("night", day(0), "22:00", "06:00"), shift("early", day(1), "05:00", "13:00")]
    assert run(slots, EU) == expect(c("night", "double_booked"), c("early", "double_booked"))


def test_two_shifts_on_one_local_day_are_double_booked():
    slots = [shift("am", day(0), "06:00", "10:00"), shift("pm", day(0), "18:00", "22:00")]
    assert run(slots, EU) == expect(
        c("am", "double_booked"),
        c("am", "daily_rest", hours="8", limit="11"),
        c("pm", "double_booked"),
        c("pm", "daily_rest", hours="8", limit="11"),
    )


def test_two_shifts_on_one_day_count_as_one_consecutive_day():
    slots = [shift(f"d{n}", day(n), "09:00", "14:00") for n in range(5)]
    slots.append(shift("again", day(4), "22:00", "23:00"))
    assert run(slots, BG, only="consecutive_days") == {}


def test_double_booking_against_a_context_slot_reports_only_the_checked_one():
    slots = [
        shift("other_location", day(0), "08:00", "16:00", checked=False),
        shift("here", day(0), "12:00", "20:00"),
    ]
    assert run(slots, EU) == expect(c("here", "double_booked"))


def test_different_people_at_the_same_time_are_not_double_booked():
    slots = [shift("a", day(0), "08:00", "16:00"), shift("b", day(0), "08:00", "16:00", employee=2)]
    assert run(slots, EU, person(1), person(2)) == {}


# --- leave and availability -------------------------------------------------------------------


def test_whole_day_leave():
    worker = person(leave={day(2): ""})
    assert run([shift("s", day(2), "08:00", "16:00")], EU, worker) == expect(c("s", "on_leave"))
    assert run([shift("s", day(3), "08:00", "16:00")], EU, worker) == {}


@pytest.mark.parametrize(
    ("half", "start", "end", "clash"),
    [
        ("morning", "13:00", "19:00", False),
        ("morning", "12:00", "18:00", False),
        ("morning", "08:00", "14:00", True),
        ("morning", "11:59", "18:00", True),
        ("afternoon", "06:00", "12:00", False),
        ("afternoon", "11:00", "15:00", True),
        ("afternoon", "18:00", "02:00", True),
    ],
)
def test_half_day_leave_splits_at_noon(half, start, end, clash):
    worker = person(leave={day(2): half})
    expected = expect(c("s", "on_leave")) if clash else {}
    assert run([shift("s", day(2), start, end)], EU, worker) == expected


def test_leave_on_the_morning_a_night_shift_ends():
    worker = person(leave={day(2): ""})
    assert run([shift("n", day(1), "22:00", "06:00")], EU, worker) == expect(c("n", "on_leave"))
    # ending at midnight does not touch the next day
    assert run([shift("e", day(1), "16:00", "00:00")], EU, worker) == {}


def test_recurring_unavailability_with_a_time_window():
    wednesday_evening = (2, None, time(17), time(0))  # until the end of the day
    worker = person(unavailable=[wednesday_evening])
    assert day(2).weekday() == 2
    assert run([shift("s", day(2), "08:00", "16:00")], EU, worker) == {}
    assert run([shift("s", day(2), "08:00", "17:00")], EU, worker) == {}
    assert run([shift("s", day(2), "14:00", "22:00")], EU, worker) == expect(c("s", "unavailable"))
    assert run([shift("s", day(3), "14:00", "22:00")], EU, worker) == {}
    assert run([shift("s", day(9), "16:00", "17:30")], EU, worker) == expect(c("s", "unavailable"))


def test_recurring_unavailability_reached_by_a_night_shift():
    worker = person(unavailable=[(2, None, time(0), time(6))])
    assert run([shift("n", day(1), "22:00", "06:00")], EU, worker) == expect(c("n", "unavailable"))
    assert run([shift("n", day(2), "06:00", "14:00")], EU, worker) == {}


def test_recurring_unavailability_open_ended_and_whole_day():
    worker = person(unavailable=[(4, None, time(18), None), (0, None, None, None)])
    assert run([shift("s", day(4), "12:00", "18:00")], EU, worker) == {}
    assert run([shift("s", day(4), "12:00", "18:30")], EU, worker) == expect(c("s", "unavailable"))
    assert run([shift("s", day(0), "06:00", "10:00")], EU, worker) == expect(c("s", "unavailable"))


def test_one_off_unavailability():
    worker = person(unavailable=[(None, day(3), None, None)])
    assert run([shift("s", day(3), "08:00", "16:00")], EU, worker) == expect(c("s", "unavailable"))
    assert run([shift("s", day(10), "08:00", "16:00")], EU, worker) == {}
    worker = person(unavailable=[(None, day(3), time(8), time(12))])
    assert run([shift("s", day(3), "12:00", "20:00")], EU, worker) == {}
    assert run([shift("s", day(3), "11:00", "20:00")], EU, worker) == expect(c("s", "unavailable"))


# --- skills and employment --------------------------------------------------------------------


def test_missing_skill():
    slot = shift("s", day(0), "08:00", "16:00", skill=3)
    names = {3: "Barista"}
    assert run([slot], EU, person(skills=frozenset({1})), skill_names=names) == expect(
        c("s", "missing_skill", skill="Barista")
    )
    assert run([slot], EU, person(skills=frozenset({1}))) == expect(
        c("s", "missing_skill", skill="?")
    )
    assert run([slot], EU, person(skills=frozenset({1, 3})), skill_names=names) == {}
    assert run([shift("s", day(0), "08:00", "16:00")], EU, person(skills=frozenset())) == {}


def test_not_employed_before_hire_or_after_the_end_date():
    worker = person(hire_date=day(2), end_date=day(4))
    slots = [shift(f"d{n}", day(n), "08:00", "16:00") for n in (1, 2, 4, 5)]
    assert run(slots, EU, worker) == expect(c("d1", "not_employed"), c("d5", "not_employed"))


def test_not_employed_uses_the_start_date_of_a_night_shift():
    worker = person(end_date=day(2))
    assert run([shift("n", day(2), "22:00", "06:00")], EU, worker) == {}


# --- context slots, open shifts, unknown people -------------------------------------------------


def test_context_slots_never_get_their_own_conflicts():
    worker = person(
        hire_date=day(3),
        leave={day(0): ""},
        unavailable=[(0, None, None, None)],
        skills=frozenset(),
    )
    context = [
        shift("ctx", day(0), "07:00", "22:00", skill=9, checked=False),
        shift("ctx2", day(0), "20:00", "23:00", checked=False),
    ]
    assert run(context, BG, worker) == {}
    result = check(context, {1: worker}, BG, zone=ZONE)
    assert result == {}


def test_only_slots_with_conflicts_appear_and_lists_hold_conflicts():
    slots = [
        shift("fine", day(0), "08:00", "16:00"),
        shift("late", day(2), "14:00", "22:00"),
        shift("early", day(3), "07:00", "15:00"),
    ]
    result = check(slots, {1: person()}, EU, zone=ZONE)
    assert result == {
        "early": [Conflict("early", "daily_rest", (("hours", "9"), ("limit", "11")))],
        "late": [Conflict("late", "daily_rest", (("hours", "9"), ("limit", "11")))],
    }


def test_open_shifts_and_unknown_people_are_not_checked():
    slots = [
        shift("open", day(0), "08:00", "16:00", employee=None, skill=3),
        shift("stranger", day(0), "07:00", "22:00", employee=99),
    ]
    assert run(slots, BG) == {}


# --- coverage ---------------------------------------------------------------------------------


def test_coverage():
    template, other = 10, 11
    slots = [
        shift("a", day(0), "08:00", "16:00", template=template, skill=3),
        shift("b", day(0), "08:00", "16:00", template=template, skill=3, employee=2),
        shift("c", day(0), "08:00", "16:00", template=template, employee=3),
        shift("open", day(0), "08:00", "16:00", template=template, skill=3, employee=None),
        shift("ctx", day(0), "08:00", "16:00", template=template, employee=4, checked=False),
        shift("free", day(0), "08:00", "16:00", employee=5),
        shift("tue", day(1), "08:00", "16:00", template=template, skill=3),
        shift("late", day(0), "14:00", "22:00", template=other, employee=6),
    ]
    needs = [
        Need(day(0), template, None, 3),
        Need(day(0), template, 3, 3),
        Need(day(0), template, 3, 1),
        Need(day(0), template, 4, 1),
        Need(day(1), template, None, 1),
        Need(day(0), other, None, 0),
        Need(day(2), template, None, 0),
    ]
    lines = coverage(slots, needs)
    # Lines add up: a shift with skill 3 fills the skill-3 line, not the line without a skill;
    # on day 1 there is no skill-3 line, so the skill-3 shift counts for the line without one.
    assert lines == [
        CoverageLine(day(0), template, None, 3, 1, 0),
        CoverageLine(day(0), template, 3, 3, 2, 1),
        CoverageLine(day(0), template, 3, 1, 2, 1),
        CoverageLine(day(0), template, 4, 1, 0, 0),
        CoverageLine(day(1), template, None, 1, 1, 0),
        CoverageLine(day(0), other, None, 0, 1, 0),
        CoverageLine(day(2), template, None, 0, 0, 0),
    ]
    assert [line.status for line in lines] == [
        "short",
        "short",
        "over",
        "short",
        "ok",
        "over",
        "ok",
    ]


def test_open_shifts_do_not_make_a_line_ok():
    slots = [shift("open", day(0), "08:00", "16:00", template=10, employee=None)]
    (line,) = coverage(slots, [Need(day(0), 10, None, 1)])
    assert (line.planned, line.open, line.status) == (0, 1, "short")


def test_a_coverage_line_says_how_many_are_missing_or_extra():
    short = CoverageLine(day(0), 10, None, 2, 0, 1)
    over = CoverageLine(day(0), 10, None, 2, 3, 0)
    ok = CoverageLine(day(0), 10, None, 2, 2, 0)
    assert (short.missing, short.extra) == (2, 0)
    assert (over.missing, over.extra) == (0, 1)
    assert (ok.missing, ok.extra) == (0, 0)


# --- messages ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("conflict", "text"),
    [
        (c("k", "not_employed"), "Not employed on this date."),
        (c("k", "on_leave"), "On approved leave."),
        (c("k", "unavailable"), "Marked as unavailable."),
        (c("k", "missing_skill", skill="Barista"), "Lacks the skill Barista."),
        (c("k", "double_booked"), "Another shift overlaps or falls on the same day."),
        (
            c("k", "daily_rest", hours="9", limit="11"),
            "Only 9 h rest between shifts (at least 11 h).",
        ),
        (
            c("k", "weekly_rest", limit="35", week="01.06.2026"),
            "No weekly rest of 35 h in the week of 01.06.2026.",
        ),
        (
            c("k", "shift_length", hours="8:30", limit="8"),
            "8:30 h worked in one shift (at most 8 h).",
        ),
        (c("k", "night_length", hours="7:30", limit="7"), "7:30 h night shift (at most 7 h)."),
        (c("k", "night_minor"), "A minor may not work at night."),
        (
            c("k", "week_hours", hours="46", week="01.06.2026", limit="40"),
            "46 h in the week of 01.06.2026 (at most 40 h).",
        ),
        (
            c("k", "average_hours", hours="48:08", weeks="17", limit="48"),
            "48:08 h a week on average over 17 weeks (at most 48 h).",
        ),
        (c("k", "consecutive_days", days="6", limit="5"), "Day 6 in a row (at most 5)."),
    ],
)
def test_messages(conflict, text):
    with translation.override("en"):
        assert conflict.message == text
    assert conflict.blocking is True


def test_every_code_has_a_message_and_a_message_test():
    assert set(MESSAGES) == {
        "not_employed",
        "on_leave",
        "unavailable",
        "missing_skill",
        "double_booked",
        "daily_rest",
        "weekly_rest",
        "shift_length",
        "night_length",
        "night_minor",
        "week_hours",
        "average_hours",
        "consecutive_days",
        # A person's own limits: tests/scheduling/test_personal_limits.py
        "personal_of_template",
        "personal_max_minutes",
        "personal_min_minutes",
        "personal_weekends",
        "personal_days_off",
        # Overtime caps, the period norm and minors: tests/scheduling/test_labour_law.py
        "overtime_year",
        "overtime_month",
        "overtime_week",
        "overtime_two_days",
        "period_norm",
        "minor_overtime",
        "night_young_minor",
    }


def test_message_of_a_conflict_found_by_check():
    slots = [shift("late", day(0), "14:00", "22:00"), shift("early", day(1), "07:00", "15:00")]
    (conflict,) = check(slots, {1: person()}, BG, zone=ZONE)["early"]
    with translation.override("en"):
        assert conflict.message == "Only 9 h rest between shifts (at least 12 h)."

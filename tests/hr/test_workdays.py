"""Working days and accrual: exact values, including the cases HR asks about."""

from datetime import date
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from hr.workdays import WorkCalendar, accrued_days, leave_year, round_half_day

MON_FRI = frozenset(range(5))


def test_working_days_skip_weekends_and_public_holidays():
    calendar = WorkCalendar(MON_FRI, holidays=frozenset({date(2026, 3, 3)}))
    # Mon 2 March to Fri 6 March 2026, with Liberation Day on Tuesday 3 March.
    assert calendar.working_days(date(2026, 3, 2), date(2026, 3, 6)) == 4
    assert calendar.leave_days(date(2026, 3, 2), date(2026, 3, 6)) == Decimal("4.0")


def test_a_working_saturday_counts_and_a_bridge_day_does_not():
    calendar = WorkCalendar(
        MON_FRI,
        holidays=frozenset({date(2026, 1, 1), date(2026, 1, 2)}),  # New Year and the bridge Friday
        extra_working_days=frozenset({date(2026, 1, 17)}),  # the Saturday worked off for it
    )
    assert calendar.working_days(date(2025, 12, 29), date(2026, 1, 4)) == 3
    assert calendar.working_days(date(2026, 1, 12), date(2026, 1, 18)) == 6


def test_half_days_count_half_only_on_a_working_day():
    calendar = WorkCalendar(MON_FRI)
    assert calendar.leave_days(date(2026, 3, 4), date(2026, 3, 4), half_day=True) == Decimal("0.5")
    assert calendar.leave_days(date(2026, 3, 7), date(2026, 3, 7), half_day=True) == Decimal("0")


def test_round_half_day():
    assert [round_half_day(Decimal(v)) for v in ("7.24", "7.25", "7.74", "7.75", "0.2")] == [
        Decimal("7.0"),
        Decimal("7.5"),
        Decimal("7.5"),
        Decimal("8.0"),
        Decimal("0.0"),
    ]


def test_leave_year_with_a_january_and_an_april_start():
    assert leave_year(date(2026, 11, 28), start_month=1) == (date(2026, 1, 1), date(2026, 12, 31))
    assert leave_year(date(2026, 2, 10), start_month=4) == (date(2025, 4, 1), date(2026, 3, 31))


def test_accrual_for_a_full_timer_over_a_year_boundary():
    args = dict(
        annual_days=Decimal(20),
        hire_date=date(2020, 1, 1),
        end_date=None,
        weekly_hours=Decimal(40),
        full_time_hours=Decimal(40),
    )
    assert accrued_days(year_start=date(2025, 1, 1), as_of=date(2025, 12, 31), **args) == Decimal(
        "20.0"
    )
    assert accrued_days(year_start=date(2026, 1, 1), as_of=date(2026, 1, 14), **args) == Decimal(
        "0.0"
    )
    assert accrued_days(year_start=date(2026, 1, 1), as_of=date(2026, 1, 15), **args) == Decimal(
        "1.5"
    )  # 1.67
    assert accrued_days(year_start=date(2026, 1, 1), as_of=date(2026, 6, 30), **args) == Decimal(
        "10.0"
    )


def test_accrual_for_a_mid_year_part_time_hire():
    # Hired 20 May 2026 at 20 of 40 hours: June to December count (7 months) of 20 days at half time.
    days = accrued_days(
        annual_days=Decimal(20),
        year_start=date(2026, 1, 1),
        hire_date=date(2026, 5, 20),
        end_date=None,
        weekly_hours=Decimal(20),
        full_time_hours=Decimal(40),
        as_of=date(2026, 12, 31),
    )
    assert days == Decimal("6.0")  # 20 x 0.5 x 7 / 12 = 5.83 -> 6.0
    to_date = accrued_days(
        annual_days=Decimal(20),
        year_start=date(2026, 1, 1),
        hire_date=date(2026, 5, 20),
        end_date=None,
        weekly_hours=Decimal(20),
        full_time_hours=Decimal(40),
        as_of=date(2026, 8, 20),
    )
    assert to_date == Decimal("2.5")  # June, July, August: 2.5


def test_accrual_stops_after_the_last_working_day():
    days = accrued_days(
        annual_days=Decimal(24),
        year_start=date(2026, 1, 1),
        hire_date=date(2019, 3, 1),
        end_date=date(2026, 3, 31),
        weekly_hours=Decimal(40),
        full_time_hours=Decimal(40),
        as_of=date(2026, 12, 31),
    )
    assert days == Decimal("6.0")


@given(
    start=st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31)),
    length=st.integers(min_value=0, max_value=60),
    split=st.integers(min_value=0, max_value=60),
)
def test_working_days_add_up_over_a_split_range(start, length, split):
    from datetime import timedelta

    calendar = WorkCalendar(MON_FRI, holidays=frozenset({date(2026, 3, 3), date(2025, 12, 25)}))
    end = start + timedelta(days=length)
    middle = start + timedelta(days=min(split, length))
    whole = calendar.working_days(start, end)
    parts = calendar.working_days(start, middle) + calendar.working_days(
        middle + timedelta(days=1), end
    )
    assert whole == parts
    assert 0 <= whole <= length + 1

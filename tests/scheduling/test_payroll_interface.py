"""The payroll interface: approved minutes and Decimal hours per person and pay period, one person
at a time or many in a constant number of queries."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hr.models import CalendarDay
from scheduling import services
from scheduling.models import Timesheet, TimesheetAdjustment
from scheduling.selectors.attendance import payroll_time, payroll_time_bulk
from scheduling.services.attendance import timesheet_for
from tests.hr import factories as hr_factories
from tests.scheduling.attendance_support import (
    MARCH,
    TUESDAY,
    WEDNESDAY,
    ZERO_MINUTES,
    _submit_and_approve,
    _work,
    at,
)


def test_payroll_time_gives_the_approved_minutes_and_hours(team, shop):
    staff, vitosha = team["people"]["staff"], shop["location"]
    CalendarDay.objects.create(day=date(2026, 3, 3), name="Liberation Day")
    liberation_day, saturday = date(2026, 3, 3), date(2026, 3, 14)
    _work(
        staff,
        at(liberation_day, 7),
        at(liberation_day, 15),
        (at(liberation_day, 11), 30),
        location=vitosha,
    )
    _work(staff, at(TUESDAY, 8), at(TUESDAY, 16, 30), (at(TUESDAY, 12), 30), location=vitosha)
    _work(staff, at(WEDNESDAY, 8), at(WEDNESDAY, 18), (at(WEDNESDAY, 12), 30), location=vitosha)
    sunday = saturday + timedelta(days=1)
    _work(staff, at(saturday, 22), at(sunday, 6), (at(sunday, 2), 60), location=vitosha)
    _work(staff, at(date(2026, 4, 1), 8), at(date(2026, 4, 1), 16), location=vitosha)  # April

    pending = payroll_time(employee=staff, start=MARCH[0], end=MARCH[1])
    assert (pending.approved, pending.minutes, pending.night_bonus_minutes) == (
        False,
        ZERO_MINUTES,
        Decimal(0),
    )
    assert set(pending.hours.values()) == {Decimal("0.00")}

    services.timesheet_submit(
        actor=team["users"]["staff"], timesheet=timesheet_for(employee=staff, day=TUESDAY)
    )
    assert payroll_time(employee=staff, start=MARCH[0], end=MARCH[1]).approved is False
    _submit_and_approve(team, staff)

    result = payroll_time(employee=staff, start=MARCH[0], end=MARCH[1])

    assert (result.employee_id, result.start, result.end, result.approved) == (
        staff.pk,
        *MARCH,
        True,
    )
    # Daily accounting, Monday-to-Friday schedule on the calendar (KT art. 139, 143, 262):
    # Liberation Day (official holiday, not scheduled) 450 min: holiday overtime and holiday
    # work; Tuesday 480 = the 8 h day; Wednesday 570, 90 beyond it; the Saturday night 420 (all
    # night) on a rest day: rest-day overtime. No night factor is paid under daily accounting.
    assert result.minutes == {
        **ZERO_MINUTES,
        "worked": 450 + 480 + 570 + 420,
        "regular": 480 + 480,
        "overtime": 450 + 90 + 420,
        "night": 420,
        "weekend": 420,
        "holiday": 450,
        "overtime_workday": 90,
        "overtime_rest_day": 420,
        "overtime_holiday": 450,
        "overtime_night": 420,
    }
    assert (result.regime, result.days_worked, result.year_to_date_overtime) == ("daily", 4, 960)
    assert result.night_bonus_minutes == Decimal(0)
    assert result.hours == {
        "worked": Decimal("32.00"),
        "regular": Decimal("16.00"),
        "overtime": Decimal("16.00"),
        "night": Decimal("7.00"),
        "weekend": Decimal("7.00"),
        "holiday": Decimal("7.50"),
        "overtime_workday": Decimal("1.50"),
        "overtime_rest_day": Decimal("7.00"),
        "overtime_holiday": Decimal("7.50"),
        "overtime_summarised": Decimal("0.00"),
        "overtime_night": Decimal("7.00"),
        "night_bonus": Decimal("0.00"),
    }
    assert str(result.hours["holiday"]) == "7.50"


def test_payroll_time_of_a_period_without_a_timesheet_is_zero(team, shop):
    result = payroll_time(employee=team["people"]["staff"], start=MARCH[0], end=MARCH[1])

    assert (result.approved, result.minutes) == (False, ZERO_MINUTES)


def _people_with_march(count: int) -> list:
    """``count`` people: each even one with an approved March carrying one adjustment, each odd
    one with a March still open."""
    people = [hr_factories.employee(first_name=f"P{n}") for n in range(count)]
    for n, person in enumerate(people):
        approved = n % 2 == 0
        sheet = Timesheet.objects.create(
            employee=person,
            start=MARCH[0],
            end=MARCH[1],
            status=Timesheet.Status.APPROVED if approved else Timesheet.Status.SUBMITTED,
            totals={**ZERO_MINUTES, "worked": 600 + n, "regular": 600 + n, "night": 420},
            night_bonus_minutes=Decimal("60.060"),
        )
        if approved:
            earlier = Timesheet.objects.create(
                employee=person, start=date(2026, 2, 1), end=date(2026, 2, 28)
            )
            TimesheetAdjustment.objects.create(
                timesheet=sheet,
                source=earlier,
                minutes={**ZERO_MINUTES, "worked": -30, "regular": -30},
                night_bonus_minutes=Decimal("-4.290"),
                reason="Late correction",
            )
    return people


@pytest.mark.parametrize("count", [3, 30])
def test_payroll_time_bulk_answers_each_person_as_payroll_time_does(team, count):
    people = _people_with_march(count)
    ids = [person.pk for person in people]

    with CaptureQueriesContext(connection) as queries:
        bulk = payroll_time_bulk(employee_ids=ids, start=MARCH[0], end=MARCH[1])

    # The timesheets, their adjustments, the year's earlier timesheets, and HR's absences by
    # kind (the organisation, the calendar, approved leave): however many people.
    assert len(queries) == 6
    assert set(bulk) == set(ids)
    assert bulk == {
        person.pk: payroll_time(employee=person, start=MARCH[0], end=MARCH[1]) for person in people
    }
    first, second = bulk[people[0].pk], bulk[people[1].pk]
    assert (first.approved, first.minutes["worked"], first.night_bonus_minutes) == (
        True,
        570,
        Decimal("55.770"),
    )
    assert (first.hours["worked"], first.hours["night"], first.hours["night_bonus"]) == (
        Decimal("9.50"),
        Decimal("7.00"),
        Decimal("0.93"),
    )
    assert (second.approved, second.minutes, second.night_bonus_minutes) == (
        False,
        ZERO_MINUTES,
        Decimal(0),
    )


def test_payroll_time_bulk_of_nobody_asks_nothing(team):
    with CaptureQueriesContext(connection) as queries:
        assert payroll_time_bulk(employee_ids=[], start=MARCH[0], end=MARCH[1]) == {}
    assert len(queries) == 0

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
    assert result.minutes == {
        "worked": 450 + 480 + 570 + 420,
        "regular": 450 + 480 + 480 + 420,
        "overtime": 90,
        "night": 420,
        "weekend": 420,
        "holiday": 450,
    }
    assert result.night_bonus_minutes == Decimal("60.060")
    assert result.hours == {
        "worked": Decimal("32.00"),
        "regular": Decimal("30.50"),
        "overtime": Decimal("1.50"),
        "night": Decimal("7.00"),
        "weekend": Decimal("7.00"),
        "holiday": Decimal("7.50"),
        "night_bonus": Decimal("1.00"),
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

    assert len(queries) == 2  # the timesheets, then their adjustments: however many people
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

"""Working time against the database: HR's calendar kinds (KT art. 154), the yearly calendar job,
timesheets by the location's regime, the roster's art. 146 and norm conflicts, and what payroll
reads (regime, norm, buckets, absences, year-to-date overtime, adjustments by month)."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backoffice.models import Notification
from hr.models import CalendarDay, LeaveRequest, LeaveType
from hr.selectors import holidays_between, rest_days_between, work_calendar
from hr.services import calendar_next_year_prepare, holidays_generate
from scheduling.domain.rules import preset_fields
from scheduling.models import Timesheet, TimesheetAdjustment, WorkingTimeRules
from scheduling.selectors.attendance import (
    classified,
    holidays,
    overtime_report,
    payroll_time,
    payroll_time_bulk,
    timesheet_figures,
)
from tests.hr import factories as hr_factories
from tests.scheduling import factories
from tests.scheduling.attendance_support import MARCH, _work, at


def test_the_calendar_tells_official_holidays_from_other_days_off_kt_art_154(team):
    """From the country table: 1 January 2026 official; 2 January 2026 and 31 December 2025
    non-working days by government decision; 25 May 2026 the substitute rest day for 24 May (a
    Sunday). January 2026 has 22 weekdays, 20 of them working days (1 and 2 January off)."""
    holidays_generate(actor=None, year=2025, country="BG")
    holidays_generate(actor=None, year=2026, country="BG")

    kinds = dict(CalendarDay.objects.values_list("day", "kind"))
    assert kinds[date(2026, 1, 1)] == "holiday"
    assert kinds[date(2026, 1, 2)] == "non_working"
    assert kinds[date(2025, 12, 31)] == "non_working"
    assert kinds[date(2026, 5, 25)] == "substitute"
    assert kinds[date(2026, 5, 24)] == "holiday"
    january = (date(2026, 1, 1), date(2026, 1, 31))
    assert holidays_between(start=date(2025, 12, 31), end=date(2026, 1, 2)) == {date(2026, 1, 1)}
    assert rest_days_between(start=date(2025, 12, 31), end=date(2026, 1, 2)) == {
        date(2025, 12, 31),
        date(2026, 1, 1),
        date(2026, 1, 2),
    }
    assert work_calendar(start=january[0], end=january[1]).working_days(*january) == 20


def test_next_years_calendar_is_made_in_december_and_hr_is_asked_to_review_it(team):
    """In November nothing happens; on 1 December 2026 the 2027 days are added once and HR is
    told; a second run finds the year made and does nothing."""
    hr_user = team["users"]["hr"]

    assert calendar_next_year_prepare(today=date(2026, 11, 30), country="BG") == 0
    count = calendar_next_year_prepare(today=date(2026, 12, 1), country="BG")

    assert count == CalendarDay.objects.filter(day__year=2027).count() > 10
    assert CalendarDay.objects.get(day=date(2027, 5, 4)).kind == "substitute"
    note = Notification.objects.get(recipient=hr_user, kind="hr.calendar_generated")
    assert "2027" in note.title
    assert calendar_next_year_prepare(today=date(2026, 12, 2), country="BG") == 0
    assert Notification.objects.filter(kind="hr.calendar_generated").count() == 1


def test_a_31_december_night_keeps_its_1_january_minutes(team, shop):
    """December's holidays are read to 1 January, so the 31 December night shift (22-06) has
    360 min of New Year's Day holiday work in December's timesheet (KT art. 264)."""
    CalendarDay.objects.create(day=date(2027, 1, 1), name="New Year")
    staff = team["people"]["staff"]
    _work(staff, at(date(2026, 12, 31), 22), at(date(2027, 1, 1), 6), location=shop["location"])

    assert date(2027, 1, 1) in holidays(date(2026, 12, 1), date(2026, 12, 31))
    result = classified(employee_id=staff.pk, start=date(2026, 12, 1), end=date(2026, 12, 31))

    assert (result.total("worked"), result.total("holiday"), result.total("night")) == (
        480,
        360,
        480,
    )
    assert result.total("overtime_workday") == 60  # the 8th hour of a night shift


def test_work_on_2_january_2026_is_rest_day_work_not_holiday_work(team, shop):
    """2 January 2026 (a Friday) is a non-working day by government decision: 08-16 worked by a
    Monday-to-Friday person is 480 min of rest-day overtime and 0 min of holiday work."""
    holidays_generate(actor=None, year=2026, country="BG")
    staff = team["people"]["staff"]
    second = date(2026, 1, 2)
    _work(staff, at(second, 8), at(second, 16), location=shop["location"])

    totals = classified(employee_id=staff.pk, start=date(2026, 1, 1), end=date(2026, 1, 31))
    totals = totals.totals()

    assert (totals["overtime_rest_day"], totals["holiday"], totals["overtime_holiday"]) == (
        480,
        0,
        0,
    )


def _summarised(location) -> WorkingTimeRules:
    rules = WorkingTimeRules.objects.create(
        name="Summarised", preset="bg_summarised", **preset_fields("bg_summarised")
    )
    location.rules = rules
    location.save(update_fields=["rules"])
    return rules


def test_timesheets_use_the_locations_regime_kt_art_142(team, shop):
    """The Vitosha shop is on summarised accounting; the organisation's default is daily. Four
    12 h day shifts in the week of 9 March (48 h) are no overtime there: March's norm is 21
    working days x 8 h = 10,080 min and 2,880 min were worked."""
    _summarised(shop["location"])
    CalendarDay.objects.create(day=date(2026, 3, 3), name="Liberation Day")
    staff = team["people"]["staff"]
    for day in range(9, 13):
        _work(
            staff, at(date(2026, 3, day), 8), at(date(2026, 3, day), 20), location=shop["location"]
        )

    result = classified(employee_id=staff.pk, start=MARCH[0], end=MARCH[1])

    assert (result.accounting, result.norm, result.total("worked")) == ("summarised", 10080, 2880)
    assert result.total("overtime") == 0


def test_a_summarised_month_over_the_norm_and_the_monthly_cap_shows_in_the_roster(team, shop):
    """March 2026 at a summarised location: norm 10,080 min. 18 shifts of 12 h (1-18 March) =
    12,960 min planned, 2,880 above the norm: a norm conflict, and 48 h of planned overtime is
    over the monthly cap of 30 h (KT art. 146(1)1); both on the last shift."""
    from scheduling.selectors.roster import roster_check

    _summarised(shop["location"])
    CalendarDay.objects.create(day=date(2026, 3, 3), name="Liberation Day")
    long_day = factories.template(shop["location"], "L", time(8), time(20), 0, name="Long")
    period = factories.period(shop["location"], date(2026, 3, 1), days=31)
    staff = team["people"]["staff"]
    shifts = [
        factories.shift(period, staff, date(2026, 3, 1) + timedelta(days=n), long_day)
        for n in range(18)
    ]

    found = roster_check(period=period).conflicts

    codes = {c.code for c in found.get(shifts[-1].pk, [])}
    assert {"period_norm", "overtime_month"} <= codes
    assert not {"period_norm", "overtime_month"} & {
        c.code for s in shifts[:-1] for c in found.get(s.pk, [])
    }


def _approved(person, start, end, totals, **fields) -> Timesheet:
    return Timesheet.objects.create(
        employee=person,
        start=start,
        end=end,
        status=Timesheet.Status.APPROVED,
        totals=totals,
        **fields,
    )


def test_payroll_time_gives_regime_buckets_absences_year_to_date_and_adjustments(team, shop):
    """Staff's approved March (daily accounting): a Saturday worked 08-16 (480 rest-day
    overtime) and Wednesday 11 March 08-18 (600, 120 working-day overtime). February was
    approved with 300 min of overtime, then corrected by +30 worked minutes carried into March.
    Sick 16-17 March (2 working days), unpaid 19 March (1). Year to date: 300 + 600 + 0 = 900."""
    staff = team["people"]["staff"]
    vitosha = shop["location"]
    _work(staff, at(date(2026, 3, 14), 8), at(date(2026, 3, 14), 16), location=vitosha)
    _work(staff, at(date(2026, 3, 11), 8), at(date(2026, 3, 11), 18), location=vitosha)
    figures = timesheet_figures(classified(employee_id=staff.pk, start=MARCH[0], end=MARCH[1]))
    assert (figures["regime"], figures["days_worked"], figures["overtime"]) == ("daily", 2, 600)
    assert (figures["overtime_rest_day"], figures["overtime_workday"]) == (480, 120)
    march = _approved(staff, *MARCH, figures)
    february = _approved(staff, date(2026, 2, 1), date(2026, 2, 28), {"overtime": 300})
    TimesheetAdjustment.objects.create(
        timesheet=march, source=february, minutes={"worked": 30, "regular": 30}, reason="Late"
    )
    sick = LeaveType.objects.create(name="Sick", code="SICK", paid=True, kind="sick")
    unpaid = LeaveType.objects.create(name="Unpaid", code="UNPAID", paid=False, kind="unpaid")
    for kind, first, last, days in (
        (sick, date(2026, 3, 16), date(2026, 3, 17), 2),
        (unpaid, date(2026, 3, 19), date(2026, 3, 19), 1),
    ):
        LeaveRequest.objects.create(
            employee=staff,
            leave_type=kind,
            start_date=first,
            end_date=last,
            days=Decimal(days),
            status=LeaveRequest.Status.APPROVED,
        )

    result = payroll_time(employee=staff, start=MARCH[0], end=MARCH[1])

    assert (result.regime, result.days_worked, result.norm_minutes) == ("daily", 2, None)
    assert result.minutes["worked"] == 1080 + 30
    assert result.minutes["overtime_rest_day"] == 480
    assert result.hours["overtime_workday"] == Decimal("2.00")
    assert result.year_to_date_overtime == 900
    assert result.absences == {
        "paid_leave": Decimal(0),
        "unpaid_leave": Decimal(1),
        "sick": Decimal(2),
    }
    assert [(a.corrects_start, a.minutes["worked"]) for a in result.adjustments] == [
        (date(2026, 2, 1), 30)
    ]
    assert result.night_bonus_minutes == Decimal(0)


@pytest.mark.parametrize("count", [3, 30])
def test_payroll_time_bulk_asks_a_constant_number_of_queries(team, count):
    people = [hr_factories.employee(first_name=f"P{n}") for n in range(count)]
    for person in people:
        _approved(person, *MARCH, {"worked": 600, "overtime": 60, "overtime_workday": 60})

    with CaptureQueriesContext(connection) as queries:
        bulk = payroll_time_bulk(employee_ids=[p.pk for p in people], start=MARCH[0], end=MARCH[1])

    # Sheets, adjustments, the year's earlier sheets; HR's absences (organisation, calendar,
    # approved leave): six, however many people.
    assert len(queries) == 6
    assert {p.minutes["overtime_workday"] for p in bulk.values()} == {60}
    assert {p.year_to_date_overtime for p in bulk.values()} == {60}


def test_the_timesheet_shows_buckets_caps_broken_and_year_to_date(client, login, team, shop):
    """Monday to Thursday 9-12 March, 08-18 each: 600 min, 120 beyond the 8 h day = 480 min of
    working-day overtime in the week (over the 6 h cap) and 240 over each two consecutive days
    (over the 3 h cap). February's approved 300 min make 780 min (13 h) this year to date."""
    staff = team["people"]["staff"]
    for day in range(9, 13):
        _work(
            staff, at(date(2026, 3, day), 8), at(date(2026, 3, day), 18), location=shop["location"]
        )
    _approved(staff, date(2026, 2, 1), date(2026, 2, 28), {"overtime": 300})
    sheet = Timesheet.objects.create(employee=staff, start=MARCH[0], end=MARCH[1])
    login(client, team["users"]["staff"])

    page = client.get(reverse("scheduling:timesheet-detail", args=[sheet.pk]))

    assert page.status_code == 200
    report = page.context["overtime"]
    assert (report.year_before, report.this_period, report.year_to_date) == (300, 480, 780)
    assert {b.code for b in report.breaches} == {"overtime_week", "overtime_two_days"}
    assert dict(page.context["buckets"])["Overtime on working days (+50 %)"] == 480
    content = page.content.decode()
    assert "Legal overtime limits exceeded" in content
    assert "8 h overtime in the week of 09.03.2026 (at most 6 h by day or 4 h by night)." in content


def test_a_minors_overtime_is_reported_on_the_timesheet_kt_art_147(team, shop):
    """Born 1 June 2009, 16 in March 2026, on a 35 h week (7 h a day): Wednesday 11 March
    08-16 is 480 min, 60 beyond the day; a minor may not work overtime at all."""
    minor = hr_factories.employee(date_of_birth=date(2009, 6, 1), weekly_hours=35)
    wednesday = date(2026, 3, 11)
    _work(minor, at(wednesday, 8), at(wednesday, 16), location=shop["location"])
    sheet = Timesheet.objects.create(employee=minor, start=MARCH[0], end=MARCH[1])

    result = classified(employee_id=minor.pk, start=MARCH[0], end=MARCH[1])
    report = overtime_report(timesheet=sheet, result=result)

    assert result.total("overtime_workday") == 60
    assert [b.code for b in report.breaches] == ["minor_overtime"]
    assert report.breaches[0].message == "A minor may not work overtime."


def test_days_stored_as_holidays_before_are_sorted_by_the_migration(team):
    """hr 0008: generated days named "... (почивен ден)" become substitute rest days and
    "Неприсъствен ден" a non-working day; official holidays and hand-entered days stay."""
    from importlib import import_module

    from django.apps import apps

    sort_days = import_module("hr.migrations.0008_calendar_day_kinds").sort_days
    for day, name in (
        (date(2026, 1, 1), "Нова година"),
        (date(2026, 1, 2), "Неприсъствен ден"),
        (date(2026, 5, 25), "Ден на светите братя Кирил и Методий (почивен ден)"),
        (date(2026, 6, 1), "Company day"),
    ):
        CalendarDay.objects.create(day=day, name=name, kind="holiday")

    sort_days(apps, None)

    assert dict(CalendarDay.objects.values_list("day", "kind")) == {
        date(2026, 1, 1): "holiday",
        date(2026, 1, 2): "non_working",
        date(2026, 5, 25): "substitute",
        date(2026, 6, 1): "holiday",
    }

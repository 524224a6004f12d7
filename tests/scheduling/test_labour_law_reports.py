"""Working time as the Labour Code (KT) counts it, where it is reported: the night part of the
overtime of a summarised period, the attendance dashboard's overtime list against the yearly cap
of KT art. 146(1), and the open shifts offered to a person (the same caps as the roster).

Every figure is worked out by hand in the test's docstring (March 2026, Sofia; March's norm is
21 working days x 8 h = 10,080 min, Liberation Day 3 March being an official holiday).
"""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from scheduling.models import Timesheet
from scheduling.selectors.roster import open_shifts_for
from tests.scheduling import factories
from tests.scheduling.attendance_support import TUESDAY, _work, at
from tests.scheduling.test_labour_law import summarised, work

# --- the night part of summarised overtime ------------------------------------------------------


def test_summarised_overtime_takes_its_night_part_from_the_last_worked_hours_nsorz_art_8():
    """10 day shifts 08-20 then 4 night shifts 20-08: 10,080 min worked, 275 min above the norm
    once the night hours are converted by 8/7 (NSORZ art. 9(2)). The overtime is the period's
    last 275 worked minutes: 03:25-08:00 on 25 March, the end of the last night shift; of them
    03:25-06:00 = 155 min are night (22-06, KT art. 140(1)) and 120 min day. The night part
    is what the night premium is paid on (NSORZ art. 8) and what the night caps of KT art.
    146(1) count."""
    days = [date(2026, 3, d) for d in (2, 4, 5, 6, 9, 10, 11, 12, 16, 17)]
    nights = [date(2026, 3, d) for d in (19, 20, 23, 24)]
    sessions = [work(d, 8, 20) for d in days] + [work(d, 20, 8) for d in nights]

    result = summarised(sessions)

    assert (result.overtime_summarised, result.overtime_summarised_night) == (275, 155)
    totals = result.totals()
    assert (totals["overtime"], totals["overtime_summarised"], totals["overtime_night"]) == (
        275,
        275,
        155,
    )


def test_summarised_overtime_ending_on_day_shifts_has_no_night_part():
    """The same shifts in the other order: 4 nights 20-08 on 2, 4, 5 and 6 March, then 10 day
    shifts 08-20 from 9 to 20 March. Still 275 min above the norm, but the last 275 worked
    minutes are 15:25-20:00 on 20 March: all day, no night part."""
    nights = [date(2026, 3, d) for d in (2, 4, 5, 6)]
    days = [date(2026, 3, d) for d in (9, 10, 11, 12, 13, 16, 17, 18, 19, 20)]
    sessions = [work(d, 20, 8) for d in nights] + [work(d, 8, 20) for d in days]

    result = summarised(sessions)

    assert (result.overtime_summarised, result.overtime_summarised_night) == (275, 0)
    assert result.totals()["overtime_night"] == 0


# --- the attendance dashboard against the yearly cap --------------------------------------------


@pytest.mark.parametrize(
    ("before", "year_to_date", "near", "over"),
    [
        (7079, 7199, False, False),  # 119:59 h, under 4/5 of 150 h
        (7080, 7200, True, False),  # 120 h, four fifths of the cap
        (8881, 9001, True, True),  # 150:01 h, over KT art. 146(1)
    ],
)
def test_the_dashboard_lists_buckets_and_year_to_date_against_150_h_kt_art_146(
    client, login, team, shop, march, before, year_to_date, near, over
):
    """Staff's March shift on Tuesday 10 March is 07-15 with 30 min break (450 min planned);
    clocked 07:00-17:00 with a 30 min break: 570 min, 120 min beyond the schedule (daily
    accounting, KT art. 143): a working day's overtime (+50 %, KT art. 262(1)1). With an
    approved January timesheet of ``before`` min overtime, the year so far is before + 120."""
    staff = team["people"]["staff"]
    shift = factories.shift(march, staff, TUESDAY, shop["morning"])
    _work(
        staff, at(TUESDAY, 7), at(TUESDAY, 17), (at(TUESDAY, 11), 30), shift=shift,
        location=shop["location"],
    )  # fmt: skip
    Timesheet.objects.create(
        employee=staff,
        start=date(2026, 1, 1),
        end=date(2026, 1, 31),
        status=Timesheet.Status.APPROVED,
        totals={"overtime": before},
    )
    login(client, team["users"]["planner"])

    response = client.get(reverse("scheduling:attendance-dashboard"), {"period": "2026-03-10"})

    assert response.status_code == 200
    row = next(r for r in response.context["overtime"] if r.person == staff)
    assert (row.worked, row.overtime, row.regime) == (570, 120, "daily")
    assert (row.buckets["overtime_workday"], row.buckets["overtime_rest_day"]) == (120, 0)
    assert (row.year_to_date, row.year_cap) == (year_to_date, 150 * 60)
    assert (row.near_year_cap, row.over_year_cap) == (near, over)
    page = response.content.decode()
    assert ("Near the yearly cap" in page) == (near and not over)
    assert ("Over the yearly cap" in page) == over


# --- open shifts offered to a person ------------------------------------------------------------


@pytest.mark.parametrize(("workdays", "breached"), [(4, False), (5, True)])
def test_an_open_shift_beyond_the_weekly_overtime_cap_is_not_offered_kt_art_146(
    team, shop, workdays, breached
):
    """Staff is planned 07:00-15:30 (30 min break, 480 min) from Monday on ``workdays`` days of
    next week; an open Saturday shift of 480 min is offered. Five days: 5 x 480 = 2,400 min, the
    contract week, so all of Saturday is overtime: 480 min > 6 h a week and, with Friday, > 3 h
    over two consecutive working days (KT art. 146(1)2, 3). Four days: 4 x 480 + 480 = 2,400,
    no overtime, nothing from art. 146."""
    staff = team["people"]["staff"]
    long_morning = factories.template(shop["location"], "L", time(7), time(15, 30), 30)
    monday = shop["monday"]
    for offset in range(workdays):
        factories.shift(shop["published"], staff, monday + timedelta(days=offset), long_morning)
    factories.shift(shop["published"], None, monday + timedelta(days=5), long_morning)

    offers = open_shifts_for(employee=staff, today=timezone.localdate())

    (saturday,) = [conflicts for shift, conflicts in offers if shift.template == long_morning]
    codes = {conflict.code for conflict in saturday}
    assert ({"overtime_week", "overtime_two_days"} <= codes) == breached
    assert not codes & {"overtime_week", "overtime_two_days", "overtime_month"} or breached


# --- the demo's depot month ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("after", "month"),
    [
        (date(2026, 12, 21), (date(2027, 1, 1), date(2027, 1, 31))),
        (date(2027, 2, 1), (date(2027, 2, 1), date(2027, 2, 28))),
        (date(2028, 1, 31), (date(2028, 2, 1), date(2028, 2, 29))),
    ],
)
def test_the_demo_depot_month_is_the_first_whole_month_after_the_draft_week(after, month):
    """The depot's published month (monthly accounting period, KT art. 142) starts on the first
    of a month on or after the day following the draft week, so it overlaps no weekly period."""
    from scheduling.demo import _month_after

    assert _month_after(after) == month

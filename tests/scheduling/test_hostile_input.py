"""Dates out of range on the scheduling pages: refused at the form, or the page's default in a
query string; never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from scheduling.models import Availability, Coverage, SchedulePeriod, Shift
from tests.scheduling import factories

TOO_LATE = "Enter a date on or before"
TOO_EARLY = "Enter a date on or after 1 Jan 1900."


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        ("9999-12-27", "9999-12-31", TOO_LATE),
        ("0001-01-01", "0001-01-07", TOO_EARLY),
    ],
)
def test_a_period_out_of_range_is_refused_at_the_form(
    client, login, team, shop, start, end, message
):
    login(client, team["users"]["planner"])
    before = SchedulePeriod.objects.count()
    response = client.post(
        reverse("scheduling:period-create"),
        {"location": shop["location"].pk, "start": start, "end": end},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert SchedulePeriod.objects.count() == before


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "9999-99-99"])
def test_query_string_dates_out_of_range_show_the_default(client, login, team, shop, value):
    today = timezone.localdate()
    login(client, team["users"]["planner"])
    roster = reverse("scheduling:period-detail", args=[shop["draft"].pk])
    assert client.get(roster, {"week": value}).status_code == 200
    response = client.get(reverse("scheduling:cost-report"), {"from": value})
    assert response.status_code == 200
    assert response.context["first"] <= today <= response.context["last"]
    response = client.get(reverse("scheduling:attendance-dashboard"), {"period": value})
    assert response.status_code == 200
    login(client, team["users"]["staff"])
    for view in ("week", "month"):
        response = client.get(reverse("scheduling:schedule-mine"), {"date": value, "view": view})
        assert response.status_code == 200
        assert any(day == today for day, _shifts in response.context["days"])
    login(client, team["users"]["hr"])
    assert client.get(reverse("scheduling:timesheet-list"), {"period": value}).status_code == 200
    response = client.post(
        reverse("scheduling:timesheet-export"), {"start": value, "format": "xlsx"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("scheduling:timesheet-list")


def test_a_shift_in_year_9999_is_refused(client, login, team, shop):
    login(client, team["users"]["planner"])
    before = Shift.objects.count()
    response = client.post(
        reverse("scheduling:shift-create", args=[shop["draft"].pk]),
        {
            "employee": team["people"]["staff"].pk,
            "day": "9999-12-31",
            "template": shop["morning"].pk,
        },
    )
    assert response.status_code == 200
    assert TOO_LATE in response.content.decode()
    assert Shift.objects.count() == before


def test_coverage_and_availability_dates_out_of_range_are_refused(client, login, team, shop):
    location = shop["location"]
    login(client, team["users"]["planner"])
    lines = Coverage.objects.count()
    response = client.post(
        reverse("scheduling:coverage-create", args=[location.pk]),
        {"template": shop["morning"].pk, "date": "9999-12-31", "count": "1"},
    )
    assert response.status_code == 200
    assert TOO_LATE in response.content.decode()
    assert Coverage.objects.count() == lines
    login(client, team["users"]["staff"])
    response = client.post(
        reverse("scheduling:availability-mine"), {"kind": "unavailable", "date": "0001-01-01"}
    )
    assert response.status_code == 200
    assert TOO_EARLY in response.content.decode()
    assert not Availability.objects.exists()


def test_a_correction_request_for_year_9999_is_refused(client, login, team, shop):
    from scheduling.models import CorrectionRequest

    login(client, team["users"]["staff"])
    response = client.post(
        reverse("scheduling:correction-create"), {"day": "9999-12-31", "comment": "Forgot"}
    )
    assert response.status_code == 200
    assert TOO_LATE in response.content.decode()
    assert not CorrectionRequest.objects.exists()


def test_a_rotation_from_year_9999_is_refused(client, login, team, shop):
    from scheduling.models import RotationPattern

    pattern = RotationPattern.objects.create(name="M only", sequence="M")
    login(client, team["users"]["planner"])
    before = Shift.objects.count()
    response = client.post(
        reverse("scheduling:rotation-apply", args=[shop["draft"].pk]),
        {
            "pattern": pattern.pk,
            "employees": [team["people"]["staff"].pk],
            "start": "9999-12-27",
        },
    )
    assert response.status_code == 200
    assert TOO_LATE in response.content.decode()
    assert Shift.objects.count() == before


def test_a_period_at_the_far_end_of_the_range_still_opens(client, login, team, shop):
    from datetime import date, timedelta

    last = date(timezone.localdate().year + 50, 12, 31)
    start = last - timedelta(days=last.weekday())
    period = factories.period(shop["location"], start, days=(last - start).days + 1)
    login(client, team["users"]["planner"])
    assert client.get(reverse("scheduling:period-detail", args=[period.pk])).status_code == 200


@pytest.mark.parametrize("value", ["²", "1" * 40, "x"])
def test_ids_that_are_not_plain_numbers_answer_without_an_error(client, login, team, shop, value):
    login(client, team["users"]["planner"])
    staff = team["people"]["staff"]
    location = shop["location"]

    limits = reverse("scheduling:staff-limits-edit", args=[staff.pk])
    assert client.get(limits, {"location": value}).status_code == 200
    assert client.get(reverse("scheduling:period-list"), {"location": value}).status_code == 200
    skills = reverse("scheduling:location-skills-edit", args=[location.pk])
    response = client.post(skills, {"remove": value, f"skill_{value}": "on", "skill_": "on"})
    assert response.status_code == 302
    assert location.members.filter(pk=staff.pk).exists()  # nothing was removed

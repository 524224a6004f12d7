"""The time clock never writes an end in the future, so sessions never overlap."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from scheduling import services
from scheduling.domain.times import instant
from scheduling.models import TimeEntry

SOFIA = ZoneInfo("Europe/Sofia")
TUESDAY = date(2026, 3, 10)
UNDONE = "Clock-in undone: less than a minute had passed."


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return instant(day, time(hour, minute, second), SOFIA)


def test_clocking_out_and_straight_back_in_makes_two_sessions_that_do_not_overlap(team):
    staff = team["people"]["staff"]
    first = services.clock_in(employee=staff, ip=None, now=at(TUESDAY, 7))
    services.clock_out(employee=staff, now=at(TUESDAY, 9))
    second = services.clock_in(employee=staff, ip=None, now=at(TUESDAY, 9))
    services.clock_out(employee=staff, now=at(TUESDAY, 9, 1, 30))

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.clock_in, first.clock_out) == (at(TUESDAY, 7), at(TUESDAY, 9))
    assert (second.clock_in, second.clock_out) == (at(TUESDAY, 9), at(TUESDAY, 9, 1, 30))
    assert first.clock_out <= second.clock_in


def test_a_clock_out_within_the_first_minute_undoes_the_clock_in(team):
    staff = team["people"]["staff"]
    services.clock_in(employee=staff, ip=None, now=at(TUESDAY, 7))

    assert services.clock_out(employee=staff, now=at(TUESDAY, 7, 0, 40)) is None

    assert not TimeEntry.objects.filter(employee=staff).exists()
    services.clock_in(employee=staff, ip=None, now=at(TUESDAY, 7, 0, 50))  # and in again at once
    assert TimeEntry.objects.filter(employee=staff, clock_out__isnull=True).count() == 1


def test_the_clock_page_says_a_mistaken_tap_was_undone(team, login):
    staff = team["people"]["staff"]
    client = Client()
    login(client, team["users"]["staff"])
    url = reverse("scheduling:clock-detail")

    client.post(url, {"action": "in"}, follow=True)
    response = client.post(url, {"action": "out"}, follow=True)

    assert [str(m) for m in response.context["messages"]] == [UNDONE]
    assert not TimeEntry.objects.filter(employee=staff).exists()
    assert all(
        e.clock_out is None or e.clock_out <= timezone.now()
        for e in TimeEntry.objects.filter(employee=staff)
    )


def test_clocking_in_before_a_corrected_session_ends_is_refused(team):
    staff = team["people"]["staff"]
    TimeEntry.objects.create(
        employee=staff,
        day=TUESDAY,
        clock_in=at(TUESDAY, 7),
        clock_out=at(TUESDAY, 15),
        created_by=team["users"]["staff"],
    )

    with pytest.raises(ValidationError) as error:
        services.clock_in(employee=staff, ip=None, now=at(TUESDAY, 14))

    assert error.value.messages == ["Your last session runs until 15:00; clock in after it."]
    assert TimeEntry.objects.filter(employee=staff).count() == 1
    services.clock_in(employee=staff, ip=None, now=at(TUESDAY, 15) + timedelta(seconds=1))
    assert TimeEntry.objects.filter(employee=staff).count() == 2

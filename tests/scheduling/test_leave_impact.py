"""Before approving leave, the approver sees what it does to the published roster (through the
registry's leave-impact hook: HR does not import scheduling); after approval the planners are
told of the conflicts it created."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils.formats import date_format

from backoffice.i18n import date_text
from backoffice.models import Notification
from backoffice.registry import registry
from hr.services import leave_request_approve, leave_request_create
from scheduling.models import SchedulePeriod, Shift
from tests.hr import factories as hr_factories
from tests.scheduling import factories


@pytest.fixture
def leave_type(db):
    return hr_factories.paid_leave(
        code="UNPAID", counts_against_allowance=False, may_exceed_balance=True
    )


def _described(shift: Shift) -> str:
    zone = shift.location.zone
    return (
        f"{date_format(shift.day)} {shift.start.astimezone(zone):%H:%M}-"
        f"{shift.end.astimezone(zone):%H:%M}, {shift.location.name}"
    )


@pytest.fixture
def nights(team, shop):
    """Staff: Sunday evening of the week before, Monday morning, then nights Wednesday to
    Sunday. The Monday shift gives the week its weekly rest (Monday 15:00 to Wednesday 22:00);
    without it, the long rest starts on the Sunday before and counts for that week."""
    staff, monday = team["people"]["staff"], shop["monday"]
    before = factories.period(
        shop["location"], monday - timedelta(days=7), status=SchedulePeriod.Status.PUBLISHED
    )
    sunday = factories.shift(before, staff, monday - timedelta(days=1), shop["evening"])
    morning = factories.shift(shop["published"], staff, monday, shop["morning"])
    night_shifts = [
        factories.shift(shop["published"], staff, monday + timedelta(days=n), shop["night"])
        for n in range(2, 7)
    ]
    return {"sunday": sunday, "monday": morning, "nights": night_shifts}


def _request(team, leave_type, day):
    return leave_request_create(
        actor=team["users"]["staff"],
        employee=team["people"]["staff"],
        leave_type=leave_type,
        start_date=day,
        end_date=day,
        half_day="",
    )


def test_the_approver_sees_the_released_shift_and_the_new_conflict(
    client, login, team, shop, nights, leave_type
):
    request = _request(team, leave_type, shop["monday"])
    login(client, team["users"]["manager"])

    page = client.get(reverse("hr:leave-detail", args=[request.pk]))

    week = shop["monday"].strftime("%d.%m.%Y")
    expected = [
        f"Released as an open shift: {_described(nights['monday'])}",
        f"New conflict on {_described(nights['nights'][-1])}: "
        f"No weekly rest of 48 h in the week of {week}.",
    ]
    assert page.context["impact"] == expected
    body = page.content.decode()
    assert "Approving this leave changes the published roster:" in body
    # Nothing changed by looking.
    assert Shift.objects.get(pk=nights["monday"].pk).employee == team["people"]["staff"]
    assert not Notification.objects.filter(recipient=team["users"]["planner"]).exists()


def test_the_person_asking_does_not_see_the_impact(client, login, team, shop, nights, leave_type):
    request = _request(team, leave_type, shop["monday"])
    login(client, team["users"]["staff"])

    page = client.get(reverse("hr:leave-detail", args=[request.pk]))

    assert page.context["impact"] == []
    assert "Approving this leave changes" not in page.content.decode()


def test_leave_without_shifts_has_no_impact(team, shop, leave_type):
    request = _request(team, leave_type, shop["monday"])

    assert registry.leave_impact_for(request) == []


def test_after_approval_the_planner_is_told_of_the_new_conflict(
    team, shop, nights, leave_type, django_capture_on_commit_callbacks
):
    request = _request(team, leave_type, shop["monday"])

    with django_capture_on_commit_callbacks(execute=True):
        leave_request_approve(actor=team["users"]["manager"], request=request)

    note = Notification.objects.get(recipient=team["users"]["planner"])
    assert note.title == "Leave approved for Стефан Ангелов: shifts to cover"
    days = [nights["monday"].day, nights["nights"][-1].day]
    assert note.body == (
        "1 opened, 0 marked in closed periods, 1 new conflict, "
        f"from {date_text(min(days))} to {date_text(max(days))}."
    )
    assert note.url == reverse("scheduling:period-detail", args=[nights["monday"].period_id])

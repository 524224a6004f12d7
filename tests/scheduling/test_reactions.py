"""How the roster hears HR: leave approved or cancelled and people leaving, through HR's own
services, their on-commit events, the receivers and the (eager) tasks. Nobody is reassigned
silently: shifts become open, closed periods only get a flag, and the planners are told."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from backoffice.i18n import date_text
from backoffice.models import AuditEvent, Notification
from hr.services import (
    employment_end,
    leave_request_approve,
    leave_request_cancel,
    leave_request_create,
)
from scheduling import services
from scheduling.models import SchedulePeriod, Shift
from scheduling.tasks import employee_left_task, leave_approved_task
from tests.hr import factories as hr_factories
from tests.scheduling import factories

NAME = "Стефан Ангелов"


@pytest.fixture
def leave_type(db):
    return hr_factories.paid_leave(
        code="UNPAID", counts_against_allowance=False, may_exceed_balance=True
    )


def _first_leave_day(monday: date) -> date:
    """Tuesday, or Wednesday when two days from Tuesday would cross into the next leave year."""
    tuesday = monday + timedelta(days=1)
    return tuesday + timedelta(days=1) if (tuesday.month, tuesday.day) == (12, 31) else tuesday


def _approve(team, leave_type, django_capture_on_commit_callbacks, start, end, half_day=""):
    request = leave_request_create(
        actor=team["users"]["staff"],
        employee=team["people"]["staff"],
        leave_type=leave_type,
        start_date=start,
        end_date=end,
        half_day=half_day,
    )
    with django_capture_on_commit_callbacks(execute=True):
        leave_request_approve(actor=team["users"]["manager"], request=request)
    return request


def _planner_notes(team) -> list[tuple[str, str, str]]:
    return list(
        Notification.objects.filter(recipient=team["users"]["planner"]).values_list(
            "title", "body", "url"
        )
    )


def _described(shift: Shift) -> str:
    zone = shift.location.zone
    return (
        f"{date_text(shift.day)}, {shift.start.astimezone(zone):%H:%M}–"
        f"{shift.end.astimezone(zone):%H:%M}, {shift.location.name}"
    )


def _span(shifts) -> str:
    days = [shift.day for shift in shifts]
    return f"from {date_text(min(days))} to {date_text(max(days))}."


def _holders(*shifts: Shift) -> list[tuple]:
    result = []
    for shift in shifts:
        shift.refresh_from_db()
        result.append((shift.employee_id, shift.released, shift.note, shift.flag))
    return result


@pytest.fixture
def leave_week(team, shop) -> dict:
    """Around two days of leave in next week's published roster: staff works the night before,
    both days and the day after; the colleague works the first day."""
    published = shop["published"]
    staff, colleague = team["people"]["staff"], team["people"]["colleague"]
    first = _first_leave_day(published.start)
    return {
        "first": first,
        "night_before": factories.shift(published, staff, first - timedelta(days=1), shop["night"]),
        "first_day": factories.shift(published, staff, first, shop["morning"]),
        "second_day": factories.shift(published, staff, first + timedelta(days=1), shop["evening"]),
        "day_after": factories.shift(published, staff, first + timedelta(days=2), shop["morning"]),
        "colleague": factories.shift(published, colleague, first, shop["morning"]),
    }


def test_approved_leave_opens_the_overlapping_shifts_and_tells_the_planners(
    team, shop, leave_type, leave_week, django_capture_on_commit_callbacks
):
    staff, colleague = team["people"]["staff"], team["people"]["colleague"]
    first = leave_week["first"]

    request = _approve(
        team, leave_type, django_capture_on_commit_callbacks, first, first + timedelta(days=1)
    )

    opened = [leave_week["night_before"], leave_week["first_day"], leave_week["second_day"]]
    assert _holders(*opened) == [(None, "leave", NAME, "")] * 3
    assert _holders(leave_week["day_after"], leave_week["colleague"]) == [
        (staff.pk, "", "", ""),
        (colleague.pk, "", "", ""),
    ]
    assert _planner_notes(team) == [
        (
            f"Leave approved for {NAME}: shifts to cover",
            f"3 opened, 0 marked in closed periods, 0 new conflicts, {_span(opened)}",
            reverse("scheduling:period-detail", args=[shop["published"].pk]),
        )
    ]
    event = AuditEvent.objects.get(kind="scheduling.shifts_released")
    assert (event.object_id, event.data["summary"]["params"]) == (
        str(request.pk),
        {"count": "3", "name": NAME},
    )

    notes, events = Notification.objects.count(), AuditEvent.objects.count()
    assert leave_approved_task.delay(request.pk).get() == 0
    assert leave_approved_task(request.pk) == 0
    assert (Notification.objects.count(), AuditEvent.objects.count()) == (notes, events)
    assert _holders(*opened) == [(None, "leave", NAME, "")] * 3


@pytest.mark.parametrize(
    ("half", "opened", "kept"),
    [("morning", "night", "evening"), ("afternoon", "morning", "night")],
)
def test_half_a_day_of_leave_opens_only_the_shift_in_that_half(
    team, shop, leave_type, django_capture_on_commit_callbacks, half, opened, kept
):
    draft = shop["draft"]
    staff = team["people"]["staff"]
    day = draft.start + timedelta(days=2)
    on_day = {"night": day - timedelta(days=1), "morning": day, "evening": day}
    shifts = {
        name: factories.shift(draft, staff, on_day[name], shop[name]) for name in (opened, kept)
    }

    _approve(team, leave_type, django_capture_on_commit_callbacks, day, day, half_day=half)

    assert _holders(shifts[opened]) == [(None, "leave", NAME, "")]
    assert _holders(shifts[kept]) == [(staff.pk, "", "", "")]
    assert [body for _title, body, _url in _planner_notes(team)] == [
        f"Opened: {_described(shifts[opened])}."
    ]


def test_in_a_closed_period_the_shift_keeps_its_person_and_gets_a_flag(
    team, shop, leave_type, leave_week, django_capture_on_commit_callbacks
):
    services.period_close(actor=team["users"]["planner"], period=shop["published"])
    first = leave_week["first"]
    staff = team["people"]["staff"]

    request = _approve(team, leave_type, django_capture_on_commit_callbacks, first, first)

    flagged = [leave_week["night_before"], leave_week["first_day"]]
    assert _holders(*flagged) == [(staff.pk, "", "", "On approved leave")] * 2
    assert _holders(leave_week["second_day"]) == [(staff.pk, "", "", "")]
    assert _planner_notes(team) == [
        (
            f"Leave approved for {NAME}: shifts to cover",
            f"0 opened, 2 marked in closed periods, 0 new conflicts, {_span(flagged)}",
            reverse("scheduling:period-detail", args=[shop["published"].pk]),
        )
    ]

    notes = Notification.objects.count()
    assert leave_approved_task(request.pk) == 0
    assert Notification.objects.count() == notes
    assert _holders(*flagged) == [(staff.pk, "", "", "On approved leave")] * 2


def test_cancelled_leave_reassigns_nothing_and_tells_the_planners(
    team, shop, leave_type, leave_week, django_capture_on_commit_callbacks
):
    first = leave_week["first"]
    request = _approve(
        team, leave_type, django_capture_on_commit_callbacks, first, first + timedelta(days=1)
    )
    Notification.objects.all().delete()

    with django_capture_on_commit_callbacks(execute=True):
        leave_request_cancel(actor=team["users"]["staff"], request=request)

    opened = [leave_week["night_before"], leave_week["first_day"], leave_week["second_day"]]
    assert _holders(*opened) == [(None, "leave", NAME, "")] * 3
    assert _planner_notes(team) == [
        (
            f"Leave of {NAME} was cancelled",
            f"3 shifts opened for this leave are still open, {_span(opened)}",
            reverse("scheduling:period-detail", args=[shop["published"].pk]),
        )
    ]


def test_cancelled_leave_that_opened_nothing_says_so(
    team, shop, leave_type, django_capture_on_commit_callbacks
):
    day = shop["draft"].start + timedelta(days=3)
    request = _approve(team, leave_type, django_capture_on_commit_callbacks, day, day)
    assert not _planner_notes(team)

    with django_capture_on_commit_callbacks(execute=True):
        leave_request_cancel(actor=team["users"]["staff"], request=request)

    assert _planner_notes(team) == [
        (
            f"Leave of {NAME} was cancelled",
            f"From {date_text(day)} to {date_text(day)}. Nothing on the roster was changed.",
            "",
        )
    ]


def test_a_leaver_s_shifts_after_the_last_day_become_open(
    team, shop, django_capture_on_commit_callbacks
):
    published, draft = shop["published"], shop["draft"]
    staff = team["people"]["staff"]
    closed = factories.period(
        shop["location"], draft.start + timedelta(days=7), status=SchedulePeriod.Status.CLOSED
    )
    last_day = published.start + timedelta(days=2)
    kept = [
        factories.shift(published, staff, last_day - timedelta(days=1), shop["morning"]),
        factories.shift(published, staff, last_day, shop["night"]),
        factories.shift(closed, staff, closed.start, shop["morning"]),
    ]
    after = [
        factories.shift(published, staff, last_day + timedelta(days=1), shop["evening"]),
        factories.shift(draft, staff, draft.start, shop["morning"]),
    ]

    with django_capture_on_commit_callbacks(execute=True):
        employment_end(
            actor=team["users"]["hr"], employee=staff, last_day=last_day, reason="resignation"
        )

    assert _holders(*after) == [(None, "left", NAME, "")] * 2
    assert _holders(*kept) == [(staff.pk, "", "", "")] * 3
    assert _planner_notes(team) == [
        (
            f"{NAME} is leaving: shifts to cover",
            f"2 shifts opened, {_span(after)}",
            reverse("scheduling:period-detail", args=[published.pk]),
        )
    ]

    assert employee_left_task(staff.pk) == 0
    assert len(_planner_notes(team)) == 1


def test_planners_read_the_roster_s_notices_in_their_own_language(
    team, shop, leave_type, django_capture_on_commit_callbacks
):
    planner = team["users"]["planner"]
    draft = shop["draft"]
    day = draft.start + timedelta(days=2)
    shift = factories.shift(draft, team["people"]["staff"], day, shop["morning"])

    _approve(team, leave_type, django_capture_on_commit_callbacks, day, day)

    note = Notification.objects.get(recipient=planner)
    assert note.kind == "scheduling.leave_shifts_released"
    assert note.title_msgid == "Leave approved for %(name)s: shifts to cover"
    assert note.body_msgid == "Opened: %(day)s, %(start)s–%(end)s, %(location)s."
    assert note.params["day"] == {"type": "date", "value": day.isoformat()}
    assert note.params["start"] == {"type": "time", "value": "07:00"}
    with translation.override("bg"):
        body = note.body_display
        month = date_text(day).split()[1]
    assert month.islower() and month in body  # "4 декември": the month in Bulgarian, lower case
    assert shift.location.name in body

"""Time and attendance in the app: the time clock and corrections.

Work is placed in March 2026 (a past month: Tuesday 3 March is Liberation Day when a test makes it
a holiday); what must use the server's clock asserts relative facts only.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from backoffice.models import AuditEvent, Notification
from scheduling import services
from scheduling.models import (
    BreakEntry,
    CorrectionRequest,
    TimeEntry,
    Timesheet,
    TimesheetAdjustment,
)
from scheduling.selectors.attendance import classified
from tests.scheduling import factories
from tests.scheduling.attendance_support import (
    MARCH,
    NOT_IN,
    SOFIA,
    TUESDAY,
    _client,
    _correct,
    _errors,
    _messages,
    _sheet,
    _work,
    at,
)

# --- the time clock ------------------------------------------------------------------------------


def test_clock_in_break_resume_and_out_through_the_clock_page(client, login, team, shop):
    staff = team["people"]["staff"]
    login(client, team["users"]["staff"])
    url = reverse("scheduling:clock-detail")

    before = timezone.now()
    response = client.post(url, {"action": "in"}, follow=True)
    after = timezone.now()

    assert response.redirect_chain == [(url, 302)]
    assert _messages(response) == ["Clocked in."]
    entry = TimeEntry.objects.get()
    assert before <= entry.clock_in <= after
    assert (entry.employee, entry.location, entry.shift, entry.clock_out) == (
        staff,
        shop["location"],
        None,
        None,
    )
    assert entry.day == entry.clock_in.astimezone(SOFIA).date()
    assert (entry.source, entry.ip_address, entry.created_by) == (
        TimeEntry.Source.CLOCK,
        "127.0.0.1",
        team["users"]["staff"],
    )
    # No shift now: the punch is kept and marked.
    content = response.content.decode()
    assert "No shift now: a punch is recorded and shown to your manager." in content
    assert ">no shift</span>" in content
    assert 'value="out"' in content and 'value="break"' in content

    response = client.post(url, {"action": "break"}, follow=True)
    assert _messages(response) == ["Break started."]
    pause = BreakEntry.objects.get()
    assert (pause.entry, pause.end) == (entry, None)
    assert entry.clock_in <= pause.start <= timezone.now()
    assert "On a break" in response.content.decode()
    assert 'value="resume"' in response.content.decode()

    response = client.post(url, {"action": "resume"}, follow=True)
    assert _messages(response) == ["Back from the break."]
    pause.refresh_from_db()
    assert pause.start <= pause.end <= timezone.now()  # the server's time, never before the start

    # Two hours on the clock (the break moves with the session).
    TimeEntry.objects.filter(pk=entry.pk).update(clock_in=F("clock_in") - timedelta(hours=2))
    BreakEntry.objects.filter(pk=pause.pk).update(
        start=F("start") - timedelta(hours=2), end=F("end") - timedelta(hours=2)
    )
    before = timezone.now()
    response = client.post(url, {"action": "out"}, follow=True)
    assert _messages(response) == ["Clocked out."]
    entry.refresh_from_db()
    assert before <= entry.clock_out <= timezone.now()  # the server's time, never in the future
    assert "Not clocked in" in response.content.decode()
    assert (TimeEntry.objects.count(), BreakEntry.objects.count()) == (1, 1)
    pause.refresh_from_db()
    assert pause.end <= entry.clock_out  # a break never outlasts its session


def test_a_day_on_the_clock_at_exact_times_matches_the_shift(team, shop, march):
    staff = team["people"]["staff"]
    shift = factories.shift(march, staff, TUESDAY, shop["morning"])

    entry = services.clock_in(employee=staff, ip="10.0.0.7", now=at(TUESDAY, 6, 58))
    pause = services.break_start(employee=staff, now=at(TUESDAY, 11))
    services.break_end(employee=staff, now=at(TUESDAY, 11, 30))
    services.clock_out(employee=staff, now=at(TUESDAY, 15, 2))

    entry.refresh_from_db()
    pause.refresh_from_db()
    assert (entry.shift, entry.location, entry.day) == (shift, shop["location"], TUESDAY)
    assert (entry.clock_in, entry.clock_out) == (at(TUESDAY, 6, 58), at(TUESDAY, 15, 2))
    assert (entry.ip_address, entry.created_by) == ("10.0.0.7", team["users"]["staff"])
    assert list(BreakEntry.objects.values_list("start", "end")) == [
        (at(TUESDAY, 11), at(TUESDAY, 11, 30))
    ]
    result = classified(employee_id=staff.pk, start=MARCH[0], end=MARCH[1])
    assert result.days[TUESDAY].worked == 8 * 60 + 4 - 30


def test_clocking_out_closes_an_open_break(team, shop):
    staff = team["people"]["staff"]
    services.clock_in(employee=staff, ip=None, now=at(TUESDAY, 8))
    services.break_start(employee=staff, now=at(TUESDAY, 12))

    services.clock_out(employee=staff, now=at(TUESDAY, 12, 20))

    assert list(BreakEntry.objects.values_list("start", "end")) == [
        (at(TUESDAY, 12), at(TUESDAY, 12, 20))
    ]
    assert TimeEntry.objects.get().clock_out == at(TUESDAY, 12, 20)


@pytest.mark.parametrize(
    ("action", "message"),
    [
        ("out", NOT_IN),
        ("break", NOT_IN),
        ("resume", "You are not on a break."),
        ("dance", "Unknown action."),
    ],
)
def test_a_punch_out_of_order_says_why_and_writes_nothing(
    client, login, team, shop, action, message
):
    login(client, team["users"]["staff"])

    response = client.post(reverse("scheduling:clock-detail"), {"action": action}, follow=True)

    assert _messages(response) == [message]
    assert (TimeEntry.objects.count(), BreakEntry.objects.count()) == (0, 0)


def test_a_second_break_while_on_a_break_is_refused(team, shop):
    staff = team["people"]["staff"]
    services.clock_in(employee=staff, ip=None, now=at(TUESDAY, 8))
    services.break_start(employee=staff, now=at(TUESDAY, 12))

    with pytest.raises(ValidationError) as caught:
        services.break_start(employee=staff, now=at(TUESDAY, 12, 5))

    assert caught.value.messages == ["You are already on a break."]
    assert BreakEntry.objects.count() == 1


def test_clocking_in_twice_makes_one_entry(client, login, team, shop):
    staff = team["people"]["staff"]
    first = services.clock_in(employee=staff, ip=None, now=at(TUESDAY, 6, 58))

    with pytest.raises(ValidationError) as caught:
        services.clock_in(employee=staff, ip=None, now=at(TUESDAY, 6, 59))

    assert caught.value.messages == ["You are already clocked in (since 06:58)."]
    assert list(TimeEntry.objects.all()) == [first]

    # The second tab of the clock page gets the same answer.
    login(client, team["users"]["staff"])
    response = client.post(reverse("scheduling:clock-detail"), {"action": "in"}, follow=True)
    assert _messages(response) == ["You are already clocked in (since 06:58)."]
    assert TimeEntry.objects.count() == 1


def test_clocking_in_from_outside_the_allow_list_is_refused(client, login, team, shop):
    location = shop["location"]
    location.ip_allow_list = "10.0.0.0/24"
    location.save()
    login(client, team["users"]["staff"])
    url = reverse("scheduling:clock-detail")

    response = client.post(url, {"action": "in"}, REMOTE_ADDR="192.0.2.1", follow=True)

    assert _messages(response) == ["Clocking in is only possible from the location's network."]
    assert not TimeEntry.objects.exists()

    response = client.post(url, {"action": "in"}, REMOTE_ADDR="10.0.0.7", follow=True)
    assert _messages(response) == ["Clocked in."]
    assert TimeEntry.objects.get().ip_address == "10.0.0.7"


def test_clocking_in_before_the_location_window_is_refused(team, shop, march):
    staff = team["people"]["staff"]
    location = shop["location"]
    location.clock_window_minutes = 30
    location.save()
    shift = factories.shift(march, staff, TUESDAY, shop["morning"])

    with pytest.raises(ValidationError) as caught:
        services.clock_in(employee=staff, ip=None, now=at(TUESDAY, 6, 29))

    assert caught.value.messages == [
        "Too early: clocking in opens 30 minutes before the shift (07:00)."
    ]
    assert not TimeEntry.objects.exists()

    entry = services.clock_in(employee=staff, ip=None, now=at(TUESDAY, 6, 30))
    assert entry.shift == shift


# --- corrections ---------------------------------------------------------------------------------


def test_a_correction_request_reaches_the_manager_whose_correction_closes_it(
    client, login, team, shop
):
    staff, manager = team["people"]["staff"], team["users"]["manager"]
    login(client, team["users"]["staff"])

    response = client.post(
        reverse("scheduling:correction-create"),
        {"day": "2026-03-10", "comment": "I forgot to clock in; I worked 08:00-16:00."},
        follow=True,
    )

    assert _messages(response) == ["Your manager was asked to correct the time."]
    request = CorrectionRequest.objects.get()
    assert (request.employee, request.day, request.status) == (
        staff,
        TUESDAY,
        CorrectionRequest.Status.OPEN,
    )
    sheet = Timesheet.objects.get(employee=staff, start=MARCH[0])
    assert sheet.end == MARCH[1]
    note = Notification.objects.get()
    assert (note.recipient, note.title, note.body, note.url) == (
        manager,
        "A time correction is asked",
        "Стефан Ангелов, 10 Mar 2026: I forgot to clock in; I worked 08:00-16:00.",
        reverse("scheduling:timesheet-detail", args=[sheet.pk]),
    )

    boss = _client(login, manager)
    response = boss.post(
        reverse("scheduling:entry-create", args=[sheet.pk]),
        {
            "day": "2026-03-10",
            "start": "08:00",
            "end": "16:00",
            "break_minutes": "30",
            "reason": "Confirmed with the shop's till log",
        },
        follow=True,
    )

    assert response.redirect_chain == [
        (reverse("scheduling:timesheet-detail", args=[sheet.pk]), 302)
    ]
    assert _messages(response) == ["The time was corrected."]
    entry = TimeEntry.objects.get()
    assert (entry.clock_in, entry.clock_out, entry.day) == (
        at(TUESDAY, 8),
        at(TUESDAY, 16),
        TUESDAY,
    )
    assert (entry.source, entry.reason, entry.created_by, entry.location) == (
        TimeEntry.Source.CORRECTION,
        "Confirmed with the shop's till log",
        manager,
        shop["location"],
    )
    assert list(entry.breaks.values_list("start", "end")) == [
        (at(TUESDAY, 11, 45), at(TUESDAY, 12, 15))
    ]
    request.refresh_from_db()
    assert (request.status, request.answered_by, request.answer) == (
        CorrectionRequest.Status.DONE,
        manager,
        "Confirmed with the shop's till log",
    )
    event = AuditEvent.objects.get(kind="scheduling.time_corrected")
    assert (event.actor, event.object_id) == (manager, str(entry.pk))
    assert event.summary == (
        "Time of Стефан Ангелов on 2026-03-10 corrected: Confirmed with the shop's till log"
    )
    assert not TimesheetAdjustment.objects.exists()  # the period was not locked


def test_a_correction_request_for_a_future_day_is_refused(client, login, team, shop):
    login(client, team["users"]["staff"])
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = client.post(
        reverse("scheduling:correction-create"),
        {"day": tomorrow.isoformat(), "comment": "Tomorrow I will be late"},
        follow=True,
    )

    assert response.status_code == 200  # the clock page again, the error beside the date
    assert response.context["form"].errors == {"day": ["A correction cannot be in the future."]}
    assert "A correction cannot be in the future." in response.content.decode()
    assert not CorrectionRequest.objects.exists()
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        (
            {"clock_in": at(TUESDAY, 16), "clock_out": at(TUESDAY, 15)},
            {"clock_out": ["The end is before the start."]},
        ),
        (
            {"clock_in": at(TUESDAY, 14), "clock_out": at(TUESDAY, 18)},
            {"__all__": ["This overlaps another entry from 10.03 08:00 to 10.03 15:00."]},
        ),
        ({"reason": "   "}, {"reason": ["Say why the time is corrected."]}),
        (
            {"break_minutes": 480},
            {"break_minutes": ["The break is as long as the work or longer."]},
        ),
    ],
    ids=["ends-before-start", "overlaps", "no-reason", "break-too-long"],
)
def test_a_bad_manager_correction_says_why_and_changes_nothing(team, shop, overrides, errors):
    staff = team["people"]["staff"]
    existing = _work(staff, at(TUESDAY, 8), at(TUESDAY, 15), location=shop["location"])

    with pytest.raises(ValidationError) as caught:
        _correct(team, **overrides)

    assert _errors(caught.value) == errors
    assert list(TimeEntry.objects.all()) == [existing]
    existing.refresh_from_db()
    assert (existing.clock_in, existing.clock_out) == (at(TUESDAY, 8), at(TUESDAY, 15))
    assert not BreakEntry.objects.exists()
    assert not AuditEvent.objects.filter(kind="scheduling.time_corrected").exists()


def test_only_the_manager_corrects_and_never_their_own_time(team, shop):
    for actor, employee in (
        (team["users"]["colleague"], team["people"]["staff"]),
        (team["users"]["hr"], team["people"]["staff"]),
        (team["users"]["manager"], team["people"]["manager"]),
        (team["users"]["manager"], team["people"]["outsider"]),
    ):
        with pytest.raises(PermissionDenied):
            _correct(team, actor=actor, employee=employee)
    assert not TimeEntry.objects.exists()


def test_a_correction_that_ends_before_it_starts_is_shown_on_the_form(client, login, team, shop):
    sheet = _sheet(team["people"]["staff"])
    login(client, team["users"]["manager"])

    response = client.post(
        reverse("scheduling:entry-create", args=[sheet.pk]),
        {
            "day": "2026-03-10",
            "start": "16:00",
            "end": "08:00",
            "break_minutes": "0",
            "reason": "Typo",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"end": ["The end is before the start."]}
    assert "The end is before the start." in response.content.decode()
    assert not TimeEntry.objects.exists()


def test_a_correction_without_a_reason_is_refused_on_the_form(client, login, team, shop):
    sheet = _sheet(team["people"]["staff"])
    login(client, team["users"]["manager"])

    response = client.post(
        reverse("scheduling:entry-create", args=[sheet.pk]),
        {"day": "2026-03-10", "start": "08:00", "end": "16:00", "break_minutes": "0"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert not TimeEntry.objects.exists()

"""Time and attendance in the app: the time clock, corrections, timesheets from submission to the
locked figures payroll takes, adjustments after locking, who sees which timesheet, the export job
and the attendance dashboard.

Work is placed in March 2026 (a past month: Tuesday 3 March is Liberation Day when a test makes it
a holiday); what must use the server's clock asserts relative facts only.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import F
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backoffice.models import AuditEvent, Job, Notification
from hr.models import CalendarDay
from scheduling import services
from scheduling.models import (
    BreakEntry,
    CorrectionRequest,
    SchedulePeriod,
    TimeEntry,
    Timesheet,
    TimesheetAdjustment,
)
from scheduling.services.attendance import timesheet_for
from scheduling.times import instant
from scheduling.timesheets import classified, payroll_time, totals_with_bonus
from tests.scheduling import factories

SOFIA = ZoneInfo("Europe/Sofia")
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
APRIL = (date(2026, 4, 1), date(2026, 4, 30))
TUESDAY, WEDNESDAY = date(2026, 3, 10), date(2026, 3, 11)
ZERO_MINUTES = dict.fromkeys(("worked", "regular", "overtime", "night", "weekend", "holiday"), 0)

NOT_IN = "You are not clocked in."
LOCKED = "This timesheet is approved and locked; it can no longer change."
MAY_NOT = "You may not do this with this timesheet."


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return instant(day, time(hour, minute), SOFIA)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def _errors(error: ValidationError) -> dict[str, list[str]]:
    return error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}


def _client(login, user) -> Client:
    client = Client()
    login(client, user)
    return client


def _work(person, start: datetime, end: datetime | None, *breaks, location=None, shift=None):
    """A clocked session with breaks given as (start, minutes)."""
    entry = TimeEntry.objects.create(
        employee=person,
        location=location,
        shift=shift,
        day=start.astimezone(SOFIA).date(),
        clock_in=start,
        clock_out=end,
    )
    for begin, length in breaks:
        BreakEntry.objects.create(entry=entry, start=begin, end=begin + timedelta(minutes=length))
    return entry


def _sheet(person, period=MARCH, status=Timesheet.Status.OPEN, **fields) -> Timesheet:
    return Timesheet.objects.create(
        employee=person, start=period[0], end=period[1], status=status, **fields
    )


def _submit_and_approve(team, person, period=MARCH) -> Timesheet:
    sheet = timesheet_for(employee=person, day=period[0])
    services.timesheet_submit(actor=person.user, timesheet=sheet)
    return services.timesheet_approve(actor=team["users"]["manager"], timesheet=sheet)


@pytest.fixture
def march(shop) -> SchedulePeriod:
    """A published roster for all of March 2026 at the Vitosha shop."""
    return factories.period(
        shop["location"], MARCH[0], days=31, status=SchedulePeriod.Status.PUBLISHED
    )


# --- the time clock ------------------------------------------------------------------------------


def test_clock_in_break_resume_and_out_through_the_clock_page(client, login, team, shop):
    staff = team["people"]["staff"]
    login(client, team["users"]["staff"])
    url = reverse("scheduling:clock")

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

    response = client.post(reverse("scheduling:clock"), {"action": action}, follow=True)

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
    response = client.post(reverse("scheduling:clock"), {"action": "in"}, follow=True)
    assert _messages(response) == ["You are already clocked in (since 06:58)."]
    assert TimeEntry.objects.count() == 1


def test_clocking_in_from_outside_the_allow_list_is_refused(client, login, team, shop):
    location = shop["location"]
    location.ip_allow_list = "10.0.0.0/24"
    location.save()
    login(client, team["users"]["staff"])
    url = reverse("scheduling:clock")

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
        reverse("scheduling:correction-request"),
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
        "Стефан Ангелов, 2026-03-10: I forgot to clock in; I worked 08:00-16:00.",
        reverse("scheduling:timesheet", args=[sheet.pk]),
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

    assert response.redirect_chain == [(reverse("scheduling:timesheet", args=[sheet.pk]), 302)]
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
        reverse("scheduling:correction-request"),
        {"day": tomorrow.isoformat(), "comment": "Tomorrow I will be late"},
        follow=True,
    )

    assert response.status_code == 200  # the clock page again, the error beside the date
    assert response.context["form"].errors == {"day": ["A correction cannot be in the future."]}
    assert "A correction cannot be in the future." in response.content.decode()
    assert not CorrectionRequest.objects.exists()
    assert not Notification.objects.exists()


def _correct(team, **overrides):
    data = {
        "actor": team["users"]["manager"],
        "employee": team["people"]["staff"],
        "clock_in": at(WEDNESDAY, 8),
        "clock_out": at(WEDNESDAY, 16),
        "break_minutes": 30,
        "reason": "Forgot to clock in",
    }
    return services.entry_correct(**{**data, **overrides})


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


# --- submitting and approving ----------------------------------------------------------------


def test_submit_by_the_owner_then_approval_by_the_manager_locks_the_figures(
    client, login, team, shop
):
    staff, manager = team["people"]["staff"], team["users"]["manager"]
    _work(staff, at(TUESDAY, 8), at(TUESDAY, 18), (at(TUESDAY, 12), 30), location=shop["location"])
    _work(staff, at(WEDNESDAY, 22), at(WEDNESDAY + timedelta(days=1), 6), location=shop["location"])
    sheet = _sheet(staff)
    submit = reverse("scheduling:timesheet-submit", args=[sheet.pk])
    approve = reverse("scheduling:timesheet-approve", args=[sheet.pk])

    # Nobody but the owner submits.
    boss = _client(login, manager)
    response = boss.post(submit, follow=True)
    assert _messages(response) == [MAY_NOT]
    sheet.refresh_from_db()
    assert sheet.status == Timesheet.Status.OPEN

    login(client, team["users"]["staff"])
    page = client.get(reverse("scheduling:timesheet", args=[sheet.pk]))
    assert (page.context["may_submit"], page.context["may_approve"]) == (True, False)
    response = client.post(submit, follow=True)
    assert _messages(response) == ["The timesheet was sent to your manager."]
    sheet.refresh_from_db()
    assert sheet.status == Timesheet.Status.SUBMITTED and sheet.submitted_at is not None
    assert list(Notification.objects.values_list("recipient", "title", "body", "url")) == [
        (
            manager.pk,
            "A timesheet waits for your approval",
            "Стефан Ангелов: 2026-03-01 – 2026-03-31",
            reverse("scheduling:timesheet", args=[sheet.pk]),
        )
    ]
    # Submitting again changes nothing.
    client.post(submit)
    assert Notification.objects.count() == 1

    page = boss.get(reverse("scheduling:timesheet", args=[sheet.pk]))
    assert page.context["may_approve"] is True
    assert approve in page.content.decode()
    response = boss.post(approve, follow=True)

    assert _messages(response) == ["The timesheet was approved and locked."]
    sheet.refresh_from_db()
    assert (sheet.status, sheet.approved_by) == (Timesheet.Status.APPROVED, manager)
    assert sheet.approved_at is not None
    # 10 h less 30 min on Tuesday (90 overtime); 8 h of night from Wednesday (all night).
    assert sheet.totals == {
        "worked": 570 + 480,
        "regular": 480 + 480,
        "overtime": 90,
        "night": 480,
        "weekend": 0,
        "holiday": 0,
        "night_bonus": "68.640",
    }
    assert sheet.totals == totals_with_bonus(
        classified(employee_id=staff.pk, start=MARCH[0], end=MARCH[1])
    )
    note = Notification.objects.get(recipient=team["users"]["staff"])
    assert (note.title, note.body) == ("Your timesheet was approved", "2026-03-01 – 2026-03-31")
    event = AuditEvent.objects.get(kind="scheduling.timesheet_approved")
    assert (event.actor, event.object_id) == (manager, str(sheet.pk))


def test_a_locked_timesheet_can_be_neither_submitted_nor_approved_again(client, login, team, shop):
    staff = team["people"]["staff"]
    sheet = _submit_and_approve(team, staff)
    approved_at = sheet.approved_at
    login(client, team["users"]["staff"])

    response = client.post(reverse("scheduling:timesheet-submit", args=[sheet.pk]), follow=True)
    assert _messages(response) == [LOCKED]

    boss = _client(login, team["users"]["manager"])
    response = boss.post(reverse("scheduling:timesheet-approve", args=[sheet.pk]), follow=True)
    assert _messages(response) == [LOCKED]

    sheet.refresh_from_db()
    assert (sheet.status, sheet.approved_at) == (Timesheet.Status.APPROVED, approved_at)
    assert AuditEvent.objects.filter(kind="scheduling.timesheet_approved").count() == 1
    page = client.get(reverse("scheduling:timesheet", args=[sheet.pk]))
    assert (page.context["may_submit"], page.context["may_approve"]) == (False, False)


def test_approving_an_open_timesheet_is_refused(client, login, team, shop):
    sheet = _sheet(team["people"]["staff"])
    login(client, team["users"]["manager"])

    response = client.post(reverse("scheduling:timesheet-approve", args=[sheet.pk]), follow=True)

    assert _messages(response) == ["Only a submitted timesheet can be approved."]
    sheet.refresh_from_db()
    assert (sheet.status, sheet.totals) == (Timesheet.Status.OPEN, {})


def test_a_manager_cannot_approve_their_own_timesheet(client, login, team, shop):
    manager = team["people"]["manager"]
    sheet = _sheet(manager)
    services.timesheet_submit(actor=team["users"]["manager"], timesheet=sheet)
    login(client, team["users"]["manager"])

    page = client.get(reverse("scheduling:timesheet", args=[sheet.pk]))
    assert page.context["may_approve"] is False
    response = client.post(reverse("scheduling:timesheet-approve", args=[sheet.pk]), follow=True)

    assert _messages(response) == ["You cannot approve your own timesheet."]
    sheet.refresh_from_db()
    assert sheet.status == Timesheet.Status.SUBMITTED


def test_a_timesheet_with_an_open_session_is_not_approved(team, shop):
    staff = team["people"]["staff"]
    _work(staff, at(TUESDAY, 8), None, location=shop["location"])
    sheet = _sheet(staff, status=Timesheet.Status.SUBMITTED)

    with pytest.raises(ValidationError) as caught:
        services.timesheet_approve(actor=team["users"]["manager"], timesheet=sheet)

    assert caught.value.messages == ["A session of this period is still open; close it first."]
    sheet.refresh_from_db()
    assert sheet.status == Timesheet.Status.SUBMITTED


# --- after locking: the adjustment ---------------------------------------------------------------


def test_a_correction_after_locking_becomes_an_adjustment_of_the_next_period(
    client, login, team, shop
):
    staff, manager = team["people"]["staff"], team["users"]["manager"]
    entry = _work(
        staff, at(TUESDAY, 8), at(TUESDAY, 15), (at(TUESDAY, 11, 15), 30), location=shop["location"]
    )
    march_sheet = _submit_and_approve(team, staff)
    locked_totals = dict(march_sheet.totals)
    assert locked_totals["worked"] == 390
    assert not Timesheet.objects.filter(employee=staff, start=APRIL[0]).exists()
    login(client, manager)

    response = client.post(
        reverse("scheduling:entry-edit", args=[march_sheet.pk, entry.pk]),
        {
            "day": "2026-03-10",
            "start": "08:00",
            "end": "16:00",
            "break_minutes": "30",
            "reason": "Stayed an hour for the stock count",
        },
        follow=True,
    )

    assert _messages(response) == [
        "Corrected. The period is locked: the difference goes into the next one."
    ]
    entry.refresh_from_db()
    assert entry.clock_out == at(TUESDAY, 16)
    march_sheet.refresh_from_db()
    assert (march_sheet.status, march_sheet.totals) == (Timesheet.Status.APPROVED, locked_totals)
    april_sheet = Timesheet.objects.get(employee=staff, start=APRIL[0])
    assert (april_sheet.end, april_sheet.status) == (APRIL[1], Timesheet.Status.OPEN)
    adjustment = TimesheetAdjustment.objects.get()
    assert (adjustment.timesheet, adjustment.source, adjustment.created_by) == (
        april_sheet,
        march_sheet,
        manager,
    )
    assert adjustment.minutes == {
        **ZERO_MINUTES,
        "worked": 60,
        "regular": 60,
        "night_bonus": "0.000",
    }
    assert adjustment.reason == "Stayed an hour for the stock count"
    assert AuditEvent.objects.filter(kind="scheduling.time_corrected").count() == 1

    # Payroll: March keeps its locked minutes; April (once approved) carries the hour.
    assert payroll_time(employee=staff, start=MARCH[0], end=MARCH[1]).minutes["worked"] == 390
    assert payroll_time(employee=staff, start=APRIL[0], end=APRIL[1]).approved is False
    _work(staff, at(date(2026, 4, 2), 8), at(date(2026, 4, 2), 12), location=shop["location"])
    _submit_and_approve(team, staff, APRIL)
    april = payroll_time(employee=staff, start=APRIL[0], end=APRIL[1])
    assert april.approved is True
    assert april.minutes == {**ZERO_MINUTES, "worked": 240 + 60, "regular": 240 + 60}
    assert (april.hours["worked"], april.hours["regular"]) == (Decimal("5.00"), Decimal("5.00"))
    page = client.get(reverse("scheduling:timesheet", args=[april_sheet.pk]))
    assert "60 minutes worked" in page.content.decode()


def test_a_correction_after_two_locked_periods_goes_to_the_first_open_one(team, shop):
    staff = team["people"]["staff"]
    entry = _work(staff, at(TUESDAY, 8), at(TUESDAY, 15), location=shop["location"])
    march_sheet = _submit_and_approve(team, staff)
    april_sheet = _submit_and_approve(team, staff, APRIL)

    _correct(team, entry=entry, clock_in=at(TUESDAY, 8), clock_out=at(TUESDAY, 14), break_minutes=0)

    adjustment = TimesheetAdjustment.objects.get()
    assert adjustment.source == march_sheet
    assert adjustment.timesheet != april_sheet
    assert (adjustment.timesheet.start, adjustment.timesheet.status) == (
        date(2026, 5, 1),
        Timesheet.Status.OPEN,
    )
    assert adjustment.minutes["worked"] == -60


# --- the payroll interface -----------------------------------------------------------------------


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


# --- automatic submission ------------------------------------------------------------------------


def test_timesheets_of_the_previous_period_are_submitted_after_it_ends_once(team, shop):
    people = team["people"]
    for person in ("staff", "colleague", "outsider", "manager"):
        _work(people[person], at(TUESDAY, 8), at(TUESDAY, 16))
    _work(people["hr"], at(date(2026, 4, 2), 8), at(date(2026, 4, 2), 16))  # April only
    colleague_sheet = _sheet(people["colleague"])
    outsider_sheet = _sheet(people["outsider"], status=Timesheet.Status.SUBMITTED)
    manager_sheet = _sheet(people["manager"], status=Timesheet.Status.APPROVED)

    assert services.timesheets_submit_due(today=date(2026, 4, 3)) == 2

    statuses = dict(Timesheet.objects.values_list("employee", "status"))
    assert statuses == {
        people["staff"].pk: Timesheet.Status.SUBMITTED,
        people["colleague"].pk: Timesheet.Status.SUBMITTED,
        people["outsider"].pk: Timesheet.Status.SUBMITTED,
        people["manager"].pk: Timesheet.Status.APPROVED,
    }
    staff_sheet = Timesheet.objects.get(employee=people["staff"])
    assert (staff_sheet.start, staff_sheet.end) == MARCH
    colleague_sheet.refresh_from_db()
    assert colleague_sheet.submitted_at is not None
    assert sorted(Notification.objects.values_list("recipient__username", "body")) == [
        ("s-manager", "Гергана Димитрова: 2026-03-01 – 2026-03-31"),
        ("s-manager", "Стефан Ангелов: 2026-03-01 – 2026-03-31"),
    ]

    assert services.timesheets_submit_due(today=date(2026, 4, 20)) == 0
    assert Notification.objects.count() == 2
    assert Timesheet.objects.count() == 4
    outsider_sheet.refresh_from_db()
    manager_sheet.refresh_from_db()
    assert manager_sheet.status == Timesheet.Status.APPROVED


def test_a_weekly_pay_period_runs_monday_to_sunday(team, shop):
    from scheduling.selectors import rules_default
    from scheduling.timesheets import pay_period

    rules = rules_default()
    rules.pay_period = "weekly"
    rules.save()
    staff = team["people"]["staff"]
    _work(staff, at(TUESDAY, 8), at(TUESDAY, 16), location=shop["location"])

    assert pay_period(WEDNESDAY) == (date(2026, 3, 9), date(2026, 3, 15))
    assert services.timesheets_submit_due(today=date(2026, 3, 16)) == 1

    sheet = Timesheet.objects.get()
    assert (sheet.start, sheet.end, sheet.status) == (
        date(2026, 3, 9),
        date(2026, 3, 15),
        Timesheet.Status.SUBMITTED,
    )
    approved = services.timesheet_approve(actor=team["users"]["manager"], timesheet=sheet)
    assert approved.totals["worked"] == 480
    assert payroll_time(employee=staff, start=sheet.start, end=sheet.end).hours["worked"] == (
        Decimal("8.00")
    )


# --- who sees which timesheet ------------------------------------------------------------------


@pytest.fixture
def sheets(team) -> dict[str, Timesheet]:
    people = team["people"]
    return {
        name: _sheet(people[name], status=Timesheet.Status.SUBMITTED)
        for name in ("staff", "colleague", "outsider")
    }


def test_staff_see_their_own_timesheet_only(client, login, team, sheets):
    login(client, team["users"]["staff"])

    assert client.get(reverse("scheduling:timesheet", args=[sheets["staff"].pk])).status_code == 200
    for other in ("colleague", "outsider"):
        url = reverse("scheduling:timesheet", args=[sheets[other].pk])
        assert client.get(url).status_code == 404
    assert client.get(reverse("scheduling:timesheets")).status_code == 403
    mine = client.get(reverse("scheduling:my-timesheets"))
    assert {s.employee_id for s in mine.context["page"].object_list} == {team["people"]["staff"].pk}


def test_a_manager_sees_and_approves_the_reports_timesheets_only(client, login, team, sheets):
    people = team["people"]
    login(client, team["users"]["manager"])

    listed = client.get(reverse("scheduling:timesheets"))

    assert {s.employee_id for s in listed.context["page"].object_list} == {
        people["staff"].pk,
        people["colleague"].pk,
    }
    page = client.get(reverse("scheduling:timesheet", args=[sheets["staff"].pk]))
    assert (page.status_code, page.context["may_approve"], page.context["may_correct"]) == (
        200,
        True,
        True,
    )
    assert client.get(
        reverse("scheduling:timesheet", args=[sheets["outsider"].pk])
    ).status_code == (404)
    response = client.post(reverse("scheduling:timesheet-approve", args=[sheets["outsider"].pk]))
    assert response.status_code == 404
    sheets["outsider"].refresh_from_db()
    assert sheets["outsider"].status == Timesheet.Status.SUBMITTED


@pytest.mark.parametrize("role", ["hr", "finance"])
def test_hr_and_finance_see_every_timesheet_read_only(client, login, team, sheets, role):
    login(client, team["users"][role])

    listed = client.get(reverse("scheduling:timesheets"))
    assert {s.pk for s in listed.context["page"].object_list} == {s.pk for s in sheets.values()}
    for sheet in sheets.values():
        url = reverse("scheduling:timesheet", args=[sheet.pk])
        page = client.get(url)
        assert page.status_code == 200
        assert (page.context["may_approve"], page.context["may_correct"]) == (False, False)
        assert reverse("scheduling:timesheet-approve", args=[sheet.pk]) not in page.content.decode()

    response = client.post(
        reverse("scheduling:timesheet-approve", args=[sheets["staff"].pk]), follow=True
    )
    assert _messages(response) == [MAY_NOT]
    entry_form = reverse("scheduling:entry-create", args=[sheets["staff"].pk])
    assert client.get(entry_form).status_code == 403
    for sheet in Timesheet.objects.all():
        assert (sheet.status, sheet.totals, sheet.approved_by) == (
            Timesheet.Status.SUBMITTED,
            {},
            None,
        )


def test_an_outsider_gets_404_for_others_timesheets(client, login, team, sheets):
    login(client, team["users"]["outsider"])

    for name in ("staff", "colleague"):
        assert client.get(reverse("scheduling:timesheet", args=[sheets[name].pk])).status_code == (
            404
        )
        response = client.post(reverse("scheduling:timesheet-submit", args=[sheets[name].pk]))
        assert response.status_code == 404
    assert client.get(
        reverse("scheduling:timesheet", args=[sheets["outsider"].pk])
    ).status_code == (200)


# --- the export job ----------------------------------------------------------------------------


def _export(client, login, team, shop, django_capture_on_commit_callbacks, fmt: str) -> Job:
    people = team["people"]
    vitosha = shop["location"]
    _work(people["staff"], at(TUESDAY, 8), at(TUESDAY, 15), (at(TUESDAY, 11), 30), location=vitosha)
    _submit_and_approve(team, people["staff"])
    _work(
        people["colleague"],
        at(WEDNESDAY, 22),
        at(WEDNESDAY + timedelta(days=1), 6),
        location=vitosha,
    )
    _sheet(people["colleague"])
    _sheet(people["outsider"])  # not the manager's report
    login(client, team["users"]["manager"])

    page = client.get(reverse("scheduling:timesheets"), {"period": "2026-03-15"})
    assert page.context["export_start"] == MARCH[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("scheduling:timesheets-export"),
            {"start": page.context["export_start"].isoformat(), "format": fmt},
        )

    job = Job.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("backoffice:job-detail", kwargs={"uuid": job.uuid})
    assert (job.kind, job.params, job.requested_by) == (
        "scheduling.timesheets_export",
        {"start": "2026-03-01", "format": fmt},
        team["users"]["manager"],
    )
    assert job.status == Job.Status.SUCCEEDED, job.message
    return job


def test_the_timesheets_export_has_a_row_per_visible_timesheet(
    client, login, team, shop, django_capture_on_commit_callbacks
):
    from openpyxl import load_workbook

    job = _export(client, login, team, shop, django_capture_on_commit_callbacks, "xlsx")

    assert job.result_name == "timesheets-2026-03-01.xlsx"
    with job.result_file.open("rb") as handle:
        book = load_workbook(io.BytesIO(handle.read()))
    rows = [list(row) for row in book.active.iter_rows(values_only=True)]
    assert book.active.title == "2026-03-01"
    assert rows[0] == [
        "Employee",
        "Status",
        "Worked",
        "Regular",
        "Overtime",
        "Night",
        "Weekend",
        "Public holiday",
        "Night factor extra",
    ]
    assert [row[:2] for row in rows[1:]] == [
        ["Стефан Ангелов", "Approved and locked"],
        ["Гергана Димитрова", "Open"],
    ]
    hours = [[Decimal(str(v)) for v in row[2:]] for row in rows[1:]]
    assert hours == [
        [Decimal(v) for v in ("6.50", "6.50", "0", "0", "0", "0", "0")],
        # 8 h night: 480 x 0.143 = 68.64 extra minutes = 1.144 h -> 1.14
        [Decimal(v) for v in ("8", "8", "0", "8", "0", "0", "1.14")],
    ]


@pytest.mark.pdf
def test_the_timesheets_export_as_pdf(
    client, login, team, shop, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    job = _export(client, login, team, shop, django_capture_on_commit_callbacks, "pdf")

    assert job.result_name == "timesheets-2026-03-01.pdf"
    with job.result_file.open("rb") as handle:
        content = handle.read()
    assert content.startswith(b"%PDF-")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "Timesheets" in text
    assert "6.50" in text and "1.14" in text
    assert "Олег" not in text and "Найденов" not in text


def test_an_export_needs_a_period_and_a_format(client, login, team, shop):
    login(client, team["users"]["manager"])

    response = client.post(
        reverse("scheduling:timesheets-export"),
        {"start": "2026-03-01", "format": "csv"},
        follow=True,
    )

    assert _messages(response) == ["Choose a period and a format."]
    assert not Job.objects.exists()
    login(client, team["users"]["staff"])
    response = client.post(
        reverse("scheduling:timesheets-export"), {"start": "2026-03-01", "format": "xlsx"}
    )
    assert response.status_code == 403


# --- the attendance dashboard --------------------------------------------------------------------


@pytest.fixture
def attendance_month(team, shop, march) -> None:
    """Tuesday: staff 12 min late, the colleague 3 min late (within grace), the outsider 30 min
    late at the Mall; Wednesday: staff and the outsider miss their shifts."""
    people = team["people"]
    mall = factories.period(
        shop["other"], MARCH[0], days=31, status=SchedulePeriod.Status.PUBLISHED
    )
    mall_morning = factories.template(shop["other"], "M", time(7), time(15), 30)
    late = factories.shift(march, people["staff"], TUESDAY, shop["morning"])
    on_time = factories.shift(march, people["colleague"], TUESDAY, shop["morning"])
    outsider = factories.shift(mall, people["outsider"], TUESDAY, mall_morning)
    factories.shift(march, people["staff"], WEDNESDAY, shop["morning"])
    factories.shift(mall, people["outsider"], WEDNESDAY, mall_morning)
    _work(people["staff"], at(TUESDAY, 7, 12), at(TUESDAY, 15), shift=late, location=late.location)
    _work(
        people["colleague"],
        at(TUESDAY, 7, 3),
        at(TUESDAY, 15),
        shift=on_time,
        location=on_time.location,
    )
    _work(
        people["outsider"],
        at(TUESDAY, 7, 30),
        at(TUESDAY, 15),
        shift=outsider,
        location=outsider.location,
    )
    _sheet(people["staff"], status=Timesheet.Status.SUBMITTED)


@pytest.mark.parametrize(
    ("role", "planned", "actual", "late", "missed", "waiting"),
    [
        ("planner", 5 * 450, 468 + 477 + 450, 2, 2, 1),
        ("hr", 5 * 450, 468 + 477 + 450, 2, 2, 1),
        ("manager", 3 * 450, 468 + 477, 1, 1, 1),
    ],
)
def test_the_attendance_dashboard_counts_late_and_missed_shifts(
    client, login, team, attendance_month, role, planned, actual, late, missed, waiting
):
    login(client, team["users"][role])

    response = client.get(reverse("scheduling:attendance"), {"period": "2026-03-10"})

    assert response.status_code == 200
    context = response.context
    assert (context["start"], context["end"]) == MARCH
    assert (context["planned"], context["actual"]) == (planned, actual)
    assert (context["late_count"], context["missed_count"], context["waiting_count"]) == (
        late,
        missed,
        waiting,
    )
    assert [e.clock_in for e in context["late"]][-1] == at(TUESDAY, 7, 12)
    assert {s.day for s in context["missed"]} == {WEDNESDAY}
    rows = {day: (p, w) for day, p, w in context["rows"]}
    assert (rows[TUESDAY], rows[WEDNESDAY]) == (
        ((2, 2), (1, 0)) if role == "manager" else ((3, 3), (2, 0))
    )
    overtime = {person.pk: (worked, ot) for person, worked, ot in context["overtime"]}
    assert overtime[team["people"]["staff"].pk] == (468, 0)


def test_the_attendance_dashboard_is_not_for_staff(client, login, team, shop):
    login(client, team["users"]["staff"])

    assert client.get(reverse("scheduling:attendance")).status_code == 403


def test_the_attendance_dashboard_query_count_does_not_grow_with_entries(
    client, login, team, shop, march
):
    people = [team["people"]["staff"], team["people"]["colleague"]]

    def add(days: range) -> None:
        for offset in days:
            for person in people:
                day = MARCH[0] + timedelta(days=offset)
                shift = factories.shift(march, person, day, shop["morning"])
                _work(
                    person,
                    at(day, 7, 20),
                    at(day, 15),
                    (at(day, 11), 30),
                    shift=shift,
                    location=shop["location"],
                )

    login(client, team["users"]["planner"])
    url = reverse("scheduling:attendance")
    client.get(url, {"period": "2026-03-10"})  # warm caches (sessions, rules)

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"period": "2026-03-10"})
        assert response.status_code == 200
        return len(queries.captured_queries), response.context["late_count"]

    add(range(1))
    few, late_few = count()
    add(range(1, 15))
    many, late_many = count()

    assert (late_few, late_many) == (2, 30)
    assert TimeEntry.objects.count() == 30
    assert many == few


def test_the_timesheet_page_query_count_does_not_grow_with_entries(
    client, login, team, shop, march
):
    staff = team["people"]["staff"]
    sheet = _sheet(staff)
    login(client, team["users"]["manager"])
    url = reverse("scheduling:timesheet", args=[sheet.pk])

    def add(days: range) -> None:
        for offset in days:
            day = MARCH[0] + timedelta(days=offset)
            shift = factories.shift(march, staff, day, shop["morning"])
            _work(
                staff,
                at(day, 7),
                at(day, 15),
                (at(day, 11), 30),
                shift=shift,
                location=shop["location"],
            )

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        return len(queries.captured_queries)

    client.get(url)
    add(range(2))
    few = count()
    add(range(2, 30))
    assert count() == few


def test_a_timesheet_page_flags_late_missed_and_unplanned_days(client, login, team, shop, march):
    staff = team["people"]["staff"]
    late = factories.shift(march, staff, TUESDAY, shop["morning"])
    factories.shift(march, staff, WEDNESDAY, shop["morning"])
    _work(staff, at(TUESDAY, 7, 12), at(TUESDAY, 14), shift=late, location=shop["location"])
    thursday = WEDNESDAY + timedelta(days=1)
    _work(staff, at(thursday, 9), at(thursday, 13), location=shop["location"])
    sheet = _sheet(staff)
    login(client, team["users"]["staff"])

    response = client.get(reverse("scheduling:timesheet", args=[sheet.pk]))

    lines = {line.day: line for line in response.context["days"]}
    flags = {
        day: (line.late, line.early, line.missed, line.unplanned)
        for day, line in lines.items()
        if line.shifts or line.entries
    }
    assert flags == {
        TUESDAY: (True, True, False, False),
        WEDNESDAY: (False, False, True, False),
        thursday: (False, False, False, True),
    }
    assert (lines[TUESDAY].planned, lines[TUESDAY].actual) == (450, 408)
    assert response.context["planned"] == 900
    assert response.context["totals"]["worked"] == 408 + 240
    content = response.content.decode()
    for badge in ("late", "left early", "missed", "no shift"):
        assert f">{badge}</span>" in content


@pytest.mark.parametrize(
    ("data", "clock_in", "clock_out", "worked"),
    [
        # The autumn change night: 22:00-06:00 is 9 h of real time, less the 60 min break.
        (
            {"day": "2026-10-24", "start": "22:00", "end": "06:00", "ends_next_day": "on"},
            datetime(2026, 10, 24, 19, 0, tzinfo=ZoneInfo("UTC")),
            datetime(2026, 10, 25, 4, 0, tzinfo=ZoneInfo("UTC")),
            540 - 60,
        ),
        # 03:30 does not exist on 29 March 2026: it is read as 04:30 (EEST).
        (
            {"day": "2026-03-29", "start": "03:30", "end": "07:00"},
            datetime(2026, 3, 29, 1, 30, tzinfo=ZoneInfo("UTC")),
            datetime(2026, 3, 29, 4, 0, tzinfo=ZoneInfo("UTC")),
            150 - 60,
        ),
    ],
    ids=["autumn-night", "spring-gap"],
)
def test_a_correction_on_a_clock_change_day_counts_real_minutes(
    client, login, team, shop, data, clock_in, clock_out, worked
):
    staff = team["people"]["staff"]
    day = date.fromisoformat(data["day"])
    sheet = timesheet_for(employee=staff, day=day)
    login(client, team["users"]["manager"])

    response = client.post(
        reverse("scheduling:entry-create", args=[sheet.pk]),
        {**data, "break_minutes": "60", "reason": "Paper timesheet"},
    )

    assert response.status_code == 302
    entry = TimeEntry.objects.get()
    assert (entry.day, entry.clock_in, entry.clock_out) == (day, clock_in, clock_out)
    result = classified(employee_id=staff.pk, start=sheet.start, end=sheet.end)
    assert result.days[day].worked == worked


def test_an_empty_correction_request_keeps_the_form_with_its_error(client, login, team, shop):
    login(client, team["users"]["staff"])
    response = client.post(
        reverse("scheduling:correction-request"),
        {"day": timezone.localdate().isoformat(), "comment": ""},
    )
    assert response.status_code == 200
    assert "comment" in response.context["form"].errors
    assert not CorrectionRequest.objects.exists()

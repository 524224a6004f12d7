"""Timesheets from submission to the locked figures payroll takes, adjustments after locking,
automatic submission, the pay period and who sees which timesheet (March 2026, Sofia)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from backoffice.models import AuditEvent, Notification, PayPeriod
from backoffice.selectors import organisation_get
from scheduling import services
from scheduling.models import (
    Timesheet,
    TimesheetAdjustment,
)
from scheduling.selectors.attendance import (
    classified,
    night_bonus,
    payroll_time,
    timesheet_figures,
)
from tests.scheduling.attendance_support import (
    APRIL,
    LOCKED,
    MARCH,
    MAY_NOT,
    TUESDAY,
    WEDNESDAY,
    ZERO_MINUTES,
    _client,
    _correct,
    _messages,
    _sheet,
    _submit_and_approve,
    _work,
    at,
)

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
    page = client.get(reverse("scheduling:timesheet-detail", args=[sheet.pk]))
    assert (page.context["may_submit"], page.context["may_approve"]) == (True, False)
    response = client.post(submit, follow=True)
    assert _messages(response) == ["The timesheet was sent to your manager."]
    sheet.refresh_from_db()
    assert sheet.status == Timesheet.Status.SUBMITTED and sheet.submitted_at is not None
    assert list(Notification.objects.values_list("recipient", "title", "body", "url")) == [
        (
            manager.pk,
            "A timesheet waits for your approval",
            "Стефан Ангелов: 1 Mar 2026 – 31 Mar 2026",
            reverse("scheduling:timesheet-detail", args=[sheet.pk]),
        )
    ]
    # Submitting again changes nothing.
    client.post(submit)
    assert Notification.objects.count() == 1

    page = boss.get(reverse("scheduling:timesheet-detail", args=[sheet.pk]))
    assert page.context["may_approve"] is True
    assert approve in page.content.decode()
    response = boss.post(approve, follow=True)

    assert _messages(response) == ["The timesheet was approved and locked."]
    sheet.refresh_from_db()
    assert (sheet.status, sheet.approved_by) == (Timesheet.Status.APPROVED, manager)
    assert sheet.approved_at is not None
    # Daily accounting (KT art. 139): 10 h less 30 min on Tuesday, 90 min beyond the 8 h day;
    # 8 h of night from Wednesday, a night shift whose normal length is 7 h (KT art. 140(1)):
    # 60 min of night overtime. The night factor adds no paid minutes under daily accounting.
    assert sheet.totals == {
        **ZERO_MINUTES,
        "worked": 570 + 480,
        "regular": 480 + 420,
        "overtime": 90 + 60,
        "night": 480,
        "overtime_workday": 90 + 60,
        "overtime_night": 60,
        "regime": "daily",
        "days_worked": 2,
        "night_converted": 0,
    }
    assert sheet.night_bonus_minutes == Decimal("0")
    result = classified(employee_id=staff.pk, start=MARCH[0], end=MARCH[1])
    assert (sheet.totals, sheet.night_bonus_minutes) == (
        timesheet_figures(result),
        night_bonus(result),
    )
    note = Notification.objects.get(recipient=team["users"]["staff"])
    assert (note.title, note.body) == ("Your timesheet was approved", "1 Mar 2026 – 31 Mar 2026")
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
    page = client.get(reverse("scheduling:timesheet-detail", args=[sheet.pk]))
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

    page = client.get(reverse("scheduling:timesheet-detail", args=[sheet.pk]))
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
    }
    assert adjustment.night_bonus_minutes == Decimal("0.000")
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
    page = client.get(reverse("scheduling:timesheet-detail", args=[april_sheet.pk]))
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
        ("s-manager", "Гергана Димитрова: 1 Mar 2026 – 31 Mar 2026"),
        ("s-manager", "Стефан Ангелов: 1 Mar 2026 – 31 Mar 2026"),
    ]

    assert services.timesheets_submit_due(today=date(2026, 4, 20)) == 0
    assert Notification.objects.count() == 2
    assert Timesheet.objects.count() == 4
    outsider_sheet.refresh_from_db()
    manager_sheet.refresh_from_db()
    assert manager_sheet.status == Timesheet.Status.APPROVED


def test_a_weekly_pay_period_runs_monday_to_sunday(team, shop):
    from scheduling.selectors.attendance import pay_period

    organisation = organisation_get()
    organisation.pay_period = PayPeriod.WEEKLY
    organisation.save()
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

    assert (
        client.get(reverse("scheduling:timesheet-detail", args=[sheets["staff"].pk])).status_code
        == 200
    )
    for other in ("colleague", "outsider"):
        url = reverse("scheduling:timesheet-detail", args=[sheets[other].pk])
        assert client.get(url).status_code == 404
    assert client.get(reverse("scheduling:timesheet-list")).status_code == 403
    mine = client.get(reverse("scheduling:timesheet-mine"))
    assert {s.employee_id for s in mine.context["page"].object_list} == {team["people"]["staff"].pk}


def test_a_manager_sees_and_approves_the_reports_timesheets_only(client, login, team, sheets):
    people = team["people"]
    login(client, team["users"]["manager"])

    listed = client.get(reverse("scheduling:timesheet-list"))

    assert {s.employee_id for s in listed.context["page"].object_list} == {
        people["staff"].pk,
        people["colleague"].pk,
    }
    page = client.get(reverse("scheduling:timesheet-detail", args=[sheets["staff"].pk]))
    assert (page.status_code, page.context["may_approve"], page.context["may_correct"]) == (
        200,
        True,
        True,
    )
    assert client.get(
        reverse("scheduling:timesheet-detail", args=[sheets["outsider"].pk])
    ).status_code == (404)
    response = client.post(reverse("scheduling:timesheet-approve", args=[sheets["outsider"].pk]))
    assert response.status_code == 404
    sheets["outsider"].refresh_from_db()
    assert sheets["outsider"].status == Timesheet.Status.SUBMITTED


@pytest.mark.parametrize("role", ["hr", "finance"])
def test_hr_and_finance_see_every_timesheet_read_only(client, login, team, sheets, role):
    login(client, team["users"][role])

    listed = client.get(reverse("scheduling:timesheet-list"))
    assert {s.pk for s in listed.context["page"].object_list} == {s.pk for s in sheets.values()}
    for sheet in sheets.values():
        url = reverse("scheduling:timesheet-detail", args=[sheet.pk])
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
        assert client.get(
            reverse("scheduling:timesheet-detail", args=[sheets[name].pk])
        ).status_code == (404)
        response = client.post(reverse("scheduling:timesheet-submit", args=[sheets[name].pk]))
        assert response.status_code == 404
    assert client.get(
        reverse("scheduling:timesheet-detail", args=[sheets["outsider"].pk])
    ).status_code == (200)

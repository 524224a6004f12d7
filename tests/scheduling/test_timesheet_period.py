"""A timesheet is submitted and approved only after its period ends (a leaver's final one from
the last working day): locking a running month would turn every later hour into an adjustment of
the next one. The clock is set to 2 December 2026, Sofia."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from backoffice.models import AuditEvent, Notification
from hr.models import Employee
from scheduling import services
from scheduling.models import Timesheet
from tests.scheduling.attendance_support import _client, _messages, _sheet, _work, at

DECEMBER = (date(2026, 12, 1), date(2026, 12, 31))
NOVEMBER = (date(2026, 11, 1), date(2026, 11, 30))
NOT_ENDED = "This timesheet can be submitted from 1 January 2027, after its period ends."
LAST_DAY = "This timesheet can be submitted from 10 December 2026, the person's last working day."


@pytest.fixture
def today(monkeypatch):
    """The clock: a settable local date."""
    clock = {"day": date(2026, 12, 2)}
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: clock["day"])
    return clock


def test_the_running_months_timesheet_cannot_be_submitted(client, login, team, shop, today):
    staff = team["people"]["staff"]
    _work(staff, at(date(2026, 12, 1), 8), at(date(2026, 12, 1), 16), location=shop["location"])
    sheet = _sheet(staff, period=DECEMBER)
    login(client, team["users"]["staff"])

    page = client.get(reverse("scheduling:timesheet-detail", args=[sheet.pk]))
    response = client.post(reverse("scheduling:timesheet-submit", args=[sheet.pk]), follow=True)

    assert page.context["not_ready"] == NOT_ENDED
    html = page.content.decode()
    assert NOT_ENDED in html
    assert reverse("scheduling:timesheet-submit", args=[sheet.pk]) not in html
    assert 'disabled\n              aria-describedby="timesheet-not-ready">Submit' in html
    assert _messages(response) == [NOT_ENDED]
    sheet.refresh_from_db()
    assert (sheet.status, sheet.submitted_at) == (Timesheet.Status.OPEN, None)
    assert Notification.objects.count() == 0


def test_a_submitted_running_timesheet_cannot_be_approved(client, login, team, shop, today):
    """A timesheet submitted under the old rule (demo data of 2 December) is not locked early."""
    sheet = _sheet(team["people"]["staff"], period=DECEMBER, status=Timesheet.Status.SUBMITTED)
    boss = _client(login, team["users"]["manager"])

    page = boss.get(reverse("scheduling:timesheet-detail", args=[sheet.pk]))
    response = boss.post(reverse("scheduling:timesheet-approve", args=[sheet.pk]), follow=True)

    assert page.context["not_ready"] == NOT_ENDED
    assert reverse("scheduling:timesheet-approve", args=[sheet.pk]) not in page.content.decode()
    assert _messages(response) == [NOT_ENDED]
    sheet.refresh_from_db()
    assert (sheet.status, sheet.totals, sheet.approved_by) == (
        Timesheet.Status.SUBMITTED,
        {},
        None,
    )
    assert not AuditEvent.objects.filter(kind="scheduling.timesheet_approved").exists()


def test_after_the_period_ends_the_timesheet_is_submitted_and_approved(team, shop, today):
    staff = team["people"]["staff"]
    _work(staff, at(date(2026, 12, 1), 8), at(date(2026, 12, 1), 16), location=shop["location"])
    sheet = _sheet(staff, period=DECEMBER)
    today["day"] = date(2027, 1, 1)

    services.timesheet_submit(actor=team["users"]["staff"], timesheet=sheet)
    approved = services.timesheet_approve(actor=team["users"]["manager"], timesheet=sheet)

    assert approved.status == Timesheet.Status.APPROVED
    assert approved.totals["worked"] == 480


def test_last_months_timesheet_is_ready_on_the_second_of_the_next(team, shop, today):
    sheet = _sheet(team["people"]["staff"], period=NOVEMBER)

    services.timesheet_submit(actor=team["users"]["staff"], timesheet=sheet)

    sheet.refresh_from_db()
    assert sheet.status == Timesheet.Status.SUBMITTED


def test_a_leavers_final_timesheet_is_ready_from_the_last_working_day(team, shop, today):
    staff = team["people"]["staff"]
    Employee.objects.filter(pk=staff.pk).update(end_date=date(2026, 12, 10))
    sheet = _sheet(staff, period=DECEMBER)
    today["day"] = date(2026, 12, 9)

    with pytest.raises(ValidationError) as caught:
        services.timesheet_submit(actor=team["users"]["staff"], timesheet=sheet)
    assert caught.value.messages == [LAST_DAY]
    sheet.refresh_from_db()
    assert sheet.status == Timesheet.Status.OPEN

    today["day"] = date(2026, 12, 10)
    services.timesheet_submit(actor=team["users"]["staff"], timesheet=sheet)
    sheet.refresh_from_db()
    assert sheet.status == Timesheet.Status.SUBMITTED


def test_the_nightly_job_leaves_a_running_period_open(team, shop, today):
    """The job submits last period's timesheets; a run on the period's last day submits nothing."""
    staff = team["people"]["staff"]
    _work(staff, at(date(2026, 12, 1), 8), at(date(2026, 12, 1), 16), location=shop["location"])
    _work(staff, at(date(2026, 11, 30), 8), at(date(2026, 11, 30), 16), location=shop["location"])
    today["day"] = date(2026, 12, 31)

    assert services.timesheets_submit_due(today=date(2026, 12, 31)) == 1

    assert dict(Timesheet.objects.values_list("start", "status")) == {
        date(2026, 11, 1): Timesheet.Status.SUBMITTED
    }

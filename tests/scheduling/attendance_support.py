"""What the attendance tests share: March 2026 in Sofia, clocked sessions, timesheets and the
messages the pages show."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.test import Client

from scheduling import services
from scheduling.domain.times import instant
from scheduling.models import (
    BreakEntry,
    TimeEntry,
    Timesheet,
)
from scheduling.selectors.attendance import FIGURES
from scheduling.services.attendance import timesheet_for

SOFIA = ZoneInfo("Europe/Sofia")
MARCH = (date(2026, 3, 1), date(2026, 3, 31))
APRIL = (date(2026, 4, 1), date(2026, 4, 30))
TUESDAY, WEDNESDAY = date(2026, 3, 10), date(2026, 3, 11)
#: Every minute figure of a timesheet (the categories and the overtime buckets), all zero.
ZERO_MINUTES = dict.fromkeys(FIGURES, 0)

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

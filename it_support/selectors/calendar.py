"""The business calendar the SLA clocks run on: the helpdesk's weekly hours, the organisation's
time zone, and HR's public holidays and working weekend days."""

from __future__ import annotations

from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from backoffice.selectors import organisation_get
from hr.selectors import calendar_days
from it_support.domain.sla import BusinessCalendar
from it_support.models import BusinessHours

#: Used until the helpdesk's hours are set up: Monday to Friday, 09:00-18:00.
DEFAULT_HOURS = {d: (time(9), time(18)) for d in range(5)}


def business_calendar(*, start: date, end: date) -> BusinessCalendar:
    """The calendar for clocks within [start, end] (two queries, whatever the span)."""
    organisation = organisation_get()
    hours = {row.weekday: (row.opens, row.closes) for row in BusinessHours.objects.all()}
    days = calendar_days(start=start - timedelta(days=2), end=end + timedelta(days=2))
    return BusinessCalendar(
        zone=ZoneInfo(organisation.time_zone or "Europe/Sofia"),
        hours=hours or DEFAULT_HOURS,
        holidays=frozenset(d.day for d in days if d.is_holiday),
        extra_working_days=frozenset(d.day for d in days if not d.is_holiday),
    )

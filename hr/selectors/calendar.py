"""The calendar as HR keeps it: official holidays, substitute rest days, one-off non-working days
and working Saturdays, read by the departments above HR through the functions here."""

from __future__ import annotations

from datetime import date

from backoffice.selectors import organisation_get
from hr.interface import CalendarEntry
from hr.models import CalendarDay
from hr.workdays import WorkCalendar


def calendar_days(*, start: date, end: date) -> list[CalendarEntry]:
    """The calendar's days in [start, end], in date order (one query)."""
    return [
        CalendarEntry(day=day, kind=kind, name=name)
        for day, kind, name in CalendarDay.objects.filter(day__gte=start, day__lte=end)
        .order_by("day")
        .values_list("day", "kind", "name")
    ]


def holidays_between(*, start: date, end: date) -> frozenset[date]:
    """The official holidays in [start, end] (Labour Code art. 154(1)); substitute rest days and
    one-off non-working days are rest days, not holidays (``rest_days_between``)."""
    return frozenset(entry.day for entry in calendar_days(start=start, end=end) if entry.is_holiday)


def rest_days_between(*, start: date, end: date) -> frozenset[date]:
    """Every day off of the calendar in [start, end]: official holidays, substitute rest days and
    non-working days by government decision."""
    return frozenset(
        entry.day for entry in calendar_days(start=start, end=end) if entry.is_rest_day
    )


def calendar_kinds(*, start: date, end: date) -> dict[date, str]:
    """The kind of each listed day in [start, end] (one query); days not listed follow their
    weekday."""
    return {entry.day: entry.kind for entry in calendar_days(start=start, end=end)}


def work_calendar(*, start: date, end: date) -> WorkCalendar:
    """The organisation's calendar schedule: its working week, less every rest day of the
    calendar, plus the working Saturdays (one query for the days)."""
    organisation = organisation_get()
    days = calendar_days(start=start, end=end)
    return WorkCalendar(
        working_week=frozenset(organisation.working_week),
        holidays=frozenset(d.day for d in days if d.is_rest_day),
        extra_working_days=frozenset(d.day for d in days if d.is_working_day),
        official_holidays=frozenset(d.day for d in days if d.is_holiday),
    )


__all__ = [
    "calendar_days",
    "calendar_kinds",
    "holidays_between",
    "rest_days_between",
    "work_calendar",
]

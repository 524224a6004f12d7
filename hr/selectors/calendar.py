"""The holiday calendar: public holidays and working weekend days, as HR keeps them."""

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
    """The public holidays in [start, end]."""
    return frozenset(entry.day for entry in calendar_days(start=start, end=end) if entry.is_holiday)


def work_calendar(*, start: date, end: date) -> WorkCalendar:
    organisation = organisation_get()
    days = calendar_days(start=start, end=end)
    return WorkCalendar(
        working_week=frozenset(organisation.working_week),
        holidays=frozenset(d.day for d in days if d.kind == CalendarDay.Kind.HOLIDAY),
        extra_working_days=frozenset(d.day for d in days if d.kind == CalendarDay.Kind.WORKING),
    )


__all__ = ["calendar_days", "holidays_between", "work_calendar"]

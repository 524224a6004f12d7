"""Scheduling test data: locations, templates, periods and shifts built the way the app builds them."""

from __future__ import annotations

import itertools
from datetime import date, time, timedelta

from django.utils import timezone

from hr.models import Employee
from scheduling.domain.times import minutes, monday, shift_bounds
from scheduling.models import (
    AutoScheduleRun,
    Availability,
    CalendarFeed,
    Coverage,
    Location,
    SchedulePeriod,
    Shift,
    ShiftTemplate,
    Skill,
    SwapRequest,
    TimeEntry,
    Timesheet,
)
from scheduling.selectors import rules_default

_numbers = itertools.count(1)


def location(code: str = "", **fields) -> Location:
    n = next(_numbers)
    rules_default()
    return Location.objects.create(
        code=code or f"L{n}", name=fields.pop("name", f"Loc {n}"), **fields
    )


def template(
    loc: Location | None = None,
    code: str = "M",
    start: time = time(7),
    end: time = time(15),
    breaks: int = 30,
    crosses: bool = False,
    name: str = "",
) -> ShiftTemplate:
    return ShiftTemplate.objects.create(
        location=loc,
        code=code,
        name=name or code,
        start=start,
        end=end,
        break_minutes=breaks,
        crosses_midnight=crosses,
    )


def period(loc: Location, start: date, days: int = 7, status: str = "draft") -> SchedulePeriod:
    return SchedulePeriod.objects.create(
        location=loc, start=start, end=start + timedelta(days=days - 1), status=status
    )


def shift(
    per: SchedulePeriod,
    employee: Employee | None,
    day: date,
    tpl: ShiftTemplate,
    skill: Skill | None = None,
) -> Shift:
    start, end = shift_bounds(
        day, tpl.start, tpl.end, crosses_midnight=tpl.crosses_midnight, zone=per.location.zone
    )
    return Shift.objects.create(
        period=per,
        location=per.location,
        employee=employee,
        template=tpl,
        skill=skill,
        day=day,
        week=monday(day),
        start=start,
        end=end,
        break_minutes=tpl.break_minutes,
        paid_minutes=minutes(start, end) - tpl.break_minutes,
    )


def next_monday() -> date:
    today = timezone.localdate()
    return today + timedelta(days=7 - today.weekday())


def roster_world(*, staff: Employee, colleague: Employee) -> dict:
    """Staff and a colleague at one location; next week published with a shift each and an open
    shift; the week after an empty draft; a pending swap; Staff's availability and calendar feed."""
    loc = location(code="MXL", name="Matrix shop")
    loc.members.add(staff, colleague)
    morning = template(loc, "M")
    start = next_monday()
    published = period(loc, start, status=SchedulePeriod.Status.PUBLISHED)
    draft = period(loc, start + timedelta(days=7))
    own = shift(published, staff, start + timedelta(days=1), morning)
    theirs = shift(published, colleague, start + timedelta(days=2), morning)
    open_shift = shift(published, None, start + timedelta(days=3), morning)
    swap = SwapRequest.objects.create(
        shift=own, requester=staff, colleague=colleague, colleague_shift=theirs
    )
    coverage = Coverage.objects.create(location=loc, template=morning, weekday=0, count=2)
    availability = Availability.objects.create(
        employee=staff, kind=Availability.Kind.UNAVAILABLE, weekday=6
    )
    feed = CalendarFeed.objects.create(employee=staff, token="matrix-token-0123456789")
    auto_run = AutoScheduleRun.objects.create(period=draft, mode="fill", time_limit=10)
    yesterday = timezone.now() - timedelta(days=1)
    entry = TimeEntry.objects.create(
        employee=staff,
        location=loc,
        day=timezone.localdate() - timedelta(days=1),
        clock_in=yesterday,
        clock_out=yesterday + timedelta(hours=8),
    )
    timesheet = Timesheet.objects.create(
        employee=staff,
        start=timezone.localdate().replace(day=1),
        end=timezone.localdate().replace(day=28),
    )
    return {
        "location": loc,
        "published": published,
        "draft": draft,
        "shift": own,
        "open_shift": open_shift,
        "swap": swap,
        "coverage": coverage,
        "availability": availability,
        "feed": feed,
        "morning": morning,
        "auto_run": auto_run,
        "entry": entry,
        "timesheet": timesheet,
    }

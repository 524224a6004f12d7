"""HR's calendar: official holidays, substitute rest days, one-off non-working days and working
Saturdays, generated from the country's holiday table and then edited by HR."""

from __future__ import annotations

from datetime import date

import holidays as holiday_tables
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.roles import HR
from backoffice.selectors import users_with_role
from backoffice.services import action_record, notification_send
from hr.audit import HrAudit
from hr.models import CalendarDay

#: How the Bulgarian table (``holidays`` package, country BG, language bg) names the days that
#: are rest days but not official holidays. Source: Labour Code art. 154(2) (a holiday on a
#: Saturday or Sunday gives the next working day off, "почивен ден") and the Council of
#: Ministers' decisions declaring one-off non-working days ("неприсъствен ден", e.g. 31 December
#: 2025 and 2 January 2026, RMS 2025).
BG_SUBSTITUTE_MARK = "(почивен ден)"
BG_NON_WORKING_MARK = "неприсъствен ден"


def holiday_kind(name: str) -> str:
    """The calendar kind of a day from the country table, by its name."""
    lowered = name.casefold()
    if BG_NON_WORKING_MARK in lowered:
        return CalendarDay.Kind.NON_WORKING
    if BG_SUBSTITUTE_MARK in lowered:
        return CalendarDay.Kind.SUBSTITUTE
    return CalendarDay.Kind.HOLIDAY


@transaction.atomic
def holidays_generate(*, actor: User | None, year: int, country: str) -> int:
    """Add the year's days off for ``country``, each with its kind; days already in the calendar
    are kept as edited."""
    try:
        table = holiday_tables.country_holidays(
            country, years=year, language="bg" if country == "BG" else None
        )
    except NotImplementedError:
        return 0
    existing = set(CalendarDay.objects.filter(day__year=year).values_list("day", flat=True))
    created = []
    for day, name in sorted(table.items()):
        if day in existing:
            continue
        # A day with two names (Holy Saturday and Labour Day in 2027) is official if one is.
        kinds = {holiday_kind(part) for part in str(name).split(";")}
        kind = CalendarDay.Kind.HOLIDAY if CalendarDay.Kind.HOLIDAY in kinds else kinds.pop()
        created.append(CalendarDay(day=day, kind=kind, name=str(name)[:200]))
    CalendarDay.objects.bulk_create(created)
    if created:
        action_record(
            kind=HrAudit.HOLIDAYS_GENERATED,
            summary=gettext_noop("%(count)s public holidays added for %(year)s"),
            params={"count": len(created), "year": year},
            actor=actor,
        )
    return len(created)


def calendar_next_year_prepare(*, today: date, country: str) -> int:
    """The yearly job: from December on, make next year's calendar if it has no days yet and
    ask HR to review it (moved days off and working Saturdays are decided by the government and
    entered by hand). Idempotent: a year that has days is left alone."""
    year = today.year + 1
    if today.month < 12 or CalendarDay.objects.filter(day__year=year).exists():  # noqa: PLR2004
        return 0
    count = holidays_generate(actor=None, year=year, country=country)
    if count:
        url = f"{reverse('hr:holiday-list')}?year={year}"
        for user in users_with_role(role=HR):
            notification_send(
                recipient=user,
                title=gettext_noop("Review the calendar for %(year)s"),
                body=gettext_noop(
                    "%(count)s days off were added for %(year)s. Check the substitute rest days "
                    "and add any non-working days and working Saturdays the government declares."
                ),
                params={"year": year, "count": count},
                url=url,
                kind="hr.calendar_generated",
            )
    return count


@transaction.atomic
def calendar_day_set(*, actor: User, day: date, kind: str, name: str) -> CalendarDay:
    entry, _created = CalendarDay.objects.update_or_create(
        day=day, defaults={"kind": kind, "name": name}
    )
    action_record(
        kind=HrAudit.CALENDAR_CHANGED,
        summary=gettext_noop("Calendar day %(day)s set: %(name)s"),
        params={"day": day.isoformat(), "name": name},
        actor=actor,
        target=entry,
    )
    return entry


@transaction.atomic
def calendar_day_delete(*, actor: User, entry: CalendarDay) -> None:
    action_record(
        kind=HrAudit.CALENDAR_CHANGED,
        summary=gettext_noop("Calendar day %(day)s removed"),
        params={"day": entry.day.isoformat()},
        actor=actor,
    )
    entry.delete()

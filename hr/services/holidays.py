from __future__ import annotations

from datetime import date

import holidays as holiday_tables
from django.db import transaction
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record
from hr.audit import HrAudit
from hr.models import CalendarDay


@transaction.atomic
def holidays_generate(*, actor: User | None, year: int, country: str) -> int:
    """Add the year's public holidays for ``country``; days already in the calendar are kept as edited."""
    try:
        table = holiday_tables.country_holidays(
            country, years=year, language="bg" if country == "BG" else None
        )
    except NotImplementedError:
        return 0
    existing = set(CalendarDay.objects.filter(day__year=year).values_list("day", flat=True))
    created = [
        CalendarDay(day=day, kind=CalendarDay.Kind.HOLIDAY, name=str(name)[:200])
        for day, name in sorted(table.items())
        if day not in existing
    ]
    CalendarDay.objects.bulk_create(created)
    if created:
        action_record(
            kind=HrAudit.HOLIDAYS_GENERATED,
            summary=gettext_noop("%(count)s public holidays added for %(year)s"),
            params={"count": len(created), "year": year},
            actor=actor,
        )
    return len(created)


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

"""A person's own scheduling limits (``StaffLimits``), checked on a roster as the planner edits it.

The auto-scheduler keeps these limits while it searches; a hand-made or edited roster is checked
here, so a limit the solver obeys is never silently broken by hand. They describe what was agreed
with the person, not the law: they are warnings (``SOFT_CODES``) that do not ask for a reason at
publishing. Counted over the schedule period, like the solver:

- most shifts of one template: the first shift over the limit carries the warning;
- most and least paid minutes: on the shift that crosses the most, on the last shift for the least
  (the least shrinks by a day's share for each day the person is on leave or not employed);
- most weekends worked: a weekend is a Saturday and the Sunday after it; the first shift of the
  first weekend over the limit carries it;
- least days off in a row: a run of days off between two worked days in the period that is
  shorter than the limit; the shift after the short rest carries it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from scheduling.domain.rules import Conflict, Slot, _conflict, _hours


@dataclass(frozen=True)
class PersonalLimits:
    min_minutes: int | None = None
    max_minutes: int | None = None
    max_weekends: int | None = None
    min_days_off_in_row: int | None = None
    max_of_template: dict[int, int] = field(default_factory=dict)  # template id -> most shifts


def _weekend(day: date) -> date | None:
    """The Saturday of the weekend ``day`` belongs to, if it is a Saturday or Sunday."""
    if day.weekday() == 5:
        return day
    if day.weekday() == 6:
        return day - timedelta(days=1)
    return None


def personal_conflicts(
    slots: Iterable[Slot],
    limits: dict[int, PersonalLimits],
    *,
    start: date,
    end: date,
    days_away: dict[int, int] | None = None,
    template_names: dict[int, str] | None = None,
) -> list[Conflict]:
    """The warnings of the checked slots of the period [start, end] against each person's limits.

    ``days_away``: per person, the days of the period on leave or outside employment (they lower
    the least minutes in proportion)."""
    by_person: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        if slot.employee in limits and slot.checked and start <= slot.day <= end:
            by_person[slot.employee].append(slot)
    found: list[Conflict] = []
    period_days = (end - start).days + 1
    for person, own in by_person.items():
        own.sort(key=lambda s: (s.start, str(s.key)))
        mine = limits[person]
        found += _of_template(own, mine, template_names or {})
        found += _minutes(own, mine, period_days, (days_away or {}).get(person, 0))
        found += _weekends(own, mine)
        found += _days_off(own, mine)
    return found


def _of_template(own: list[Slot], mine: PersonalLimits, names: dict[int, str]) -> list[Conflict]:
    found = []
    for template, cap in mine.max_of_template.items():
        of_kind = [s for s in own if s.template == template]
        if len(of_kind) > cap:
            found.append(
                _conflict(
                    of_kind[cap].key,
                    "personal_of_template",
                    count=len(of_kind),
                    limit=cap,
                    template=names.get(template, template),
                )
            )
    return found


def _minutes(own: list[Slot], mine: PersonalLimits, days: int, away: int) -> list[Conflict]:
    found, total = [], 0
    for slot in own:
        before, total = total, total + slot.paid_minutes
        if mine.max_minutes is not None and before <= mine.max_minutes < total:
            found.append(
                _conflict(
                    slot.key,
                    "personal_max_minutes",
                    hours=_hours(sum(s.paid_minutes for s in own)),
                    limit=_hours(mine.max_minutes),
                )
            )
    if mine.min_minutes is not None and own:
        least = mine.min_minutes * max(days - away, 0) // days
        if total < least:
            found.append(
                _conflict(
                    own[-1].key,
                    "personal_min_minutes",
                    hours=_hours(total),
                    limit=_hours(least),
                )
            )
    return found


def _weekends(own: list[Slot], mine: PersonalLimits) -> list[Conflict]:
    if mine.max_weekends is None:
        return []
    first_of: dict[date, Slot] = {}
    for slot in own:
        weekend = _weekend(slot.day)
        if weekend is not None and weekend not in first_of:
            first_of[weekend] = slot
    weekends = sorted(first_of)
    if len(weekends) <= mine.max_weekends:
        return []
    return [
        _conflict(
            first_of[weekends[mine.max_weekends]].key,
            "personal_weekends",
            count=len(weekends),
            limit=mine.max_weekends,
        )
    ]


def _days_off(own: list[Slot], mine: PersonalLimits) -> list[Conflict]:
    need = mine.min_days_off_in_row
    if not need:
        return []
    found = []
    worked = sorted({s.day for s in own})
    first_on = {}
    for slot in own:
        first_on.setdefault(slot.day, slot)
    for before, after in zip(worked, worked[1:], strict=False):
        off = (after - before).days - 1
        if 0 < off < need:
            found.append(_conflict(first_on[after].key, "personal_days_off", days=off, limit=need))
    return found

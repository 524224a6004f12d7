"""The working-time rule engine: plain data in, conflicts out; no database inside.

The roster page, the publish step, swaps, open-shift claims and the auto-scheduler's acceptance all
ask this one module whether a roster keeps the law, so a rule is written once. The caller loads the
facts (``scheduling.selectors.people_facts``) and passes every shift of the people concerned from a
fortnight before to a fortnight after the period (so that rest and consecutive days look across the
period's edges) plus their weekly minutes further back (``Person.weeks``, for the rolling average).

Choices the law leaves open, made here once:

- A week is Monday 00:00 to Monday 00:00 in the location's zone.
- Weekly rest: each week that holds a checked shift needs one uninterrupted rest of at least
  ``weekly_rest`` minutes that starts in it (the rest may run on into the next week).
- Average weekly minutes: for each such week, the minutes of it and the ``reference_weeks - 1``
  weeks before it, divided by ``reference_weeks`` (weeks with no work count as zero).
- A night shift has at least 3 hours inside the night window (the directive's night worker).
- Consecutive days count local start dates, across the period's edges.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.utils.translation import gettext_lazy as _

from scheduling.domain.times import day_window, minutes, monday, night_minutes

NIGHT_SHIFT_MINUTES = 180

PRESETS: dict[str, dict] = {
    "eu": {
        "daily_rest_minutes": 11 * 60,
        "weekly_rest_minutes": 35 * 60,
        "max_shift_minutes": 13 * 60,
        "max_week_minutes": None,
        "average_week_minutes": 48 * 60,
        "reference_weeks": 17,
        "max_consecutive_days": 6,
        "max_night_shift_minutes": None,
        "minor_max_shift_minutes": 8 * 60,
        "minor_max_week_minutes": 40 * 60,
        "minor_night_work": False,
        "part_time_cap": True,
    },
    "bg": {
        "daily_rest_minutes": 12 * 60,
        "weekly_rest_minutes": 48 * 60,
        "max_shift_minutes": 8 * 60,
        "max_week_minutes": 40 * 60,
        "average_week_minutes": 40 * 60,
        "reference_weeks": 17,
        "max_consecutive_days": 5,
        "max_night_shift_minutes": 7 * 60,
        "minor_max_shift_minutes": 7 * 60,
        "minor_max_week_minutes": 35 * 60,
        "minor_night_work": False,
        "part_time_cap": True,
    },
    "bg_summarised": {
        "daily_rest_minutes": 12 * 60,
        "weekly_rest_minutes": 36 * 60,
        "max_shift_minutes": 12 * 60,
        "max_week_minutes": 56 * 60,
        "average_week_minutes": 40 * 60,
        "reference_weeks": 17,
        "max_consecutive_days": 6,
        "max_night_shift_minutes": None,
        "minor_max_shift_minutes": 7 * 60,
        "minor_max_week_minutes": 35 * 60,
        "minor_night_work": False,
        "part_time_cap": True,
    },
}

#: What timesheets need of the same presets (not rules a roster is checked against).
ATTENDANCE_PRESETS: dict[str, dict] = {
    "eu": {"overtime_daily_minutes": 480, "overtime_weekly_minutes": 2400, "night_factor": None},
    "bg": {
        "overtime_daily_minutes": 480,
        "overtime_weekly_minutes": 2400,
        "night_factor": Decimal("1.143"),
    },
    "bg_summarised": {
        "overtime_daily_minutes": None,
        "overtime_weekly_minutes": 2400,
        "night_factor": Decimal("1.143"),
    },
}


def preset_fields(name: str) -> dict:
    """Every field a rule set takes from a preset (the regime and the overtime caps, with their
    legal sources, are in ``scheduling.domain.worktime``)."""
    from scheduling.domain.worktime import WORKTIME_PRESETS

    return {**PRESETS[name], **ATTENDANCE_PRESETS[name], **WORKTIME_PRESETS[name]}


MESSAGES = {
    "not_employed": _("Not employed on this date."),
    "on_leave": _("On approved leave."),
    "unavailable": _("Marked as unavailable."),
    "missing_skill": _("Lacks the skill %(skill)s."),
    "double_booked": _("Another shift overlaps or falls on the same day."),
    "daily_rest": _("Only %(hours)s h rest between shifts (at least %(limit)s h)."),
    "weekly_rest": _("No weekly rest of %(limit)s h in the week of %(week)s."),
    "shift_length": _("%(hours)s h worked in one shift (at most %(limit)s h)."),
    "night_length": _("%(hours)s h night shift (at most %(limit)s h)."),
    "night_minor": _("A minor may not work at night."),
    "week_hours": _("%(hours)s h in the week of %(week)s (at most %(limit)s h)."),
    "average_hours": _("%(hours)s h a week on average over %(weeks)s weeks (at most %(limit)s h)."),
    "consecutive_days": _("Day %(days)s in a row (at most %(limit)s)."),
    # A person's own limits (scheduling.domain.personal): warnings, not the law.
    "personal_of_template": _(
        "%(count)s %(template)s shifts in the period (agreed at most %(limit)s)."
    ),
    "personal_max_minutes": _("%(hours)s h in the period (agreed at most %(limit)s h)."),
    "personal_min_minutes": _("Only %(hours)s h in the period (agreed at least %(limit)s h)."),
    "personal_weekends": _("%(count)s weekends worked in the period (agreed at most %(limit)s)."),
    "personal_days_off": _("Only %(days)s days off in a row (agreed at least %(limit)s)."),
}

#: Conflicts that do not block publishing: they describe the person, not the law.
SOFT_CODES: frozenset[str] = frozenset(
    {
        "personal_of_template",
        "personal_max_minutes",
        "personal_min_minutes",
        "personal_weekends",
        "personal_days_off",
    }
)

#: Conflicts no roster may hold by accident: one person in two places at once, or at work during
#: approved leave. A shift with one is saved only on the planner's explicit, audited override;
#: the others are warnings until publishing asks for a reason.
HARD_CODES: frozenset[str] = frozenset({"double_booked", "on_leave"})


@dataclass(frozen=True)
class Limits:
    daily_rest_minutes: int = 660
    weekly_rest_minutes: int = 2100
    max_shift_minutes: int = 780
    max_week_minutes: int | None = None
    average_week_minutes: int | None = 2880
    reference_weeks: int = 17
    max_consecutive_days: int = 6
    night_start: time = time(22)
    night_end: time = time(6)
    max_night_shift_minutes: int | None = None
    minor_max_shift_minutes: int = 480
    minor_max_week_minutes: int = 2400
    minor_night_work: bool = False
    part_time_cap: bool = True

    @classmethod
    def preset(cls, name: str) -> Limits:
        return cls(**PRESETS[name])


@dataclass(frozen=True)
class Slot:
    """A shift as the engine sees it. ``key`` is the shift's id, or any marker for a draft."""

    key: object
    employee: int | None
    day: date
    start: datetime
    end: datetime
    paid_minutes: int
    skill: int | None = None
    template: int | None = None
    checked: bool = True


@dataclass
class Person:
    id: int
    hire_date: date
    end_date: date | None = None
    skills: frozenset[int] = frozenset()
    adult_from: date | None = None  # the 18th birthday, when known
    week_cap_minutes: int | None = None  # a part-timer's contract week
    leave: dict[date, str] = field(default_factory=dict)  # "" whole day, "morning", "afternoon"
    unavailable: list[tuple[int | None, date | None, time | None, time | None]] = field(
        default_factory=list
    )
    weeks: dict[date, int] = field(default_factory=dict)  # Monday -> minutes outside the slots

    def is_minor(self, day: date) -> bool:
        return self.adult_from is not None and day < self.adult_from


@dataclass(frozen=True)
class Conflict:
    key: object
    code: str
    params: tuple[tuple[str, str], ...] = ()

    @property
    def message(self) -> str:
        return (
            str(MESSAGES[self.code]) % dict(self.params)
            if self.params
            else str(MESSAGES[self.code])
        )

    @property
    def blocking(self) -> bool:
        return self.code not in SOFT_CODES

    @property
    def hard(self) -> bool:
        return self.code in HARD_CODES


def _hours(value: int) -> str:
    whole, rest = divmod(value, 60)
    return f"{whole}" if rest == 0 else f"{whole}:{rest:02d}"


def _conflict(key, code: str, **params) -> Conflict:
    return Conflict(key, code, tuple(sorted((k, str(v)) for k, v in params.items())))


def _overlaps(slot: Slot, window: tuple[datetime, datetime]) -> bool:
    return slot.start < window[1] and window[0] < slot.end


def _days_touched(slot: Slot, zone: ZoneInfo) -> tuple[date, ...]:
    return _days_between(slot.start, slot.end, zone)


@lru_cache(maxsize=8192)
def _days_between(start: datetime, end: datetime, zone: ZoneInfo) -> tuple[date, ...]:
    """The local dates [start, end) touches (shared by every shift of the same times)."""
    last = (end - timedelta(microseconds=1)).astimezone(zone).date()
    days, day = [], start.astimezone(zone).date()
    while day <= last:
        days.append(day)
        day += timedelta(days=1)
    return tuple(days)


def check(
    slots: Iterable[Slot],
    people: dict[int, Person],
    limits: Limits,
    *,
    zone: ZoneInfo,
    skill_names: dict[int, str] | None = None,
) -> dict[object, list[Conflict]]:
    """Every conflict of every checked slot, keyed by ``Slot.key``.

    Slots with ``checked=False`` are context (other periods, other locations): they count for rest,
    double booking, weekly sums and consecutive days, but their own conflicts are not reported.
    """
    found: dict[object, list[Conflict]] = defaultdict(list)
    by_person: dict[int, list[Slot]] = defaultdict(list)
    for slot in slots:
        if slot.employee is not None:
            by_person[slot.employee].append(slot)
    for person_id, own in by_person.items():
        person = people.get(person_id)
        if person is None:
            continue
        own.sort(key=lambda s: (s.start, str(s.key)))
        for conflict in _person_conflicts(own, person, limits, zone, skill_names or {}):
            found[conflict.key].append(conflict)
    checked = {slot.key for own in by_person.values() for slot in own if slot.checked}
    return {key: value for key, value in found.items() if key in checked}


def _person_conflicts(
    own: Sequence[Slot], person: Person, limits: Limits, zone: ZoneInfo, skill_names
) -> Iterable[Conflict]:
    yield from _per_shift(own, person, limits, zone, skill_names)
    yield from _overlapping(own)
    yield from _daily_rest(own, limits)
    yield from _weekly(own, person, limits, zone)
    yield from _consecutive(own, limits)


def _per_shift(own, person: Person, limits: Limits, zone: ZoneInfo, skill_names):
    unavailable = person.unavailable
    for slot in own:
        if not slot.checked:
            continue
        if slot.day < person.hire_date or (person.end_date and slot.day > person.end_date):
            yield _conflict(slot.key, "not_employed")
        if slot.skill is not None and slot.skill not in person.skills:
            yield _conflict(slot.key, "missing_skill", skill=skill_names.get(slot.skill, "?"))
        touched = _days_touched(slot, zone)
        if any(
            day in person.leave and _overlaps(slot, day_window(day, zone, person.leave[day]))
            for day in touched
        ):
            yield _conflict(slot.key, "on_leave")
        if unavailable and any(
            _unavailable_overlaps(slot, day, rule, zone) for day in touched for rule in unavailable
        ):
            yield _conflict(slot.key, "unavailable")
        minor = person.is_minor(slot.day)
        longest = (
            min(limits.max_shift_minutes, limits.minor_max_shift_minutes)
            if minor
            else (limits.max_shift_minutes)
        )
        if slot.paid_minutes > longest:
            yield _conflict(
                slot.key, "shift_length", hours=_hours(slot.paid_minutes), limit=_hours(longest)
            )
        night = night_minutes(
            slot.start,
            slot.end,
            zone=zone,
            night_start=limits.night_start,
            night_end=limits.night_end,
        )
        if minor and night > 0 and not limits.minor_night_work:
            yield _conflict(slot.key, "night_minor")
        elif (
            night >= NIGHT_SHIFT_MINUTES
            and limits.max_night_shift_minutes is not None
            and slot.paid_minutes > limits.max_night_shift_minutes
        ):
            yield _conflict(
                slot.key,
                "night_length",
                hours=_hours(slot.paid_minutes),
                limit=_hours(limits.max_night_shift_minutes),
            )


def _unavailable_overlaps(slot: Slot, day: date, rule, zone: ZoneInfo) -> bool:
    weekday, one_day, start, end = rule
    if (one_day is not None and one_day != day) or (
        weekday is not None and day.weekday() != weekday
    ):
        return False
    window_start, window_end = day_window(day, zone)
    if start is not None:
        window_start = datetime.combine(day, start, tzinfo=zone)
    if end is not None and end != time(0):
        window_end = datetime.combine(day, end, tzinfo=zone)
    return _overlaps(slot, (window_start, window_end))


def _overlapping(own: Sequence[Slot]):
    seen_days: dict[date, Slot] = {}
    previous: Slot | None = None
    for slot in own:
        clash = seen_days.get(slot.day)
        if previous is not None and previous.end > slot.start:
            clash = clash or previous
        if clash is not None:
            yield _conflict(slot.key, "double_booked")
            yield _conflict(clash.key, "double_booked")
        seen_days.setdefault(slot.day, slot)
        if previous is None or slot.end > previous.end:
            previous = slot


def _daily_rest(own: Sequence[Slot], limits: Limits):
    for before, after in zip(own, own[1:], strict=False):
        rest = minutes(before.end, after.start)
        if 0 <= rest < limits.daily_rest_minutes:
            params = {"hours": _hours(rest), "limit": _hours(limits.daily_rest_minutes)}
            yield _conflict(after.key, "daily_rest", **params)
            yield _conflict(before.key, "daily_rest", **params)


def _week_start(day: date, zone: ZoneInfo) -> datetime:
    return day_window(monday(day), zone)[0]


def _weekly(own: Sequence[Slot], person: Person, limits: Limits, zone: ZoneInfo):
    weeks: dict[date, list[Slot]] = defaultdict(list)
    for slot in own:
        weeks[monday(slot.day)].append(slot)
    totals = dict(person.weeks)
    for week, slots in weeks.items():
        totals[week] = totals.get(week, 0) + sum(s.paid_minutes for s in slots)
    gaps = [(own[i].end, own[i + 1].start) for i in range(len(own) - 1)]
    latest_end = max(slot.end for slot in own)
    back = [timedelta(weeks=n) for n in range(limits.reference_weeks)]
    for week, slots in weeks.items():
        checked = [s for s in slots if s.checked]
        if not checked:
            continue
        label = week.strftime("%d.%m.%Y")
        week_start = _week_start(week, zone)
        week_end = _week_start(week + timedelta(days=7), zone)
        if not _has_weekly_rest(
            own, gaps, week_start, week_end, limits.weekly_rest_minutes, latest_end=latest_end
        ):
            yield _conflict(
                checked[-1].key,
                "weekly_rest",
                limit=_hours(limits.weekly_rest_minutes),
                week=label,
            )
        yield from _week_hours(slots, person, limits, week, label)
        if limits.average_week_minutes is not None:
            total = sum(totals.get(week - n, 0) for n in back)
            if total > limits.average_week_minutes * limits.reference_weeks:
                # Compared exactly; shown rounded up, so an average just over shows over the limit.
                average = -(-total // limits.reference_weeks)
                yield _conflict(
                    checked[-1].key,
                    "average_hours",
                    hours=_hours(average),
                    weeks=limits.reference_weeks,
                    limit=_hours(limits.average_week_minutes),
                )


def _has_weekly_rest(own, gaps, week_start, week_end, needed: int, *, latest_end=None) -> bool:
    """A rest counts for the week in which it starts. Before the first and after the last loaded
    shift nothing is planned: that is rest without end, counted where it lies inside the week."""
    if minutes(week_start, own[0].start) >= needed:
        return True
    if latest_end is None:
        latest_end = max(slot.end for slot in own)
    if latest_end < week_end:
        return True
    return any(
        week_start <= rest_start < week_end and minutes(rest_start, rest_end) >= needed
        for rest_start, rest_end in gaps
    )


def _week_hours(slots: Sequence[Slot], person: Person, limits: Limits, week: date, label: str):
    caps = []
    if limits.max_week_minutes is not None:
        caps.append(limits.max_week_minutes)
    if any(person.is_minor(s.day) for s in slots):
        caps.append(limits.minor_max_week_minutes)
    if limits.part_time_cap and person.week_cap_minutes is not None:
        caps.append(person.week_cap_minutes)
    if not caps:
        return
    cap = min(caps)
    running = person.weeks.get(week, 0)
    for slot in slots:
        running += slot.paid_minutes
        if running > cap and slot.checked:
            yield _conflict(
                slot.key, "week_hours", hours=_hours(running), week=label, limit=_hours(cap)
            )


def _consecutive(own: Sequence[Slot], limits: Limits):
    days = sorted({slot.day for slot in own})
    run_length: dict[date, int] = {}
    for day in days:
        run_length[day] = run_length.get(day - timedelta(days=1), 0) + 1
    for slot in own:
        length = run_length[slot.day]
        if slot.checked and length > limits.max_consecutive_days:
            yield _conflict(
                slot.key, "consecutive_days", days=length, limit=limits.max_consecutive_days
            )


@dataclass(frozen=True)
class Need:
    day: date
    template: int
    skill: int | None
    count: int


@dataclass
class CoverageLine:
    day: date
    template: int
    skill: int | None
    needed: int
    planned: int
    open: int

    @property
    def status(self) -> str:
        if self.planned < self.needed:
            return "short"
        if self.planned > self.needed:
            return "over"
        return "ok"

    @property
    def missing(self) -> int:
        """People still to plan for the line (0 when it is covered)."""
        return max(self.needed - self.planned, 0)

    @property
    def extra(self) -> int:
        """People planned beyond what the line needs (0 when it is not over)."""
        return max(self.planned - self.needed, 0)


def coverage(slots: Iterable[Slot], needs: Iterable[Need]) -> list[CoverageLine]:
    """Needed against planned per day, template and skill.

    Lines add up: "Morning: 2 people" and "Morning, cash desk: 1" ask for three people, one of
    them on the cash desk (the auto-scheduler reads coverage the same way). A shift counts for
    the line of its own skill on its day and template, or for the line without a skill when there
    is no line for its skill. Open shifts do not count as planned; they are shown beside the line.
    """
    needs = list(needs)
    skilled = {(n.day, n.template, n.skill) for n in needs if n.skill is not None}
    planned: dict[tuple, int] = defaultdict(int)
    open_: dict[tuple, int] = defaultdict(int)
    for slot in slots:
        if not slot.checked or slot.template is None:
            continue
        target = open_ if slot.employee is None else planned
        key = (slot.day, slot.template, slot.skill)
        target[key if key in skilled else (slot.day, slot.template, None)] += 1
    return [
        CoverageLine(
            need.day,
            need.template,
            need.skill,
            need.count,
            planned.get((need.day, need.template, need.skill), 0),
            open_.get((need.day, need.template, need.skill), 0),
        )
        for need in needs
    ]

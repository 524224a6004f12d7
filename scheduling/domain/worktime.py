"""Working-time regimes, the period norm and the statutory overtime limits; pure code, no database.

The law is data here, each value with its source beside it (``SOURCES``), so that a country is a
preset and a non-Bulgarian organisation keeps the EU behaviour (``"eu"``: overtime above daily
and weekly thresholds, no statutory caps).

Bulgaria (Labour Code, KT; regulation on working time, rest and leave, NRVPO; regulation on pay,
NSORZ):

- Daily accounting (KT art. 136, 139): the norm is the person's own schedule; overtime (art. 143)
  is work beyond it: a rest day worked, hours beyond a part-timer's contract, the 8th hour of a
  7-hour night shift (art. 140(1)).
- Summarised accounting (KT art. 142): the norm is the accounting period's (working days of the
  calendar x the contract's daily hours, NRVPO art. 9a), lowered by the working days of leave and
  sickness; overtime is the excess at the end of the period, after night hours of night shifts
  (at least 4 night hours, KT art. 141(2)) are turned into day hours by 1.143 = 8/7 (NSORZ art.
  9(2), NRVPO art. 9b).
- Caps on overtime (KT art. 146(1)): 150 h a calendar year; 30 h by day or 20 h by night a
  month; 6 h by day or 4 h by night a week; 3 h by day or 2 h by night over two consecutive
  working days. Where day and night overtime mix, a night minute weighs day cap / night cap (1.5),
  so that only-day or only-night work meets the law's own figure.
- Minors (KT art. 147(1)1, 140(2), 303): no overtime and no night work; for people under 16 the
  night runs from 20:00 to 06:00 (KT art. 140(1)).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

#: Regime and caps per preset (merged into ``scheduling.domain.rules.preset_fields``).
WORKTIME_PRESETS: dict[str, dict] = {
    "eu": {
        "accounting": "thresholds",
        "accounting_period_months": 1,
        "accounting_period_first_month": 1,
        "night_conversion_min_minutes": None,
        "overtime_year_minutes": None,
        "overtime_month_day_minutes": None,
        "overtime_month_night_minutes": None,
        "overtime_week_day_minutes": None,
        "overtime_week_night_minutes": None,
        "overtime_two_days_day_minutes": None,
        "overtime_two_days_night_minutes": None,
        "young_minor_age": 16,
        "young_minor_night_start": None,
    },
    "bg": {
        "accounting": "daily",
        "accounting_period_months": 1,
        "accounting_period_first_month": 1,
        "night_conversion_min_minutes": 240,
        "overtime_year_minutes": 150 * 60,
        "overtime_month_day_minutes": 30 * 60,
        "overtime_month_night_minutes": 20 * 60,
        "overtime_week_day_minutes": 6 * 60,
        "overtime_week_night_minutes": 4 * 60,
        "overtime_two_days_day_minutes": 3 * 60,
        "overtime_two_days_night_minutes": 2 * 60,
        "young_minor_age": 16,
        "young_minor_night_start": time(20),
    },
}
WORKTIME_PRESETS["bg_summarised"] = {**WORKTIME_PRESETS["bg"], "accounting": "summarised"}

SOURCES: dict[str, str] = {
    "accounting": "KT art. 139 (daily), art. 142 (summarised); thresholds: EU 2003/88/EC",
    "accounting_period_months": (
        "KT art. 142(2): the period is set by the employer, up to 4 months; longer (up to 12) "
        "only by collective labour agreement"
    ),
    "night_conversion_min_minutes": (
        "KT art. 141(2): a shift with 4 or more night hours is a night shift; NSORZ art. 9(2) "
        "and NRVPO art. 9b: night hours converted by 1.143 under summarised accounting"
    ),
    "night_factor": "NSORZ art. 9(2): 1.143 (8/7)",
    "overtime_year_minutes": "KT art. 146(1): 150 h a calendar year",
    "overtime_month_day_minutes": "KT art. 146(1)1: 30 h by day or 20 h by night a month",
    "overtime_week_day_minutes": "KT art. 146(1)2: 6 h by day or 4 h by night a week",
    "overtime_two_days_day_minutes": (
        "KT art. 146(1)3: 3 h by day or 2 h by night over two consecutive working days"
    ),
    "young_minor_night_start": "KT art. 140(1): night for people under 16 is 20:00-06:00",
    "buckets": (
        "KT art. 262(1): +50 % working day, +75 % rest day, +100 % official holiday, +50 % "
        "under summarised accounting; art. 264: holiday work at least double"
    ),
}

MESSAGES = {
    "overtime_year": _("%(hours)s h overtime in %(year)s (at most %(limit)s h a year)."),
    "overtime_month": _("%(hours)s h overtime in %(month)s (at most %(limit)s)."),
    "overtime_week": _("%(hours)s h overtime in the week of %(week)s (at most %(limit)s)."),
    "overtime_two_days": _(
        "%(hours)s h overtime on %(first)s and the next working day (at most %(limit)s)."
    ),
    "period_norm": _(
        "%(hours)s h planned in the accounting period %(start)s – %(end)s, above its norm of "
        "%(limit)s h."
    ),
    "minor_overtime": _("A minor may not work overtime."),
    "night_young_minor": _("A person under 16 may not work between %(start)s and 06:00."),
}


@dataclass(frozen=True)
class Caps:
    """KT art. 146(1) in minutes; None: no cap."""

    year: int | None = None
    month_day: int | None = None
    month_night: int | None = None
    week_day: int | None = None
    week_night: int | None = None
    two_days_day: int | None = None
    two_days_night: int | None = None

    @property
    def any(self) -> bool:
        return any(
            value is not None
            for value in (
                self.year,
                self.month_day,
                self.month_night,
                self.week_day,
                self.week_night,
                self.two_days_day,
                self.two_days_night,
            )
        )


@dataclass(frozen=True)
class Breach:
    """One cap exceeded: ``code`` as in ``MESSAGES``, the first day of what it covers (the day
    it is reported on), the overtime in day-equivalent minutes and the cap."""

    code: str
    day: date
    minutes: int
    limit: int
    params: tuple[tuple[str, str], ...] = ()

    @property
    def message(self) -> str:
        return str(MESSAGES[self.code]) % dict(self.params)


def hours_text(value: int) -> str:
    whole, rest = divmod(int(value), 60)
    return f"{whole}" if rest == 0 else f"{whole}:{rest:02d}"


def _weighted(day: int, night: int, day_cap: int | None, night_cap: int | None) -> int:
    """Day-equivalent minutes of mixed overtime: a night minute weighs day cap / night cap."""
    if not night or day_cap is None or not night_cap:
        return day + night
    return day + int(
        (Decimal(night) * Decimal(day_cap) / Decimal(night_cap)).to_integral_value(ROUND_HALF_UP)
    )


def _limit_text(day_cap: int | None, night_cap: int | None) -> str:
    if night_cap is None or day_cap is None:
        return f"{hours_text(day_cap or night_cap or 0)} h"
    return str(
        _("%(day)s h by day or %(night)s h by night")
        % {"day": hours_text(day_cap), "night": hours_text(night_cap)}
    )


def overtime_breaches(
    overtime: Mapping[date, tuple[int, int]],
    caps: Caps,
    *,
    year_before: int = 0,
    worked_days: Iterable[date] | None = None,
) -> list[Breach]:
    """The caps a person's overtime breaks. ``overtime``: day -> (day minutes, night minutes) of
    overtime; ``year_before``: overtime of the same calendar year before the first day given;
    ``worked_days``: the days the person works (for "two consecutive working days"; default the
    days in ``overtime``)."""
    found: list[Breach] = []
    days = sorted(d for d, (a, b) in overtime.items() if a or b)
    if not days or not caps.any:
        return found
    weeks: dict[date, list[int]] = defaultdict(lambda: [0, 0])
    months: dict[tuple[int, int], list[int]] = defaultdict(lambda: [0, 0])
    for day in days:
        day_min, night_min = overtime[day]
        week = weeks[day - timedelta(days=day.weekday())]
        week[0] += day_min
        week[1] += night_min
        month = months[(day.year, day.month)]
        month[0] += day_min
        month[1] += night_min
    for (year, month_no), (day_min, night_min) in sorted(months.items()):
        cap = caps.month_day if caps.month_day is not None else caps.month_night
        if cap is None:
            continue
        total = _weighted(day_min, night_min, caps.month_day, caps.month_night)
        if day_min == 0 and caps.month_night is not None:
            total, cap = night_min, caps.month_night
        if total > cap:
            first = date(year, month_no, 1)
            found.append(
                Breach(
                    "overtime_month",
                    first,
                    total,
                    cap,
                    (
                        ("hours", hours_text(day_min + night_min)),
                        ("limit", _limit_text(caps.month_day, caps.month_night)),
                        ("month", first.strftime("%m.%Y")),
                    ),
                )
            )
    for week, (day_min, night_min) in sorted(weeks.items()):
        cap = caps.week_day if caps.week_day is not None else caps.week_night
        if cap is None:
            continue
        total = _weighted(day_min, night_min, caps.week_day, caps.week_night)
        if day_min == 0 and caps.week_night is not None:
            total, cap = night_min, caps.week_night
        if total > cap:
            found.append(
                Breach(
                    "overtime_week",
                    week,
                    total,
                    cap,
                    (
                        ("hours", hours_text(day_min + night_min)),
                        ("limit", _limit_text(caps.week_day, caps.week_night)),
                        ("week", week.strftime("%d.%m.%Y")),
                    ),
                )
            )
    cap_two = caps.two_days_day if caps.two_days_day is not None else caps.two_days_night
    if cap_two is not None:
        sequence = sorted(set(worked_days or ()) | set(days))
        for first, second in zip(sequence, sequence[1:], strict=False):
            day_min = overtime.get(first, (0, 0))[0] + overtime.get(second, (0, 0))[0]
            night_min = overtime.get(first, (0, 0))[1] + overtime.get(second, (0, 0))[1]
            total = _weighted(day_min, night_min, caps.two_days_day, caps.two_days_night)
            limit = cap_two
            if day_min == 0 and caps.two_days_night is not None:
                total, limit = night_min, caps.two_days_night
            if total > limit:
                found.append(
                    Breach(
                        "overtime_two_days",
                        first,
                        total,
                        limit,
                        (
                            ("first", first.strftime("%d.%m.%Y")),
                            ("hours", hours_text(day_min + night_min)),
                            ("limit", _limit_text(caps.two_days_day, caps.two_days_night)),
                            ("second", second.isoformat()),
                        ),
                    )
                )
    if caps.year is not None:
        running: dict[int, int] = defaultdict(int)
        first_year = days[0].year
        running[first_year] = year_before
        for day in days:
            running[day.year] += sum(overtime[day])
            if running[day.year] > caps.year:
                found.append(
                    Breach(
                        "overtime_year",
                        day,
                        running[day.year],
                        caps.year,
                        (
                            ("hours", hours_text(running[day.year])),
                            ("limit", hours_text(caps.year)),
                            ("year", str(day.year)),
                        ),
                    )
                )
                break
    return found


# --- the accounting period and its norm ------------------------------------------------------


def accounting_period(day: date, *, months: int, first_month: int = 1) -> tuple[date, date]:
    """The accounting period holding ``day``: ``months`` long, the first starting in
    ``first_month`` of each year (a 4-month period from January: Jan-Apr, May-Aug, Sep-Dec)."""
    months = max(1, min(12, months))
    index = day.year * 12 + day.month - 1 - (first_month - 1)
    start_index = index - index % months + (first_month - 1)
    start = date(start_index // 12, start_index % 12 + 1, 1)
    end_index = start_index + months
    end = date(end_index // 12, end_index % 12 + 1, 1) - timedelta(days=1)
    return start, end


def period_norm_minutes(
    *, working_days: int, daily_minutes: int, absent_working_days: Decimal | int = 0
) -> int:
    """The norm of a period (NRVPO art. 9a): the calendar's working days x the contract's daily
    minutes, less the working days of leave and sickness at the same daily minutes."""
    days = Decimal(working_days) - Decimal(absent_working_days)
    return max(0, int((days * daily_minutes).to_integral_value(ROUND_HALF_UP)))


def young_minor_from(adult_from: date | None, *, age: int = 16) -> date | None:
    """The birthday at ``age`` from the 18th birthday (what the rule engine knows of a person)."""
    if adult_from is None:
        return None
    try:
        return adult_from.replace(year=adult_from.year - (18 - age))
    except ValueError:  # 29 February
        return adult_from.replace(year=adult_from.year - (18 - age), day=28)


# --- the roster's checks ---------------------------------------------------------------------


@dataclass(frozen=True)
class Regime:
    """What the roster and the timesheet need of a person's working-time regime."""

    accounting: str = "thresholds"  # "thresholds" (EU), "daily" or "summarised" (KT art. 142)
    period_months: int = 1
    period_first_month: int = 1
    night_start: time = time(22)
    night_end: time = time(6)
    night_shift_minutes: int | None = 240  # KT art. 141(2)
    night_factor: Decimal | None = None
    max_night_shift_minutes: int | None = None
    caps: Caps = Caps()
    young_minor_age: int = 16
    young_minor_night_start: time | None = None

    def is_night_shift(self, night: int) -> bool:
        return self.night_shift_minutes is not None and night >= self.night_shift_minutes

    def normal_minutes(self, *, daily: int, night: int) -> int:
        """The normal length of one day's work under daily accounting: the contract's daily
        minutes, or for a night shift the night norm (7 of 8 h, KT art. 140(1))."""
        if not self.is_night_shift(night):
            return daily
        night_norm = (Decimal(daily) * 7 / 8).to_integral_value(ROUND_HALF_UP)
        if self.max_night_shift_minutes is not None:
            night_norm = min(night_norm, Decimal(self.max_night_shift_minutes))
        return int(min(Decimal(daily), night_norm))

    def converted(self, worked: int, night: int) -> Decimal:
        """Day-hour minutes of one day's work for the period norm (NSORZ art. 9(2))."""
        if self.night_factor and self.night_factor > 1 and self.is_night_shift(night):
            return Decimal(worked) + Decimal(night) * (self.night_factor - 1)
        return Decimal(worked)


@dataclass(frozen=True)
class PlannedPerson:
    """A person's facts for the limits: contract daily and weekly minutes, the accounting
    period's norm and the overtime already approved this year before the period."""

    daily_minutes: int = 480
    week_minutes: int = 2400
    norm_minutes: int | None = None
    norm_period: tuple[date, date] | None = None
    year_before: int = 0


def roster_limit_conflicts(
    slots, people, regime: Regime, facts: Mapping[int, PlannedPerson], *, zone
):
    """Conflicts of art. 146 (caps on planned overtime), the summarised period's norm, and the
    minors' rules (no overtime; no work 20:00-06:00 under 16), keyed like ``rules.check``.

    Planned overtime under daily accounting: a shift's minutes beyond the person's normal day
    (the night norm for a night shift), then a week's remaining minutes beyond the contract
    week, carried by the shift that crosses it. Under summarised accounting the plan is checked
    against the accounting period's norm instead (converted night hours included)."""
    from scheduling.domain.rules import Conflict
    from scheduling.domain.times import night_minutes

    found: dict[object, list[Conflict]] = defaultdict(list)
    by_person: dict[int, list] = defaultdict(list)
    for slot in slots:
        if slot.employee is not None:
            by_person[slot.employee].append(slot)
    for person_id, own in by_person.items():
        person = people.get(person_id)
        fact = facts.get(person_id, PlannedPerson())
        own.sort(key=lambda s: (s.start, str(s.key)))
        overtime: dict[date, tuple[int, int]] = {}
        carrier: dict[date, object] = {}
        week_running: dict[date, int] = defaultdict(int)
        planned_in_norm = Decimal(0)
        last_in_norm = None
        in_norm: list = []
        for slot in own:
            night = night_minutes(
                slot.start,
                slot.end,
                zone=zone,
                night_start=regime.night_start,
                night_end=regime.night_end,
            )
            minor = person is not None and person.is_minor(slot.day)
            young_from = young_minor_from(
                person.adult_from if person else None, age=regime.young_minor_age
            )
            if (
                slot.checked
                and regime.young_minor_night_start is not None
                and young_from is not None
                and slot.day < young_from
            ):
                evening = night_minutes(
                    slot.start,
                    slot.end,
                    zone=zone,
                    night_start=regime.young_minor_night_start,
                    night_end=regime.night_end,
                )
                if evening:
                    found[slot.key].append(
                        Conflict(
                            slot.key,
                            "night_young_minor",
                            (("start", regime.young_minor_night_start.strftime("%H:%M")),),
                        )
                    )
            if regime.accounting == "summarised":
                if fact.norm_period and fact.norm_period[0] <= slot.day <= fact.norm_period[1]:
                    planned_in_norm += regime.converted(slot.paid_minutes, night)
                    in_norm.append(slot)
                    if slot.checked:
                        last_in_norm = slot
                continue
            if regime.accounting != "daily":
                continue
            normal = regime.normal_minutes(daily=fact.daily_minutes, night=night)
            over = max(0, slot.paid_minutes - normal)
            week = slot.day - timedelta(days=slot.day.weekday())
            straight = slot.paid_minutes - over
            beyond_week = max(0, week_running[week] + straight - fact.week_minutes)
            beyond_week = min(beyond_week, straight)
            week_running[week] += straight
            over += beyond_week
            if over:
                is_night = regime.is_night_shift(night)
                previous = overtime.get(slot.day, (0, 0))
                overtime[slot.day] = (
                    previous[0] + (0 if is_night else over),
                    previous[1] + (over if is_night else 0),
                )
                carrier[slot.day] = slot
                if minor and slot.checked:
                    found[slot.key].append(Conflict(slot.key, "minor_overtime"))
        if (
            regime.accounting == "summarised"
            and fact.norm_minutes is not None
            and last_in_norm is not None
        ):
            planned = int(planned_in_norm.to_integral_value(ROUND_HALF_UP))
            if planned > fact.norm_minutes:
                start, end = fact.norm_period
                # The excess is the period's planned overtime: it must also keep the monthly
                # and yearly caps (KT art. 146(1)); weekly caps cannot be placed on it.
                excess = planned - fact.norm_minutes
                month_cap = regime.caps.month_day
                night_part = _night_of_last_slots(in_norm, excess, regime, zone=zone)
                weighted = _weighted(
                    excess - night_part, night_part, month_cap, regime.caps.month_night
                )
                if month_cap is not None and weighted > month_cap:
                    found[last_in_norm.key].append(
                        Conflict(
                            last_in_norm.key,
                            "overtime_month",
                            (
                                ("hours", hours_text(excess)),
                                ("limit", _limit_text(month_cap, regime.caps.month_night)),
                                ("month", last_in_norm.day.strftime("%m.%Y")),
                            ),
                        )
                    )
                if regime.caps.year is not None and fact.year_before + excess > regime.caps.year:
                    found[last_in_norm.key].append(
                        Conflict(
                            last_in_norm.key,
                            "overtime_year",
                            (
                                ("hours", hours_text(fact.year_before + excess)),
                                ("limit", hours_text(regime.caps.year)),
                                ("year", str(last_in_norm.day.year)),
                            ),
                        )
                    )
                found[last_in_norm.key].append(
                    Conflict(
                        last_in_norm.key,
                        "period_norm",
                        (
                            ("end", end.strftime("%d.%m.%Y")),
                            ("hours", hours_text(planned)),
                            ("limit", hours_text(fact.norm_minutes)),
                            ("start", start.strftime("%d.%m.%Y")),
                        ),
                    )
                )
        worked_days = sorted({slot.day for slot in own})
        for breach in overtime_breaches(
            overtime, regime.caps, year_before=fact.year_before, worked_days=worked_days
        ):
            # Reported on the last planned overtime shift the breach covers.
            covered = [d for d in sorted(carrier) if _covers(breach, d)]
            slot = carrier[covered[-1]] if covered else None
            if slot is not None and slot.checked:
                found[slot.key].append(Conflict(slot.key, breach.code, breach.params))
    return dict(found)


def _night_of_last_slots(slots, over: int, regime: Regime, *, zone) -> int:
    """Night minutes among the last ``over`` planned minutes, taken from the latest planned
    minute backwards: the rule payroll uses for the night part of summarised overtime
    (``classify.classify_regime``), so that the night cap of KT art. 146(1) (20 h a month
    against 30 h by day) is checked on the plan the way the hours will be counted."""
    from scheduling.domain.times import night_minutes

    night, left = 0, over
    for slot in sorted(slots, key=lambda s: s.end, reverse=True):
        if left <= 0:
            break
        take = min(slot.paid_minutes, left)
        night += night_minutes(
            slot.end - timedelta(minutes=take),
            slot.end,
            zone=zone,
            night_start=regime.night_start,
            night_end=regime.night_end,
        )
        left -= take
    return night


def _covers(breach: Breach, day: date) -> bool:
    if breach.code == "overtime_month":
        return (day.year, day.month) == (breach.day.year, breach.day.month)
    if breach.code == "overtime_week":
        return breach.day <= day < breach.day + timedelta(days=7)
    if breach.code == "overtime_two_days":
        return breach.day <= day <= date.fromisoformat(dict(breach.params)["second"])
    return day.year == breach.day.year and day <= breach.day


def _register_messages() -> None:
    """The rule engine renders a conflict from its code: it learns these codes here."""
    from scheduling.domain import rules

    rules.MESSAGES.update(MESSAGES)


_register_messages()

"""Plain input and output records of the shift scheduler.

Everything here is a frozen dataclass of ints, strings and frozensets, so that the solver, the
validator and the explainer can be tested without a database and the caller (the Django layer)
converts its models once, in one place. Times are integer minutes local to the location; daylight
saving changes are the caller's concern (it passes the elapsed length of each shift).

A day index ``d`` means the calendar date ``start + d``; a shift "belongs" to the day on which it
starts, which is how one-shift-per-day, days off, weekends and consecutive days are counted.
Absolute times are ``1440 * d + minute``; a shift may end after midnight (``end_minute > 1440``).
"""

from __future__ import annotations

import datetime
from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property

EmployeeId = Hashable
ShiftTypeId = Hashable
Skill = str

DAY = 1440
#: Objective units per point: per-hour weights apply to single minutes, and the shortfall bands
#: below grow in tenths of a point an hour, all as integers.
SCALE = 600
#: Width of one band of shortfall against the contract target (see ``undertime_slopes``).
BAND_MINUTES = 240
MORNING = "morning"
AFTERNOON = "afternoon"
#: A shift counts as a night shift when at least this many minutes fall within 22:00-06:00.
NIGHT_MIN_MINUTES = 180


def _frozen(obj: object, name: str, factory: type = frozenset) -> None:
    """Let callers pass any iterable (a set, a list) while the record stays immutable."""
    value = getattr(obj, name)
    object.__setattr__(obj, name, factory(value))


@dataclass(frozen=True, kw_only=True)
class ShiftType:
    """A shift template: when it starts on its day, how long it lasts and what it pays.

    ``is_night`` left as None is derived from the times, so the caller only overrides it where a
    collective agreement defines night work differently.
    """

    id: ShiftTypeId
    start_minute: int
    length_minutes: int
    paid_minutes: int | None = None
    is_night: bool | None = None
    unpopular: bool = False

    @property
    def end_minute(self) -> int:
        """Minutes after midnight of the shift's own day; above 1440 when it crosses midnight."""
        return self.start_minute + self.length_minutes

    @property
    def paid(self) -> int:
        """Working time that counts towards contract hours and legal maxima."""
        return self.length_minutes if self.paid_minutes is None else self.paid_minutes

    @cached_property
    def night(self) -> bool:
        if self.is_night is not None:
            return self.is_night
        start, end = self.start_minute, self.end_minute
        inside = 0
        for k in range(-1, 3):  # night windows 22:00-06:00 around the shift's days
            inside += max(0, min(end, k * DAY + 360) - max(start, k * DAY - 120))
        return inside >= NIGHT_MIN_MINUTES


@dataclass(frozen=True, kw_only=True)
class ShiftRequest:
    """A wish to work (on-request) or not to work (off-request); ``shift_type`` None = whole day."""

    day: int
    shift_type: ShiftTypeId | None = None
    weight: int = 10


@dataclass(frozen=True, kw_only=True)
class History:
    """What happened before day 0, so that rest and stretch rules hold across the boundary.

    ``last_shift_end`` is in minutes relative to 00:00 of day 0 (usually negative; positive when a
    night shift of day -1 ends on day 0). ``last_shift_type`` is the shift worked on day -1, if
    any, for forbidden successions. At most one of the two stretch counters is positive; when both
    are 0 the past is unknown and stretches touching day 0 are not checked for their minimum.
    ``worked_minutes`` over ``worked_days`` feed the average-weekly-hours rule.
    """

    last_shift_end: int | None = None
    last_shift_type: ShiftTypeId | None = None
    consecutive_days_worked: int = 0
    consecutive_days_off: int = 0
    worked_minutes: int = 0
    worked_days: int = 0


@dataclass(frozen=True, kw_only=True)
class Employee:
    """One person's skills, contract and personal constraints over the horizon.

    Hard: skills, min/max total minutes, stretches, weekends, days off, unavailability, leave,
    shift length, night work, the most shifts of a type. Soft: ``target_minutes`` (over/undertime),
    requests, avoided shift types, hourly cost. Whole-day and half-day leave block every shift
    that overlaps them (a night shift running into a leave morning is blocked); fixed days off and
    unavailability block the shifts that start on that day. ``unavailable`` holds
    ``(day, shift_type_id)`` pairs, with ``shift_type_id`` None (or a bare day number) meaning the
    whole day.

    Limits over the whole horizon: ``min_total_minutes``/``max_total_minutes`` of paid time,
    ``max_working_weekends`` (a weekend counts once however many of its two days are worked) and
    ``max_shifts_of_type`` (shift type id -> most shifts of that type, e.g. at most 4 nights;
    a dict is accepted and kept as pairs).

    Runs (the nurse-rostering definition): a run of working days (or of days off) is a maximal
    sequence of consecutive days all worked (or all off). ``min_consecutive_days_off`` = N means
    that a run of days off, whenever one happens, lasts at least N days: "work, off, work" is
    forbidden for N = 2, while working every day is allowed. A run cut by the horizon's end is
    exempt (it may go on in the next period), and so is a run touching day 0 when the history
    does not say what day -1 was; a run that began before day 0 counts its days from the history.
    """

    id: EmployeeId
    skills: frozenset[Skill] = frozenset()
    target_minutes: int | None = None
    min_total_minutes: int = 0
    max_total_minutes: int | None = None
    max_consecutive_days: int | None = None
    min_consecutive_days: int = 1
    min_consecutive_days_off: int = 1
    max_working_weekends: int | None = None
    max_shifts_of_type: frozenset[tuple[ShiftTypeId, int]] = frozenset()
    fixed_days_off: frozenset[int] = frozenset()
    unavailable: frozenset[tuple[int, ShiftTypeId | None]] = frozenset()
    leave_days: frozenset[int] = frozenset()
    half_day_leave: frozenset[tuple[int, str]] = frozenset()
    on_requests: tuple[ShiftRequest, ...] = ()
    off_requests: tuple[ShiftRequest, ...] = ()
    avoid_shift_types: frozenset[ShiftTypeId] = frozenset()
    hourly_cost_cents: int = 0
    max_shift_paid_minutes: int | None = None
    night_allowed: bool = True
    history: History | None = None

    def __post_init__(self) -> None:
        for name in (
            "skills",
            "fixed_days_off",
            "unavailable",
            "leave_days",
            "half_day_leave",
            "avoid_shift_types",
        ):
            _frozen(self, name)
        whole_days = {(u, None) for u in self.unavailable if isinstance(u, int)}
        pairs = {u for u in self.unavailable if not isinstance(u, int)}
        object.__setattr__(self, "unavailable", frozenset(pairs | whole_days))
        caps = self.max_shifts_of_type
        object.__setattr__(
            self,
            "max_shifts_of_type",
            frozenset(caps.items() if isinstance(caps, dict) else caps),
        )
        _frozen(self, "on_requests", tuple)
        _frozen(self, "off_requests", tuple)
        for day, half in self.half_day_leave:
            if half not in (MORNING, AFTERNOON):
                raise ValueError(f"half-day leave on day {day}: {half!r} is not morning/afternoon")

    @property
    def type_caps(self) -> dict[ShiftTypeId, int]:
        """Shift type id -> the most shifts of that type over the horizon."""
        return dict(self.max_shifts_of_type)


@dataclass(frozen=True, kw_only=True)
class Rules:
    """Legal rules of the location (EU defaults: 11 h daily rest, 24 h + 11 h weekly rest).

    ``max_week_minutes`` applies to 7-day blocks counted from day 0 (start the horizon on a
    Monday for calendar weeks). ``forbidden_successions`` are (a, b) pairs: shift type a on day d
    must not be followed by b on day d + 1, on top of what the daily rest already forbids.
    """

    min_daily_rest_minutes: int = 660
    weekly_rest_minutes: int | None = 2100
    max_week_minutes: int | None = None
    max_average_week_minutes: int | None = None
    max_shift_minutes: int | None = None
    forbidden_successions: frozenset[tuple[ShiftTypeId, ShiftTypeId]] = frozenset()

    def __post_init__(self) -> None:
        _frozen(self, "forbidden_successions")


@dataclass(frozen=True, kw_only=True)
class Demand:
    """How many people a shift needs on a day, with a skill (None: anyone).

    Cover is soft so that demand alone never makes the roster infeasible; the per-slot weights
    override ``Weights.under_cover``/``over_cover`` (e.g. a supervisor gap costs more).
    """

    day: int
    shift_type: ShiftTypeId
    skill: Skill | None
    required: int
    under_weight: int | None = None
    over_weight: int | None = None


@dataclass(frozen=True)
class Assignment:
    """One person on one shift of one day, covering one skill requirement (None: any/extra)."""

    employee: EmployeeId
    day: int
    shift_type: ShiftTypeId
    skill: Skill | None = None


@dataclass(frozen=True, kw_only=True)
class Weights:
    """Integer weights of the soft objective, in points.

    Cover weights are per missing/extra person-shift; contract weights per hour of over- or
    undertime (counted to the minute); fairness per unit of spread (max - min) of the number of
    night, weekend and unpopular shifts per full-time equivalent; labour cost per 100 currency
    units. The defaults keep a missing person-shift (100) dearer than a shift's overtime (4 x 7.5)
    or its labour cost, so the solver never leaves a slot empty merely to save hours or money, and
    a person too many on a shift (50) dearer than the undertime a shift would save, so nobody is
    rostered where the demand asks for nobody.

    Undertime grows faster than linearly, so that a shortfall is spread rather than put on one
    person (with a linear weight every split costs the same, and the labour cost then decides:
    the dearest person loses all the hours). ``undertime_per_hour`` is the price of the first
    4 h short; each further 4 h band costs ``undertime_growth_pct`` per cent of it more an hour.
    See ``undertime_slopes`` for where the growth stops.
    """

    under_cover: int = 100
    over_cover: int = 50
    overtime_per_hour: int = 4
    undertime_per_hour: int = 2
    undertime_growth_pct: int = 10
    avoided_shift: int = 5
    fairness_night: int = 10
    fairness_weekend: int = 10
    fairness_unpopular: int = 5
    labour_cost_per_100: int = 1


#: More bands than this add nothing a roster would reach (60 x 4 h = 240 h short).
MAX_BANDS = 60


def undertime_slopes(weights: Weights, longest_paid_minutes: int) -> list[int]:
    """Objective units per minute of shortfall in each 4 h band (the last one applies beyond).

    The slope starts at ``undertime_per_hour`` and grows by ``undertime_growth_pct`` per cent of
    it for every band, as long as one more shift of shortfall (the longest paid shift type) still
    costs less than one person too many on a shift. Past that point, rostering someone where
    nobody is needed would be cheaper than the shortfall, which the over-cover weight says not
    to do; so the slope stays there and the penalty is linear beyond. A piecewise-linear convex
    function: moving a shift of shortfall from a person deeper in the bands to one less deep
    never costs more, and costs less whenever the two are more than a band apart.
    """
    base = weights.undertime_per_hour * SCALE // 60
    if base <= 0:
        return [0]
    if weights.undertime_growth_pct <= 0 or longest_paid_minutes <= 0:
        return [base]
    growth = max(1, round(base * weights.undertime_growth_pct / 100))
    cap = (weights.over_cover * SCALE - 1) // longest_paid_minutes
    slopes = [base]
    while slopes[-1] + growth <= cap and len(slopes) < MAX_BANDS:
        slopes.append(slopes[-1] + growth)
    return slopes


def undertime_cost(slopes: list[int], minutes: int) -> int:
    """The shortfall penalty of ``minutes`` short, in objective units (the model's encoding)."""
    total, previous = 0, 0
    for k, slope in enumerate(slopes):
        total += (slope - previous) * max(0, minutes - k * BAND_MINUTES)
        previous = slope
    return total


@dataclass(frozen=True, kw_only=True)
class Instance:
    """Everything the solver needs: the horizon, templates, people, rules, demand and pins."""

    start: datetime.date
    days: int
    shift_types: tuple[ShiftType, ...]
    employees: tuple[Employee, ...]
    demand: tuple[Demand, ...] = ()
    rules: Rules = field(default_factory=Rules)
    pinned: tuple[Assignment, ...] = ()
    weights: Weights = field(default_factory=Weights)

    def __post_init__(self) -> None:
        for name in ("shift_types", "employees", "demand", "pinned"):
            _frozen(self, name, tuple)

    def date(self, day: int) -> datetime.date:
        return self.start + datetime.timedelta(days=day)

    def is_weekend(self, day: int) -> bool:
        return self.date(day).weekday() >= 5

    def weekend_key(self, day: int) -> int:
        """The same number for the Saturday and Sunday of one weekend (the ISO week's ordinal)."""
        return (self.date(day).toordinal() - 1) // 7

    def check(self) -> None:
        """Raise ValueError for references that cannot be right (a caller's bug, not a conflict)."""
        types = {t.id for t in self.shift_types}
        people = {e.id for e in self.employees}
        if len(types) != len(self.shift_types) or len(people) != len(self.employees):
            raise ValueError("duplicate shift type or employee id")
        if self.days < 1:
            raise ValueError("the horizon needs at least one day")
        for t in self.shift_types:
            if t.length_minutes <= 0 or not 0 <= t.paid <= t.length_minutes:
                raise ValueError(f"shift type {t.id!r}: bad length or paid minutes")
        rows: Iterable[Demand | Assignment] = (*self.demand, *self.pinned)
        for row in rows:
            if row.shift_type not in types or not 0 <= row.day < self.days:
                raise ValueError(f"{row!r} refers to an unknown shift type or day")
            if isinstance(row, Assignment) and row.employee not in people:
                raise ValueError(f"{row!r} refers to an unknown employee")
            if isinstance(row, Demand) and row.required < 0:
                raise ValueError(f"{row!r} requires a negative count")
        slots = {(row.day, row.shift_type, row.skill) for row in self.demand}
        if len(slots) != len(self.demand):
            raise ValueError("two demand rows for the same day, shift type and skill")


class Status(StrEnum):
    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"
    CANCELLED = "cancelled"


class FoundBy(StrEnum):
    """How the returned roster was found: CP-SAT with proof that none is better, CP-SAT without
    that proof, or the greedy start (CP-SAT found nothing better within the time, or was stopped
    before it did)."""

    OPTIMISER_PROVEN = "optimiser-proven"
    OPTIMISER = "optimiser"
    GREEDY = "greedy"


@dataclass(frozen=True)
class UnfilledSlot:
    """A demand row that the roster leaves short by ``missing`` people."""

    day: int
    shift_type: ShiftTypeId
    skill: Skill | None
    missing: int


@dataclass(frozen=True)
class SolveProgress:
    """What ``on_progress`` receives: objective and bound in points, so a UI can show the gap."""

    objective: float
    bound: float
    elapsed_s: float
    solutions: int


@dataclass(kw_only=True)
class Result:
    """The solver's answer. ``objective``/``best_bound`` are in points (see Weights).

    ``found_by`` says how the roster was found (``FoundBy``; empty when there is no roster).
    ``coverage_pct`` is ``filled``/``demanded`` person-shifts with each slot capped at its
    requirement; ``shortfall_minutes`` maps each person with a target to the paid minutes they
    stay below it (0 when at or above); ``fairness``
    maps "night", "weekend", "unpopular" to the spread (max - min) of shifts per full-time
    equivalent among the people eligible for them. ``conflicting_pins`` is filled only when the
    status is infeasible because pinned shifts break a hard rule.
    """

    status: Status
    found_by: str = ""
    assignments: list[Assignment] = field(default_factory=list)
    unfilled: list[UnfilledSlot] = field(default_factory=list)
    objective: float | None = None
    best_bound: float | None = None
    gap: float | None = None
    wall_time_s: float = 0.0
    solutions: int = 0
    paid_minutes: dict[EmployeeId, int] = field(default_factory=dict)
    coverage_pct: float = 0.0
    filled: int = 0
    demanded: int = 0
    shortfall_minutes: dict[EmployeeId, int] = field(default_factory=dict)
    fairness: dict[str, float] = field(default_factory=dict)
    overtime_minutes: int = 0
    conflicting_pins: list[Assignment] = field(default_factory=list)
    message: str = ""

    @property
    def largest_shortfall(self) -> int:
        """Minutes the person furthest below their target is short (0: nobody is)."""
        return max(self.shortfall_minutes.values(), default=0)


#: Fairness counts are kept in 1/60 of a full-time shift so that they stay integers in the model.
FTE_UNIT = 60
CATEGORIES = ("night", "weekend", "unpopular")


def fairness_categories(inst: Instance, day: int, st: ShiftType) -> list[str]:
    """The fairness categories a shift on a day falls into."""
    names = []
    if st.night:
        names.append("night")
    if inst.is_weekend(day):
        names.append("weekend")
    if st.unpopular:
        names.append("unpopular")
    return names


def fte_factors(inst: Instance) -> dict[int, int]:
    """Per employee index: FTE_UNIT x (largest target / own target), so part-timers compare fairly.

    People with a target of 0 take no part in fairness; without a target a person counts as
    full-time.
    """
    ref = max((e.target_minutes for e in inst.employees if e.target_minutes), default=0)
    return {
        i: FTE_UNIT if not emp.target_minutes else round(FTE_UNIT * ref / emp.target_minutes)
        for i, emp in enumerate(inst.employees)
        if emp.target_minutes is None or emp.target_minutes > 0
    }


def summarize(
    inst: Instance,
    assignments: list[Assignment],
    *,
    eligible: dict[str, dict[int, int]] | None = None,
) -> Result:
    """Cover, hours, overtime and fairness figures of any roster (e.g. after manual edits).

    An assignment counts for the demand row of its own skill (None: the "anyone" row).
    ``eligible`` (category -> employee index -> FTE factor, from the model) limits fairness to the
    people who could take such shifts; without it everybody in ``fte_factors`` counts.
    """
    types = {t.id: t for t in inst.shift_types}
    e_index = {e.id: i for i, e in enumerate(inst.employees)}
    covered: dict[tuple, int] = {}
    paid = {e.id: 0 for e in inst.employees}
    counts: dict[str, dict[int, int]] = {c: {} for c in CATEGORIES}
    for a in assignments:
        key = (a.day, a.shift_type, a.skill)
        covered[key] = covered.get(key, 0) + 1
        paid[a.employee] += types[a.shift_type].paid
        for c in fairness_categories(inst, a.day, types[a.shift_type]):
            e = e_index[a.employee]
            counts[c][e] = counts[c].get(e, 0) + 1
    unfilled, demanded, filled = [], 0, 0
    for row in inst.demand:
        got = covered.get((row.day, row.shift_type, row.skill), 0)
        demanded += row.required
        filled += min(got, row.required)
        if got < row.required:
            unfilled.append(UnfilledSlot(row.day, row.shift_type, row.skill, row.required - got))
    factors = fte_factors(inst)
    fairness = {}
    for c in CATEGORIES:
        people = eligible[c] if eligible is not None else factors
        values = [people[e] * counts[c].get(e, 0) / FTE_UNIT for e in people]
        fairness[c] = max(values) - min(values) if len(values) > 1 else 0.0
    targets = {e.id: e.target_minutes for e in inst.employees if e.target_minutes is not None}
    overtime = sum(max(0, paid[pk] - target) for pk, target in targets.items())
    return Result(
        status=Status.FEASIBLE,
        assignments=list(assignments),
        unfilled=unfilled,
        paid_minutes=paid,
        coverage_pct=100.0 * filled / demanded if demanded else 100.0,
        filled=filled,
        demanded=demanded,
        shortfall_minutes={pk: max(0, target - paid[pk]) for pk, target in targets.items()},
        fairness=fairness,
        overtime_minutes=overtime,
    )

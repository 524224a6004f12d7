"""Seeded random instances that look like a real location, for tests and benchmarks.

The numbers follow a mid-size retail or care site: 8 h paid shifts of 8.5 h with a break, three
quarters of the staff full-time (40 h a week), the rest part-time; quieter weekends and nights;
some leave, a few fixed days off and unavailabilities, minors without nights, a quarter of the
night workers with at most 4-6 nights a month; each person's target follows the days they are not
on leave. Demand per skill is about 88 % of what the people
holding that skill can supply, which leaves the slack that the rest, weekend and stretch rules
need, so a good roster covers at least 98 % of the demand with every hard rule kept.
"""

from __future__ import annotations

import datetime
import math
import random
from dataclasses import dataclass, replace

from .instance import (
    AFTERNOON,
    MORNING,
    Assignment,
    Demand,
    Employee,
    History,
    Instance,
    Rules,
    ShiftRequest,
    ShiftType,
    Weights,
)

#: (id, start, elapsed, paid, unpopular); nights are derived from the times.
TEMPLATES = (
    ("E", 6 * 60, 510, 480, False),
    ("L", 14 * 60, 510, 480, False),
    ("N", 22 * 60, 510, 480, True),
    ("D", 9 * 60, 510, 480, False),
    ("M", 10 * 60, 600, 540, False),
    ("S", 18 * 60, 360, 360, True),
)
SKILLS = ("general", "cashier", "supervisor", "forklift", "pharmacy", "first_aid")
#: Demand weight per weekday (Monday first) and per template.
DAY_FACTOR = (1.0, 1.0, 1.0, 1.0, 1.05, 0.8, 0.65)
SHIFT_FACTOR = {"E": 1.0, "L": 0.9, "N": 0.45, "D": 0.7, "M": 0.6, "S": 0.4}
SUPPLY_SHARE = 0.88
WEEK_FULL = 2400  # 40 h
PAID = 480


def _shift_types(count: int) -> tuple[ShiftType, ...]:
    types = [
        ShiftType(id=i, start_minute=s, length_minutes=n, paid_minutes=p, unpopular=u)
        for i, s, n, p, u in TEMPLATES[:count]
    ]
    for k in range(len(types), count):  # beyond the templates: 8.5 h shifts every 3 h
        types.append(
            ShiftType(
                id=f"X{k}", start_minute=(k * 180) % 1440, length_minutes=510, paid_minutes=PAID
            )
        )
    return tuple(types)


def _skills(count: int) -> tuple[str, ...]:
    return tuple(SKILLS[i] if i < len(SKILLS) else f"skill{i}" for i in range(count))


def _employee(
    rng: random.Random, n: int, days: int, skills: tuple[str, ...], types: tuple[ShiftType, ...]
) -> Employee:
    share = [0.45, 0.25, 0.15, 0.15] + [0.1] * max(0, len(skills) - 4)
    mine = {rng.choices(skills, weights=share[: len(skills)])[0]}
    if len(skills) > 1 and rng.random() < 0.35:
        mine.add(rng.choice(skills))
    minor = rng.random() < 0.03
    full_time = not minor and rng.random() < 0.75
    weekly = WEEK_FULL if full_time else rng.choice((1200, 1440, 1800))
    leave: set[int] = set()
    if rng.random() < 0.12:
        first, length = rng.randrange(days), rng.randint(3, 7)
        leave = set(range(first, min(days, first + length)))
    half = set()
    if rng.random() < 0.05:
        half.add((rng.randrange(days), rng.choice((MORNING, AFTERNOON))))
    fixed = set()
    if not full_time and rng.random() < 0.3:
        weekday = rng.randrange(5)
        fixed = {d for d in range(days) if d % 7 == weekday}
    unavailable = set()
    if rng.random() < 0.2:
        for _ in range(rng.randint(1, 3)):
            t = rng.choice([None, *[s.id for s in types]])
            unavailable.add((rng.randrange(days), t))
    free_days = days - len(leave)
    target = round(weekly * free_days / 7 / 30) * 30
    on, off = [], []
    for _ in range(rng.randint(0, 3)):
        if rng.random() < 0.6:
            off.append(ShiftRequest(day=rng.randrange(days), weight=rng.choice((5, 10, 20))))
        else:
            st = rng.choice(types).id
            on.append(ShiftRequest(day=rng.randrange(days), shift_type=st, weight=5))
    nights = not minor and rng.random() > 0.1
    min_on = 2 if rng.random() < 0.5 else 1
    min_off = 2 if rng.random() < 0.3 else 1
    weekends = math.ceil(days / 7)
    night_cap = {}
    if nights and any(t.id == "N" for t in types) and rng.random() < 0.25:
        night_cap = {"N": max(1, round(days * rng.choice((4, 5, 6)) / 28))}
    return Employee(
        id=f"E{n:03d}",
        skills=frozenset(mine),
        target_minutes=target,
        min_total_minutes=(target // 2 // PAID) * PAID if full_time else 0,
        max_total_minutes=round(target * 1.2 / 30) * 30,
        max_consecutive_days=rng.choice((5, 6, 6)),
        min_consecutive_days=min_on,
        min_consecutive_days_off=min_off,
        max_working_weekends=max(
            1, round(weekends * 0.75) if rng.random() < 0.8 else weekends // 2
        ),
        max_shifts_of_type=night_cap,
        fixed_days_off=frozenset(fixed),
        unavailable=frozenset(unavailable),
        leave_days=frozenset(leave),
        half_day_leave=frozenset(half),
        on_requests=tuple(on),
        off_requests=tuple(off),
        avoid_shift_types=frozenset({"N"} if rng.random() < 0.15 else set()),
        hourly_cost_cents=rng.randrange(1200, 2400, 50),
        max_shift_paid_minutes=PAID if minor else None,
        night_allowed=nights,
        history=_history(rng, [t for t in types if nights or not t.night], weekly, min_on, min_off),
    )


def _history(
    rng: random.Random, types: list[ShiftType], weekly: int, min_on: int, min_off: int
) -> History:
    """A plausible past: the stretch that ends on day -1 already meets its minimum."""
    worked = {
        "worked_minutes": weekly * 12 + rng.choice((-240, 0, 240)),
        "worked_days": 84,
    }
    last = rng.choice(types)
    if rng.random() < 0.55:
        return History(
            last_shift_end=-1440 + last.end_minute,
            last_shift_type=last.id,
            consecutive_days_worked=rng.randint(min_on, 4),
            **worked,
        )
    off = rng.randint(min_off, 3)
    return History(
        last_shift_end=-1440 * (off + 1) + last.end_minute, consecutive_days_off=off, **worked
    )


def generate(
    employees: int = 200,
    days: int = 28,
    shift_types: int = 3,
    skills: int = 4,
    seed: int = 1,
    *,
    start: datetime.date = datetime.date(2025, 3, 3),
) -> Instance:
    """A reproducible instance; the same arguments give the same instance on every machine."""
    rng = random.Random(seed)
    types = _shift_types(shift_types)
    names = _skills(skills)
    people = tuple(_employee(rng, n + 1, days, names, types) for n in range(employees))

    # What each skill can supply, in shifts: a person with two skills splits their hours.
    supply = dict.fromkeys(names, 0.0)
    for emp in people:
        for skill in emp.skills:
            supply[skill] += (emp.target_minutes or 0) / PAID / len(emp.skills)
    shape = {
        (d, st.id): DAY_FACTOR[(start + datetime.timedelta(days=d)).weekday()]
        * SHIFT_FACTOR.get(st.id, 0.5)
        for d in range(days)
        for st in types
    }
    total_shape = sum(shape.values())
    demand = []
    rarest = min(names, key=lambda s: supply[s])
    for skill in names:
        for (d, t), factor in shape.items():
            wanted = SUPPLY_SHARE * supply[skill] * factor / total_shape
            count = int(wanted) + (rng.random() < wanted - int(wanted))
            if count:
                weight = 150 if skill == rarest else None
                demand.append(
                    Demand(day=d, shift_type=t, skill=skill, required=count, under_weight=weight)
                )
    rules = Rules(
        min_daily_rest_minutes=660,
        weekly_rest_minutes=2100,
        max_week_minutes=2880,
        max_average_week_minutes=2880,
        max_shift_minutes=720,
    )
    return Instance(
        start=start,
        days=days,
        shift_types=types,
        employees=people,
        demand=tuple(demand),
        rules=rules,
    )


@dataclass(frozen=True)
class KnownCase:
    """A small instance whose optimum is known by hand (explained in ``why``)."""

    name: str
    instance: Instance
    objective: float
    assignments: frozenset[Assignment] | None
    why: str


_E = ShiftType(id="E", start_minute=6 * 60, length_minutes=480)
_L = ShiftType(id="L", start_minute=14 * 60, length_minutes=480)
_N = ShiftType(id="N", start_minute=22 * 60, length_minutes=480)
#: Only cover counts, so that an optimum can be worked out by hand.
COVER_ONLY = Weights(
    under_cover=100,
    over_cover=20,
    overtime_per_hour=0,
    undertime_per_hour=0,
    avoided_shift=0,
    fairness_night=0,
    fairness_weekend=0,
    fairness_unpopular=0,
    labour_cost_per_100=0,
)


def _case(days: int, employees: list[Employee], demand: list[tuple], **extra: object) -> Instance:
    rows = [Demand(day=d, shift_type=t, skill=s, required=n, **w) for d, t, s, n, w in demand]
    fields = {"rules": Rules(weekly_rest_minutes=None), "weights": COVER_ONLY, **extra}
    return Instance(
        start=datetime.date(2025, 3, 3),  # a Monday
        days=days,
        shift_types=(_E, _L, _N),
        employees=tuple(employees),
        demand=tuple(rows),
        **fields,  # type: ignore[arg-type]
    )


def known_cases() -> list[KnownCase]:
    """Hand-checked optima for tests and the benchmark."""
    a = frozenset({"a"})
    ann, bob = Employee(id="Ann", skills=a), Employee(id="Bob", skills=a)
    every_day = [(d, "E", "a", 1, {}) for d in range(7)]
    return [
        KnownCase(
            "rest_and_wish",
            _case(
                2,
                [replace(ann, off_requests=(ShiftRequest(day=0, shift_type="L"),)), bob],
                [(d, t, "a", 1, {}) for d in (0, 1) for t in ("E", "L")],
            ),
            0.0,
            frozenset(
                Assignment(who, d, t, "a")
                for who, t in (("Ann", "E"), ("Bob", "L"))
                for d in (0, 1)
            ),
            "L then E breaks the 11 h rest, so each keeps one shift type; Ann wished no L",
        ),
        KnownCase(
            "skills_count_once",
            _case(
                1,
                [
                    Employee(id="P", skills=frozenset({"a", "b"})),
                    Employee(id="Q", skills=a),
                    Employee(id="R", skills=frozenset({"b"}), unavailable=frozenset({(0, "L")})),
                ],
                [(0, "E", "a", 1, {}), (0, "E", "b", 1, {}), (0, "L", "b", 1, {})],
            ),
            0.0,
            frozenset(
                {
                    Assignment("P", 0, "L", "b"),
                    Assignment("Q", 0, "E", "a"),
                    Assignment("R", 0, "E", "b"),
                }
            ),
            "only P can take L/b, which leaves E/b to R and E/a to Q",
        ),
        KnownCase(
            "overtime_beats_gap",
            _case(
                3,
                [replace(ann, target_minutes=960)],
                [(d, "E", "a", 1, {}) for d in range(3)],
                weights=replace(COVER_ONLY, overtime_per_hour=4, undertime_per_hour=2),
            ),
            32.0,
            frozenset(Assignment("Ann", d, "E", "a") for d in range(3)),
            "8 h of overtime cost 32, less than a missing shift (100)",
        ),
        KnownCase(
            "max_consecutive",
            _case(
                3,
                [replace(ann, target_minutes=960, max_consecutive_days=2)],
                [(d, "E", "a", 1, {}) for d in range(3)],
                weights=replace(COVER_ONLY, overtime_per_hour=4, undertime_per_hour=2),
            ),
            100.0,
            None,
            "at most 2 days in a row: one of the 3 shifts stays empty",
        ),
        KnownCase(
            "weekly_rest_35h",
            _case(7, [ann], every_day, rules=Rules(weekly_rest_minutes=2100)),
            100.0,
            None,
            "one day off inside the week gives 40 h of rest (14:00 to 06:00 two days later)",
        ),
        KnownCase(
            "weekly_rest_48h",
            _case(
                7,
                [ann],
                every_day,
                rules=Rules(min_daily_rest_minutes=720, weekly_rest_minutes=2880),
            ),
            200.0,
            None,
            "one day off gives only 40 h, two days off in a row give 64 h",
        ),
        KnownCase(
            "night_then_early",
            _case(2, [ann], [(0, "N", "a", 1, {"under_weight": 150}), (1, "E", "a", 1, {})]),
            100.0,
            frozenset({Assignment("Ann", 0, "N", "a")}),
            "the night ends at 06:00, when the early shift starts: only one, the dearer gap filled",
        ),
        KnownCase(
            "fair_nights",
            _case(
                4,
                [ann, bob],
                [(d, "N", "a", 1, {}) for d in range(4)],
                weights=replace(COVER_ONLY, fairness_night=10),
            ),
            0.0,
            None,
            "two nights each: a 3-1 split would cost 10 x 2",
        ),
    ]

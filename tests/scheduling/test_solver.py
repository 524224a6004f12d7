"""The pure roster optimiser: validator, solver, explainer and generator, without a database."""

from __future__ import annotations

import datetime
import time
from dataclasses import replace

import pytest

from scheduling.solver import (
    AFTERNOON,
    MORNING,
    VIOLATION_CODES,
    Assignment,
    Demand,
    Employee,
    History,
    Instance,
    Rules,
    ShiftType,
    SolveProgress,
    UnfilledSlot,
    Weights,
    explain_unfilled,
    format_reasons,
    generate,
    known_cases,
    solve,
    summarize,
    validate,
)

MONDAY = datetime.date(2025, 3, 3)
E = ShiftType(id="E", start_minute=6 * 60, length_minutes=480)
L = ShiftType(id="L", start_minute=14 * 60, length_minutes=480)
N = ShiftType(id="N", start_minute=22 * 60, length_minutes=480)
LONG = ShiftType(id="D12", start_minute=8 * 60, length_minutes=720, paid_minutes=660)
ANN = Employee(id="Ann", skills=frozenset({"a"}))
COVER_ONLY = Weights(
    overtime_per_hour=0,
    undertime_per_hour=0,
    avoided_shift=0,
    fairness_night=0,
    fairness_weekend=0,
    fairness_unpopular=0,
    labour_cost_per_100=0,
)


@pytest.fixture(autouse=True)
def _roles():
    """Overrides the project-wide autouse fixture that syncs roles into the database: the
    solver is pure, so these tests run without one."""


def _instance(*employees: Employee, days: int = 7, demand=(), **kwargs) -> Instance:
    fields = {"rules": Rules(weekly_rest_minutes=None), "weights": COVER_ONLY, **kwargs}
    return Instance(
        start=MONDAY,
        days=days,
        shift_types=(E, L, N, LONG),
        employees=employees or (ANN,),
        demand=tuple(demand),
        **fields,
    )


def _shifts(*cells: tuple[int, str], who: str = "Ann") -> list[Assignment]:
    return [Assignment(who, day, shift) for day, shift in cells]


def _codes(instance: Instance, assignments: list[Assignment]) -> set[str]:
    return {v.code for v in validate(instance, assignments)}


# --- validator ------------------------------------------------------------------------------

VALIDATOR_CASES = [
    ("invalid", _instance(), [Assignment("Nobody", 0, "E")], {"invalid"}),
    ("skill", _instance(), [Assignment("Ann", 0, "E", "b")], {"skill"}),
    ("leave", _instance(replace(ANN, leave_days={1})), _shifts((1, "E")), {"on_leave"}),
    (
        "night running into a leave day",
        _instance(replace(ANN, leave_days={1})),
        _shifts((0, "N")),
        {"on_leave"},
    ),
    (
        "afternoon leave blocks an early shift ending at 14:00",
        _instance(replace(ANN, half_day_leave={(2, AFTERNOON)})),
        _shifts((2, "E")),
        {"on_leave"},
    ),
    (
        "morning leave leaves the late shift free",
        _instance(replace(ANN, half_day_leave={(2, MORNING)})),
        _shifts((2, "L")),
        set(),
    ),
    (
        "unavailable",
        _instance(replace(ANN, unavailable={(3, "E"), (4, None)})),
        _shifts((3, "E"), (4, "L")),
        {"unavailable"},
    ),
    (
        "fixed day off",
        _instance(replace(ANN, fixed_days_off={2})),
        _shifts((2, "E")),
        {"fixed_day_off"},
    ),
    (
        "shift length by rule",
        _instance(rules=Rules(weekly_rest_minutes=None, max_shift_minutes=600)),
        _shifts((0, "D12")),
        {"shift_length"},
    ),
    (
        "shift length of a minor",
        _instance(replace(ANN, max_shift_paid_minutes=420)),
        _shifts((0, "E")),
        {"shift_length"},
    ),
    (
        "night",
        _instance(replace(ANN, night_allowed=False)),
        _shifts((0, "N")),
        {"night_not_allowed"},
    ),
    (
        "one per day",
        _instance(rules=Rules(weekly_rest_minutes=None, min_daily_rest_minutes=0)),
        _shifts((0, "E"), (0, "L")),
        {"one_per_day"},
    ),
    ("rest across midnight", _instance(), _shifts((0, "N"), (1, "E")), {"daily_rest"}),
    ("late then early", _instance(), _shifts((0, "L"), (1, "E")), {"daily_rest"}),
    (
        "rest across the horizon start",
        _instance(replace(ANN, history=History(last_shift_end=-60))),
        _shifts((0, "E")),
        {"daily_rest"},
    ),
    (
        "forbidden succession",
        _instance(rules=Rules(weekly_rest_minutes=None, forbidden_successions={("E", "N")})),
        _shifts((0, "E"), (1, "N")),
        {"forbidden_succession"},
    ),
    (
        "forbidden succession from the history",
        _instance(
            replace(ANN, history=History(last_shift_type="E")),
            rules=Rules(weekly_rest_minutes=None, forbidden_successions={("E", "N")}),
        ),
        _shifts((0, "N")),
        {"forbidden_succession"},
    ),
    (
        "no weekly rest in seven early shifts",
        _instance(rules=Rules(weekly_rest_minutes=2100)),
        _shifts(*[(d, "E") for d in range(7)]),
        {"weekly_rest"},
    ),
    (
        "one day off gives 40 h of weekly rest",
        _instance(rules=Rules(weekly_rest_minutes=2100)),
        _shifts(*[(d, "E") for d in range(7) if d != 3]),
        set(),
    ),
    (
        "40 h are short of 48 h",
        _instance(rules=Rules(weekly_rest_minutes=2880)),
        _shifts(*[(d, "E") for d in range(7) if d != 3]),
        {"weekly_rest"},
    ),
    (
        "max week minutes",
        _instance(rules=Rules(weekly_rest_minutes=None, max_week_minutes=2400)),
        _shifts(*[(d, "E") for d in range(6)]),
        {"max_week_minutes"},
    ),
    (
        "max average week minutes with history",
        _instance(
            replace(ANN, history=History(worked_minutes=2400, worked_days=7)),
            rules=Rules(weekly_rest_minutes=None, max_average_week_minutes=1900),
        ),
        _shifts((0, "E"), (1, "E"), (2, "E")),
        {"max_average_minutes"},
    ),
    (
        "min total minutes",
        _instance(replace(ANN, min_total_minutes=960)),
        _shifts((0, "E")),
        {"min_total_minutes"},
    ),
    (
        "max total minutes",
        _instance(replace(ANN, max_total_minutes=480)),
        _shifts((0, "E"), (1, "E")),
        {"max_total_minutes"},
    ),
    (
        "max consecutive days",
        _instance(replace(ANN, max_consecutive_days=3)),
        _shifts(*[(d, "E") for d in range(4)]),
        {"max_consecutive_days"},
    ),
    (
        "max consecutive days carried in",
        _instance(replace(ANN, max_consecutive_days=3, history=History(consecutive_days_worked=3))),
        _shifts((0, "E")),
        {"max_consecutive_days"},
    ),
    (
        "min consecutive days",
        _instance(replace(ANN, min_consecutive_days=2)),
        _shifts((2, "E")),
        {"min_consecutive_days"},
    ),
    (
        "a short stretch touching the horizon end or an unknown start is exempt",
        _instance(replace(ANN, min_consecutive_days=2)),
        _shifts((0, "E"), (6, "E")),
        set(),
    ),
    (
        "a short stretch after a known day off is not exempt",
        _instance(replace(ANN, min_consecutive_days=2, history=History(consecutive_days_off=2))),
        _shifts((0, "E")),
        {"min_consecutive_days"},
    ),
    (
        "min consecutive days off",
        _instance(replace(ANN, min_consecutive_days_off=2)),
        _shifts((0, "E"), (2, "E")),
        {"min_consecutive_days_off"},
    ),
    (
        "max weekends",
        _instance(replace(ANN, max_working_weekends=1), days=14),
        _shifts((5, "E"), (13, "E")),
        {"max_weekends"},
    ),
    (
        "pin missing",
        _instance(pinned=(Assignment("Ann", 0, "E", "a"),)),
        _shifts((0, "E")),
        {"pin_missing"},
    ),
]


@pytest.mark.parametrize(
    ("instance", "assignments", "expected"),
    [case[1:] for case in VALIDATOR_CASES],
    ids=[case[0] for case in VALIDATOR_CASES],
)
def test_validator_finds_exactly_the_broken_rule(instance, assignments, expected):
    assert _codes(instance, assignments) == expected


def test_validator_cases_cover_every_code():
    covered = set().union(*(case[3] for case in VALIDATOR_CASES))
    assert covered == set(VIOLATION_CODES)


def test_violation_points_at_the_shift_and_minutes():
    found = validate(_instance(), _shifts((0, "N"), (1, "E")))
    assert [(v.code, v.day, v.shift_type) for v in found] == [("daily_rest", 1, "E")]
    assert "0 minutes" in found[0].message


# --- solver ---------------------------------------------------------------------------------


@pytest.mark.parametrize("case", known_cases(), ids=lambda case: case.name)
def test_known_optimum_is_reached(case):
    result = solve(case.instance, time_limit_s=10)

    assert result.status == "optimal"
    assert result.objective == pytest.approx(case.objective)
    assert result.best_bound == pytest.approx(case.objective)
    if case.assignments is not None:
        assert set(result.assignments) == case.assignments
    assert validate(case.instance, result.assignments) == []


def test_history_rest_keeps_the_first_early_shift_free():
    given = _instance(
        replace(ANN, history=History(last_shift_end=-60)),
        Employee(id="Bob", skills=frozenset({"a"})),
        days=1,
        demand=[Demand(day=0, shift_type="E", skill="a", required=1)],
    )
    result = solve(given, time_limit_s=5)
    assert result.assignments == [Assignment("Bob", 0, "E", "a")]


def _short_of_skill_x() -> Instance:
    people = [
        Employee(id="A", skills=frozenset({"x"}), leave_days={1}),
        Employee(id="B", skills=frozenset({"x"})),
        Employee(id="C", skills=frozenset({"x"}), fixed_days_off={1}),
        Employee(id="D", skills=frozenset({"y"})),
    ]
    return _instance(
        *people,
        days=2,
        demand=[
            Demand(day=0, shift_type="L", skill="x", required=1),
            Demand(day=1, shift_type="E", skill="x", required=2),
            Demand(day=0, shift_type="E", skill="z", required=1),
        ],
        pinned=(Assignment("B", 0, "L", "x"),),
    )


def test_unfilled_slots_carry_reason_codes_and_counts():
    given = _short_of_skill_x()
    result = solve(given, time_limit_s=5)

    assert result.status == "optimal"
    assert result.assignments == [Assignment("B", 0, "L", "x")]
    assert result.unfilled == [UnfilledSlot(1, "E", "x", 2), UnfilledSlot(0, "E", "z", 1)]
    assert result.coverage_pct == pytest.approx(25.0)
    reasons = explain_unfilled(given, result)
    early = reasons[UnfilledSlot(1, "E", "x", 2)]
    assert [(r.code, r.count, r.employees) for r in early] == [
        ("on_leave", 1, ("A",)),
        ("fixed_day_off", 1, ("C",)),
        ("daily_rest", 1, ("B",)),
    ]
    assert format_reasons(UnfilledSlot(1, "E", "x", 2), early) == (
        "no qualified employee free: 1 of 3 with skill x on leave, 1 on a fixed day off, "
        "1 would break the 11 h daily rest"
    )
    nobody = reasons[UnfilledSlot(0, "E", "z", 1)]
    assert [(r.code, r.count) for r in nobody] == [("no_skill", 0)]
    assert format_reasons(UnfilledSlot(0, "E", "z", 1), nobody) == "nobody has the skill z"


def test_a_free_person_left_out_is_a_soft_choice():
    given = _instance(
        ANN,
        days=1,
        demand=[Demand(day=0, shift_type="E", skill="a", required=1, under_weight=1)],
        weights=replace(COVER_ONLY, labour_cost_per_100=10),
    )
    given = replace(given, employees=(replace(ANN, hourly_cost_cents=5000),))
    result = solve(given, time_limit_s=5)

    assert result.assignments == []
    reasons = explain_unfilled(given, result)[UnfilledSlot(0, "E", "a", 1)]
    assert [(r.code, r.count) for r in reasons] == [("assigned_elsewhere_better", 1)]


def test_conflicting_pins_are_named():
    pins = (
        Assignment("Ann", 0, "L", "a"),
        Assignment("Ann", 1, "E", "a"),
        Assignment("Bob", 0, "E", "a"),
    )
    given = _instance(ANN, Employee(id="Bob", skills=frozenset({"a"})), days=2, pinned=pins)
    result = solve(given, time_limit_s=10)

    assert result.status == "infeasible"
    assert set(result.conflicting_pins) == set(pins[:2])
    assert result.assignments == []


def test_a_pin_on_leave_is_named_alone():
    pins = (Assignment("Ann", 1, "E"), Assignment("Ann", 3, "E"))
    result = solve(_instance(replace(ANN, leave_days={3}), pinned=pins), time_limit_s=10)

    assert result.status == "infeasible"
    assert result.conflicting_pins == [Assignment("Ann", 3, "E")]


def test_fill_only_the_open_slots():
    full = generate(employees=30, days=14, seed=2)
    first = solve(full, time_limit_s=5)
    opened = [a for a in first.assignments if a.skill is not None][::25][:6]
    kept = tuple(a for a in first.assignments if a not in opened)
    counts: dict[tuple, int] = {}
    for a in opened:
        counts[a.day, a.shift_type, a.skill] = counts.get((a.day, a.shift_type, a.skill), 0) + 1
    open_demand = tuple(
        Demand(day=d, shift_type=t, skill=s, required=n) for (d, t, s), n in counts.items()
    )
    given = replace(full, pinned=kept, demand=open_demand)

    result = solve(given, time_limit_s=5)

    assert result.status in ("optimal", "feasible")
    assert set(kept) <= set(result.assignments)
    assert result.coverage_pct == pytest.approx(100.0)
    assert validate(given, result.assignments) == []


def test_should_stop_before_the_search_cancels_at_once():
    result = solve(generate(employees=20, days=7), should_stop=lambda: True)
    assert result.status == "cancelled"
    assert result.assignments == []


def test_should_stop_during_the_search_cancels():
    given = generate(employees=120, days=28, seed=4)
    started = time.monotonic()

    result = solve(given, time_limit_s=30, should_stop=lambda: time.monotonic() - started > 1.5)

    assert result.status == "cancelled"
    assert result.assignments == []
    assert time.monotonic() - started < 10


def test_progress_is_reported_and_the_roster_is_valid():
    given = generate(employees=40, days=14, seed=3)
    seen: list[SolveProgress] = []

    result = solve(given, time_limit_s=4, on_progress=seen.append)

    assert seen
    assert seen[0].solutions >= 1
    assert all(p.objective >= p.bound - 1e-6 for p in seen)
    assert result.status in ("optimal", "feasible")
    assert result.coverage_pct >= 95.0  # 98 % is the bar of the 200-person month (bench)
    assert validate(given, result.assignments) == []
    assert sum(result.paid_minutes.values()) == sum(
        next(t.paid for t in given.shift_types if t.id == a.shift_type) for a in result.assignments
    )


def test_generated_instance_is_reproducible():
    assert generate(employees=15, days=7, seed=9) == generate(employees=15, days=7, seed=9)
    assert generate(employees=15, days=7, seed=9) != generate(employees=15, days=7, seed=10)


def test_summarize_caps_cover_per_slot():
    given = _instance(
        ANN,
        Employee(id="Bob", skills=frozenset({"a"})),
        days=2,
        demand=[
            Demand(day=0, shift_type="E", skill="a", required=1),
            Demand(day=1, shift_type="E", skill="a", required=1),
        ],
    )
    roster = [Assignment("Ann", 0, "E", "a"), Assignment("Bob", 0, "E", "a")]
    figures = summarize(given, roster)
    assert figures.coverage_pct == pytest.approx(50.0)
    assert figures.unfilled == [UnfilledSlot(1, "E", "a", 1)]
    assert figures.paid_minutes == {"Ann": 480, "Bob": 480}


def test_night_is_derived_from_the_times():
    assert N.night and not E.night and not L.night
    assert ShiftType(id="X", start_minute=3 * 60, length_minutes=300).night  # 03:00-08:00
    assert not ShiftType(id="Y", start_minute=20 * 60, length_minutes=240).night  # 2 h of night


def test_instance_check_rejects_unknown_references():
    with pytest.raises(ValueError, match="unknown employee"):
        solve(_instance(pinned=(Assignment("Nobody", 0, "E"),)))
    with pytest.raises(ValueError, match="unknown shift type"):
        solve(_instance(demand=[Demand(day=0, shift_type="Z", skill=None, required=1)]))

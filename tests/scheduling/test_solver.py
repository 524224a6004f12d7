"""The pure roster optimiser: validator, solver, explainer and generator, without a database."""

from __future__ import annotations

import datetime
import time
from dataclasses import replace

import pytest

from scheduling.domain.solver import (
    AFTERNOON,
    MORNING,
    VIOLATION_CODES,
    Assignment,
    Demand,
    Employee,
    History,
    Instance,
    Rules,
    ShiftRequest,
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
        "max shifts of one type: a fifth night over a cap of four",
        _instance(replace(ANN, max_shifts_of_type={"N": 4}), days=10),
        _shifts((0, "N"), (2, "N"), (4, "N"), (6, "N"), (8, "N")),
        {"max_shifts_of_type"},
    ),
    (
        "four nights under a cap of four, and early shifts are not capped",
        _instance(replace(ANN, max_shifts_of_type={"N": 4}), days=10),
        _shifts((0, "N"), (2, "N"), (4, "N"), (6, "N"), (8, "E")),
        set(),
    ),
    (
        "min total minutes reached exactly",
        _instance(replace(ANN, min_total_minutes=960)),
        _shifts((0, "E"), (1, "E")),
        set(),
    ),
    (
        "a weekend counts once however many of its days are worked",
        _instance(replace(ANN, max_working_weekends=1), days=14),
        _shifts((5, "E"), (6, "E")),
        set(),
    ),
    (
        "a run of days off shorter than the minimum between two working days",
        _instance(replace(ANN, min_consecutive_days_off=3)),
        _shifts((0, "E"), (3, "E")),
        {"min_consecutive_days_off"},
    ),
    (
        "working every day has no run of days off to be too short",
        _instance(replace(ANN, min_consecutive_days_off=3)),
        _shifts(*[(d, "E") for d in range(5)]),
        set(),
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


# --- hand-checked optima of the balance and the per-person rules -------------------------------


def _shortfall_instance(growth_pct: int) -> Instance:
    people = [
        Employee(id="A", skills=frozenset({"a"}), target_minutes=1440, hourly_cost_cents=5000),
        Employee(id="B", skills=frozenset({"a"}), target_minutes=1440, hourly_cost_cents=1500),
        Employee(id="C", skills=frozenset({"a"}), target_minutes=1440, hourly_cost_cents=1500),
    ]
    weights = Weights(
        undertime_growth_pct=growth_pct,
        avoided_shift=0,
        fairness_night=0,
        fairness_weekend=0,
        fairness_unpopular=0,
    )
    return _instance(
        *people,
        days=5,
        demand=[Demand(day=d, shift_type="E", skill="a", required=1) for d in range(5)],
        weights=weights,
    )


def test_a_shortfall_is_spread_not_put_on_the_dearest_person():
    """Three people with 3 shifts (1,440 min) of contract each, five early shifts of 480 min:
    4 shifts short in all. Overtime (4/h) and over-cover (50) only add cost, so the shortfalls in
    shifts (A, B, C) add up to 4. Objective units are 1/600 point; A costs 50/h, B and C 15/h, so
    a shift's labour cost is 2,400 units for A and 720 for B or C. Undertime slopes (units per
    minute) by 240-minute band: 20, 22, 24, 26, 28, 30 ... (2 points/h, +10 % a band), so one
    shift short costs 240 x (20 + 22) = 10,080, two 22,080, three 36,000.

    - (2, 1, 1): undertime 22,080 + 2 x 10,080 = 42,240; labour 2,400 + 4 x 720 = 5,280: 47,520
    - (1, 2, 1): undertime 42,240; labour 2 x 2,400 + 3 x 720 = 6,960: 49,200
    - (2, 2, 0): undertime 44,160; labour 2,400 + 4 x 720 = 5,280: 49,440
    - (3, 1, 0): undertime 36,000 + 10,080 = 46,080; labour 5 x 720 = 3,600: 49,680

    So the optimum is A two shifts short, B and C one each: 47,520 units = 79.2 points, and the
    largest shortfall (960 min) is the least possible (4 shifts over 3 people: at least 2).
    With a linear undertime every split costs 38,400 and labour decides: A loses all 3 shifts
    (3, 1, 0), 38,400 + 3,600 = 42,000 units = 70 points, which is what happened before."""
    result = solve(_shortfall_instance(10), time_limit_s=10)

    assert result.status == "optimal" and result.found_by == "optimiser-proven"
    assert result.objective == pytest.approx(79.2)
    assert result.shortfall_minutes == {"A": 960, "B": 480, "C": 480}
    assert result.largest_shortfall == 960
    assert result.coverage_pct == pytest.approx(100.0)

    linear = solve(_shortfall_instance(0), time_limit_s=10)
    assert linear.objective == pytest.approx(70.0)
    assert linear.shortfall_minutes["A"] == 1440


def test_undertime_slopes_stop_growing_below_the_price_of_a_person_too_many():
    """2 points/h = 20 units a minute, +2 a band; one more 480-minute shift short at slope s
    costs 480 s units, which must stay below one person too many (50 points = 30,000 units):
    s <= 62, so 22 bands (20 ... 62); without growth, or with a zero weight, one slope."""
    from scheduling.domain.solver.instance import undertime_cost, undertime_slopes

    slopes = undertime_slopes(Weights(), 480)
    assert slopes[:3] == [20, 22, 24] and slopes[-1] == 62 and len(slopes) == 22
    assert undertime_slopes(Weights(undertime_growth_pct=0), 480) == [20]
    assert undertime_slopes(Weights(undertime_per_hour=0), 480) == [0]
    assert undertime_cost(slopes, 480) == 240 * 20 + 240 * 22
    assert undertime_cost(slopes, 0) == 0


def test_at_most_n_shifts_of_one_type():
    """Four nights, one person each; Ann may work at most 2 nights and Bob 1, so 3 nights are
    covered and one is missing: 100 points (cover only)."""
    given = _instance(
        replace(ANN, max_shifts_of_type={"N": 2}),
        Employee(id="Bob", skills=frozenset({"a"}), max_shifts_of_type={"N": 1}),
        days=4,
        demand=[Demand(day=d, shift_type="N", skill="a", required=1) for d in range(4)],
    )
    result = solve(given, time_limit_s=10)

    assert result.status == "optimal" and result.objective == pytest.approx(100.0)
    worked = [a.employee for a in result.assignments]
    assert sorted(worked) == ["Ann", "Ann", "Bob"]
    assert validate(given, result.assignments) == []


def test_most_minutes_in_the_period():
    """Three early shifts, only Ann, who may work at most 960 minutes: two shifts, one missing:
    100 points."""
    given = _instance(
        replace(ANN, max_total_minutes=960),
        days=3,
        demand=[Demand(day=d, shift_type="E", skill="a", required=1) for d in range(3)],
    )
    result = solve(given, time_limit_s=10)

    assert result.objective == pytest.approx(100.0)
    assert result.paid_minutes == {"Ann": 960}
    assert validate(given, result.assignments) == []


def test_least_minutes_in_the_period():
    """One early shift is needed in three days, but Ann must work at least 1,440 minutes in shifts
    of at most 480: three shifts, two of them where nobody is needed (a person too many, 50 points
    each): 100 points."""
    given = _instance(
        replace(ANN, min_total_minutes=1440, max_shift_paid_minutes=480),
        days=3,
        demand=[Demand(day=0, shift_type="E", skill="a", required=1)],
    )
    result = solve(given, time_limit_s=10)

    assert result.status == "optimal" and result.objective == pytest.approx(100.0)
    assert result.paid_minutes == {"Ann": 1440}
    assert validate(given, result.assignments) == []


def test_most_weekends_worked():
    """Two Saturdays need someone; Ann, alone, may work one weekend: one Saturday stays empty.
    The first is dearer to leave (150), so she works day 5: 100 points."""
    given = _instance(
        replace(ANN, max_working_weekends=1),
        days=14,
        demand=[
            Demand(day=5, shift_type="E", skill="a", required=1, under_weight=150),
            Demand(day=12, shift_type="E", skill="a", required=1),
        ],
    )
    result = solve(given, time_limit_s=10)

    assert result.objective == pytest.approx(100.0)
    assert result.assignments == [Assignment("Ann", 5, "E", "a")]


def test_a_run_of_days_off_is_never_shorter_than_the_minimum():
    """Days 0 and 2 need an early shift, day 1 nothing; Ann, alone, needs runs of at least two
    days off, so working both would leave a one-day run between them. She works day 0 (150 to
    leave empty) and day 2 stays empty: 100 points. Without the minimum she works both: 0."""
    demand = [
        Demand(day=0, shift_type="E", skill="a", required=1, under_weight=150),
        Demand(day=2, shift_type="E", skill="a", required=1),
    ]
    given = _instance(replace(ANN, min_consecutive_days_off=2), days=3, demand=demand)
    result = solve(given, time_limit_s=10)

    assert result.objective == pytest.approx(100.0)
    assert result.assignments == [Assignment("Ann", 0, "E", "a")]
    free = solve(_instance(ANN, days=3, demand=demand), time_limit_s=10)
    assert free.objective == pytest.approx(0.0)


def test_wishes_weigh_by_their_own_weight():
    """Day 0 needs one early shift and both want the day off: Ann's wish weighs 20, Bob's 5, so
    Bob works (5). Day 1 needs one late shift and both wish for it: Ann 8, Bob 3, so Ann gets it
    and Bob's wish costs 3. Total 8 points."""
    ann = replace(
        ANN,
        off_requests=(ShiftRequest(day=0, weight=20),),
        on_requests=(ShiftRequest(day=1, shift_type="L", weight=8),),
    )
    bob = Employee(
        id="Bob",
        skills=frozenset({"a"}),
        off_requests=(ShiftRequest(day=0, weight=5),),
        on_requests=(ShiftRequest(day=1, shift_type="L", weight=3),),
    )
    given = _instance(
        ann,
        bob,
        days=2,
        demand=[
            Demand(day=0, shift_type="E", skill="a", required=1),
            Demand(day=1, shift_type="L", skill="a", required=1),
        ],
    )
    result = solve(given, time_limit_s=10)

    assert result.status == "optimal" and result.objective == pytest.approx(8.0)
    assert set(result.assignments) == {
        Assignment("Bob", 0, "E", "a"),
        Assignment("Ann", 1, "L", "a"),
    }


def test_a_tiny_time_limit_answers_with_the_legal_greedy_roster():
    """0.01 s is less than building the model takes, so CP-SAT finds nothing; the answer is the
    greedy roster, legal per the validator, labelled as such."""
    given = generate(employees=60, days=14, seed=5)

    result = solve(given, time_limit_s=0.01)

    assert result.status == "feasible" and result.found_by == "greedy"
    assert result.assignments and validate(given, result.assignments) == []
    assert result.coverage_pct >= 95.0
    assert result.objective is not None and result.best_bound is None


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


def test_should_stop_during_the_search_keeps_the_best_legal_roster():
    """A stop after the greedy roster was made still answers with a legal roster: CP-SAT's best
    so far, or the greedy one when CP-SAT had none yet."""
    given = generate(employees=120, days=28, seed=4)
    started = time.monotonic()

    result = solve(given, time_limit_s=30, should_stop=lambda: time.monotonic() - started > 1.5)

    assert result.status == "cancelled"
    assert result.found_by in ("greedy", "optimiser")
    assert result.coverage_pct >= 95.0
    assert validate(given, result.assignments) == []
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

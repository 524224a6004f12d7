"""Solve the roster with CP-SAT: the public ``solve`` entry point.

The model itself is in model.py. Here: the greedy roster (greedy.py) becomes a complete hint, so
that CP-SAT starts from a feasible roster of high cover instead of searching for a first one;
progress is reported from a throttled solution callback; a stop request is polled; and when the
pins cannot all hold, a small set of conflicting pins is isolated with assumption literals.

The answer is always the best legal roster at hand: on a busy machine CP-SAT's presolve alone
can use up a short budget, and a stop request can come before its first solution. Then the
greedy roster is returned, once the independent validator has found it legal, with
``found_by="greedy"``; only when it is not legal (a minimum of hours it could not reach, pins
that break a rule) is there no roster.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from ortools.sat.python import cp_model

from .greedy import Greedy
from .instance import (
    SCALE,
    Assignment,
    FoundBy,
    Instance,
    Result,
    SolveProgress,
    Status,
    summarize,
)
from .model import Built, Values, build, rest_pairs
from .validate import validate

PROGRESS_EVERY_S = 0.5
POLL_EVERY_S = 0.2


def _hint(inst: Instance, b: Built) -> tuple[dict, Values]:
    """Hint every variable from the greedy roster, so CP-SAT starts from a complete solution.

    Answers the greedy roster (cell -> demand row covered) and the value of every variable."""
    cells = set(b.x) - b.blocked
    options = {cell: [r for r, _ in opts] for cell, opts in b.options.items()}
    chosen = Greedy(inst, cells, options, rest_pairs(inst)).roster()
    vals: Values = {}
    for cell, x in b.x.items():
        vals[x.index] = int(cell in chosen)
        for r, lit in b.options.get(cell, []):
            vals[lit.index] = int(chosen.get(cell, -1) == r) if lit is not x else vals[x.index]
    for var, fn in b.derived:
        vals[var.index] = fn(vals)
    b.model.clear_hints()
    hint = b.model.proto.solution_hint  # in bulk: one add_hint per variable costs ~0.5 s
    hint.vars.extend(list(vals))
    hint.values.extend(list(vals.values()))
    return chosen, vals


def _greedy_result(
    inst: Instance, b: Built, chosen: dict, vals: Values, status: Status, wall: float
) -> Result | None:
    """The greedy roster as a result, or None when the validator finds it breaks a hard rule."""
    pins = {(p.employee, p.day, p.shift_type): p for p in inst.pinned}
    assignments = []
    for e, d, t in sorted(chosen):
        emp, st, row = inst.employees[e], inst.shift_types[t], chosen[e, d, t]
        pin = pins.get((emp.id, d, st.id))
        skill = inst.demand[row].skill if row is not None else (pin.skill if pin else None)
        assignments.append(Assignment(emp.id, d, st.id, skill))
    if validate(inst, assignments):
        return None
    result = summarize(inst, assignments, eligible=b.eligible)
    result.status, result.found_by, result.wall_time_s = status, FoundBy.GREEDY, wall
    result.objective = b.objective(vals) / SCALE
    return result


class _Callback(cp_model.CpSolverSolutionCallback):
    """Counts solutions, reports throttled progress and stops the search on request."""

    def __init__(
        self,
        started: float,
        on_progress: Callable[[SolveProgress], None] | None,
        should_stop: Callable[[], bool] | None,
    ) -> None:
        super().__init__()
        self.started, self.on_progress, self.should_stop = started, on_progress, should_stop
        self.solutions = 0
        self.last_report = -1e9
        self.cancelled = False
        self.error: Exception | None = None

    def on_solution_callback(self) -> None:
        self.solutions += 1
        try:
            if self.should_stop is not None and self.should_stop():
                self.cancelled = True
                self.stop_search()
                return
            now = time.monotonic()
            if self.on_progress is not None and now - self.last_report >= PROGRESS_EVERY_S:
                self.last_report = now
                self.on_progress(
                    SolveProgress(
                        objective=self.objective_value / SCALE,
                        bound=self.best_objective_bound / SCALE,
                        elapsed_s=now - self.started,
                        solutions=self.solutions,
                    )
                )
        except Exception as exc:  # re-raised by solve() once the solver has stopped
            self.error = exc
            self.stop_search()


def _solver(time_limit_s: float, workers: int, seed: int) -> cp_model.CpSolver:
    """CP-SAT with the caller's budget. With two workers there is room for one full-problem
    worker beside the LNS one: on the 200-person month, quick restarts improve most within
    ~30 s, while the LP-heavy worker wins over a minute and is the only one to prove a bound.
    One presolve round instead of three: on the month the three took ~5 s of a 10 s budget
    (more on a busy machine) for little gain, and at 60 s the search ended lower with one."""
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.01, time_limit_s)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    solver.parameters.max_presolve_iterations = 1
    if workers <= 2:
        solver.parameters.subsolvers.append("quick_restart" if time_limit_s < 30 else "max_lp")
    return solver


_STATUS = {
    cp_model.OPTIMAL: Status.OPTIMAL,
    cp_model.FEASIBLE: Status.FEASIBLE,
    cp_model.INFEASIBLE: Status.INFEASIBLE,
    cp_model.UNKNOWN: Status.UNKNOWN,
}


def solve(
    instance: Instance,
    *,
    time_limit_s: float = 60,
    workers: int = 2,
    on_progress: Callable[[SolveProgress], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    seed: int = 0,
) -> Result:
    """Find the cheapest roster that keeps every hard rule and every pinned shift.

    ``time_limit_s`` bounds the whole call, model building included (set it below the task's
    soft time limit: Celery cannot interrupt the solver). ``on_progress`` and ``should_stop`` run
    on solver threads: keep them cheap and thread-safe (no ORM query per call). ``should_stop``
    is also polled every 0.2 s while no solution arrives; a stop returns status "cancelled"
    without assignments when it comes before the greedy roster is made, and with the best legal
    roster found so far after that. The status is "infeasible" only when pins break a hard rule
    (named in ``conflicting_pins``) or the hard rules contradict each other without any pin (then
    ``conflicting_pins`` is empty); "unknown" only when CP-SAT found nothing in time and the
    greedy roster is not legal. ``Result.found_by`` says where the roster came from.
    """
    started = time.monotonic()
    instance.check()
    if should_stop is not None and should_stop():
        return Result(status=Status.CANCELLED, message="stopped on request")
    built = build(instance, objective=True, pins_as_assumptions=False)
    chosen, hinted = _hint(instance, built)
    solver = _solver(time_limit_s - (time.monotonic() - started), workers, seed)
    callback = _Callback(started, on_progress, should_stop)
    done = threading.Event()
    watcher = None
    if should_stop is not None:

        def watch() -> None:
            while not done.wait(POLL_EVERY_S):
                if should_stop():
                    callback.cancelled = True
                    solver.stop_search()
                    return

        watcher = threading.Thread(target=watch, name="roster-stop-watch", daemon=True)
        watcher.start()
    try:
        code = solver.solve(built.model, callback)
    finally:
        done.set()
        if watcher is not None:
            watcher.join()
    if callback.error is not None:
        raise callback.error
    wall = time.monotonic() - started
    status = _STATUS.get(code)
    if status is None:
        raise RuntimeError(f"CP-SAT rejected the model: {solver.status_name(code)}")
    found = status in (Status.OPTIMAL, Status.FEASIBLE)
    memo: dict[str, Result | None] = {}

    def greedy() -> Result | None:
        if "result" not in memo:
            memo["result"] = _greedy_result(instance, built, chosen, hinted, status, wall)
        return memo["result"]

    if callback.cancelled or status == Status.UNKNOWN:
        final = Status.CANCELLED if callback.cancelled else Status.FEASIBLE
        message = "stopped on request" if callback.cancelled else "no better roster in time"
        # Stopped with CP-SAT's own best roster in hand, or with the greedy one only.
        result = (
            _extract(instance, built, solver, hinted, greedy, proven=status == Status.OPTIMAL)
            if found
            else greedy()
        )
        if result is None:
            final = Status.CANCELLED if callback.cancelled else Status.UNKNOWN
            return Result(
                status=final,
                wall_time_s=wall,
                solutions=callback.solutions,
                message=f"{message}; the quick roster breaks a hard rule",
            )
        result.status, result.wall_time_s, result.message = final, wall, message
        result.solutions = callback.solutions
        return result
    if status == Status.INFEASIBLE:
        named = _conflicting_pins(instance, started + time_limit_s, workers, seed, should_stop)
        if named is None:
            return Result(status=Status.CANCELLED, message="stopped on request")
        pins, message = named
        return Result(
            status=status,
            wall_time_s=time.monotonic() - started,
            conflicting_pins=pins,
            message=message,
        )
    result = _extract(instance, built, solver, hinted, greedy, proven=status == Status.OPTIMAL)
    result.status = status
    result.wall_time_s = wall
    result.solutions = max(callback.solutions, 1)
    return result


def _extract(
    inst: Instance,
    b: Built,
    solver: cp_model.CpSolver,
    hinted: Values,
    greedy: Callable[[], Result | None],
    *,
    proven: bool,
) -> Result:
    """Read the roster and its figures out of the solver; ``found_by`` says "greedy" when CP-SAT
    neither improved on a legal greedy hint nor proved it best."""
    pins = {(p.employee, p.day, p.shift_type): p for p in inst.pinned}
    assignments = []
    for (e, d, t), x in sorted(b.x.items()):
        if not solver.boolean_value(x):
            continue
        emp, st = inst.employees[e], inst.shift_types[t]
        chosen = [r for r, lit in b.options.get((e, d, t), []) if solver.boolean_value(lit)]
        pin = pins.get((emp.id, d, st.id))
        skill = pin.skill if pin is not None else None
        if chosen:
            skill = inst.demand[chosen[0]].skill
        assignments.append(Assignment(emp.id, d, st.id, skill))
    result = summarize(inst, assignments, eligible=b.eligible)
    result.objective = solver.objective_value / SCALE
    result.best_bound = solver.best_objective_bound / SCALE
    result.gap = (result.objective - result.best_bound) / max(1.0, abs(result.objective))
    if proven:
        result.found_by = FoundBy.OPTIMISER_PROVEN
    elif round(solver.objective_value) < b.objective(hinted) or greedy() is None:
        result.found_by = FoundBy.OPTIMISER
    else:
        result.found_by = FoundBy.GREEDY
    return result


def _conflicting_pins(
    inst: Instance,
    deadline: float,
    workers: int,
    seed: int,
    should_stop: Callable[[], bool] | None,
) -> tuple[list[Assignment], str] | None:
    """Name a small set of pins that together break a hard rule (deletion-based core shrinking).

    The pins become assumption literals of a model without objective; CP-SAT returns a
    sufficient subset, which is shrunk by dropping one pin at a time while time remains, so the
    planner sees the two shifts that clash rather than the whole week. None: stopped on request.
    """
    b = build(inst, objective=False, pins_as_assumptions=True)
    by_var = {lit.index: i for i, lit in enumerate(b.pin_lits)}

    def run(active: list[int]) -> tuple[int, list[int] | None]:
        left = deadline - time.monotonic()
        if left <= 0.05:
            return cp_model.UNKNOWN, None
        b.model.clear_assumptions()
        b.model.add_assumptions([b.pin_lits[i] for i in active])
        solver = _solver(left, workers, seed)
        code = solver.solve(b.model)
        if code != cp_model.INFEASIBLE:
            return code, None
        return code, sorted(by_var[v] for v in solver.sufficient_assumptions_for_infeasibility())

    code, core = run(list(range(len(b.pin_lits))))
    if code != cp_model.INFEASIBLE or core is None:
        return [], "infeasible, but the conflict could not be isolated within the time limit"
    if not core:
        return [], "the hard rules contradict each other even without pinned shifts"
    i = 0
    while i < len(core):
        if should_stop is not None and should_stop():
            return None
        code, smaller = run(core[:i] + core[i + 1 :])
        if code == cp_model.INFEASIBLE and smaller is not None:
            core = smaller
        else:
            i += 1
    pins = [b.pinned[i] for i in core]
    return pins, f"{len(pins)} pinned shift(s) together break a hard rule"

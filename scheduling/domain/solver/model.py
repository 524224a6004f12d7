"""The roster as a CP-SAT model: variables, hard rules and the soft objective.

Decision: ``x[e, d, t]`` (person e works shift type t on day d) exists only for cells that the
person's own constraints allow (leave, days off, unavailability, skills with demand, shift length,
night work, rest after the history's last shift); pinned cells always exist, and a pinned cell
that is not allowed is fixed to 0 so that the pin conflicts. When a cell could cover several
demand rows (the person has several of the skills needed on that shift) one literal per row
chooses the skill covered, so a person counts once. Per-day literals ``w[e, d]`` carry the
stretch and weekend rules.

Weekly rest is exact: a window has its rest iff some interval of ``weekly_rest_minutes`` inside it
is free of work, and the longest free interval starts at the window start or at the end of a
shift. So one literal per such time point ("a rest starts here") implies that every cell
overlapping the next R minutes is off, and each 7-day window needs one of its literals.

The objective is in units of 1/600 point (``SCALE``), so per-hour weights apply to minutes
exactly and the shortfall bands can grow by a tenth of a point an hour. Every auxiliary variable
records how it follows from the roster (``Built.derive``), so that a roster can be handed to
CP-SAT as a complete hint, and the objective of that roster can be computed without a solver.

Undertime is piecewise-linear convex (``instance.undertime_slopes``): with ``u`` the minutes
short and ``s_k`` the slope of band k, the penalty is ``s_0 u + sum_k (s_k - s_{k-1}) e_k`` with
``e_k >= u - 240 k``, ``e_k >= 0``; minimisation makes each ``e_k`` the part of ``u`` beyond
band k's start. The per-type caps are one linear constraint per person and capped type.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from .instance import (
    AFTERNOON,
    BAND_MINUTES,
    CATEGORIES,
    DAY,
    FTE_UNIT,
    SCALE,
    Assignment,
    Employee,
    Instance,
    ShiftType,
    fairness_categories,
    fte_factors,
    undertime_slopes,
)

__all__ = ["SCALE", "Built", "Values", "allowed", "build", "rest_pairs"]

Cell = tuple[int, int, int]  # (employee index, day, shift type index)
Values = dict[int, int]  # variable index -> value, for completing the hint


@dataclass
class Built:
    """The model plus the handles that hinting, solving and reading the roster back need."""

    model: cp_model.CpModel
    x: dict[Cell, cp_model.IntVar] = field(default_factory=dict)
    options: dict[Cell, list[tuple[int, cp_model.IntVar]]] = field(default_factory=dict)
    work: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)
    cells_of: dict[int, list] = field(default_factory=lambda: defaultdict(list))  # e -> (d, t, x)
    blocked: set[Cell] = field(default_factory=set)  # pinned cells that the rules forbid
    pin_lits: list[cp_model.IntVar] = field(default_factory=list)
    pinned: list[Assignment] = field(default_factory=list)  # the pin behind each literal
    eligible: dict[str, dict[int, int]] = field(default_factory=dict)  # category -> e -> factor
    derived: list[tuple[cp_model.IntVar, Callable[[Values], int]]] = field(default_factory=list)
    terms: list[tuple[int, cp_model.IntVar]] = field(default_factory=list)
    offset: int = 0  # constant part of the objective (on-requests that cannot be granted)

    def derive(self, var: cp_model.IntVar, fn: Callable[[Values], int]) -> None:
        """Record how an auxiliary variable follows from the roster, for the hint."""
        self.derived.append((var, fn))

    def objective(self, vals: Values) -> int:
        """The objective of a complete assignment of the variables, in objective units."""
        return self.offset + sum(c * vals[v.index] for c, v in self.terms if c)


def _total(vals: Values, lits: list) -> int:
    return sum(vals[lit.index] for lit in lits)


def allowed(inst: Instance, emp: Employee, day: int, st: ShiftType) -> bool:
    """Whether this person's own constraints allow the cell, independently of the rest."""
    start = DAY * day + st.start_minute
    end = start + st.length_minutes
    if day in emp.fixed_days_off or {(day, None), (day, st.id)} & emp.unavailable:
        return False
    if any(start < DAY * (leave + 1) and end > DAY * leave for leave in emp.leave_days):
        return False
    for leave, half in emp.half_day_leave:
        lo = DAY * leave + (720 if half == AFTERNOON else 0)
        if start < lo + 720 and end > lo:
            return False
    rules, hist = inst.rules, emp.history
    if emp.max_shift_paid_minutes is not None and st.paid > emp.max_shift_paid_minutes:
        return False
    if rules.max_shift_minutes is not None and st.length_minutes > rules.max_shift_minutes:
        return False
    if st.night and not emp.night_allowed:
        return False
    if hist is None:
        return True
    if (
        hist.last_shift_end is not None
        and start - hist.last_shift_end < rules.min_daily_rest_minutes
    ):
        return False
    return not (day == 0 and (hist.last_shift_type, st.id) in rules.forbidden_successions)


def build(inst: Instance, *, objective: bool, pins_as_assumptions: bool) -> Built:
    """The whole model; without objective it only decides whether the hard rules can hold."""
    m = cp_model.CpModel()
    b = Built(model=m)
    t_index = {t.id: i for i, t in enumerate(inst.shift_types)}
    e_index = {e.id: i for i, e in enumerate(inst.employees)}
    false = m.new_constant(0)
    b.derive(false, lambda vals: 0)
    reqs: dict[tuple[int, int], list[int]] = defaultdict(list)
    for r, row in enumerate(inst.demand):
        reqs[row.day, t_index[row.shift_type]].append(r)
    pins = {(e_index[p.employee], p.day, t_index[p.shift_type]): p for p in inst.pinned}
    cover: dict[int, list[cp_model.IntVar]] = defaultdict(list)

    for e, emp in enumerate(inst.employees):
        # Cells without demand exist only where a hard rule may need them: a minimum of hours,
        # or a stretch from before day 0 that must go on.
        hist = emp.history
        carried = hist.consecutive_days_worked if hist else 0
        need_all = emp.min_total_minutes > 0 or 0 < carried < emp.min_consecutive_days
        for d in range(inst.days):
            day_cells = []
            for t, st in enumerate(inst.shift_types):
                pin = pins.get((e, d, t))
                ok = allowed(inst, emp, d, st)
                skill_rows = [r for r in reqs[d, t] if inst.demand[r].skill in {None, *emp.skills}]
                if pin is not None and pin.skill is not None:
                    ok = ok and pin.skill in emp.skills
                    skill_rows = [r for r in skill_rows if inst.demand[r].skill == pin.skill]
                if pin is None and (not ok or not (skill_rows or need_all)):
                    continue
                x = b.x[e, d, t] = m.new_bool_var(f"x{e}_{d}_{t}")
                b.cells_of[e].append((d, t, x))
                day_cells.append(x)
                if not ok:
                    m.add(x == 0)
                    b.blocked.add((e, d, t))
                if len(skill_rows) == 1:
                    b.options[e, d, t] = [(skill_rows[0], x)]
                elif skill_rows:
                    lits = [m.new_bool_var(f"y{e}_{d}_{t}_{r}") for r in skill_rows]
                    m.add(sum(lits) == x)
                    b.options[e, d, t] = list(zip(skill_rows, lits, strict=True))
                else:  # works without covering demand (a pin, or to reach a minimum of hours)
                    b.terms.append((inst.weights.over_cover * SCALE, x))
                for r, lit in b.options.get((e, d, t), []):
                    cover[r].append(lit)
                if pin is not None and pins_as_assumptions:
                    b.pin_lits.append(m.new_bool_var(f"pin{e}_{d}_{t}"))
                    b.pinned.append(pin)
                    m.add_implication(b.pin_lits[-1], x)
                elif pin is not None:
                    m.add(x == 1)
            if len(day_cells) > 1:
                w = m.new_bool_var(f"w{e}_{d}")
                m.add(sum(day_cells) == w)
                b.derive(w, lambda vals, xs=tuple(day_cells): _total(vals, xs))
            else:
                w = day_cells[0] if day_cells else false
            b.work[e, d] = w
    if pins_as_assumptions:
        m.add_assumptions(b.pin_lits)

    _add_rest(inst, b)
    for e, emp in enumerate(inst.employees):
        _add_person_rules(inst, b, e, emp)
    if not objective:
        return b
    for r, row in enumerate(inst.demand):
        under_w = inst.weights.under_cover if row.under_weight is None else row.under_weight
        over_w = inst.weights.over_cover if row.over_weight is None else row.over_weight
        lits, need = cover.get(r, []), row.required
        under = m.new_int_var(0, need, f"under{r}")
        over = m.new_int_var(0, max(0, len(lits) - need), f"over{r}")
        m.add(sum(lits) + under - over == need)
        b.derive(under, lambda vals, ls=tuple(lits), n=need: max(0, n - _total(vals, ls)))
        b.derive(over, lambda vals, ls=tuple(lits), n=need: max(0, _total(vals, ls) - n))
        b.terms += [(under_w * SCALE, under), (over_w * SCALE, over)]
    _add_preferences(inst, b)
    _add_fairness(inst, b)
    kept = [(c, v) for c, v in b.terms if c]
    m.minimize(
        cp_model.LinearExpr.weighted_sum([v for _, v in kept], [c for c, _ in kept]) + b.offset
    )
    return b


def rest_pairs(inst: Instance) -> set[tuple[int, int, int]]:
    """(t1, t2, delta): t1 on day d and t2 on day d + delta break the daily rest or a succession."""
    types, rest = inst.shift_types, inst.rules.min_daily_rest_minutes
    pairs = set()
    for t1, a in enumerate(types):
        for t2, c in enumerate(types):
            delta = 1
            while DAY * delta + c.start_minute - a.end_minute < rest or delta == 1:
                gap = DAY * delta + c.start_minute - a.end_minute
                if gap < rest or (a.id, c.id) in inst.rules.forbidden_successions:
                    pairs.add((t1, t2, delta))
                delta += 1
    return pairs


def _add_rest(inst: Instance, b: Built) -> None:
    after: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for t1, t2, delta in rest_pairs(inst):
        after[t1].append((t2, delta))
    for (e, d, t1), x1 in b.x.items():
        for t2, delta in after[t1]:
            x2 = b.x.get((e, d + delta, t2))
            if x2 is not None:
                b.model.add_bool_or([~x1, ~x2])


def _add_person_rules(inst: Instance, b: Built, e: int, emp: Employee) -> None:
    """Per-person hard rules on minutes, weekly rest, stretches and weekends; contract deviation."""
    m, rules, days, hist = b.model, inst.rules, inst.days, emp.history
    cells = b.cells_of[e]
    paid = [st.paid for st in inst.shift_types]
    total = sum(paid[t] * x for d, t, x in cells)
    if emp.max_total_minutes is not None:
        m.add(total <= emp.max_total_minutes)
    if emp.min_total_minutes:
        m.add(total >= emp.min_total_minutes)
    if rules.max_week_minutes is not None:
        for lo in range(0, days, 7):
            week = [(paid[t], x) for d, t, x in cells if lo <= d < lo + 7]
            if sum(p for p, _ in week) > rules.max_week_minutes:
                m.add(sum(p * x for p, x in week) <= rules.max_week_minutes)
    if rules.max_average_week_minutes is not None:
        before = (hist.worked_minutes, hist.worked_days) if hist else (0, 0)
        m.add(7 * (before[0] + total) <= rules.max_average_week_minutes * (before[1] + days))
    for type_id, cap in emp.max_shifts_of_type:
        mine = [x for _, t, x in cells if inst.shift_types[t].id == type_id]
        if len(mine) > cap:
            m.add(sum(mine) <= cap)
    if emp.target_minutes is not None and cells:
        _add_target(inst, b, e, emp.target_minutes, cells)
    _add_weekly_rest(inst, b, e, emp, cells)
    _add_stretches(inst, b, e, emp)
    if emp.max_working_weekends is not None:
        weekends: dict[int, list] = defaultdict(list)
        for d in range(days):
            if inst.is_weekend(d) and (e, d) in b.work:
                weekends[inst.weekend_key(d)].append(b.work[e, d])
        if len(weekends) > emp.max_working_weekends:
            flags = []
            for key, lits in weekends.items():
                flag = m.new_bool_var(f"we{e}_{key}")
                for lit in lits:
                    m.add_implication(lit, flag)
                b.derive(flag, lambda vals, ls=tuple(lits): int(_total(vals, ls) > 0))
                flags.append(flag)
            m.add(sum(flags) <= emp.max_working_weekends)


def _add_target(inst: Instance, b: Built, e: int, target: int, cells: list) -> None:
    """Overtime (linear) and undertime (convex bands) against the contract target."""
    m, wts = b.model, inst.weights
    paid = [st.paid for st in inst.shift_types]
    total = sum(paid[t] * x for _, t, x in cells)
    over = m.new_int_var(0, sum(paid[t] for _, t, _ in cells), f"ot{e}")
    under = m.new_int_var(0, target, f"ut{e}")
    m.add(total - over + under == target)
    pay = tuple((paid[t], x) for _, t, x in cells)
    minutes = lambda vals, pay=pay: sum(p * vals[x.index] for p, x in pay)  # noqa: E731
    b.derive(over, lambda vals, f=minutes, n=target: max(0, f(vals) - n))
    b.derive(under, lambda vals, f=minutes, n=target: max(0, n - f(vals)))
    b.terms.append((wts.overtime_per_hour * SCALE // 60, over))
    slopes = undertime_slopes(wts, max(paid, default=0))
    b.terms.append((slopes[0], under))
    for k in range(1, len(slopes)):
        start = k * BAND_MINUTES
        if start >= target:
            break
        beyond = m.new_int_var(0, target - start, f"ut{e}_{k}")
        m.add(beyond >= under - start)
        b.derive(beyond, lambda vals, u=under, s=start: max(0, vals[u.index] - s))
        b.terms.append((slopes[k] - slopes[k - 1], beyond))


def _add_stretches(inst: Instance, b: Built, e: int, emp: Employee) -> None:
    """Maximum and minimum runs of working days and of days off, continued from the history.

    A run shorter than its minimum is forbidden when it ends inside the horizon: the patterns
    "off, on x k, off" (resp. "on, off x k, on") are excluded clause by clause.
    """
    m, days, hist = b.model, inst.days, emp.history
    w = [b.work[e, d] for d in range(days)]
    worked_before = hist.consecutive_days_worked if hist else 0
    off_before = hist.consecutive_days_off if hist else 0
    if emp.max_consecutive_days is not None:
        top = emp.max_consecutive_days
        for s in range(-min(worked_before, top), days - top):
            window = [w[d] for d in range(max(0, s), s + top + 1)]
            m.add(sum(window) <= top - max(0, -s))
    known = worked_before > 0 or off_before > 0
    for need, on, before in (
        (emp.min_consecutive_days, True, worked_before),
        (emp.min_consecutive_days_off, False, off_before),
    ):
        lit = [(w[d] if on else ~w[d]) for d in range(days)]
        for s in range(days):
            for k in range(1, min(need, days - s)):
                clause = [~lit[d] for d in range(s, s + k)] + [lit[s + k]]
                if s > 0:
                    clause.append(lit[s - 1])
                elif not known or before > 0:
                    continue  # unknown past, or the run began before day 0 (below)
                m.add_bool_or(clause)
        for k in range(min(need - before, days) if before else 0):
            m.add_bool_or([~lit[d] for d in range(k)] + [lit[k]])


def _add_weekly_rest(inst: Instance, b: Built, e: int, emp: Employee, cells: list) -> None:
    rest, days, types = inst.rules.weekly_rest_minutes, inst.days, inst.shift_types
    if rest is None or days < 7 or not cells:
        return
    m = b.model
    spans = [
        (DAY * d + types[t].start_minute, DAY * d + types[t].end_minute, d, x) for d, t, x in cells
    ]
    per_day: dict[int, int] = defaultdict(int)
    for _, _, d, _ in spans:
        per_day[d] += 1
    hist_end = emp.history.last_shift_end if emp.history else None
    points = {DAY * d for d in range(days)} | {end for _, end, _, _ in spans}
    if hist_end is not None:  # a rest cannot overlap the last shift before the horizon
        points = {p for p in points if p >= hist_end} | ({hist_end} if hist_end >= 0 else set())
    spans.sort(key=lambda span: span[0])
    begins = [span[0] for span in spans]
    longest = max(en - s for s, en, _, _ in spans)
    starts: dict[int, object] = {}  # time point -> literal "a rest of R minutes starts here"
    seen: dict[tuple[int, ...], object] = {}  # the same blocked cells share one literal
    for p in sorted(q for q in points if q <= DAY * days - rest):
        near = spans[bisect_right(begins, p - longest) : bisect_left(begins, p + rest)]
        hit = [(d, x) for s, en, d, x in near if s < p + rest and en > p]
        hit_days: dict[int, int] = defaultdict(int)
        for d, _ in hit:
            hit_days[d] += 1
        # A whole day blocked is one literal (the day off) instead of one per shift type.
        blocked = [b.work[e, d] for d, n in hit_days.items() if n == per_day[d]]
        blocked += [x for d, x in hit if hit_days[d] < per_day[d]]
        key = tuple(sorted(x.index for x in blocked))
        if key not in seen:
            if blocked:
                seen[key] = lit = m.new_bool_var(f"rest{e}_{p}")
                m.add_bool_and([~x for x in blocked]).only_enforce_if(lit)
                b.derive(lit, lambda vals, xs=tuple(blocked): int(_total(vals, xs) == 0))
            else:
                seen[key] = True
        starts[p] = seen[key]
    for w0 in range(days - 6):
        lo, hi = DAY * w0, DAY * (w0 + 7) - rest
        options = [lit for p, lit in starts.items() if lo <= p <= hi]
        if all(lit is not True for lit in options):
            m.add_bool_or(options)


def _add_preferences(inst: Instance, b: Built) -> None:
    """Requests, avoided shift types and labour cost."""
    t_index = {t.id: i for i, t in enumerate(inst.shift_types)}
    wts = inst.weights
    for e, emp in enumerate(inst.employees):
        asks = [(r, True) for r in emp.on_requests] + [(r, False) for r in emp.off_requests]
        for req, on in asks:
            if req.shift_type is None:
                lit = b.work.get((e, req.day)) if req.day < inst.days else None
            else:
                lit = b.x.get((e, req.day, t_index[req.shift_type]))
            weight = req.weight * SCALE
            if on:  # an on-request for a cell that cannot exist is violated for sure
                b.offset += weight
                if lit is not None:
                    b.terms.append((-weight, lit))
            elif lit is not None:
                b.terms.append((weight, lit))
    for (e, _, t), x in b.x.items():
        emp, st = inst.employees[e], inst.shift_types[t]
        if st.id in emp.avoid_shift_types:
            b.terms.append((wts.avoided_shift * SCALE, x))
        cost = wts.labour_cost_per_100 * emp.hourly_cost_cents * st.paid * SCALE
        b.terms.append((round(cost / 600000), x))  # cents/h x minutes -> units per 100


def _add_fairness(inst: Instance, b: Built) -> None:
    """Spread (max - min) per category among people who could take such a shift with demand."""
    m, wts = b.model, inst.weights
    weight = dict(
        zip(
            CATEGORIES,
            (wts.fairness_night, wts.fairness_weekend, wts.fairness_unpopular),
            strict=True,
        )
    )
    factors = fte_factors(inst)
    counts: dict[str, dict[int, list]] = {c: defaultdict(list) for c in CATEGORIES}
    for (e, d, t), x in b.x.items():
        if (e, d, t) in b.options and e in factors:
            for c in fairness_categories(inst, d, inst.shift_types[t]):
                counts[c][e].append(x)
    for c in CATEGORIES:
        b.eligible[c] = {e: factors[e] for e in counts[c]}
        if not weight[c] or len(counts[c]) < 2:
            continue
        top = max(factors[e] * len(xs) for e, xs in counts[c].items())
        hi, lo = m.new_int_var(0, top, f"{c}_max"), m.new_int_var(0, top, f"{c}_min")
        groups = tuple((factors[e], tuple(xs)) for e, xs in counts[c].items())
        for f, xs in groups:
            m.add(f * sum(xs) <= hi)
            m.add(f * sum(xs) >= lo)
        b.derive(hi, lambda vals, g=groups: max(f * _total(vals, xs) for f, xs in g))
        b.derive(lo, lambda vals, g=groups: min(f * _total(vals, xs) for f, xs in g))
        # One point per full-time shift of spread: hi and lo count in 1/FTE_UNIT shifts.
        unit = weight[c] * SCALE // FTE_UNIT
        b.terms += [(unit, hi), (-unit, lo)]

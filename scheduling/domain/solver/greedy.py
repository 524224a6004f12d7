"""A quick day-by-day roster that CP-SAT receives as its starting point (a complete hint).

Without it, CP-SAT spends most of a 10 s budget on presolve and a first poor solution; with it,
the search starts at about 99 % cover and only improves. The greedy keeps every hard rule it can
check looking backwards and one day ahead (rest, stretches, minutes, weekends, weekly rest, the
most shifts of a type), favours people below their target, removes working stretches that stayed
below their minimum, which only loosens the other rules, hands shifts from people near their
target to colleagues further below theirs (the undertime is convex: an even shortfall is the
cheap one), and then tops up people still below
their minimum of total minutes (on open slots first, then as extra people). When that top-up
cannot reach a minimum the roster is not legal; ``solve`` checks it with the validator before it
ever returns it, and CP-SAT repairs it from the hint.

Cells are (employee index, day, shift type index); ``options`` gives the demand rows a cell can
cover, ``pairs`` the (t1, t2, delta) successions that break the daily rest.
"""

from __future__ import annotations

from collections import defaultdict

from .instance import CATEGORIES, DAY, FTE_UNIT, Instance, fairness_categories, fte_factors

Cell = tuple[int, int, int]


class Greedy:
    def __init__(
        self,
        inst: Instance,
        cells: set[Cell],
        options: dict[Cell, list[int]],
        pairs: set[tuple[int, int, int]],
    ) -> None:
        self.inst, self.cells, self.options = inst, cells, options
        self.types, self.days = inst.shift_types, inst.days
        n = len(inst.employees)
        self.at: list[list[int | None]] = [[None] * inst.days for _ in range(n)]
        self.minutes = [0] * n
        self.weekends: list[set[int]] = [set() for _ in range(n)]
        t_index = {t.id: i for i, t in enumerate(self.types)}
        self.caps: list[dict[int, int]] = [
            {t_index[t]: cap for t, cap in emp.max_shifts_of_type if t in t_index}
            for emp in inst.employees
        ]
        self.of_type: list[dict[int, int]] = [defaultdict(int) for _ in range(n)]
        self.before: dict[int, list[tuple[int, int]]] = defaultdict(list)  # t2 -> (t1, delta)
        self.after: dict[int, set[tuple[int, int]]] = defaultdict(set)
        for t1, t2, delta in pairs:
            self.before[t2].append((t1, delta))
            self.after[t1].add((t2, delta))
        self.open = {(e, d) for e, d, _ in cells}  # days with some possible cell
        self.chosen: dict[Cell, int | None] = {}
        self.load: dict[str, dict[int, int]] = {c: {} for c in CATEGORIES}
        self.factors = fte_factors(inst)
        self.final = False

    def roster(self) -> dict[Cell, int | None]:
        """Cell -> demand row it covers (None: works without covering a row)."""
        inst = self.inst
        t_index = {t.id: i for i, t in enumerate(self.types)}
        e_index = {e.id: i for i, e in enumerate(inst.employees)}
        need = self.need = {r: row.required for r, row in enumerate(inst.demand)}
        pinned = set()
        for p in inst.pinned:
            cell = (e_index[p.employee], p.day, t_index[p.shift_type])
            rows = [r for r in self.options.get(cell, []) if need[r] > 0] or [None]
            if cell not in pinned:
                self.place(*cell, rows[0])
                pinned.add(cell)
                if rows[0] is not None:
                    need[rows[0]] -= 1
        rows_by_day: dict[int, list[int]] = defaultdict(list)
        for r, row in enumerate(inst.demand):
            rows_by_day[row.day].append(r)
        candidates: dict[int, list[Cell]] = defaultdict(list)
        for cell, rows in self.options.items():
            if cell in self.cells:
                for r in rows:
                    candidates[r].append(cell)
        for d in range(self.days):
            # The scarcest rows first, so that people with several skills go where they are rare.
            for r in sorted(rows_by_day[d], key=lambda r: len(candidates[r]) / max(1, need[r])):
                for e, _, t in sorted(candidates[r], key=self.priority):
                    if need[r] <= 0:
                        break
                    if self.fits(e, d, t):
                        self.place(e, d, t, r)
                        need[r] -= 1
            self.continue_stretches(d)
        self.drop_short_stretches(pinned)
        self.final = True  # from here on the roster is complete: check stretches both ways
        for d in range(self.days):
            for r in rows_by_day[d]:
                for e, _, t in sorted(candidates[r], key=self.priority):
                    if need[r] <= 0:
                        break
                    if self.fits(e, d, t):
                        self.place(e, d, t, r)
                        need[r] -= 1
        for _ in range(2):
            self.rebalance(pinned, candidates)
        self.top_up()
        return self.chosen

    def rebalance(self, pinned: set[Cell], candidates: dict[int, list[Cell]]) -> None:
        """Move a shift to a qualified colleague when they stay further below their target than
        the giver afterwards (short2 - paid > short1), the move keeps every rule for both, and
        neither has a wish about it."""
        targets = [emp.target_minutes for emp in self.inst.employees]
        for (e1, d, t), row in sorted(self.chosen.items()):
            if row is None or (e1, d, t) in pinned or targets[e1] is None:
                continue
            paid = self.types[t].paid
            short1 = targets[e1] - self.minutes[e1]
            takers = [
                e2
                for e2, _, t2 in candidates[row]
                if t2 == t
                and e2 != e1
                and targets[e2] is not None
                and targets[e2] - self.minutes[e2] - paid > short1
            ]
            if not takers or self.wish(e1, d, t) > 0 or not self.can_drop(e1, d):
                continue
            takers.sort(key=lambda e2: (self.minutes[e2] - targets[e2], e2))
            self.unplace(e1, d, t)
            taker = next(
                (e2 for e2 in takers if self.wish(e2, d, t) >= 0 and self.fits(e2, d, t)), e1
            )
            self.place(taker, d, t, row)
            self.need[row] -= 1

    def wish(self, e: int, d: int, t: int) -> int:
        """+1 when the person asked for this shift, -1 when they asked not to or avoid its type."""
        emp, st = self.inst.employees[e], self.types[t]
        if st.id in emp.avoid_shift_types or any(
            r.day == d and r.shift_type in (None, st.id) for r in emp.off_requests
        ):
            return -1
        return int(any(r.day == d and r.shift_type in (None, st.id) for r in emp.on_requests))

    def can_drop(self, e: int, d: int) -> bool:
        """Whether the complete roster stays legal for e without the shift of day d: the minimum
        of minutes, the working stretches on either side and the run of days off it joins (with
        the validator's exemptions at both ends of the horizon)."""
        emp, at, hist = self.inst.employees[e], self.at[e], self.inst.employees[e].history
        if self.minutes[e] - self.types[at[d]].paid < emp.min_total_minutes:
            return False
        known = bool(hist and (hist.consecutive_days_worked or hist.consecutive_days_off))
        kept, at[d] = at[d], None
        try:
            inside = self.inside_run(e, d, -1, True)
            checked = inside and (d - inside > 0 or known)
            if checked and self.run_length(e, d, -1, True) < emp.min_consecutive_days:
                return False
            after = self.inside_run(e, d, 1, True)
            if after and d + after < self.days - 1 and after < emp.min_consecutive_days:
                return False
            before_off = self.inside_run(e, d, -1, False)
            after_off = self.inside_run(e, d, 1, False)
            starts = d - before_off == 0
            ends = d + after_off == self.days - 1
            length = self.run_length(e, d, -1, False) + 1 + after_off
            return ends or (starts and not known) or length >= emp.min_consecutive_days_off
        finally:
            at[d] = kept

    def inside_run(self, e: int, d: int, step: int, working: bool) -> int:
        """Like ``run_length``, within the horizon only."""
        n, k = 0, d + step
        while 0 <= k < self.days and (self.at[e][k] is not None) == working:
            n, k = n + 1, k + step
        return n

    def unplace(self, e: int, d: int, t: int) -> None:
        """Undo ``place``; a row the shift covered needs a person again."""
        self.at[e][d] = None
        self.minutes[e] -= self.types[t].paid
        self.of_type[e][t] -= 1
        row = self.chosen.pop((e, d, t))
        if row is not None:
            self.need[row] += 1
        for c in fairness_categories(self.inst, d, self.types[t]):
            self.load[c][e] -= 1
        if self.inst.is_weekend(d):
            self.weekends[e] = {
                self.inst.weekend_key(k)
                for k in range(self.days)
                if self.at[e][k] is not None and self.inst.is_weekend(k)
            }

    def top_up(self) -> None:
        """Add shifts to people below their minimum of total minutes: a slot still open first,
        then a shift with demand as an extra person, then any shift the model allows them."""
        by_person: dict[int, list[Cell]] = defaultdict(list)
        for cell in self.cells:
            by_person[cell[0]].append(cell)
        for e, emp in enumerate(self.inst.employees):
            if self.minutes[e] >= emp.min_total_minutes:
                continue

            def rank(cell: Cell) -> tuple:
                rows = self.options.get(cell, [])
                open_rows = [r for r in rows if self.need[r] > 0]
                return (not open_rows, not rows, cell[1], cell[2])

            for cell in sorted(by_person[e], key=rank):
                if self.minutes[e] >= emp.min_total_minutes:
                    break
                _, d, t = cell
                if self.fits(e, d, t):
                    rows = self.options.get(cell, [])
                    row = next((r for r in rows if self.need[r] > 0), rows[0] if rows else None)
                    self.place(e, d, t, row)
                    if row is not None:
                        self.need[row] -= 1

    def place(self, e: int, d: int, t: int, row: int | None) -> None:
        self.at[e][d] = t
        self.minutes[e] += self.types[t].paid
        if self.inst.is_weekend(d):
            self.weekends[e].add(self.inst.weekend_key(d))
        self.chosen[e, d, t] = row
        self.of_type[e][t] += 1
        for c in fairness_categories(self.inst, d, self.types[t]):
            self.load[c][e] = self.load[c].get(e, 0) + 1

    def priority(self, cell: Cell) -> tuple:
        """Who first: a stretch below its minimum, then no wish against it, then the fewest
        shifts of the cell's fairness categories per full-time equivalent, then the person
        furthest below target in minutes (the objective's undertime is convex in minutes, so the
        roster that spreads the shortfall evenly is the cheap one)."""
        e, d, t = cell
        emp, st = self.inst.employees[e], self.types[t]
        continuing = d > 0 and self.at[e][d - 1] is not None
        short = continuing and self.run_length(e, d, -1, True) < emp.min_consecutive_days
        unwanted = st.id in emp.avoid_shift_types or any(
            r.day == d and r.shift_type in (None, st.id) for r in emp.off_requests
        )
        wanted = any(r.day == d and r.shift_type in (None, st.id) for r in emp.on_requests)
        load = sum(self.load[c].get(e, 0) for c in fairness_categories(self.inst, d, st))
        target = emp.target_minutes or 0
        deficit = target - self.minutes[e] if emp.target_minutes is not None else 0
        return (not short, unwanted, not wanted, load * self.factors.get(e, FTE_UNIT), -deficit, e)

    def run_length(self, e: int, d: int, step: int, working: bool) -> int:
        """Days in a row from d (exclusive) going by step that are worked (or off)."""
        n, k = 0, d + step
        while 0 <= k < self.days and (self.at[e][k] is not None) == working:
            n, k = n + 1, k + step
        hist = self.inst.employees[e].history
        if k < 0 and hist is not None:
            n += hist.consecutive_days_worked if working else hist.consecutive_days_off
        return n

    def fits(self, e: int, d: int, t: int) -> bool:
        emp, st, at = self.inst.employees[e], self.types[t], self.at[e]
        if at[d] is not None or (e, d, t) not in self.cells:
            return False
        for t1, delta in self.before[t]:
            if d - delta >= 0 and at[d - delta] == t1:
                return False
        for t2, delta in self.after[t]:
            if d + delta < self.days and at[d + delta] == t2:
                return False
        if emp.max_total_minutes is not None and self.minutes[e] + st.paid > emp.max_total_minutes:
            return False
        cap = self.caps[e].get(t)
        if cap is not None and self.of_type[e][t] >= cap:
            return False
        week = self.inst.rules.max_week_minutes
        if week is not None:
            lo = d - d % 7
            used = sum(self.types[x].paid for x in at[lo : lo + 7] if x is not None)
            if used + st.paid > week:
                return False
        average = self.inst.rules.max_average_week_minutes
        if average is not None:
            hist = emp.history
            minutes = self.minutes[e] + st.paid + (hist.worked_minutes if hist else 0)
            if 7 * minutes > average * (self.days + (hist.worked_days if hist else 0)):
                return False
        return (
            self.stretches_ok(e, d, t) and self.weekend_free(e, d, None) and self.rest_ok(e, d, t)
        )

    def stretches_ok(self, e: int, d: int, t: int) -> bool:
        emp, at, hist = self.inst.employees[e], self.at[e], self.inst.employees[e].history
        k = d - 1
        while k >= 0 and at[k] is None:
            k -= 1
        off, known = d - 1 - k, k >= 0
        if k < 0 and hist is not None:
            known = hist.consecutive_days_off > 0 or hist.consecutive_days_worked > 0
            off += hist.consecutive_days_off
        if known and 0 < off < emp.min_consecutive_days_off:
            return False
        if self.final:
            return self.final_stretches_ok(e, d)
        fresh = at[d - 1] is None if d else bool(hist and hist.consecutive_days_off)
        if fresh and emp.min_consecutive_days > 1:
            # A new stretch must be able to go on: open days ahead, a shift that may follow.
            ahead = range(d + 1, min(self.days, d + emp.min_consecutive_days))
            if any((e, k) not in self.open for k in ahead):
                return False
            if d + 1 < self.days and not self.weekend_free(e, d + 1, d):
                return False
            if d + 1 < self.days and not any(
                (e, d + 1, t2) in self.cells and (t2, 1) not in self.after[t]
                for t2 in range(len(self.types))
            ):
                return False
        if emp.max_consecutive_days is not None:
            run = self.run_length(e, d, -1, True) + 1 + self.run_length(e, d, 1, True)
            if run > emp.max_consecutive_days:
                return False
        return True

    def final_stretches_ok(self, e: int, d: int) -> bool:
        """On a complete roster: the off run after d and the stretch through d keep their minima."""
        emp, at, hist = self.inst.employees[e], self.at[e], self.inst.employees[e].history
        known = bool(hist and (hist.consecutive_days_worked or hist.consecutive_days_off))
        k = d + 1
        while k < self.days and at[k] is None:
            k += 1
        if k < self.days and 0 < k - d - 1 < emp.min_consecutive_days_off:
            return False
        back, ahead = self.run_length(e, d, -1, True), self.run_length(e, d, 1, True)
        bounded = d + ahead + 1 < self.days and (known or d - back > 0)
        if bounded and back + 1 + ahead < emp.min_consecutive_days:
            return False
        top = emp.max_consecutive_days
        return top is None or back + 1 + ahead <= top

    def weekend_free(self, e: int, d: int, also: int | None) -> bool:
        """Whether day d can be worked within the weekend limit, counting day ``also`` as worked."""
        top = self.inst.employees[e].max_working_weekends
        if not self.inst.is_weekend(d) or top is None:
            return True
        used = set(self.weekends[e])
        if also is not None and self.inst.is_weekend(also):
            used.add(self.inst.weekend_key(also))
        return self.inst.weekend_key(d) in used or len(used) < top

    def rest_ok(self, e: int, d: int, t: int) -> bool:
        """Weekly rest in every 7-day window that contains day d, with the new shift added."""
        rest = self.inst.rules.weekly_rest_minutes
        if rest is None or self.days < 7:
            return True
        hist = self.inst.employees[e].history
        spans = [
            (DAY * k + self.types[x].start_minute, DAY * k + self.types[x].end_minute)
            for k, x in enumerate(self.at[e])
            if x is not None and abs(k - d) <= 8
        ]
        spans.append((DAY * d + self.types[t].start_minute, DAY * d + self.types[t].end_minute))
        if hist is not None and hist.last_shift_end is not None:
            spans.append((hist.last_shift_end - DAY, hist.last_shift_end))
        spans.sort()
        for w0 in range(max(0, d - 6), min(d, self.days - 7) + 1):
            lo, hi = DAY * w0, DAY * (w0 + 7)
            free, cursor = 0, lo
            for s, en in spans:
                if en <= lo or s >= hi:
                    continue
                free, cursor = max(free, s - cursor), max(cursor, en)
            if max(free, hi - cursor) < rest:
                return False
        return True

    def continue_stretches(self, d: int) -> None:
        """Extend stretches still below their minimum, even over the demand, to stay feasible."""
        for e, emp in enumerate(self.inst.employees):
            if self.at[e][d] is not None or emp.min_consecutive_days < 2:
                continue
            run = self.run_length(e, d, -1, True)
            if not 0 < run < emp.min_consecutive_days:
                continue
            for t in range(len(self.types)):
                if self.fits(e, d, t):
                    rows = self.options.get((e, d, t), [])
                    self.place(e, d, t, rows[0] if rows else None)
                    break

    def drop_short_stretches(self, pinned: set[Cell]) -> None:
        """Remove working stretches that stayed below their minimum (only loosens other rules)."""
        for e, emp in enumerate(self.inst.employees):
            at, hist, d = self.at[e], emp.history, 0
            known = bool(hist and (hist.consecutive_days_worked or hist.consecutive_days_off))
            while d < self.days:
                if at[d] is None:
                    d += 1
                    continue
                end = d
                while end + 1 < self.days and at[end + 1] is not None:
                    end += 1
                length = end - d + 1 + (self.run_length(e, 0, -1, True) if d == 0 else 0)
                cells = {(e, k, at[k]) for k in range(d, end + 1)}
                short = (d > 0 or known) and end + 1 < self.days
                if short and length < emp.min_consecutive_days and not pinned & cells:
                    for cell in cells:
                        self.unplace(*cell)
                d = end + 1

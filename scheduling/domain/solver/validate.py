"""An independent check of every hard rule on any roster, by plain loops over minutes and days.

It shares no code with the CP-SAT model (only the input records), so a mistake in the model's
encoding shows up as a violation here instead of being repeated. The solver's results, hand-made
rosters and rosters edited in the UI all go through it; the explainer also uses it to find out
what would break if a person were added to a shift.

Conventions, identical to the model's (see instance.py): a shift belongs to its start day; leave
blocks every shift overlapping it, fixed days off and unavailability the shifts starting that day;
weekly rest asks, for each 7-day window inside the horizon (day w to w + 7), for an interval of
``weekly_rest_minutes`` inside the window that overlaps no shift (nor the history's last shift);
working time is paid minutes; stretches touching the horizon end are exempt from their minimum,
and so are stretches touching day 0 when the history does not say what day -1 was (a run of days
off, when it happens, lasts at least the minimum: see ``Employee``); a weekend is worked when
either of its days is; the most shifts of a type count the shifts starting in the horizon.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from .instance import (
    AFTERNOON,
    DAY,
    Assignment,
    Employee,
    EmployeeId,
    Instance,
    ShiftType,
    ShiftTypeId,
)

#: Stable violation codes (the caller translates them).
CODES = (
    "invalid",
    "skill",
    "on_leave",
    "unavailable",
    "fixed_day_off",
    "shift_length",
    "night_not_allowed",
    "one_per_day",
    "daily_rest",
    "forbidden_succession",
    "weekly_rest",
    "max_week_minutes",
    "max_average_minutes",
    "min_total_minutes",
    "max_total_minutes",
    "max_consecutive_days",
    "min_consecutive_days",
    "min_consecutive_days_off",
    "max_weekends",
    "max_shifts_of_type",
    "pin_missing",
)


@dataclass(frozen=True)
class Violation:
    """One broken hard rule; ``day``/``shift_type`` point at the shift that breaks it, if any."""

    code: str
    employee: EmployeeId | None
    day: int | None
    shift_type: ShiftTypeId | None
    message: str


def validate(
    instance: Instance,
    assignments: Iterable[Assignment],
    *,
    employees: Collection[EmployeeId] | None = None,
) -> list[Violation]:
    """Every hard-rule violation of the roster (an empty list means the roster is legal).

    ``employees`` limits the check to those people (and their pins), which keeps the explainer's
    what-if questions cheap.
    """
    types = {t.id: t for t in instance.shift_types}
    people = {e.id: e for e in instance.employees}
    found: list[Violation] = []
    mine: dict[EmployeeId, list[tuple[int, ShiftType, str | None]]] = defaultdict(list)
    for a in assignments:
        if employees is not None and a.employee not in employees:
            continue
        if a.employee not in people or a.shift_type not in types or not 0 <= a.day < instance.days:
            found.append(Violation("invalid", a.employee, a.day, a.shift_type, f"unknown: {a}"))
            continue
        mine[a.employee].append((a.day, types[a.shift_type], a.skill))
    for emp in instance.employees:
        if employees is None or emp.id in employees:
            shifts = sorted(mine.get(emp.id, []), key=lambda s: (s[0], s[1].start_minute))
            found += _check_person(instance, emp, shifts)
    present = {(a.employee, a.day, a.shift_type): a.skill for a in assignments}
    for pin in instance.pinned:
        if employees is not None and pin.employee not in employees:
            continue
        key = (pin.employee, pin.day, pin.shift_type)
        if key not in present or (pin.skill is not None and present[key] != pin.skill):
            found.append(
                Violation("pin_missing", pin.employee, pin.day, pin.shift_type, "pinned shift lost")
            )
    return found


def _check_person(
    inst: Instance, emp: Employee, shifts: list[tuple[int, ShiftType, str | None]]
) -> list[Violation]:
    rules, out = inst.rules, []

    def flag(code: str, day: int | None, st: ShiftType | None, message: str) -> None:
        out.append(Violation(code, emp.id, day, st.id if st else None, message))

    for day, st, skill in shifts:
        start = DAY * day + st.start_minute
        end = start + st.length_minutes
        if skill is not None and skill not in emp.skills:
            flag("skill", day, st, f"lacks the skill {skill}")
        for leave in emp.leave_days:
            if start < DAY * leave + DAY and end > DAY * leave:
                flag("on_leave", day, st, f"on leave on day {leave}")
        for leave, half in emp.half_day_leave:
            lo = DAY * leave + (720 if half == AFTERNOON else 0)
            if start < lo + 720 and end > lo:
                flag("on_leave", day, st, f"on leave in the {half} of day {leave}")
        if (day, None) in emp.unavailable or (day, st.id) in emp.unavailable:
            flag("unavailable", day, st, "unavailable")
        if day in emp.fixed_days_off:
            flag("fixed_day_off", day, st, "fixed day off")
        too_long = (
            rules.max_shift_minutes is not None and st.length_minutes > rules.max_shift_minutes
        )
        if too_long or (
            emp.max_shift_paid_minutes is not None and st.paid > emp.max_shift_paid_minutes
        ):
            flag("shift_length", day, st, "shift longer than allowed")
        if st.night and not emp.night_allowed:
            flag("night_not_allowed", day, st, "may not work nights")

    by_day: dict[int, list[ShiftType]] = defaultdict(list)
    for day, st, _ in shifts:
        by_day[day].append(st)
    for day, sts in by_day.items():
        if len(sts) > 1:
            flag("one_per_day", day, sts[1], f"{len(sts)} shifts on one day")

    hist = emp.history
    last_end = hist.last_shift_end if hist is not None else None
    spans = sorted(
        (DAY * d + st.start_minute, DAY * d + st.end_minute, d, st) for d, st, _ in shifts
    )
    previous_end = last_end
    for start, end, day, st in spans:
        if previous_end is not None and start - previous_end < rules.min_daily_rest_minutes:
            gap = start - previous_end
            flag("daily_rest", day, st, f"only {gap} minutes of rest before the shift")
        previous_end = end if previous_end is None else max(previous_end, end)
    for day, sts in by_day.items():
        before = by_day.get(day - 1, [])
        if day == 0 and hist is not None and hist.last_shift_type is not None:
            before = [ShiftType(id=hist.last_shift_type, start_minute=0, length_minutes=1)]
        for st in sts:
            for prev in before:
                if (prev.id, st.id) in rules.forbidden_successions:
                    flag("forbidden_succession", day, st, f"{prev.id} then {st.id}")

    if rules.weekly_rest_minutes is not None:
        busy = [(s, e) for s, e, _, _ in spans]
        if last_end is not None:
            busy.append((-(10**9), last_end))
        busy.sort()
        for w in range(inst.days - 6):
            longest = _longest_free(busy, DAY * w, DAY * (w + 7))
            if longest < rules.weekly_rest_minutes:
                flag("weekly_rest", w, None, f"longest rest in days {w}-{w + 6}: {longest} min")

    paid = {d: sum(st.paid for st in sts) for d, sts in by_day.items()}
    total = sum(paid.values())
    if rules.max_week_minutes is not None:
        for lo in range(0, inst.days, 7):
            week = sum(paid.get(d, 0) for d in range(lo, lo + 7))
            if week > rules.max_week_minutes:
                flag("max_week_minutes", lo, None, f"{week} minutes in days {lo}-{lo + 6}")
    if rules.max_average_week_minutes is not None:
        minutes = total + (hist.worked_minutes if hist else 0)
        days = inst.days + (hist.worked_days if hist else 0)
        if minutes * 7 > rules.max_average_week_minutes * days:
            flag("max_average_minutes", None, None, f"{minutes} minutes over {days} days")
    if total < emp.min_total_minutes:
        flag("min_total_minutes", None, None, f"{total} < {emp.min_total_minutes} minutes")
    if emp.max_total_minutes is not None and total > emp.max_total_minutes:
        flag("max_total_minutes", None, None, f"{total} > {emp.max_total_minutes} minutes")

    out += _check_stretches(inst, emp, set(by_day))
    if emp.max_working_weekends is not None:
        weekends = {inst.weekend_key(d) for d in by_day if inst.is_weekend(d)}
        if len(weekends) > emp.max_working_weekends:
            flag("max_weekends", None, None, f"{len(weekends)} weekends worked")
    for type_id, cap in sorted(emp.max_shifts_of_type, key=lambda pair: str(pair[0])):
        mine = [(day, st) for day, st, _ in shifts if st.id == type_id]
        if len(mine) > cap:
            day, st = mine[cap]  # the first shift over the limit
            flag("max_shifts_of_type", day, st, f"{len(mine)} shifts of {type_id}, at most {cap}")
    return out


def _longest_free(busy: list[tuple[int, int]], lo: int, hi: int) -> int:
    """Longest interval inside [lo, hi) that overlaps none of the (sorted) busy intervals."""
    longest, cursor = 0, lo
    for start, end in busy:
        if end <= cursor or start >= hi:
            continue
        longest = max(longest, start - cursor)
        cursor = max(cursor, end)
    return max(longest, hi - cursor)


def _check_stretches(inst: Instance, emp: Employee, worked: set[int]) -> list[Violation]:
    """Runs of worked days and of days off; the history's run is prepended as days -h..-1."""
    hist = emp.history
    carried = (hist.consecutive_days_worked or hist.consecutive_days_off) if hist else 0
    states = [bool(hist and hist.consecutive_days_worked)] * carried
    states += [d in worked for d in range(inst.days)]
    runs: list[tuple[int, int, bool]] = []  # (first day, last day, working)
    first = -carried
    for i, state in enumerate(states):
        day = i - carried
        if i + 1 == len(states) or states[i + 1] != state:
            runs.append((first, day, state))
            first = day + 1
    out = []
    for first, last, working in runs:
        length = last - first + 1
        top = emp.max_consecutive_days
        if working and top is not None and length > top and last >= 0:
            day = max(0, first + top)
            out.append(
                Violation("max_consecutive_days", emp.id, day, None, f"{length} days in a row")
            )
        need = emp.min_consecutive_days if working else emp.min_consecutive_days_off
        # Exempt: a run touching the horizon end, or touching day 0 with an unknown past.
        if length < need and last + 1 < inst.days and (first > 0 or carried > 0):
            code = "min_consecutive_days" if working else "min_consecutive_days_off"
            what = "working days" if working else "days off"
            out.append(Violation(code, emp.id, last + 1, None, f"only {length} {what} in a row"))
    return out

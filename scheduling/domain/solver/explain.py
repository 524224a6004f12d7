"""Why a slot stayed unfilled: for each qualified person, the first hard rule they would break.

The planner's question is "why is nobody on Tuesday's night shift?". For every person holding the
slot's skill (anyone, for a slot without skill) who is not on that slot, the explainer adds the
shift to the found roster and asks the validator what breaks; the person is counted under the
most telling rule (leave before rest, rest before hours). A person who breaks nothing was left
out by choice: the cost, the wishes or the hours weighed more (``assigned_elsewhere_better``).

Reasons are structured (a stable code, a count, the people, parameters) so that the caller can
translate them; ``format_reasons`` gives the English sentence.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from .instance import Assignment, EmployeeId, Instance, Result, UnfilledSlot
from .validate import validate

#: Stable reason codes, in the order in which a person is classified.
REASON_CODES = (
    "no_skill",
    "on_leave",
    "fixed_day_off",
    "unavailable",
    "night_not_allowed",
    "shift_length",
    "already_working",
    "daily_rest",
    "forbidden_succession",
    "weekly_rest",
    "max_minutes",
    "consecutive_days",
    "consecutive_days_off",
    "max_weekends",
    "max_shifts_of_type",
    "assigned_elsewhere_better",
)

_FROM_VIOLATION = {
    "on_leave": "on_leave",
    "fixed_day_off": "fixed_day_off",
    "unavailable": "unavailable",
    "night_not_allowed": "night_not_allowed",
    "shift_length": "shift_length",
    "one_per_day": "already_working",
    "daily_rest": "daily_rest",
    "forbidden_succession": "forbidden_succession",
    "weekly_rest": "weekly_rest",
    "max_week_minutes": "max_minutes",
    "max_average_minutes": "max_minutes",
    "max_total_minutes": "max_minutes",
    "max_consecutive_days": "consecutive_days",
    "min_consecutive_days": "consecutive_days",
    "min_consecutive_days_off": "consecutive_days_off",
    "max_weekends": "max_weekends",
    "max_shifts_of_type": "max_shifts_of_type",
}


@dataclass(frozen=True)
class Reason:
    """``count`` qualified people are kept off the slot by ``code``; ``params`` hold the numbers
    a sentence needs (skill, qualified, and e.g. rest_minutes)."""

    code: str
    count: int
    employees: tuple[EmployeeId, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)


def explain_unfilled(instance: Instance, result: Result) -> dict[UnfilledSlot, list[Reason]]:
    """Reasons per unfilled slot of the result, most telling first."""
    roster: dict[EmployeeId, list[Assignment]] = defaultdict(list)
    for a in result.assignments:
        roster[a.employee].append(a)
    baseline: dict[EmployeeId, Counter] = {}
    explained = {}
    for slot in result.unfilled:
        qualified = [e for e in instance.employees if slot.skill is None or slot.skill in e.skills]
        base = {"skill": slot.skill, "qualified": len(qualified)}
        if not qualified:
            explained[slot] = [Reason("no_skill", 0, (), base)]
            continue
        groups: dict[str, list[EmployeeId]] = defaultdict(list)
        for emp in qualified:
            mine = roster.get(emp.id, [])
            here = (slot.day, slot.shift_type, slot.skill)
            if any((a.day, a.shift_type, a.skill) == here for a in mine):
                continue  # already counted on this very slot
            if emp.id not in baseline:
                baseline[emp.id] = _codes(instance, mine, emp.id)
            extra = Assignment(emp.id, slot.day, slot.shift_type, slot.skill)
            broken = _codes(instance, [*mine, extra], emp.id) - baseline[emp.id]
            reasons = {_FROM_VIOLATION[c] for c in broken if c in _FROM_VIOLATION}
            code = min(reasons, key=REASON_CODES.index, default="assigned_elsewhere_better")
            groups[code].append(emp.id)
        explained[slot] = [
            Reason(
                code, len(groups[code]), tuple(groups[code]), {**base, **_params(instance, code)}
            )
            for code in REASON_CODES
            if groups.get(code)
        ]
    return explained


def _codes(instance: Instance, assignments: list[Assignment], employee: EmployeeId) -> Counter:
    found = validate(instance, assignments, employees={employee})
    return Counter(v.code for v in found if v.code != "pin_missing")


def _params(instance: Instance, code: str) -> dict[str, Any]:
    rules = instance.rules
    if code == "daily_rest":
        return {"rest_minutes": rules.min_daily_rest_minutes}
    if code == "weekly_rest":
        return {"rest_minutes": rules.weekly_rest_minutes}
    return {}


_PHRASES = {
    "on_leave": "on leave",
    "fixed_day_off": "on a fixed day off",
    "unavailable": "unavailable",
    "night_not_allowed": "not allowed to work nights",
    "shift_length": "not allowed a shift this long",
    "already_working": "already working another shift that day",
    "daily_rest": "would break the {rest} daily rest",
    "forbidden_succession": "would follow a forbidden succession of shifts",
    "weekly_rest": "would lose the {rest} weekly rest",
    "max_minutes": "would exceed their maximum hours",
    "consecutive_days": "would break their limits on consecutive working days",
    "consecutive_days_off": "would cut a run of days off too short",
    "max_weekends": "would work more weekends than allowed",
    "max_shifts_of_type": "would work more shifts of this kind than allowed",
    "assigned_elsewhere_better": "free, but hours, wishes or cost weighed more",
}


def _hours(minutes: int | None) -> str:
    return f"{(minutes or 0) / 60:g} h"


def format_reasons(slot: UnfilledSlot, reasons: list[Reason]) -> str:
    """One English sentence, e.g. "no qualified employee free: 3 of 4 with skill X on leave,
    1 would break the 11 h daily rest"."""
    if not reasons:
        return "no reason found"
    if reasons[0].code == "no_skill":
        return f"nobody has the skill {slot.skill}"
    qualified = reasons[0].params.get("qualified", 0)
    who = f"with skill {slot.skill}" if slot.skill is not None else "employees"
    parts = []
    for i, reason in enumerate(reasons):
        phrase = _PHRASES[reason.code].format(rest=_hours(reason.params.get("rest_minutes")))
        count = f"{reason.count} of {qualified} {who}" if i == 0 else f"{reason.count}"
        parts.append(f"{count} {phrase}")
    free = any(r.code == "assigned_elsewhere_better" for r in reasons)
    lead = "qualified employees left free by choice" if free else "no qualified employee free"
    return f"{lead}: " + ", ".join(parts)

"""What approving a leave request does to the published roster, read before and after approval:
the shifts it releases as open shifts, and the conflicts the person's remaining shifts would
then have (the rule engine run on the published shifts without the released ones)."""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hr.models import LeaveRequest
from scheduling.domain.rules import Conflict, Person, Slot, check
from scheduling.models import SchedulePeriod, Shift
from scheduling.selectors.roster import CONTEXT_DAYS, limits_for, people_facts, slot_of


def _leave_days(request: LeaveRequest) -> dict[date, str]:
    days, day = {}, request.start_date
    while day <= request.end_date:
        days[day] = request.half_day or ""
        day += timedelta(days=1)
    return days


def shift_on_leave(shift: Shift, request: LeaveRequest) -> bool:
    """Whether the shift overlaps the leave (a half day as its half; a night shift from the
    evening before counts)."""
    person = Person(shift.employee_id, hire_date=date.min, leave=_leave_days(request))
    slot = Slot(shift.pk, shift.employee_id, shift.day, shift.start, shift.end, shift.paid_minutes)
    found = check(
        [slot], {shift.employee_id: person}, limits_for(shift.location), zone=shift.location.zone
    )
    return any(c.code == "on_leave" for c in found.get(shift.pk, []))


@dataclass
class LeaveImpact:
    released: list[Shift] = field(default_factory=list)
    conflicts: list[tuple[Shift, Conflict]] = field(default_factory=list)


def leave_impact(*, request: LeaveRequest, released: list[Shift] | None = None) -> LeaveImpact:
    """The shifts of published periods the leave releases and the conflicts it leaves behind:
    those the remaining shifts have with the leave counted and the released shifts gone, and
    did not have before. ``released``: the shifts already released (after approval)."""
    start = request.start_date - timedelta(days=CONTEXT_DAYS)
    end = request.end_date + timedelta(days=CONTEXT_DAYS)
    shifts = list(
        Shift.objects.published()
        .filter(employee_id=request.employee_id, day__gte=start, day__lte=end)
        .select_related("location", "period")
        .order_by("start")
    )
    if released is None:  # a closed period's shift stays, flagged: it shows as a conflict
        released = [
            s
            for s in shifts
            if s.period.status != SchedulePeriod.Status.CLOSED and shift_on_leave(s, request)
        ]
    gone = {s.pk for s in released}
    if not shifts and not released:
        return LeaveImpact()
    location = (shifts or released)[0].location
    limits, zone = limits_for(location), location.zone
    facts = people_facts(employee_ids={request.employee_id}, start=start, end=end)
    person = facts.get(request.employee_id) or Person(request.employee_id, hire_date=date.min)
    with_leave = deepcopy(person)
    with_leave.leave.update(_leave_days(request))
    every = [slot_of(s) for s in shifts if s.pk not in gone] + [
        replace(slot_of(s), employee=request.employee_id) for s in released
    ]
    before = check(every, {person.id: person}, limits, zone=zone)
    after = check(
        [slot_of(s) for s in shifts if s.pk not in gone],
        {person.id: with_leave},
        limits,
        zone=zone,
    )
    conflicts = []
    for shift in shifts:
        if shift.pk in gone:
            continue
        known = {c.code for c in before.get(shift.pk, [])}
        conflicts.extend((shift, c) for c in after.get(shift.pk, []) if c.code not in known)
    return LeaveImpact(released=list(released), conflicts=conflicts)


def _describe(shift: Shift) -> str:
    return (
        f"{date_format(shift.day)} {shift.local_start:%H:%M}-{shift.local_end:%H:%M}, "
        f"{shift.location.name}"
    )


def leave_impact_lines(request: LeaveRequest) -> list[str]:
    """The roster lines HR's approval page shows (the registry's leave-impact hook)."""
    if request.status != LeaveRequest.Status.PENDING:
        return []
    impact = leave_impact(request=request)
    lines = [
        _("Released as an open shift: %(shift)s") % {"shift": _describe(s)} for s in impact.released
    ]
    lines += [
        _("New conflict on %(shift)s: %(conflict)s")
        % {"shift": _describe(s), "conflict": c.message}
        for s, c in impact.conflicts
    ]
    return lines

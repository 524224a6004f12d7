"""How the roster reacts to HR (DESIGN.md flows 3 and 4). Each runs in a task, is idempotent, and
never reassigns anyone silently: shifts become open and the planners are told."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext_lazy

from backoffice.services import action_record, notification_send
from hr.models import LeaveRequest
from hr.selectors import employee_find, leave_request_find
from scheduling.audit import SchedulingAudit
from scheduling.models import SchedulePeriod, Shift
from scheduling.selectors.leave import leave_impact, shift_on_leave
from scheduling.services.roster import planners

# Stored as templates with typed parameters: each planner reads them in their own language and
# date format when shown. One shift is named; several are counted, the roster lists them.
LEAVE_APPROVED = gettext_noop("Leave approved for %(name)s: shifts to cover")
LEAVE_CANCELLED = gettext_noop("Leave of %(name)s was cancelled")
LEAVER = gettext_noop("%(name)s is leaving: shifts to cover")
ONE_OPENED = gettext_noop("Opened: %(day)s, %(start)s–%(end)s, %(location)s.")
ONE_FLAGGED = gettext_noop(
    "Kept and marked on leave, the period is closed: %(day)s, %(start)s–%(end)s, %(location)s."
)
RELEASED_SUMMARY = ngettext_lazy(
    "%(opened)s opened, %(flagged)s marked in closed periods, %(count)s new conflict, "
    "from %(first)s to %(last)s.",
    "%(opened)s opened, %(flagged)s marked in closed periods, %(count)s new conflicts, "
    "from %(first)s to %(last)s.",
    "count",
)
ONE_STILL_OPEN = gettext_noop(
    "Still open after the cancellation: %(day)s, %(start)s–%(end)s, %(location)s."
)
SEVERAL_STILL_OPEN = ngettext_lazy(
    "%(count)s shift opened for this leave is still open, from %(first)s to %(last)s.",
    "%(count)s shifts opened for this leave are still open, from %(first)s to %(last)s.",
    "count",
)
NOTHING_CHANGED = gettext_noop("From %(start)s to %(end)s. Nothing on the roster was changed.")
SEVERAL_OPENED = ngettext_lazy(
    "%(count)s shift opened, from %(first)s to %(last)s.",
    "%(count)s shifts opened, from %(first)s to %(last)s.",
    "count",
)


def _shift_params(shift: Shift) -> dict:
    """A shift as typed parameters, shown in the reader's date format."""
    return {
        "day": shift.day,
        "start": shift.local_start.time(),
        "end": shift.local_end.time(),
        "location": shift.location.name,
    }


def _span(shifts: list[Shift]) -> dict:
    days = [shift.day for shift in shifts]
    return {"first": min(days), "last": max(days)}


def _tell_planners(*, kind: str, title: str, body, params: dict, period_id: int | None) -> None:
    url = reverse("scheduling:period-detail", args=[period_id]) if period_id else ""
    for planner in planners():
        notification_send(
            recipient=planner, kind=kind, title=title, body=body, params=params, url=url
        )


@transaction.atomic
def shifts_release_for_leave(*, request_id: int) -> int:
    request = leave_request_find(pk=request_id)
    if request is None or request.status != LeaveRequest.Status.APPROVED:
        return 0
    shifts = [
        shift
        for shift in Shift.objects.select_for_update(of=("self",))
        .select_related("period", "location")
        .filter(
            employee=request.employee,
            day__gte=request.start_date - timedelta(days=1),
            day__lte=request.end_date,
        )
        if shift_on_leave(shift, request)
    ]
    released, flagged = [], []
    for shift in shifts:
        if shift.period.status == SchedulePeriod.Status.CLOSED:
            if not shift.flag:
                shift.flag = str(_("On approved leave"))
                shift.save(update_fields=["flag", "updated_at"])
                flagged.append(shift)
            continue
        shift.employee = None
        shift.released = Shift.Released.LEAVE
        shift.note = (shift.note + " " + request.employee.full_name).strip()[:200]
        shift.save(update_fields=["employee", "released", "note", "updated_at"])
        released.append(shift)
    conflicts = leave_impact(request=request, released=released).conflicts if released else []
    if released or flagged or conflicts:
        touched = released + flagged
        params: dict = {"name": request.employee.full_name}
        if len(touched) == 1 and not conflicts:
            body = ONE_OPENED if released else ONE_FLAGGED
            params |= _shift_params(touched[0])
        else:
            body = RELEASED_SUMMARY
            params |= {"opened": len(released), "flagged": len(flagged)}
            params |= {"count": len(conflicts)} | _span(touched + [s for s, _c in conflicts])
        _tell_planners(
            kind="scheduling.leave_shifts_released",
            title=LEAVE_APPROVED,
            body=body,
            params=params,
            period_id=(touched + [s for s, _c in conflicts])[0].period_id,
        )
        action_record(
            kind=SchedulingAudit.SHIFTS_RELEASED,
            summary=gettext_noop("%(count)s shifts of %(name)s opened for approved leave"),
            params={"count": len(released), "name": request.employee.full_name},
            actor=None,
            target=request,
        )
    return len(released)


def shifts_note_leave_cancelled(*, request_id: int) -> None:
    request = leave_request_find(pk=request_id)
    if request is None:
        return
    opened = Shift.objects.filter(
        released=Shift.Released.LEAVE,
        employee__isnull=True,
        day__gte=request.start_date - timedelta(days=1),  # as released: the night before counts
        day__lte=request.end_date,
        note__contains=request.employee.full_name,
    ).select_related("location")
    opened = list(opened.order_by("start"))
    params: dict = {"name": request.employee.full_name}
    if not opened:
        body = NOTHING_CHANGED
        params |= {"start": request.start_date, "end": request.end_date}
    elif len(opened) == 1:
        body = ONE_STILL_OPEN
        params |= _shift_params(opened[0])
    else:
        body = SEVERAL_STILL_OPEN
        params |= {"count": len(opened)} | _span(opened)
    _tell_planners(
        kind="scheduling.leave_cancelled",
        title=LEAVE_CANCELLED,
        body=body,
        params=params,
        period_id=opened[0].period_id if opened else None,
    )


@transaction.atomic
def shifts_release_for_leaver(*, employee_id: int) -> int:
    employee = employee_find(pk=employee_id)
    if employee is None:
        return 0
    after = employee.end_date or timezone.localdate()
    shifts = list(
        Shift.objects.select_for_update(of=("self",))
        .select_related("period", "location")
        .filter(employee=employee, day__gt=after)
        .exclude(period__status=SchedulePeriod.Status.CLOSED)
    )
    for shift in shifts:
        shift.employee = None
        shift.released = Shift.Released.LEFT
        shift.note = (shift.note + " " + employee.full_name).strip()[:200]
        shift.save(update_fields=["employee", "released", "note", "updated_at"])
    if shifts:
        shifts.sort(key=lambda shift: shift.start)
        params: dict = {"name": employee.full_name}
        if len(shifts) == 1:
            body = ONE_OPENED
            params |= _shift_params(shifts[0])
        else:
            body = SEVERAL_OPENED
            params |= {"count": len(shifts)} | _span(shifts)
        _tell_planners(
            kind="scheduling.leaver_shifts_released",
            title=LEAVER,
            body=body,
            params=params,
            period_id=shifts[0].period_id,
        )
    return len(shifts)

"""How the roster reacts to HR (DESIGN.md flows 3 and 4). Each runs in a task, is idempotent, and
never reassigns anyone silently: shifts become open and the planners are told."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.services import action_record, notification_send
from hr.models import LeaveRequest
from hr.selectors import employee_find, leave_request_find
from scheduling.audit import SchedulingAudit
from scheduling.models import SchedulePeriod, Shift
from scheduling.selectors.leave import leave_impact, shift_on_leave
from scheduling.services.roster import _describe, planners


def _later(message, **params):
    """A translation filled in when rendered, so each planner reads it in their own language."""
    return lazy(lambda: str(message) % params, str)()


def _tell_planners(title, lines: list, period_id: int | None) -> None:
    url = reverse("scheduling:period-detail", args=[period_id]) if period_id else ""
    body = lazy(lambda: "\n".join(str(line) for line in lines), str)()
    for planner in planners():
        notification_send(recipient=planner, title=title, body=body, url=url)


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
        lines = [_describe(s) for s in released + flagged]
        lines += [
            _later(
                _("New conflict on %(shift)s: %(conflict)s"),
                shift=_describe(s),
                conflict=c.message,
            )
            for s, c in conflicts
        ]
        _tell_planners(
            _later(
                _("Leave approved for %(name)s: shifts to cover"), name=request.employee.full_name
            ),
            lines,
            (released + flagged + [s for s, _c in conflicts])[0].period_id,
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
    lines = [_describe(s) for s in opened]
    _tell_planners(
        _later(_("Leave of %(name)s was cancelled"), name=request.employee.full_name),
        lines
        or [
            _later(
                _("From %(start)s to %(end)s. Nothing on the roster was changed."),
                start=request.start_date.isoformat(),
                end=request.end_date.isoformat(),
            )
        ],
        opened[0].period_id if lines else None,
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
        _tell_planners(
            _later(_("%(name)s is leaving: shifts to cover"), name=employee.full_name),
            [_describe(s) for s in shifts],
            shifts[0].period_id,
        )
    return len(shifts)

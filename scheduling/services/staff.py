"""What staff do on their own schedule: availability, claiming open shifts, swaps, calendar feed.

Claims and swap decisions lock the shift rows, then re-check eligibility at that moment, so two tabs
or two colleagues cannot both win and nobody ends up with a shift that breaks a rule.
"""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record, notification_send
from hr.models import Employee
from hr.selectors import approver_for
from scheduling.audit import SchedulingAudit
from scheduling.models import Availability, CalendarFeed, SchedulePeriod, Shift, SwapRequest
from scheduling.selectors import may_decide_swap, move_conflicts
from scheduling.services.roster import _describe, _tell, planners

ALREADY_TAKEN = _("Someone has already taken this shift.")
NOT_OPEN_TO_YOU = _("This shift is not open to you.")
NOT_ELIGIBLE = _("You cannot take this shift: %(reasons)s")
COLLEAGUE_NOT_ELIGIBLE = _("%(name)s cannot take this shift: %(reasons)s")
NOT_YOUR_SHIFT = _("You can only offer your own shifts.")
IN_THE_PAST = _("This shift has already started.")
NOT_PENDING = _("This request has already been decided.")
SAME_PERSON = _("Choose a colleague, not yourself.")
NOT_THEIRS = _("That shift is not your colleague's.")
AVAILABILITY_WHEN = _("Give either a weekday or a date.")
AVAILABILITY_ORDER = _("'Until' must be after 'from'.")

BEING_CHANGED = _("The planner is changing this shift; try again once the changes are published.")


def _shift_params(shift: Shift) -> dict:
    """A shift as a notification's typed parameters, shown in the reader's date format."""
    return {
        "day": shift.day,
        "start": shift.local_start.time(),
        "end": shift.local_end.time(),
        "location": shift.location.name,
    }


def _reasons(conflicts) -> str:
    return "; ".join(dict.fromkeys(c.message for c in conflicts))


def _check_upcoming(shift: Shift) -> None:
    if shift.start <= timezone.now():
        raise ValidationError(IN_THE_PAST)
    if shift.draft or shift.published_copy_of_id:
        raise ValidationError(BEING_CHANGED)
    if shift.period.status != SchedulePeriod.Status.PUBLISHED:
        raise ValidationError(NOT_OPEN_TO_YOU)


@transaction.atomic
def open_shift_claim(*, employee: Employee, shift: Shift) -> Shift:
    shift = (
        Shift.objects.select_for_update(of=("self",))
        .select_related("period__location", "location")
        .get(pk=shift.pk)
    )
    if shift.employee_id is not None:
        raise ValidationError(ALREADY_TAKEN)
    _check_upcoming(shift)
    if not shift.location.members.filter(pk=employee.pk).exists():
        raise ValidationError(NOT_OPEN_TO_YOU)
    conflicts = move_conflicts(moves=[(shift, employee.pk)])
    if conflicts:
        raise ValidationError(NOT_ELIGIBLE % {"reasons": _reasons(conflicts)})
    shift.employee = employee
    shift.released = ""
    shift.save(update_fields=["employee", "released", "updated_at"])
    action_record(
        kind=SchedulingAudit.OPEN_SHIFT_CLAIMED,
        summary=gettext_noop("%(name)s took the open shift of %(day)s at %(location)s"),
        params={
            "name": employee.full_name,
            "day": shift.day.isoformat(),
            "location": shift.location,
        },
        actor=employee.user,
        target=shift,
    )
    for planner in planners():
        notification_send(
            recipient=planner,
            kind="scheduling.open_shift_taken",
            title=gettext_noop("An open shift was taken"),
            body=gettext_noop("%(name)s: %(day)s %(start)s-%(end)s, %(location)s"),
            params={"name": employee.full_name, **_shift_params(shift)},
            url=reverse("scheduling:period-detail", args=[shift.period_id]),
        )
    return shift


def _swap_moves(swap: SwapRequest) -> list[tuple[Shift, int]]:
    moves = [(swap.shift, swap.colleague_id)]
    if swap.colleague_shift_id:
        moves.append((swap.colleague_shift, swap.requester_id))
    return moves


@transaction.atomic
def swap_request_create(
    *,
    requester: Employee,
    shift: Shift,
    colleague: Employee,
    colleague_shift: Shift | None = None,
    note: str = "",
) -> SwapRequest:
    shift = Shift.objects.select_for_update(of=("self",)).select_related("period").get(pk=shift.pk)
    if shift.employee_id != requester.pk:
        raise ValidationError(NOT_YOUR_SHIFT)
    _check_upcoming(shift)
    if colleague.pk == requester.pk:
        raise ValidationError({"colleague": SAME_PERSON})
    if colleague_shift is not None:
        if colleague_shift.employee_id != colleague.pk:
            raise ValidationError({"colleague_shift": NOT_THEIRS})
        _check_upcoming(colleague_shift)
    if SwapRequest.objects.filter(shift=shift, status=SwapRequest.Status.PENDING).exists():
        raise ValidationError(_("This shift already has a request waiting."))
    swap = SwapRequest(
        shift=shift,
        requester=requester,
        colleague=colleague,
        colleague_shift=colleague_shift,
        note=note.strip(),
    )
    conflicts = move_conflicts(moves=_swap_moves(swap))
    if conflicts:
        raise ValidationError(
            {
                "colleague": COLLEAGUE_NOT_ELIGIBLE
                % {"name": colleague.full_name, "reasons": _reasons(conflicts)}
            }
        )
    swap.save()
    url = reverse("scheduling:schedule-mine")
    _tell(colleague, _("A colleague asks you to take a shift"), _describe(shift), url)
    approver = approver_for(employee=requester)
    if approver is not None:
        notification_send(
            recipient=approver,
            kind="scheduling.swap_asked",
            title=gettext_noop("A shift swap waits for your approval"),
            body=gettext_noop("%(name)s -> %(colleague)s: %(day)s %(start)s-%(end)s, %(location)s"),
            params={
                "name": requester.full_name,
                "colleague": colleague.full_name,
                **_shift_params(shift),
            },
            url=reverse("scheduling:swap-list"),
        )
    return swap


def _lock(swap: SwapRequest) -> SwapRequest:
    swap = (
        SwapRequest.objects.select_for_update(of=("self",))
        .select_related("shift__period", "shift__location", "requester", "colleague")
        .get(pk=swap.pk)
    )
    if swap.status != SwapRequest.Status.PENDING:
        raise ValidationError(NOT_PENDING)
    return swap


def _finish(swap: SwapRequest, status: str, actor: User, comment: str = "") -> None:
    swap.status = status
    swap.decided_by = actor
    swap.decided_at = timezone.now()
    swap.comment = comment.strip()
    swap.save(update_fields=["status", "decided_by", "decided_at", "comment"])
    title = {
        SwapRequest.Status.APPROVED: _("Shift swap approved"),
        SwapRequest.Status.REJECTED: _("Shift swap rejected"),
        SwapRequest.Status.DECLINED: _("Shift swap declined"),
        SwapRequest.Status.CANCELLED: _("Shift swap cancelled"),
    }[status]
    url = reverse("scheduling:schedule-mine")
    for person in (swap.requester, swap.colleague):
        if person.user_id != actor.pk:
            _tell(person, title, _describe(swap.shift), url)


@transaction.atomic
def swap_approve(*, actor: User, swap: SwapRequest, comment: str = "") -> SwapRequest:
    swap = _lock(swap)
    if not may_decide_swap(viewer=actor, swap=swap):
        raise PermissionDenied(_("Only the requester's manager or a planner can decide this."))
    shifts = {
        s.pk: s
        for s in Shift.objects.select_for_update(of=("self",))
        .select_related("period__location", "location")
        .filter(pk__in=[swap.shift_id, swap.colleague_shift_id])
    }
    swap.shift = shifts[swap.shift_id]
    if swap.colleague_shift_id:
        swap.colleague_shift = shifts[swap.colleague_shift_id]
    if swap.shift.employee_id != swap.requester_id or (
        swap.colleague_shift_id and swap.colleague_shift.employee_id != swap.colleague_id
    ):
        raise ValidationError(_("The shifts have changed since the request; it cannot be applied."))
    if swap.shift.start <= timezone.now():
        raise ValidationError(IN_THE_PAST)
    conflicts = move_conflicts(moves=_swap_moves(swap))
    if conflicts:
        raise ValidationError(
            COLLEAGUE_NOT_ELIGIBLE
            % {"name": swap.colleague.full_name, "reasons": _reasons(conflicts)}
        )
    swap.shift.employee_id = swap.colleague_id
    swap.shift.save(update_fields=["employee", "updated_at"])
    if swap.colleague_shift_id:
        swap.colleague_shift.employee_id = swap.requester_id
        swap.colleague_shift.save(update_fields=["employee", "updated_at"])
    _finish(swap, SwapRequest.Status.APPROVED, actor, comment)
    action_record(
        kind=SchedulingAudit.SWAP_APPROVED,
        summary=gettext_noop("Shift of %(day)s passed from %(from)s to %(to)s"),
        params={
            "day": swap.shift.day.isoformat(),
            "from": swap.requester.full_name,
            "to": swap.colleague.full_name,
        },
        actor=actor,
        target=swap.shift,
    )
    return swap


@transaction.atomic
def swap_reject(*, actor: User, swap: SwapRequest, comment: str) -> SwapRequest:
    swap = _lock(swap)
    if not may_decide_swap(viewer=actor, swap=swap):
        raise PermissionDenied(_("Only the requester's manager or a planner can decide this."))
    if not comment.strip():
        raise ValidationError({"comment": _("Please say why.")})
    _finish(swap, SwapRequest.Status.REJECTED, actor, comment)
    return swap


@transaction.atomic
def swap_withdraw(*, actor: User, employee: Employee, swap: SwapRequest) -> SwapRequest:
    """The requester cancels, or the colleague declines."""
    swap = _lock(swap)
    if employee.pk == swap.requester_id:
        _finish(swap, SwapRequest.Status.CANCELLED, actor)
    elif employee.pk == swap.colleague_id:
        _finish(swap, SwapRequest.Status.DECLINED, actor)
    else:
        raise PermissionDenied
    return swap


def calendar_feed_renew(*, employee: Employee) -> CalendarFeed:
    """A new private address; the old one stops working at once."""
    CalendarFeed.objects.filter(employee=employee).delete()
    return CalendarFeed.objects.create(employee=employee, token=secrets.token_urlsafe(32))


def calendar_feed_revoke(*, employee: Employee) -> None:
    CalendarFeed.objects.filter(employee=employee).delete()


def availability_save(*, employee: Employee, entry: Availability) -> Availability:
    if (entry.weekday is None) == (entry.date is None):
        raise ValidationError({"weekday": AVAILABILITY_WHEN})
    if entry.start_time and entry.end_time and entry.end_time <= entry.start_time:
        raise ValidationError({"end_time": AVAILABILITY_ORDER})
    entry.employee = employee
    entry.full_clean()
    entry.save()
    return entry


def availability_delete(*, employee: Employee, entry: Availability) -> None:
    if entry.employee_id != employee.pk:
        raise PermissionDenied
    entry.delete()

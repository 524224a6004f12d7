"""Reading what a member of staff sees of their own roster: their published shifts and the swap
requests they made, received or may decide."""

from __future__ import annotations

from datetime import date

from django.db.models import Q, QuerySet

from backoffice.models import User
from hr.models import Employee
from hr.selectors import viewer_report_ids
from scheduling.models import (
    Shift,
)
from scheduling.selectors.roster import is_planner


def my_shifts(*, employee: Employee, start: date, end: date) -> QuerySet[Shift]:
    return (
        Shift.objects.published()
        .filter(employee=employee, day__gte=start, day__lte=end)
        .select_related("location", "template", "skill")
        .order_by("start")
    )


def locations_active() -> QuerySet:
    """Every active location, for the apps above that attach their own records to a location."""
    from scheduling.models import Location

    return Location.objects.filter(active=True).order_by("name")


def shifts_overlapping(
    *, start, end, location_ids=None, employee: Employee | None = None
) -> QuerySet[Shift]:
    """Published, assigned shifts that overlap ``start``-``end`` (aware), for the apps above that
    reach the people on shift at a place and time (daily operations tasks)."""
    shifts = Shift.objects.published().filter(employee__isnull=False, start__lt=end, end__gt=start)
    if location_ids is not None:
        shifts = shifts.filter(location_id__in=location_ids)
    if employee is not None:
        shifts = shifts.filter(employee=employee)
    return shifts.select_related("location", "employee__user").order_by("start")


def swap_requests_to_decide(*, viewer: User) -> QuerySet:
    from scheduling.models import SwapRequest

    requests = SwapRequest.objects.filter(status=SwapRequest.Status.PENDING).select_related(
        "shift__location", "shift__template", "requester", "colleague", "colleague_shift"
    )
    if is_planner(viewer):
        return requests
    reports = viewer_report_ids(viewer=viewer)
    return requests.filter(requester__in=reports) if reports else requests.none()


def swap_requests_of(*, employee: Employee) -> QuerySet:
    from scheduling.models import SwapRequest

    return SwapRequest.objects.filter(Q(requester=employee) | Q(colleague=employee)).select_related(
        "shift__location", "shift__template", "requester", "colleague", "colleague_shift"
    )


def may_decide_swap(*, viewer: User, swap) -> bool:
    if swap.requester.user_id == viewer.pk:
        return False
    return swap_requests_to_decide(viewer=viewer).filter(pk=swap.pk).exists()

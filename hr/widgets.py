"""HR's home-page widgets."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from hr.models import LeaveType
from hr.permissions import decides_all_leave, manages_team, sees_all_leave
from hr.selectors import away_between, employee_for_user, leave_balance, leave_requests_to_decide


def my_leave(request: HttpRequest) -> dict:
    me = employee_for_user(user=request.user)
    if me is None:
        return {"hidden": True}
    leave_type = (
        LeaveType.objects.filter(active=True, counts_against_allowance=True).order_by("pk").first()
    )
    if leave_type is None:
        return {"hidden": True}
    return {
        "balance": leave_balance(employee=me, leave_type=leave_type, as_of=timezone.localdate())
    }


def tasks(request: HttpRequest) -> dict:
    from hr.selectors import my_tasks

    open_tasks = my_tasks(user=request.user)
    items = list(open_tasks[:5])
    if not items:
        return {"hidden": True}
    return {"tasks": items, "count": open_tasks.count(), "today": timezone.localdate()}


def approvals(request: HttpRequest) -> dict:
    if not (manages_team(request.user) or decides_all_leave(request.user)):
        return {"hidden": True}
    pending = leave_requests_to_decide(viewer=request.user).order_by("start_date")
    return {"requests": list(pending[:5]), "count": pending.count()}


def away_today(request: HttpRequest) -> dict:
    if not (manages_team(request.user) or sees_all_leave(request.user)):
        return {"hidden": True}
    today = timezone.localdate()
    away = away_between(viewer=request.user, start=today, end=today)
    return {"away": list(away[:8]), "count": away.count()}

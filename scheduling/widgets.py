"""Scheduling's home-page widgets."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from hr.permissions import manages_team
from hr.selectors import employee_for_user
from scheduling.selectors import my_shifts, swap_requests_to_decide


def next_shift(request: HttpRequest) -> dict:
    me = employee_for_user(user=request.user)
    if me is None:
        return {"hidden": True}
    today = timezone.localdate()
    now = timezone.now()
    shifts = [
        s
        for s in my_shifts(
            employee=me, start=today - timedelta(days=1), end=today + timedelta(days=30)
        )
        if s.end > now
    ][:3]
    if not shifts:
        return {"hidden": True}
    return {
        "shifts": [
            {
                "shift": s,
                "start": s.local_start,
                "end": s.local_end,
            }
            for s in shifts
        ]
    }


def swaps_waiting(request: HttpRequest) -> dict:
    if not (manages_team(request.user) or request.user.has_perm("scheduling.plan")):
        return {"hidden": True}
    count = swap_requests_to_decide(viewer=request.user).count()
    return {"hidden": count == 0, "count": count}

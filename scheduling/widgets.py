"""Scheduling's home-page widgets."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest
from django.utils import timezone

from hr.permissions import manages_team
from hr.selectors import employee_for_user
from scheduling.selectors import my_shifts
from scheduling.selectors.home import manager_work, planner_work, staff_now


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
    ][1:4]  # the first one leads the home page in its own card, with the clock
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


def now_and_clock(request: HttpRequest) -> dict:
    """A person's next shift and the clock button, first on their home page (and on a phone)."""
    me = employee_for_user(user=request.user)
    if me is None:
        return {"hidden": True}
    now = timezone.now()
    state = staff_now(employee=me, now=now)
    if state.shift is None and not state.clocked_in:
        return {"hidden": True}  # no shift ahead: the clock stays one tap away in the menu
    return {
        "now": state,
        "start": state.shift and state.shift.local_start,
        "end": state.shift and state.shift.local_end,
        "today": timezone.localdate(),
    }


def planner_todo(request: HttpRequest) -> dict:
    work = planner_work(viewer=request.user, today=timezone.localdate())
    if work is None:
        return {"hidden": True}
    return {"work": work}


def manager_todo(request: HttpRequest) -> dict:
    if not manages_team(request.user):
        return {"hidden": True}
    work = manager_work(viewer=request.user, today=timezone.localdate(), now=timezone.now())
    if work is None or work.total == 0:  # nothing to act on: the card would be noise
        return {"hidden": True}
    return {"work": work}

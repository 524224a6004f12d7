"""Operations' home-page widgets: today's tasks of the person on shift; stock needing attention."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from operations import permissions
from operations.selectors import my_tasks, stock_list


def my_tasks_today(request: HttpRequest) -> dict:
    tasks = my_tasks(user=request.user)
    if not tasks:
        return {"hidden": True}
    return {"hidden": False, "tasks": tasks, "now": timezone.now()}


def stock_attention(request: HttpRequest) -> dict:
    if not permissions.manages_stock(request.user):
        return {"hidden": True}
    return {"hidden": False, "under": stock_list(viewer=request.user, under=True).count()}

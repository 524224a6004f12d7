"""Compliance's home-page widgets: the policies a person still has to acknowledge; the
officer's open findings."""

from __future__ import annotations

from django.http import HttpRequest

from compliance.permissions import is_officer
from compliance.selectors import dashboard_figures, my_policies


def my_policies_widget(request: HttpRequest) -> dict:
    todo = [row for row in my_policies(user=request.user) if row.acknowledged_at is None]
    return {"hidden": not todo, "rows": todo[:4], "count": len(todo)}


def findings_widget(request: HttpRequest) -> dict:
    if not is_officer(request.user):
        return {"hidden": True}
    figures = dashboard_figures(viewer=request.user)
    return {"hidden": False, "figures": figures}

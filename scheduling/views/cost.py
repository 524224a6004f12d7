"""Labour cost against the weekly budget: per location, week and day for planners and managers;
per shift (with an export) only for HR and Finance, who may see pay."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from backoffice.forms import query_date
from backoffice.lists import export_response, paginate
from hr.permissions import manages_team
from scheduling.domain.times import monday
from scheduling.selectors import (
    COST_DETAIL,
    is_planner,
    labour_cost_weeks,
    location_list,
)


def _may_see(user) -> bool:
    return is_planner(user) or manages_team(user) or user.has_perm(COST_DETAIL)


@require_GET
def cost(request: HttpRequest) -> HttpResponse:
    if not _may_see(request.user):
        raise PermissionDenied
    locations = list(location_list(viewer=request.user))
    location = next((loc for loc in locations if str(loc.pk) == request.GET.get("location")), None)
    location = location or (locations[0] if locations else None)
    asked = query_date(request.GET.get("from"))
    first = monday(asked) if asked else monday(timezone.localdate()) - timedelta(weeks=3)
    last = first + timedelta(weeks=8) - timedelta(days=1)
    context = {
        "locations": locations,
        "location": location,
        "first": first,
        "last": last,
        "earlier": first - timedelta(weeks=8),
        "later": first + timedelta(weeks=8),
        "detail": request.user.has_perm(COST_DETAIL),
    }
    if location is None:
        return render(request, "scheduling/cost.html", context)
    shifts, costs, rows = labour_cost_weeks(
        location=location, first=first, weeks=8, per_person=context["detail"]
    )
    budget = location.weekly_budget
    context["rows"] = rows
    context["chart"] = {
        "type": "bar",
        "labels": [r["week"].strftime("%d.%m") for r in rows],
        "series": [
            {
                "label": _("Planned cost"),
                "data": [str(r["amount"] or 0) for r in rows],
                "colour": "blue",
            },
            {"label": _("Budget"), "data": [str(budget or 0) for _r in rows], "colour": "orange"},
        ],
    }
    if context["detail"]:
        lines = [
            (
                s.day,
                f"{s.local_start:%H:%M}-{s.local_end:%H:%M}",
                s.employee.full_name,
                s.template.name if s.template_id else "",
                s.paid_minutes,
                costs.get(s.pk),
            )
            for s in shifts
        ]
        exported = export_response(
            request,
            basename=f"labour-cost-{location.code}-{first:%Y%m%d}",
            header=[_("Date"), _("Time"), _("Employee"), _("Shift"), _("Minutes"), _("Cost")],
            rows=lambda: lines,
        )
        if exported is not None:
            return exported
        context["page"] = paginate(request, lines)
    return render(request, "scheduling/cost.html", context)

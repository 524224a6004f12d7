"""The HR dashboard: headcount over a year, joiners and leavers, who is away, what expires. The
figures come from ``hr.selectors.dashboard``; this view checks access and draws them."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hr.permissions import manages_team, sees_everyone
from hr.selectors.dashboard import HiringFigures, hiring_figures, workforce_figures


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """HR sees the company; a manager sees their team (the same page, narrowed by the selectors)."""
    if not (sees_everyone(request.user) or manages_team(request.user)):
        raise PermissionDenied
    today = timezone.localdate()
    figures = workforce_figures(viewer=request.user, today=today)
    months = [date_format(d, "M Y") for d in figures.month_ends]
    series = figures.headcount_series
    context = {
        "headcount": figures.headcount,
        "headcount_change": figures.headcount_change,
        "joiners": figures.joiners,
        "joiners_change": figures.joiners - figures.joiners_before,
        "leavers": figures.leavers,
        "leavers_change": figures.leavers - figures.leavers_before,
        "turnover": figures.turnover,
        "chart": {
            "type": "line",
            "labels": months,
            "series": [{"label": str(_("Headcount")), "data": series, "colour": "#206bc4"}],
        },
        "chart_rows": list(zip(months, series, strict=True)),
        "chart_headers": [_("Month"), _("Headcount")],
        "department_rows": [(row["department__name"], row["n"]) for row in figures.by_department],
        "department_chart": {
            "labels": [row["department__name"] for row in figures.by_department],
            "series": [
                {
                    "label": str(_("People")),
                    "data": [row["n"] for row in figures.by_department],
                    "colour": "#2fb344",
                }
            ],
        },
        "by_department": figures.by_department,
        "away_today": figures.away_today,
        "away_week": figures.away_week,
        "contracts": figures.contracts,
        "documents": figures.documents,
        "pending": figures.pending,
        "is_hr": sees_everyone(request.user),
        **_hiring_context(hiring_figures(viewer=request.user, today=today)),
        "today": today,
    }
    return render(request, "hr/dashboard.html", context)


def _hiring_context(figures: HiringFigures) -> dict:
    review_chart = None
    if figures.review_cycle is not None:
        name = figures.review_cycle.name
        review_chart = {
            "cycle": name,
            "title": f"{_('Reviews by status')} · {name}",
            "rows": [(str(label), n) for _value, label, n in figures.reviews_by_status],
            "labels": [str(label) for _value, label, _n in figures.reviews_by_status],
            "series": [
                {
                    "label": str(name),
                    "data": [n for _value, _label, n in figures.reviews_by_status],
                    "colour": "#f59f00",
                }
            ],
        }
    return {
        "overdue_trainings": figures.overdue_trainings,
        "review_chart": review_chart,
        "stages": figures.stages,
        "pipeline": figures.pipeline,
        "time_to_hire": figures.time_to_hire,
        "onboarding": figures.onboarding,
    }

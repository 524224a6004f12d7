"""Attendance against the roster for planners, managers, HR and Finance: the figures come from
``scheduling.selectors.dashboard``; this view checks access and draws them."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from backoffice.forms import query_date
from hr.permissions import manages_team, sees_everyone
from scheduling.selectors import is_planner
from scheduling.selectors.dashboard import attendance_figures


@require_GET
def attendance_dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (is_planner(user) or manages_team(user) or sees_everyone(user)):
        raise PermissionDenied
    figures = attendance_figures(
        viewer=user,
        anchor=query_date(request.GET.get("period")) or timezone.localdate(),
        today=timezone.localdate(),
        now=timezone.now(),
    )
    chart = {
        "type": "bar",
        "labels": [day.strftime("%d.%m") for day, _planned, _worked in figures.days],
        "series": [
            {
                "label": _("Shifts planned"),
                "data": [planned for _day, planned, _worked in figures.days],
                "colour": "blue",
            },
            {
                "label": _("Shifts worked"),
                "data": [worked for _day, _planned, worked in figures.days],
                "colour": "green",
            },
        ],
    }
    return render(
        request,
        "scheduling/attendance_dashboard.html",
        {
            "figures": figures,
            "start": figures.start,
            "end": figures.end,
            "previous": figures.start - timedelta(days=1),
            "following": figures.end + timedelta(days=1),
            "planned": figures.planned,
            "actual": figures.actual,
            "late_count": figures.late_count,
            "late": figures.late,
            "missed_count": figures.missed_count,
            "missed": figures.missed,
            "waiting_count": figures.waiting_count,
            "waiting": figures.waiting,
            "overtime": figures.overtime,
            "chart": chart,
            "chart_rows": [
                (date_format(day, "D j.m"), planned, worked)
                for day, planned, worked in figures.days
            ],
            "chart_headers": [_("Date"), _("Planned"), _("Worked")],
            "rows": figures.days,
        },
    )

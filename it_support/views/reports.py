"""The IT dashboard and the SLA report."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from it_support.models import Asset
from it_support.selectors import it_dashboard, sla_report
from it_support.views.common import require_agent


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    require_agent(request)
    figures = it_dashboard()
    backlog_chart = {
        "labels": [row["queue__name"] for row in figures.backlog],
        "datasets": [
            {"label": str(_("Today")), "data": [row["fresh"] for row in figures.backlog]},
            {"label": str(_("This week")), "data": [row["week"] for row in figures.backlog]},
            {"label": str(_("Older")), "data": [row["older"] for row in figures.backlog]},
        ],
    }
    assets = [(Asset.Status(k).label, v) for k, v in sorted(figures.assets.items())]
    return render(
        request,
        "it_support/dashboard.html",
        {"figures": figures, "backlog_chart": backlog_chart, "assets": assets},
    )


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    require_agent(request)
    months = request.GET.get("months", "6")
    months = int(months) if months.isdigit() and 0 < int(months) <= 36 else 6
    since = timezone.now() - timedelta(days=31 * months)
    return render(
        request,
        "it_support/sla_report.html",
        {"report": sla_report(since=since), "months": months},
    )

"""The IT dashboard and the SLA report."""

from __future__ import annotations

from datetime import timedelta

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from it_support.models import Asset
from it_support.selectors import backlog_by_age, it_dashboard, sla_met_by_week, sla_report
from it_support.selectors.reports import AGE_BUCKETS
from it_support.views.common import require_agent

#: The labels of ``AGE_BUCKETS``, in the same order.
AGE_LABELS = (
    gettext_lazy("Under a day"),
    gettext_lazy("1 to 3 days"),
    gettext_lazy("3 to 7 days"),
    gettext_lazy("1 to 4 weeks"),
    gettext_lazy("Over 30 days"),
)


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    require_agent(request)
    figures = it_dashboard()
    backlog_chart = {
        "labels": [row["queue__name"] for row in figures.backlog],
        "series": [
            {"label": str(_("Today")), "data": [row["fresh"] for row in figures.backlog]},
            {"label": str(_("This week")), "data": [row["week"] for row in figures.backlog]},
            {"label": str(_("Older")), "data": [row["older"] for row in figures.backlog]},
        ],
    }
    ages = backlog_by_age()
    age_labels = [str(label) for label in AGE_LABELS]
    age_chart = {
        "labels": age_labels,
        "series": [{"label": str(_("Open tickets")), "data": [ages[k] for k, *_r in AGE_BUCKETS]}],
    }
    weeks = sla_met_by_week()
    week_chart = {
        "type": "line",
        "labels": [date_format(w["week"], "SHORT_DATE_FORMAT") for w in weeks],
        "series": [{"label": str(_("SLA met, %")), "data": [w["percent"] for w in weeks]}],
    }
    assets = [(Asset.Status(k).label, v) for k, v in sorted(figures.assets.items())]
    return render(
        request,
        "it_support/dashboard.html",
        {
            "figures": figures,
            "backlog_chart": backlog_chart,
            "assets": assets,
            "age_chart": age_chart,
            "age_rows": [
                (label, ages[k]) for label, (k, *_r) in zip(age_labels, AGE_BUCKETS, strict=True)
            ],
            "week_chart": week_chart,
            "week_headers": [_("Week of"), _("Resolved"), _("Met"), _("Met, %")],
            "week_rows": [
                (
                    date_format(w["week"], "SHORT_DATE_FORMAT"),
                    w["resolved"],
                    w["met"],
                    "—" if w["percent"] is None else w["percent"],
                )
                for w in weeks
            ],
        },
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

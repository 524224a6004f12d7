from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from finance import permissions, selectors


@require_GET
def finance_dashboard(request: HttpRequest) -> HttpResponse:
    if not permissions.sees_ledger(request.user):
        raise PermissionDenied
    figures = selectors.finance_figures(today=timezone.localdate())
    labels = [date_format(m, "M Y") for m, _i, _e in figures.trend]
    chart = {
        "type": "line",
        "labels": labels,
        "series": [
            {
                "label": str(_("Income")),
                "data": [float(i) for _m, i, _e in figures.trend],
                "colour": "#2fb344",
            },
            {
                "label": str(_("Expenses")),
                "data": [float(e) for _m, _i, e in figures.trend],
                "colour": "#d63939",
            },
        ],
    }
    return render(
        request,
        "finance/dashboard.html",
        {
            "figures": figures,
            "chart": chart,
            "chart_rows": [
                (label, i, e) for label, (_m, i, e) in zip(labels, figures.trend, strict=True)
            ],
            "chart_headers": [_("Month"), _("Income"), _("Expenses")],
        },
    )

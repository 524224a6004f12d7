"""The operations dashboard: stock value by warehouse and its trend, what needs attention."""

from __future__ import annotations

import calendar
from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from operations import permissions, selectors
from operations.views.common import require_stock


def _month_ends(today: date, months: int = 12) -> list[date]:
    ends = []
    year, month = today.year, today.month
    for _i in range(months):
        last = date(year, month, calendar.monthrange(year, month)[1])
        ends.append(min(last, today))
        year, month = (year - 1, 12) if month == 1 else (year, month - 1)
    return list(reversed(ends))


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    require_stock(request)
    today = timezone.localdate()
    ends = _month_ends(today)
    trend = selectors.value_trend(month_ends=ends)
    values = selectors.warehouse_values_at(day=today)
    warehouses = [(w, values.get(w.pk, 0)) for w in selectors.warehouse_options()]
    labels = [date_format(d, "M Y") for d in ends]
    chart = {
        "type": "line",
        "labels": labels,
        "series": [
            {"label": str(_("Stock value")), "data": [float(v) for v in trend], "colour": "#206bc4"}
        ],
    }
    bars = {
        "type": "bar",
        "labels": [w.name for w, _v in warehouses],
        "series": [
            {
                "label": str(_("Stock value")),
                "data": [float(v) for _w, v in warehouses],
                "colour": "#2fb344",
            }
        ],
    }
    under = selectors.stock_list(viewer=request.user, under=True)
    sees_tasks = permissions.sees_location_tasks(request.user)
    return render(
        request,
        "operations/dashboard.html",
        {
            "total": sum((v for _w, v in warehouses), 0),
            "previous": trend[-2] if len(trend) > 1 else None,
            "warehouses": warehouses,
            "chart": chart,
            "chart_rows": list(zip(labels, trend, strict=True)),
            "bars": bars,
            "bar_rows": [(w.name, v) for w, v in warehouses],
            "under_count": under.count(),
            "under": under[:10],
            "late": selectors.orders_late(viewer=request.user)[:10]
            if permissions.sees_orders(request.user)
            else [],
            "counts": selectors.counts_open(),
            "completion": selectors.completion_today(viewer=request.user, day=today)
            if sees_tasks
            else [],
            "findings": selectors.findings_recent(limit=5),
        },
    )

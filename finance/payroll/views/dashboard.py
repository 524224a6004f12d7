"""The payroll dashboard, and the labour cost totals a manager sees for their departments."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from finance.payroll import permissions, selectors
from finance.payroll.forms import month_bounds
from finance.payroll.selectors.reports import payroll_dashboard
from finance.payroll.views.common import need_view


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    need_view(request)
    today = timezone.localdate()
    settings = selectors.payroll_settings_get()
    figures = payroll_dashboard(
        viewer=request.user,
        today=today,
        budget_accounts=(settings.wages_account, settings.contributions_account),
    )
    start, end = month_bounds(today)
    check = selectors.prepayroll_check(period_start=start, period_end=end)
    labels = [date_format(m.month, "M Y") for m in figures.trend]
    chart = {
        "type": "bar",
        "labels": labels,
        "series": [
            {
                "label": str(_("Employer cost")),
                "data": [float(m.cost) for m in figures.trend],
                "colour": "#206bc4",
            },
            {
                "label": str(_("Net pay")),
                "data": [float(m.net) for m in figures.trend],
                "colour": "#2fb344",
            },
        ],
    }
    departments = (
        selectors.run_department_totals(run=figures.current_run) if figures.current_run else []
    )
    department_chart = {
        "type": "bar",
        "labels": [d.name for d in departments],
        "series": [
            {
                "label": str(_("Employer cost")),
                "data": [float(d.cost) for d in departments],
                "colour": "#206bc4",
            }
        ],
    }
    return render(
        request,
        "payroll/dashboard.html",
        {
            "figures": figures,
            "check": check,
            "chart": chart,
            "chart_rows": [
                (label, m.cost, m.net) for label, m in zip(labels, figures.trend, strict=True)
            ],
            "chart_headers": [_("Month"), _("Employer cost"), _("Net pay")],
            "departments": departments,
            "department_chart": department_chart,
            "department_rows": [(d.name, d.headcount, d.cost) for d in departments],
            "department_headers": [_("Department"), _("People"), _("Employer cost")],
            "may_manage": permissions.manages_payroll(request.user),
            "month_start": start,
        },
    )


@require_GET
def department_cost(request: HttpRequest) -> HttpResponse:
    """Totals only: a manager's departments (payroll staff see every department), never a
    person's pay."""
    if not (
        permissions.sees_department_cost(request.user) or permissions.sees_payroll(request.user)
    ):
        raise PermissionDenied
    today = timezone.localdate()
    months = []
    month = today.replace(day=1)
    for _i in range(3):
        start, end = month_bounds(month)
        months.append((start, selectors.department_cost(viewer=request.user, start=start, end=end)))
        month = (start - timedelta(days=1)).replace(day=1)
    return render(request, "payroll/department_cost.html", {"months": months})

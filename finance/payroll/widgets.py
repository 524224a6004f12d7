"""Payroll's cards on the home page: this month's payroll for payroll staff, a person's latest
payslip, and a manager's department labour cost (totals only)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from finance.payroll import permissions, selectors
from finance.payroll.forms import month_bounds
from finance.payroll.selectors.reports import payroll_dashboard


def payroll_month(request: HttpRequest) -> dict:
    settings = selectors.payroll_settings_get()
    figures = payroll_dashboard(
        viewer=request.user,
        today=timezone.localdate(),
        budget_accounts=(settings.wages_account, settings.contributions_account),
    )
    return {"figures": figures}


def my_latest_payslip(request: HttpRequest) -> dict:
    if not hasattr(request.user, "employee"):
        return {"hidden": True}
    slip = selectors.my_payslips(viewer=request.user).select_related("run").first()
    return {"slip": slip} if slip else {"hidden": True}


def department_cost(request: HttpRequest) -> dict:
    if permissions.sees_payroll(request.user) or not permissions.sees_department_cost(request.user):
        return {"hidden": True}
    start, end = month_bounds(timezone.localdate())
    rows = selectors.department_cost(viewer=request.user, start=start, end=end)
    return {"rows": rows, "month": start} if rows else {"hidden": True}

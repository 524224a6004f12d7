"""Budgets: budget against actual (Finance all departments, a manager their own), entering a
department's year for an account, copying last year; a manager's view of their expense lines."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import MONTHS_3
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.filters import query_int
from backoffice.money import ZERO
from finance import permissions, selectors, services
from finance.domain.periods import MAX_YEAR, MIN_YEAR
from finance.forms import BudgetCopyForm, BudgetForm, ChartImportForm


def _sees_budgets(request: HttpRequest) -> None:
    if not (
        permissions.sees_all_budgets(request.user)
        or permissions.sees_department_budget(request.user)
    ):
        raise PermissionDenied


def _year(request: HttpRequest) -> int:
    year = query_int(request.GET.get("year"))
    return year if year and MIN_YEAR <= year <= MAX_YEAR else timezone.localdate().year


@require_GET
def budget_list(request: HttpRequest) -> HttpResponse:
    _sees_budgets(request)
    year = _year(request)
    options = selectors.department_options(viewer=request.user)
    department = query_int(request.GET.get("department"))
    rows = selectors.budget_vs_actual(viewer=request.user, year=year, department=department)
    expense_rows = [r for r in rows if r.account.type == "expense"]
    months_budget = [sum((r.months_budget[m] for r in expense_rows), ZERO) for m in range(12)]
    months_actual = [sum((r.months_actual[m] for r in expense_rows), ZERO) for m in range(12)]
    labels = [str(MONTHS_3[m]).capitalize() for m in range(1, 13)]
    chart = {
        "labels": labels,
        "series": [
            {
                "label": str(_("Budget")),
                "data": [float(v) for v in months_budget],
                "colour": "#206bc4",
            },
            {
                "label": str(_("Actual")),
                "data": [float(v) for v in months_actual],
                "colour": "#f59f00",
            },
        ],
    }
    return render(
        request,
        "finance/budget_list.html",
        {
            "rows": rows,
            "year": year,
            "years": range(year - 2, year + 2),
            "departments": options,
            "department": department,
            "chart": chart,
            "chart_rows": list(zip(labels, months_budget, months_actual, strict=True)),
            "chart_headers": [_("Month"), _("Budget"), _("Actual")],
            "can_edit": permissions.edits_budgets(request.user),
            "copy_form": BudgetCopyForm(initial={"year": year, "percent": 0}),
        },
    )


@require_http_methods(["GET", "POST"])
def budget_edit(request: HttpRequest) -> HttpResponse:
    if not permissions.edits_budgets(request.user):
        raise PermissionDenied
    initial = {"year": _year(request)}
    form = BudgetForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_set(
                actor=request.user,
                department=form.cleaned_data["department"],
                account=form.cleaned_data["account"],
                year=form.cleaned_data["year"],
                amounts=form.amounts(),
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("The budget was saved."))
            return redirect(f"{reverse('finance:budget-list')}?year={form.cleaned_data['year']}")
    return render(request, "finance/budget_form.html", {"form": form})


@require_POST
def budget_copy(request: HttpRequest) -> HttpResponse:
    if not permissions.edits_budgets(request.user):
        raise PermissionDenied
    form = BudgetCopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("finance:budget-list")
    try:
        count = services.budget_copy_from_last_year(
            actor=request.user, year=form.cleaned_data["year"], percent=form.cleaned_data["percent"]
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(count)s monthly amounts were copied.") % {"count": count})
    return redirect(f"{reverse('finance:budget-list')}?year={form.cleaned_data['year']}")


@require_GET
def expense_list(request: HttpRequest) -> HttpResponse:
    """A department's expense lines: date, account and amount, never partner, text or memo."""
    _sees_budgets(request)
    year = _year(request)
    department = query_int(request.GET.get("department"))
    start, end = date(year, 1, 1), date(year, 12, 31)
    lines = selectors.expense_lines(
        viewer=request.user, start=start, end=end, department=department
    )
    total = selectors.expense_total(
        viewer=request.user, start=start, end=end, department=department
    )
    return render(
        request,
        "finance/expense_list.html",
        {
            "lines": lines,
            "total": total,
            "year": year,
            "departments": selectors.department_options(viewer=request.user),
            "department": department,
        },
    )


@require_http_methods(["GET", "POST"])
def budget_import(request: HttpRequest) -> HttpResponse:
    """A file of department, account, year and m1..m12; one bad row and nothing is written."""
    if not permissions.edits_budgets(request.user):
        raise PermissionDenied
    form = ChartImportForm(request.POST or None, request.FILES or None)
    form.fields["upload"].help_text = _(
        "CSV or XLSX with the columns department (its code), account (its number), year and "
        "m1 to m12 (the monthly amounts)."
    )
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            count = services.budgets_import(actor=request.user, upload=form.cleaned_data["upload"])
        except services.ChartImportError as exc:
            for error in exc.errors:
                if error.column == "file":
                    form.add_error("upload", error.message)
            errors = [e for e in exc.errors if e.column != "file"]
        else:
            messages.success(request, _("%(count)s budget rows were imported.") % {"count": count})
            return redirect("finance:budget-list")
    return render(request, "finance/budget_import.html", {"form": form, "errors": errors[:500]})

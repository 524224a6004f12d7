"""Fiscal years and periods: open a year, lock and reopen months, close a year."""

from __future__ import annotations

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.services import job_start
from finance import permissions, selectors, services
from finance.forms import ReopenForm, YearForm
from finance.models import FiscalYear, Period


@require_GET
def period_list(request: HttpRequest) -> HttpResponse:
    periods = list(selectors.period_list(viewer=request.user))
    years = [(year, list(months)) for year, months in groupby(periods, key=lambda p: p.fiscal_year)]
    return render(
        request,
        "finance/period_list.html",
        {
            "years": years,
            "year_form": YearForm(),
            "can_lock": permissions.locks_periods(request.user),
            "can_open": permissions.opens_years(request.user),
        },
    )


@require_POST
def year_open(request: HttpRequest) -> HttpResponse:
    if not permissions.opens_years(request.user):
        raise PermissionDenied
    form = YearForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for e in form.errors.get("year", [])))
        return redirect("finance:period-list")
    try:
        services.fiscal_year_open(year=form.cleaned_data["year"], actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The fiscal year %(year)s was opened.") % form.cleaned_data)
    return redirect("finance:period-list")


@require_POST
def year_close(request: HttpRequest, year: int) -> HttpResponse:
    if not permissions.locks_periods(request.user):
        raise PermissionDenied
    if not FiscalYear.objects.filter(year=year).exists():
        raise Http404
    job = job_start(kind="finance.year_close", params={"year": year}, requested_by=request.user)
    return redirect("backoffice:job-detail", uuid=job.uuid)


def _period(request: HttpRequest, pk: int) -> Period:
    if not permissions.locks_periods(request.user):
        raise PermissionDenied
    period = selectors.period_list(viewer=request.user).filter(pk=pk).first()
    if period is None:
        raise Http404
    return period


@require_POST
def period_lock(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    try:
        services.period_lock(period=period, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The period %(period)s was locked.") % {"period": period})
    return redirect("finance:period-list")


@require_http_methods(["GET", "POST"])
def period_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.period_reopen(
                period=period, reason=form.cleaned_data["reason"], actor=request.user
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.error_dict.items():
                    for error in errors:
                        form.add_error(field if field in form.fields else None, error)
            else:
                form.add_error(None, exc)
        else:
            messages.success(request, _("The period %(period)s was reopened.") % {"period": period})
            return redirect("finance:period-list")
    return render(request, "finance/period_reopen.html", {"form": form, "period": period})

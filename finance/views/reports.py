"""The statements: trial balance, general ledger, profit and loss, balance sheet; their export
as background jobs."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from backoffice.services import job_start
from finance import permissions, selectors
from finance.forms import ExportForm, ReportForm
from finance.models import Account


def _form(request: HttpRequest) -> tuple[ReportForm, dict]:
    if not permissions.sees_ledger(request.user):
        raise PermissionDenied
    form = ReportForm(request.GET or None)
    start, end = form.range()
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    department = data.get("department")
    departments = selectors.visible_departments(
        viewer=request.user, wanted=department.pk if department else None
    )
    return form, {
        "start": start,
        "end": end,
        "departments": departments,
        "department": department,
        "compare": data.get("compare") or "",
        "query": request.GET.urlencode(),
    }


@require_GET
def trial_balance(request: HttpRequest) -> HttpResponse:
    form, params = _form(request)
    report = selectors.trial_balance(
        start=params["start"],
        end=params["end"],
        departments=params["departments"],
        compare=params["compare"],
    )
    return render(
        request, "finance/report_trial_balance.html", {"form": form, "report": report, **params}
    )


@require_GET
def profit_and_loss(request: HttpRequest) -> HttpResponse:
    form, params = _form(request)
    report = selectors.profit_and_loss(
        start=params["start"],
        end=params["end"],
        departments=params["departments"],
        compare=params["compare"],
    )
    return render(
        request, "finance/report_profit_loss.html", {"form": form, "report": report, **params}
    )


@require_GET
def balance_sheet(request: HttpRequest) -> HttpResponse:
    form, params = _form(request)
    report = selectors.balance_sheet(as_of=params["end"], compare=params["compare"])
    return render(
        request, "finance/report_balance_sheet.html", {"form": form, "report": report, **params}
    )


@require_GET
def general_ledger(request: HttpRequest, pk: int) -> HttpResponse:
    form, params = _form(request)
    account = Account.objects.filter(pk=pk).first()
    if account is None:
        raise Http404
    report = selectors.general_ledger(
        account=account,
        start=params["start"],
        end=params["end"],
        departments=params["departments"],
        page=request.GET.get("page") or 1,
    )
    return render(
        request,
        "finance/report_ledger.html",
        {"form": form, "report": report, "page": report.page, "account": account, **params},
    )


@require_POST
def report_export(request: HttpRequest) -> HttpResponse:
    if not permissions.sees_ledger(request.user):
        raise PermissionDenied
    form = ExportForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a report, a range and a format."))
        return redirect("finance:report-trial-balance")
    start, end = form.range()
    department = form.cleaned_data.get("department")
    job = job_start(
        kind="finance.report_export",
        params={
            "report": form.cleaned_data["report"],
            "format": form.cleaned_data["format"],
            "start": start.isoformat(),
            "end": end.isoformat(),
            "department": department.pk if department else None,
            "compare": form.cleaned_data.get("compare") or "",
        },
        requested_by=request.user,
    )
    return redirect("backoffice:job-detail", uuid=job.uuid)

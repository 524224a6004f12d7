"""A person's own payslips, for the phone: posted runs only."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from finance.payroll import selectors


@require_GET
def my_payslips(request: HttpRequest) -> HttpResponse:
    slips = list(selectors.my_payslips(viewer=request.user).select_related("run")[:36])
    return render(request, "payroll/my_payslips.html", {"slips": slips})


@require_GET
def my_payslip(request: HttpRequest, pk: int) -> HttpResponse:
    slip = (
        selectors.my_payslips(viewer=request.user)
        .select_related("run", "employee", "department")
        .filter(pk=pk)
        .first()
    )
    if slip is None:
        raise Http404
    lines = selectors.payslip_lines(payslip=slip)
    return render(
        request,
        "payroll/payslip_detail.html",
        {
            "slip": slip,
            "run": slip.run,
            "lines": lines,
            "rules": {},
            "ytd": selectors.year_to_date(payslip=slip),
            "staff_view": True,
        },
    )

"""Every payroll file leaves through one of these views, each checking who asks: the bank file,
the register (PDF or XLSX, a background job), all payslips of a run (a job), one payslip PDF
(payroll staff, or the person for their own posted payslip), and the declarations' data."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_GET, require_POST

from backoffice.selectors import organisation_get
from backoffice.services.jobs import job_start
from finance.payroll import pdf, selectors
from finance.payroll.exports.sepa import BankFileError, Debtor
from finance.payroll.models import PayrollRun
from finance.payroll.selectors.reports import declarations_build
from finance.payroll.views.common import need_manage, need_view

PAYABLE = (PayrollRun.Status.APPROVED, PayrollRun.Status.POSTED)
NOT_YET_PAYABLE = gettext_lazy("The bank file is made from an approved or posted run.")


def _debtor() -> Debtor:
    settings = selectors.payroll_settings_get()
    return Debtor(
        name=organisation_get().legal_name,
        iban=getattr(settings, "bank_iban", "") or "",
        bic=getattr(settings, "bank_bic", "") or "",
    )


@require_GET
def run_bank_file(request: HttpRequest, pk: int) -> HttpResponse:
    need_manage(request)
    run = selectors.run_get(viewer=request.user, pk=pk)
    if run.status not in PAYABLE:
        messages.error(request, NOT_YET_PAYABLE)
        return redirect("payroll:run-detail", pk=run.pk)
    try:
        content = pdf.bank_file(run=run, debtor=_debtor())
    except BankFileError as error:
        people = {message for _index, message in error.refused}
        for message in error.messages:
            if message not in people:
                messages.error(request, message)
        if error.refused:
            count = len({index for index, _message in error.refused})
            messages.error(
                request,
                ngettext(
                    "The bank file cannot pay %(count)s person; the run's page lists who and why.",
                    "The bank file cannot pay %(count)s people; the run's page lists who and why.",
                    count,
                )
                % {"count": count},
            )
        return redirect("payroll:run-detail", pk=run.pk)
    response = HttpResponse(content, content_type="application/xml")
    response["Content-Disposition"] = (
        f'attachment; filename="salaries-{run.period_start:%Y-%m}-{run.pk}.xml"'
    )
    return response


@require_POST
def run_register(request: HttpRequest, pk: int) -> HttpResponse:
    need_view(request)
    run = selectors.run_get(viewer=request.user, pk=pk)
    file_format = "pdf" if request.POST.get("format") == "pdf" else "xlsx"
    job = job_start(
        kind="payroll.register_export",
        params={"run": run.pk, "format": file_format},
        requested_by=request.user,
    )
    return redirect("backoffice:job-detail", uuid=job.uuid)


@require_POST
def run_payslips_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    need_view(request)
    run = selectors.run_get(viewer=request.user, pk=pk)
    job = job_start(kind="payroll.payslip_pdfs", params={"run": run.pk}, requested_by=request.user)
    return redirect("backoffice:job-detail", uuid=job.uuid)


def _pdf_response(slip, request: HttpRequest) -> HttpResponse:
    content = pdf.payslip_pdf(slip=slip, language=request.LANGUAGE_CODE)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf.payslip_filename(slip)}"'
    return response


@require_GET
def payslip_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    need_view(request)
    return _pdf_response(selectors.payslip_get(viewer=request.user, pk=pk), request)


@require_GET
def my_payslip_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    slip = selectors.my_payslips(viewer=request.user).select_related(
        "run", "employee", "department"
    )
    return _pdf_response(_own(slip, pk), request)


def _own(queryset, pk: int):
    slip = queryset.filter(pk=pk).first()
    if slip is None:
        raise Http404
    return slip


@require_GET
def run_declarations(request: HttpRequest, pk: int) -> HttpResponse:
    need_view(request)
    run = selectors.run_get(viewer=request.user, pk=pk)
    return render(
        request,
        "payroll/run_declarations.html",
        {"run": run, "data": declarations_build(run=run)},
    )

"""Runs: the list, a new run, a run's page (progress, review of changes, approve, post) and a
payslip's page where every line explains itself."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.lists import paginate
from finance.payroll import pdf, permissions, selectors, services
from finance.payroll.forms import RunForm
from finance.payroll.models import PayrollRun
from finance.payroll.views.common import error_messages, need_manage, need_view
from hr import permissions as hr_permissions
from hr import selectors as hr_selectors
from scheduling import selectors as scheduling_selectors

REFUSED = gettext_lazy("Nothing was changed: %(reason)s")


@require_GET
def run_list(request: HttpRequest) -> HttpResponse:
    need_view(request)
    runs = selectors.run_list(viewer=request.user).select_related("department", "location")
    status = request.GET.get("status", "")
    if status in PayrollRun.Status.values:
        runs = runs.filter(status=status)
    return render(
        request,
        "payroll/run_list.html",
        {
            "page": paginate(request, runs),
            "statuses": PayrollRun.Status.choices,
            "status": status,
            "may_manage": permissions.manages_payroll(request.user),
        },
    )


def _run_form(request: HttpRequest, data=None) -> RunForm:
    return RunForm(
        data,
        departments=hr_selectors.department_choices(),
        locations=scheduling_selectors.locations_active(),
    )


@require_http_methods(["GET", "POST"])
def run_create(request: HttpRequest) -> HttpResponse:
    need_manage(request)
    form = _run_form(request, request.POST or None)
    check = None
    if request.method == "POST" and form.is_valid():
        start, end = form.period()
        data = form.cleaned_data
        try:
            run = services.run_create(
                period_start=start,
                period_end=end,
                group=data["group"],
                department=data.get("department") if data["group"] == "department" else None,
                location=data.get("location") if data["group"] == "location" else None,
                note=data.get("note", ""),
                actor=request.user,
            )
        except ValidationError as error:
            for message in error_messages(error):
                form.add_error(None, message)
        except IntegrityError:
            form.add_error(None, _("There is already a run for this period and group."))
        else:
            messages.success(
                request, _("The run was created. Calculate it when the check is clear.")
            )
            return redirect("payroll:run-detail", pk=run.pk)
    if form.is_valid():
        start, end = form.period()
        check = selectors.prepayroll_check(period_start=start, period_end=end)
    return render(request, "payroll/run_form.html", {"form": form, "check": check})


def _bank_problems(request: HttpRequest, run: PayrollRun) -> list[dict]:
    """Everyone the bank file cannot pay, each linked to their edit page in HR where the
    viewer may change them."""
    problems = pdf.bank_file_problems(run=run)
    if not problems:
        return []
    editable: set[int] = set()
    if hr_permissions.edits_employees(request.user):
        editable = set(
            hr_selectors.employee_list(viewer=request.user)
            .filter(pk__in={p.employee_id for p in problems})
            .values_list("pk", flat=True)
        )
    return [
        {
            "name": p.name,
            "message": p.message,
            "url": reverse("hr:employee-edit", args=[p.employee_id])
            if p.employee_id in editable
            else "",
        }
        for p in problems
    ]


def _run_context(request: HttpRequest, run: PayrollRun) -> dict:
    settings = selectors.payroll_settings_get()
    changes = []
    if run.status != PayrollRun.Status.DRAFT:
        changes = selectors.run_changes(run=run)
    highlighted = [c for c in changes if c.highlighted]
    may_manage = permissions.manages_payroll(request.user)
    second_person = (
        settings.second_approval
        and run.calculated_by_id is not None
        and run.calculated_by_id == request.user.pk
    )
    check = (
        selectors.run_prepayroll_check(run=run) if run.status != PayrollRun.Status.POSTED else None
    )
    return {
        "run": run,
        "job": run.job,
        "settings": settings,
        "changes": changes,
        "changes_by_employee": {c.employee_id: c for c in changes},
        "highlighted": highlighted,
        "departments": selectors.run_department_totals(run=run)
        if run.status != PayrollRun.Status.DRAFT
        else [],
        "funds": selectors.run_fund_totals(run=run)
        if run.status != PayrollRun.Status.DRAFT
        else [],
        # The check stays on the page until the run is posted: approving and posting with open
        # items needs the acknowledgement below the buttons.
        "check": check,
        "open_items": check.count if check is not None else 0,
        "paid_elsewhere": sorted(
            selectors.paid_elsewhere(run=run).values(), key=lambda p: (p.name, p.employee_id)
        )
        if run.kind == PayrollRun.Kind.REGULAR
        else [],
        "bank_problems": _bank_problems(request, run)
        if may_manage and run.status in (PayrollRun.Status.APPROVED, PayrollRun.Status.POSTED)
        else [],
        "may_manage": may_manage,
        "may_calculate": may_manage
        and run.status
        in (PayrollRun.Status.DRAFT, PayrollRun.Status.CALCULATED, PayrollRun.Status.REVIEWED),
        "may_review": may_manage and run.status == PayrollRun.Status.CALCULATED,
        "may_approve": may_manage and run.status == PayrollRun.Status.REVIEWED,
        "approve_refused": second_person,
        "may_post": may_manage and run.status == PayrollRun.Status.APPROVED,
        "calculating": run.job is not None and run.job.is_active,
    }


@require_GET
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need_view(request)
    run = selectors.run_get(viewer=request.user, pk=pk)
    if request.htmx and request.GET.get("part") == "progress":
        return render(request, "payroll/run_detail.html#progress", {"run": run, "job": run.job})
    context = _run_context(request, run)
    payslips = selectors.payslip_list(viewer=request.user, run=run)
    query = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    if query:
        payslips = payslips.filter(employee__search_text__icontains=query.casefold())
    context.update({"page": paginate(request, payslips), "q": query})
    return render(request, "payroll/run_detail.html", context)


def _open_items_seen(request: HttpRequest) -> int | None:
    """How many open items of the pre-payroll check the person ticked as seen (None: not)."""
    try:
        return int(request.POST.get("open_items_seen", ""))
    except ValueError:
        return None


def _act(request: HttpRequest, pk: int, action, done: str, **extra) -> HttpResponse:
    need_manage(request)
    run = selectors.run_get(viewer=request.user, pk=pk)
    try:
        action(run=run, actor=request.user, **extra)
    except ValidationError as error:
        for message in error_messages(error):
            messages.error(request, REFUSED % {"reason": message})
    else:
        messages.success(request, done)
    return redirect("payroll:run-detail", pk=run.pk)


@require_POST
def run_calculate(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        services.run_calculate_start,
        _("The calculation started; the page shows its progress."),
    )


@require_POST
def run_review(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.run_review, _("The run is marked as reviewed."))


@require_POST
def run_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        services.run_approve,
        _("The run is approved."),
        open_items_seen=_open_items_seen(request),
    )


@require_POST
def run_post(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        services.run_post,
        _("The run is posted to the ledger; everybody paid can see their payslip."),
        open_items_seen=_open_items_seen(request),
    )


@require_POST
def run_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(request, pk, services.run_reopen, _("The run is back to draft."))


@require_GET
def payslip_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need_view(request)
    slip = selectors.payslip_get(viewer=request.user, pk=pk)
    lines = selectors.payslip_lines(payslip=slip)
    return render(
        request,
        "payroll/payslip_detail.html",
        {
            "slip": slip,
            "run": slip.run,
            "lines": lines,
            "rules": selectors.line_rules(lines=lines),
            "ytd": selectors.year_to_date(payslip=slip),
            "staff_view": False,
        },
    )

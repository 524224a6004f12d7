"""Expense claims: my claims and a new one on the phone (lines with receipt photos), the
manager's approval page with the department's budget left, finance's reimbursement queue, and
receipt downloads through a view that checks who may see the claim."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.lists import paginate
from finance import permissions, services
from finance.forms.payables import ClaimForm, ClaimLineForm, DecisionForm, ReimburseForm
from finance.models import ExpenseClaim, ExpenseClaimLine
from finance.selectors import expenses as selectors
from finance.views.forms_util import errors_to_form
from hr.selectors import employee_for_user


def _claims(request: HttpRequest) -> None:
    if not (
        permissions.claims_expenses(request.user)
        or permissions.decides_claims(request.user)
        or permissions.sees_all_claims(request.user)
    ):
        raise PermissionDenied


def _claim(request: HttpRequest, pk: int) -> ExpenseClaim:
    try:
        return selectors.claim_get(viewer=request.user, pk=pk)
    except ExpenseClaim.DoesNotExist:
        raise Http404 from None


@require_GET
def claim_list(request: HttpRequest) -> HttpResponse:
    """My claims, newest first (phone first: one card per claim)."""
    _claims(request)
    claims = selectors.claim_list(viewer=request.user, scope=selectors.MINE)
    return render(
        request,
        "finance/payables/claim_list.html",
        {
            "page": paginate(request, claims),
            "can_claim": permissions.claims_expenses(request.user),
            "to_decide": selectors.claims_to_decide_count(viewer=request.user)
            if permissions.decides_claims(request.user)
            else 0,
        },
    )


@require_GET
def claim_team(request: HttpRequest) -> HttpResponse:
    """The claims of the people below me: those awaiting my decision first."""
    if not permissions.decides_claims(request.user):
        raise PermissionDenied
    status = request.GET.get("status", ExpenseClaim.Status.SUBMITTED)
    claims = selectors.claim_list(viewer=request.user, scope=selectors.TEAM, status=status)
    return render(
        request,
        "finance/payables/claim_team.html",
        {
            "page": paginate(request, claims),
            "status": status,
            "statuses": [s for s in ExpenseClaim.Status.choices if s[0] != "draft"],
        },
    )


@require_GET
def claim_queue(request: HttpRequest) -> HttpResponse:
    """Finance: approved claims to reimburse, and every claim by status."""
    if not permissions.sees_all_claims(request.user):
        raise PermissionDenied
    status = request.GET.get("status", ExpenseClaim.Status.APPROVED)
    claims = selectors.claim_list(viewer=request.user, scope=selectors.ALL, status=status)
    return render(
        request,
        "finance/payables/claim_queue.html",
        {
            "page": paginate(request, claims),
            "status": status,
            "statuses": [s for s in ExpenseClaim.Status.choices if s[0] != "draft"],
        },
    )


@require_http_methods(["GET", "POST"])
def claim_create(request: HttpRequest) -> HttpResponse:
    if not permissions.claims_expenses(request.user):
        raise PermissionDenied
    form = ClaimForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            claim = services.expense_claim_create(
                employee=employee_for_user(user=request.user),
                title=form.cleaned_data["title"],
                actor=request.user,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Claim started; now add your expenses."))
            return redirect("finance:claim-detail", pk=claim.pk)
    return render(request, "finance/payables/claim_form.html", {"form": form})


@require_http_methods(["GET", "POST"])
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The claim: its lines, the add-a-line form while it is mine and a draft, the decision
    with the department's budget for the manager, and reimbursement for finance."""
    claim = _claim(request, pk)
    mine = claim.employee.user_id == request.user.pk
    line_form = None
    if mine and claim.is_editable:
        line_form = ClaimLineForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and line_form.is_valid():
            data = line_form.cleaned_data
            try:
                services.expense_line_add(
                    claim=claim,
                    spent_on=data["spent_on"],
                    description=data["description"],
                    account=data["account"],
                    amount=data["amount"],
                    receipt=data.get("receipt"),
                    actor=request.user,
                )
            except ValidationError as exc:
                errors_to_form(line_form, exc)
            else:
                messages.success(request, _("The expense was added."))
                return redirect("finance:claim-detail", pk=claim.pk)
    elif request.method == "POST":
        raise PermissionDenied
    may_decide = selectors.may_decide(viewer=request.user, claim=claim)
    may_reimburse = (
        permissions.reimburses_claims(request.user) and claim.status == ExpenseClaim.Status.APPROVED
    )
    return render(
        request,
        "finance/payables/claim_detail.html",
        {
            "claim": claim,
            "lines": selectors.claim_lines(claim=claim),
            "mine": mine,
            "line_form": line_form,
            "threshold": services.receipt_threshold(),
            "may_decide": may_decide,
            "budget": selectors.claim_budget(claim=claim) if may_decide or may_reimburse else [],
            "decision_form": DecisionForm() if may_decide else None,
            "may_reimburse": may_reimburse,
            "reimburse_form": ReimburseForm(initial={"date": timezone.localdate()})
            if may_reimburse
            else None,
        },
        status=400 if line_form is not None and line_form.errors else 200,
    )


def _do(request: HttpRequest, pk: int, call, success: str, target: str = "claim-detail"):
    claim = _claim(request, pk)
    try:
        call(claim)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
        if target == "claim-list":
            return redirect("finance:claim-list")
    return redirect("finance:claim-detail", pk=claim.pk)


@require_POST
def claim_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _do(
        request,
        pk,
        lambda c: services.expense_claim_submit(claim=c, actor=request.user),
        _("The claim was sent to your manager."),
    )


@require_POST
def claim_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return _do(
        request,
        pk,
        lambda c: services.expense_claim_delete(claim=c, actor=request.user),
        _("The draft claim was deleted."),
        target="claim-list",
    )


@require_POST
def claim_line_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        line = selectors.claim_line_get(viewer=request.user, pk=pk)
    except ExpenseClaimLine.DoesNotExist:
        raise Http404 from None
    try:
        services.expense_line_delete(line=line, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The expense was removed."))
    return redirect("finance:claim-detail", pk=line.claim_id)


@require_POST
def claim_decide(request: HttpRequest, pk: int) -> HttpResponse:
    form = DecisionForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _do(
        request,
        pk,
        lambda c: services.expense_claim_decide(
            claim=c, approve=approve, comment=comment, actor=request.user
        ),
        _("The claim was approved; finance will reimburse it.")
        if approve
        else _("The claim was rejected; the person was told why."),
    )


@require_POST
def claim_reimburse(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.reimburses_claims(request.user):
        raise PermissionDenied
    form = ReimburseForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("finance:claim-detail", pk=pk)
    return _do(
        request,
        pk,
        lambda c: services.expense_claim_reimburse(
            claim=c,
            date=form.cleaned_data["date"],
            method=form.cleaned_data["method"],
            actor=request.user,
        ),
        _("The claim was reimbursed and posted."),
    )


@require_GET
def receipt_download(request: HttpRequest, pk: int) -> FileResponse:
    try:
        line = selectors.claim_line_get(viewer=request.user, pk=pk)
    except ExpenseClaimLine.DoesNotExist:
        raise Http404 from None
    if not line.receipt:
        raise Http404
    response = FileResponse(
        line.receipt.open("rb"), as_attachment=True, filename=line.receipt_name or "receipt"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response

"""The contracts register."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.lists import export_response, paginate, sort_queryset
from backoffice.selectors import audit_events_about
from compliance import services
from compliance.forms import ContractForm, DocumentForm
from compliance.models import Contract
from compliance.permissions import is_officer
from compliance.selectors import contract_document_get, contract_list
from compliance.views.common import add_errors, require_findings, require_officer
from compliance.views.documents import document_add, document_download

SORTS = {"title": ["title", "pk"], "start": ["start", "pk"], "end": ["end", "pk"]}
HEADER = (
    gettext_lazy("Contract"),
    gettext_lazy("Counterparty"),
    gettext_lazy("Type"),
    gettext_lazy("Department"),
    gettext_lazy("Value"),
    gettext_lazy("Currency"),
    gettext_lazy("Current term ends"),
    gettext_lazy("Notice by"),
    gettext_lazy("Status"),
)


@require_GET
def contract_index(request: HttpRequest) -> HttpResponse:
    require_findings(request)
    today = timezone.localdate()
    contracts = contract_list(viewer=request.user)
    status = request.GET.get("status", "")
    if status in Contract.Status.values:
        contracts = contracts.filter(status=status)
    contracts, sort = sort_queryset(request, contracts, allowed=SORTS, default="title")
    exported = export_response(
        request,
        basename="contracts",
        header=[str(h) for h in HEADER],
        rows=lambda: (
            (
                c.title,
                c.counterparty.name,
                c.get_kind_display(),
                c.department.name if c.department else "",
                c.value,
                c.currency,
                c.deadlines(today).term.end,
                c.deadlines(today).notice_by,
                c.get_status_display(),
            )
            for c in contracts
        ),
    )
    if exported is not None:
        return exported
    page = paginate(request, contracts)
    for contract in page.object_list:
        contract.dates = contract.deadlines(today)
        contract.in_window = bool(
            contract.dates.remind_from
            and contract.dates.remind_from <= today <= contract.dates.notice_by
        )
    return render(
        request,
        "compliance/contract_list.html",
        {
            "page": page,
            "sort": sort,
            "status": status,
            "statuses": Contract.Status.choices,
            "officer": is_officer(request.user),
        },
    )


def _contract(request: HttpRequest, pk: int) -> Contract:
    contract = contract_list(viewer=request.user).filter(pk=pk).first()
    if contract is None:
        raise Http404
    return contract


@require_GET
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_findings(request)
    return _contract_page(request, _contract(request, pk))


def _contract_page(
    request: HttpRequest, contract: Contract, document_form: DocumentForm | None = None
) -> HttpResponse:
    """The contract's page; with a refused upload's form (errors and title kept) it answers 400."""
    today = timezone.localdate()
    return render(
        request,
        "compliance/contract_detail.html",
        {
            "contract": contract,
            "dates": contract.deadlines(today),
            "renewals": contract.renewals.all(),
            "documents": contract.documents.all(),
            "history": audit_events_about(target=contract)[:50],
            "document_form": document_form or DocumentForm(),
            "officer": is_officer(request.user),
        },
        status=200 if document_form is None else 400,
    )


@require_http_methods(["GET", "POST"])
def contract_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_officer(request)
    contract = _contract(request, pk) if pk else Contract(owner=request.user)
    form = ContractForm(request.POST or None, instance=contract)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.contract_save(contract=form.save(commit=False), actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Contract saved."))
            return redirect("compliance:contract-detail", contract.pk)
    return render(
        request,
        "compliance/contract_form.html",
        {"form": form, "contract": contract},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def contract_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_officer(request)
    contract = _contract(request, pk)
    return document_add(
        request,
        add=partial(services.contract_document_add, contract=contract),
        done=reverse("compliance:contract-detail", args=[contract.pk]),
        page=partial(_contract_page, request, contract),
    )


@require_GET
def contract_document_download(request: HttpRequest, pk: int) -> HttpResponse:
    require_findings(request)
    return document_download(contract_document_get(viewer=request.user, pk=pk))

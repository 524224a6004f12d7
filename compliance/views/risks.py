"""The risk register with its heat maps, and legal matters."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.lists import paginate
from backoffice.selectors import audit_events_about
from compliance import services
from compliance.forms import DeadlineForm, DocumentForm, LegalMatterForm, RiskForm
from compliance.models import LegalMatter, Risk
from compliance.selectors import heat_map, legal_document_get, risk_list
from compliance.views.common import add_errors, require_officer
from compliance.views.documents import document_add, document_download


@require_GET
def risk_index(request: HttpRequest) -> HttpResponse:
    require_officer(request)
    risks = list(risk_list(viewer=request.user).order_by("closed", "title"))
    open_risks = [r for r in risks if not r.closed]
    return render(
        request,
        "compliance/risk_list.html",
        {
            "risks": risks,
            "heat_before": heat_map(risks=open_risks, residual=False),
            "heat_after": heat_map(risks=open_risks, residual=True),
            "today": timezone.localdate(),
        },
    )


def _risk(pk: int) -> Risk:
    risk = Risk.objects.filter(pk=pk).select_related("owner").first()
    if risk is None:
        raise Http404
    return risk


@require_GET
def risk_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_officer(request)
    risk = _risk(pk)
    history = risk.history.select_related("history_user").order_by("-history_date")[:50]
    return render(request, "compliance/risk_detail.html", {"risk": risk, "history": history})


@require_http_methods(["GET", "POST"])
def risk_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_officer(request)
    risk = _risk(pk) if pk else Risk(owner=request.user)
    form = RiskForm(request.POST or None, instance=risk)
    if request.method == "POST" and form.is_valid():
        try:
            risk = services.risk_save(risk=form.save(commit=False), actor=request.user)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("Risk saved."))
            return redirect("compliance:risk-detail", risk.pk)
    return render(
        request,
        "compliance/risk_form.html",
        {"form": form, "risk": risk},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def legal_index(request: HttpRequest) -> HttpResponse:
    require_officer(request)
    matters = LegalMatter.objects.select_related("owner").prefetch_related("deadlines")
    page = paginate(request, matters.order_by("status", "-created_at"))
    today = timezone.localdate()
    for matter in page.object_list:
        matter.next_deadline = next(
            (d for d in matter.deadlines.all() if not d.done and d.due >= today), None
        )
    return render(request, "compliance/legal_list.html", {"page": page})


def _matter(pk: int) -> LegalMatter:
    matter = LegalMatter.objects.filter(pk=pk).select_related("owner").first()
    if matter is None:
        raise Http404
    return matter


@require_GET
def legal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_officer(request)
    return _matter_page(request, _matter(pk))


def _matter_page(
    request: HttpRequest, matter: LegalMatter, document_form: DocumentForm | None = None
) -> HttpResponse:
    """The matter's page; with a refused upload's form (errors and title kept) it answers 400."""
    return render(
        request,
        "compliance/legal_detail.html",
        {
            "matter": matter,
            "deadlines": matter.deadlines.all(),
            "documents": matter.documents.order_by("-uploaded_at"),
            "document_form": document_form or DocumentForm(),
            "form": DeadlineForm(),
            "history": audit_events_about(target=matter)[:50],
        },
        status=200 if document_form is None else 400,
    )


@require_http_methods(["GET", "POST"])
def legal_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_officer(request)
    matter = _matter(pk) if pk else LegalMatter(owner=request.user)
    form = LegalMatterForm(request.POST or None, instance=matter)
    if request.method == "POST" and form.is_valid():
        matter = services.legal_matter_save(matter=form.save(commit=False), actor=request.user)
        messages.success(request, _("Legal matter saved."))
        return redirect("compliance:legal-detail", matter.pk)
    return render(
        request,
        "compliance/legal_form.html",
        {"form": form, "matter": matter},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def legal_deadline_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_officer(request)
    matter = _matter(pk)
    form = DeadlineForm(request.POST)
    if form.is_valid():
        services.legal_deadline_add(matter=matter, actor=request.user, **form.cleaned_data)
        messages.success(request, _("Deadline added."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("compliance:legal-detail", matter.pk)


@require_POST
def legal_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    require_officer(request)
    matter = _matter(pk)
    return document_add(
        request,
        add=partial(services.legal_document_add, matter=matter),
        done=reverse("compliance:legal-detail", args=[matter.pk]),
        page=partial(_matter_page, request, matter),
    )


@require_GET
def legal_document_download(request: HttpRequest, pk: int) -> HttpResponse:
    require_officer(request)
    return document_download(legal_document_get(viewer=request.user, pk=pk))

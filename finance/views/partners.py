"""Partners (customers and suppliers): list with search and export, detail, form, import."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from backoffice.lists import export_response, paginate
from finance import permissions, selectors, services
from finance.forms.invoicing import PartnerForm, PartnerImportForm
from finance.models import Partner
from finance.services import ChartImportError
from finance.views.helpers import get_or_404

EXPORT_HEADER = [
    "name",
    "kind",
    "registration_number",
    "vat_number",
    "country",
    "city",
    "address",
    "emails",
    "payment_terms_days",
    "iban",
    "currency",
]


@require_GET
def partner_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.partner_list(viewer=request.user)
    text = request.GET.get("q", "")
    kind = request.GET.get("kind", "")
    qs = selectors.partner_search(qs, text)
    if kind == "customer":
        qs = qs.customers()
    elif kind == "supplier":
        qs = qs.suppliers()
    exported = export_response(
        request,
        basename="partners",
        header=EXPORT_HEADER,
        rows=lambda: ([getattr(p, f) for f in EXPORT_HEADER] for p in qs.iterator()),
    )
    if exported is not None:
        return exported
    return render(
        request,
        "finance/partner_list.html",
        {
            "page": paginate(request, qs),
            "can_edit": permissions.edits_partners(request.user),
            "q": text,
            "kind": kind,
        },
    )


@require_GET
def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_or_404(selectors.partner_get, viewer=request.user, pk=pk)
    invoices = None
    if permissions.sees_invoices(request.user):
        invoices = selectors.invoice_list(viewer=request.user).filter(partner=partner)[:20]
    return render(
        request,
        "finance/partner_detail.html",
        {
            "partner": partner,
            "invoices": invoices,
            "can_edit": permissions.edits_partners(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def partner_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    if not permissions.edits_partners(request.user):
        raise PermissionDenied
    partner = get_or_404(selectors.partner_get, viewer=request.user, pk=pk) if pk else None
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        data = {f: form.cleaned_data[f] for f in PartnerForm.Meta.fields}
        try:
            saved = services.partner_save(
                actor=request.user,
                data=data,
                partner=Partner.objects.get(pk=pk) if pk else None,
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The partner was saved."))
            return redirect("finance:partner-detail", pk=saved.pk)
    return render(request, "finance/partner_form.html", {"form": form, "partner": partner})


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require_http_methods(["GET", "POST"])
def partner_import(request: HttpRequest) -> HttpResponse:
    if not permissions.edits_partners(request.user):
        raise PermissionDenied
    form = PartnerImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            count = services.partners_import(actor=request.user, upload=form.cleaned_data["upload"])
        except ChartImportError as exc:
            for error in exc.errors:
                if error.column == "file":
                    form.add_error("upload", error.message)
            errors = [e for e in exc.errors if e.column != "file"]
        else:
            messages.success(request, _("%(count)s partners were imported.") % {"count": count})
            return redirect("finance:partner-list")
    return render(request, "finance/partner_import.html", {"form": form, "errors": errors[:500]})

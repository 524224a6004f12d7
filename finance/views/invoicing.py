"""Sales documents, tax codes, the price list, recurring invoices and batches."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.lists import export_response, paginate, sort_queryset
from backoffice.services import job_start
from finance import permissions, selectors, services
from finance.forms.invoicing import (
    BatchForm,
    DocumentLineFormSet,
    InvoiceForm,
    ProductForm,
    RecurringForm,
    TaxCodeForm,
)
from finance.models import Product, RecurringInvoice, SalesInvoice, TaxCode
from finance.services import DocumentLine
from finance.services.invoicing import vat_summary
from finance.views.helpers import get_or_404

SORTS = {
    "number": ("number", "id"),
    "date": ("issue_date", "id"),
    "partner": ("partner__name", "id"),
    "total": ("total", "id"),
    "due": ("due_date", "id"),
}
EXPORT_HEADER = [
    "number",
    "kind",
    "status",
    "issue_date",
    "tax_event_date",
    "due_date",
    "customer",
    "registration_number",
    "currency",
    "tax_base",
    "vat",
    "total",
    "total_eur",
    "credited",
    "paid",
]
STATE_LABELS = {
    "draft": (_lazy("Draft"), "bg-secondary-lt"),
    "issued": (_lazy("Issued"), "bg-blue-lt"),
    "partly_paid": (_lazy("Partly paid"), "bg-yellow-lt"),
    "paid": (_lazy("Paid"), "bg-green-lt"),
    "credited": (_lazy("Credited"), "bg-purple-lt"),
    "overdue": (_lazy("Overdue"), "bg-red-lt"),
}


def _require(allowed: bool) -> None:
    if not allowed:
        raise PermissionDenied


def _date_param(value: str) -> date | None:
    try:
        day = date.fromisoformat(value)
    except (TypeError, ValueError):
        return None
    return day if 1900 <= day.year <= 2200 else None


def _int_param(value: str) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 10 else None


@require_GET
def invoice_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.invoice_list(viewer=request.user)
    today = timezone.localdate()
    filters = {
        "state": request.GET.get("state", ""),
        "kind": request.GET.get("kind", ""),
        "partner": _int_param(request.GET.get("partner", "")),
        "text": request.GET.get("q", "")[:100],
        "start": _date_param(request.GET.get("start", "")),
        "end": _date_param(request.GET.get("end", "")),
    }
    qs = selectors.invoice_filter(qs, today=today, **filters)
    qs, sort = sort_queryset(request, qs, allowed=SORTS, default="-date")
    exported = export_response(
        request,
        basename="invoices",
        header=EXPORT_HEADER,
        rows=lambda: (
            [
                d.number or "",
                d.kind,
                selectors.invoice_state(d, today),
                d.issue_date,
                d.tax_event_date,
                d.due_date,
                d.partner_name or d.partner.name,
                d.partner_registration or d.partner.registration_number,
                d.currency,
                d.total_base,
                d.total_vat,
                d.total,
                d.base_total,
                d.credited_amount,
                d.paid_amount,
            ]
            for d in qs.iterator(chunk_size=2000)
        ),
    )
    if exported is not None:
        return exported
    page = paginate(request, qs, by_ids=True)
    rows = []
    for doc in page.object_list:
        state = selectors.invoice_state(doc, today)
        rows.append((doc, state, STATE_LABELS[state]))
    return render(
        request,
        "finance/invoice_list.html",
        {
            "page": page,
            "rows": rows,
            "sort": sort,
            "filters": filters,
            "states": [(k, v[0]) for k, v in STATE_LABELS.items() if k != "partly_paid"],
            "columns": {
                key: {
                    "param": f"-{key}" if sort.key == key and not sort.descending else key,
                    "active": sort.key == key,
                    "descending": sort.descending,
                }
                for key in SORTS
            },
            "kinds": SalesInvoice.Kind.choices,
            "partners": selectors.partner_options_of("customer").only("id", "name"),
            "can_edit": permissions.edits_invoices(request.user),
        },
    )


def _lines_initial(doc: SalesInvoice | None) -> list[dict]:
    if doc is None:
        return [{}]
    return [
        {
            "product": line.product_id,
            "description": line.description,
            "quantity": abs(line.quantity) if doc.is_credit_note else line.quantity,
            "unit": line.unit,
            "unit_price": line.unit_price,
            "tax_code": line.tax_code_id,
            "income_account": line.income_account_id,
        }
        for line in doc.lines.all()
    ] or [{}]


def _lines_from(formset) -> list[DocumentLine]:
    out = []
    for form in formset:
        if not form.is_valid() or form.is_blank:
            continue
        data = form.cleaned_data
        out.append(
            DocumentLine(
                description=data.get("description") or "",
                quantity=data.get("quantity"),
                unit_price=data.get("unit_price"),
                tax_code=data.get("tax_code"),
                income_account=data.get("income_account"),
                product=data.get("product"),
                unit=data.get("unit") or "",
            )
        )
    return out


def _with_extra_line(data) -> dict:
    copy = data.copy()
    total = int(copy.get("lines-TOTAL_FORMS", "1") or 1)
    copy["lines-TOTAL_FORMS"] = str(min(total + 1, 200))
    return copy


def _errors_to_form(form, formset, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            if field == "lines":
                formset._non_form_errors = formset.error_class(
                    [m for e in errors for m in e.messages]
                )
            elif field in form.fields:
                form.add_error(field, errors)
            else:
                form.add_error(None, errors)
    else:
        form.add_error(None, exc)


@require_http_methods(["GET", "POST"])
def invoice_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(permissions.edits_invoices(request.user))
    doc = get_or_404(selectors.invoice_get, viewer=request.user, pk=pk) if pk else None
    if doc is not None and not doc.is_draft:
        messages.error(request, _("An issued document cannot be changed."))
        return redirect("finance:invoice-detail", pk=doc.pk)
    note = doc is not None and doc.kind != SalesInvoice.Kind.INVOICE
    adding = request.method == "POST" and request.POST.get("action") == "add_line"
    if request.method == "POST":
        data = _with_extra_line(request.POST) if adding else request.POST
        form = InvoiceForm(data, instance=doc, note=note)
        formset = DocumentLineFormSet(data, prefix="lines")
    else:
        initial = {}
        if doc is None:
            initial = {"issue_date": timezone.localdate(), "currency": "EUR", "rate": 1}
            partner = selectors.partner_by_id(_int_param(request.GET.get("partner", "")))
            if partner is not None:
                initial["partner"] = partner.pk
        form = InvoiceForm(instance=doc, note=note, initial=initial)
        formset = DocumentLineFormSet(initial=_lines_initial(doc), prefix="lines")
    if request.method == "POST" and not adding:
        form_ok = form.is_valid()
        lines_ok = formset.is_valid()
        if form_ok and lines_ok:
            data = {k: v for k, v in form.cleaned_data.items() if k in form.fields}
            if note:
                data.pop("partner", None)
                data.pop("currency", None)
            if not data.get("rate"):
                data["rate"] = 1
            try:
                saved = services.invoice_draft_save(
                    actor=request.user, data=data, lines=_lines_from(formset), invoice=doc
                )
            except ValidationError as exc:
                _errors_to_form(form, formset, exc)
            else:
                messages.success(request, _("The draft was saved."))
                return redirect("finance:invoice-detail", pk=saved.pk)
    return render(
        request,
        "finance/invoice_form.html",
        {"form": form, "formset": formset, "doc": doc, "note": note},
    )


@require_GET
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    doc = get_or_404(selectors.invoice_get, viewer=request.user, pk=pk)
    lines = list(doc.lines.select_related("tax_code", "income_account", "product"))
    state = selectors.invoice_state(doc)
    return render(
        request,
        "finance/invoice_detail.html",
        {
            "doc": doc,
            "lines": lines,
            "summary": vat_summary(lines),
            "state": state,
            "state_label": STATE_LABELS[state],
            "notes": selectors.invoice_notes(doc) if doc.kind == SalesInvoice.Kind.INVOICE else [],
            "can_edit": permissions.edits_invoices(request.user) and doc.is_draft,
            "can_issue": permissions.issues_invoices(request.user) and doc.is_draft,
            "can_note": permissions.edits_invoices(request.user)
            and doc.is_issued
            and doc.kind == SalesInvoice.Kind.INVOICE,
            "can_send": permissions.issues_invoices(request.user) and doc.is_issued,
        },
    )


@require_POST
def invoice_issue(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.issues_invoices(request.user))
    doc = get_or_404(selectors.invoice_get, viewer=request.user, pk=pk)
    try:
        doc = services.invoice_issue(actor=request.user, invoice=doc)
    except ValidationError as exc:
        messages.error(request, _("Nothing was issued: %(why)s") % {"why": " ".join(exc.messages)})
    else:
        messages.success(
            request,
            _("%(kind)s %(number)s was issued.")
            % {"kind": doc.get_kind_display(), "number": doc.number},
        )
    return redirect("finance:invoice-detail", pk=doc.pk)


@require_POST
def invoice_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.edits_invoices(request.user))
    doc = get_or_404(selectors.invoice_get, viewer=request.user, pk=pk)
    try:
        services.invoice_draft_delete(actor=request.user, invoice=doc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("finance:invoice-detail", pk=doc.pk)
    messages.success(request, _("The draft was deleted."))
    return redirect("finance:invoice-list")


@require_POST
def invoice_note(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.edits_invoices(request.user))
    doc = get_or_404(selectors.invoice_get, viewer=request.user, pk=pk)
    kind = request.POST.get("kind", SalesInvoice.Kind.CREDIT_NOTE)
    if kind not in (SalesInvoice.Kind.CREDIT_NOTE, SalesInvoice.Kind.DEBIT_NOTE):
        raise Http404
    try:
        note = services.note_draft_create(actor=request.user, original=doc, kind=kind)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("finance:invoice-detail", pk=doc.pk)
    messages.success(request, _("A draft note was made from the invoice; adjust it and issue it."))
    return redirect("finance:invoice-edit", pk=note.pk)


@require_POST
def invoice_send(request: HttpRequest, pk: int) -> HttpResponse:
    _require(permissions.issues_invoices(request.user))
    doc = get_or_404(selectors.invoice_get, viewer=request.user, pk=pk)
    try:
        services.invoice_send(actor=request.user, invoice=doc)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("The document is being sent to %(to)s.") % {"to": doc.partner.emails}
        )
    return redirect("finance:invoice-detail", pk=doc.pk)


@require_GET
def invoice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored PDF of an issued document, only for whoever may see invoices."""
    doc = get_or_404(selectors.invoice_get, viewer=request.user, pk=pk)
    if not doc.is_issued:
        raise Http404
    doc = services.invoice_pdf_store(invoice=doc)
    response = FileResponse(
        doc.pdf.open("rb"),
        as_attachment=True,
        filename=f"{doc.number}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "no-store"
    return response


# Tax codes and the price list ------------------------------------------------------------


@require_GET
def taxcode_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "finance/taxcode_list.html",
        {
            "page": paginate(request, selectors.tax_code_list(viewer=request.user)),
            "can_edit": request.user.has_perm("finance.change_taxcode"),
        },
    )


@require_http_methods(["GET", "POST"])
def taxcode_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request.user.has_perm("finance.change_taxcode"))
    item = get_or_404(selectors.tax_code_list(viewer=request.user).get, pk=pk) if pk else None
    form = TaxCodeForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.tax_code_save(
                actor=request.user,
                data={f: form.cleaned_data[f] for f in TaxCodeForm.Meta.fields},
                tax_code=TaxCode.objects.get(pk=pk) if pk else None,
            )
        except ValidationError as exc:
            _errors_to_form(form, None, exc)
        else:
            messages.success(request, _("The tax code was saved."))
            return redirect("finance:taxcode-list")
    return render(request, "finance/taxcode_form.html", {"form": form, "item": item})


@require_GET
def product_list(request: HttpRequest) -> HttpResponse:
    qs = selectors.product_list(viewer=request.user)
    return render(
        request,
        "finance/product_list.html",
        {
            "page": paginate(request, qs),
            "can_edit": request.user.has_perm("finance.change_product"),
        },
    )


@require_http_methods(["GET", "POST"])
def product_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(request.user.has_perm("finance.change_product"))
    item = get_or_404(selectors.product_list(viewer=request.user).get, pk=pk) if pk else None
    form = ProductForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.product_save(
                actor=request.user,
                data={f: form.cleaned_data[f] for f in ProductForm.Meta.fields},
                product=Product.objects.get(pk=pk) if pk else None,
            )
        except ValidationError as exc:
            _errors_to_form(form, None, exc)
        else:
            messages.success(request, _("The price list item was saved."))
            return redirect("finance:product-list")
    return render(request, "finance/product_form.html", {"form": form, "item": item})


# Recurring invoices and batches -----------------------------------------------------------


@require_GET
def recurring_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "finance/recurring_list.html",
        {
            "page": paginate(request, selectors.recurring_list(viewer=request.user)),
            "can_edit": permissions.edits_invoices(request.user),
            "can_run": permissions.issues_invoices(request.user),
            "batch_form": BatchForm(initial={"month": f"{timezone.localdate():%Y-%m}"}),
        },
    )


def _template_lines(item: RecurringInvoice | None) -> list[dict]:
    if item is None:
        return [{}]
    return [
        {
            "product": line.product_id,
            "description": line.description,
            "quantity": line.quantity,
            "unit": line.unit,
            "unit_price": line.unit_price,
            "tax_code": line.tax_code_id,
            "income_account": line.income_account_id,
        }
        for line in item.lines.all()
    ] or [{}]


@require_http_methods(["GET", "POST"])
def recurring_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require(permissions.edits_invoices(request.user))
    item = get_or_404(selectors.recurring_list(viewer=request.user).get, pk=pk) if pk else None
    adding = request.method == "POST" and request.POST.get("action") == "add_line"
    if request.method == "POST":
        data = _with_extra_line(request.POST) if adding else request.POST
        form = RecurringForm(data, instance=item)
        formset = DocumentLineFormSet(data, prefix="lines")
    else:
        form = RecurringForm(instance=item)
        formset = DocumentLineFormSet(initial=_template_lines(item), prefix="lines")
    if request.method == "POST" and not adding:
        form_ok = form.is_valid()
        lines_ok = formset.is_valid()
        if form_ok and lines_ok:
            try:
                services.recurring_save(
                    actor=request.user,
                    data={f: form.cleaned_data[f] for f in RecurringForm.Meta.fields},
                    lines=_lines_from(formset),
                    template=item,
                )
            except ValidationError as exc:
                _errors_to_form(form, formset, exc)
            else:
                messages.success(request, _("The recurring invoice was saved."))
                return redirect("finance:recurring-list")
    return render(
        request,
        "finance/recurring_form.html",
        {"form": form, "formset": formset, "item": item},
    )


@require_POST
def recurring_run(request: HttpRequest) -> HttpResponse:
    _require(permissions.issues_invoices(request.user))
    today = timezone.localdate().isoformat()
    job = job_start(
        kind="finance.recurring_run",
        params={"today": today},
        requested_by=request.user,
        idempotency_key=f"finance.recurring_run:{today}:{request.user.pk}:{timezone.now():%H%M}",
    )
    return redirect("backoffice:job-detail", uuid=job.uuid)


@require_POST
def drafts_batch(request: HttpRequest) -> HttpResponse:
    _require(permissions.issues_invoices(request.user))
    form = BatchForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a month."))
        return redirect("finance:recurring-list")
    job = job_start(
        kind="finance.drafts_issue",
        params={"month": form.cleaned_data["month"], "pdf": form.cleaned_data["pdf"]},
        requested_by=request.user,
        idempotency_key=(
            f"finance.drafts_issue:{form.cleaned_data['month']}:{timezone.now():%Y%m%d%H%M%S}"
        ),
    )
    return redirect("backoffice:job-detail", uuid=job.uuid)

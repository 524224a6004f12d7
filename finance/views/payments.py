"""Payments received and paid, their allocation, bank statement import with suggested matches,
and customer statements (Finance only)."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.filters import query_int, search_query
from backoffice.lists import export_response, paginate
from backoffice.money import ZERO
from backoffice.pdf import PdfUnavailable, render_pdf
from finance import permissions, services
from finance.domain import payables as rules
from finance.forms.payables import PaymentForm, StatementImportForm, StatementPeriodForm
from finance.models import BankLine, BankStatement, Partner, Payment
from finance.selectors import payments as selectors
from finance.selectors.payments import open_invoices
from finance.views.forms_util import errors_to_form


def _sees(request: HttpRequest) -> None:
    if not permissions.sees_payments(request.user):
        raise PermissionDenied


def _records(request: HttpRequest) -> None:
    if not permissions.records_payments(request.user):
        raise PermissionDenied


@require_GET
def payment_list(request: HttpRequest) -> HttpResponse:
    _sees(request)
    direction = request.GET.get("direction", "")
    search = search_query(request)
    unallocated = request.GET.get("unallocated") == "1"
    payments = selectors.payment_list(
        viewer=request.user, direction=direction, search=search, unallocated=unallocated
    )
    exported = export_response(
        request,
        basename="payments",
        header=[
            _("Reference"),
            _("Date"),
            _("Direction"),
            _("Partner"),
            _("Amount"),
            _("Unallocated"),
            _("Bank reference"),
        ],
        rows=lambda: (
            (
                p.reference_code,
                p.date,
                p.get_direction_display(),
                str(p.partner or p.employee or ""),
                p.amount,
                p.unallocated,
                p.reference,
            )
            for p in payments.iterator()
        ),
    )
    if exported is not None:
        return exported
    return render(
        request,
        "finance/payables/payment_list.html",
        {
            "page": paginate(request, payments),
            "direction": direction,
            "search": search,
            "unallocated": unallocated,
            "directions": Payment.Direction.choices,
            "can_record": permissions.records_payments(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def payment_form(request: HttpRequest) -> HttpResponse:
    _records(request)
    initial = {
        "date": timezone.localdate(),
        "direction": request.GET.get("direction") or Payment.Direction.RECEIVED,
        "partner": query_int(request.GET.get("partner")),
    }
    form = PaymentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            payment = services.payment_record(
                direction=data["direction"],
                partner=data["partner"],
                amount=data["amount"],
                date=data["date"],
                method=data["method"],
                reference=data["reference"],
                memo=data["memo"],
                actor=request.user,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("Payment %(ref)s was recorded and posted; allocate it below.")
                % {"ref": payment.reference_code},
            )
            return redirect("finance:payment-detail", pk=payment.pk)
    return render(request, "finance/payables/payment_form.html", {"form": form})


def _payment(request: HttpRequest, pk: int) -> Payment:
    try:
        return selectors.payment_get(viewer=request.user, pk=pk)
    except Payment.DoesNotExist:
        raise Http404 from None


@require_GET
def payment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _sees(request)
    payment = _payment(request, pk)
    return _detail(request, payment)


def _detail(request: HttpRequest, payment: Payment, *, errors=(), typed=None) -> HttpResponse:
    documents = selectors.documents_to_allocate(payment=payment)
    proposed = rules.split_payment(payment.unallocated, [d.open_amount for d in documents])
    rows = [
        (doc, typed.get(f"{doc.kind}-{doc.id}", "") if typed is not None else (share or ""))
        for doc, share in zip(documents, proposed, strict=True)
    ]
    return render(
        request,
        "finance/payables/payment_detail.html",
        {
            "payment": payment,
            "allocations": selectors.payment_allocations(payment=payment),
            "rows": rows,
            "errors": errors,
            "can_undo": permissions.records_payments(request.user),
            "can_allocate": permissions.records_payments(request.user)
            and payment.partner_id
            and payment.unallocated > 0,
        },
        status=400 if errors else 200,
    )


@require_POST
def payment_allocate(request: HttpRequest, pk: int) -> HttpResponse:
    _records(request)
    payment = _payment(request, pk)
    wanted = []
    errors = []
    typed = {}
    for key, raw in request.POST.items():
        if not key.startswith(("invoice-", "bill-")) or not raw.strip():
            continue
        typed[key] = raw
        kind, _sep, doc_id = key.partition("-")
        if not doc_id.isdigit():
            continue
        wanted.append(services.AllocationIn(kind, int(doc_id), raw.strip().replace(",", ".")))
    if not wanted:
        errors.append(_("Enter an amount for at least one document."))
    else:
        try:
            services.payment_allocate(payment=payment, allocations=wanted, actor=request.user)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        return _detail(request, payment, errors=errors, typed=typed)
    messages.success(request, _("The payment was allocated."))
    return redirect("finance:payment-detail", pk=payment.pk)


@require_POST
def payment_allocation_undo(request: HttpRequest, pk: int) -> HttpResponse:
    """Undo one allocation (after the page asked to confirm); back to the payment, or to the bill
    when asked from there."""
    _records(request)
    allocation = selectors.allocation_get(viewer=request.user, pk=pk)
    if allocation is None:
        raise Http404
    try:
        services.payment_allocation_undo(allocation=allocation, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The allocation was undone; the document is open again."))
    if request.POST.get("back") == "bill" and allocation.bill_id:
        return redirect("finance:bill-detail", pk=allocation.bill_id)
    return redirect("finance:payment-detail", pk=allocation.payment_id)


# Bank statements ---------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def statement_import(request: HttpRequest) -> HttpResponse:
    _sees(request)
    form = StatementImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST":
        _records(request)
        if form.is_valid():
            upload = form.cleaned_data["upload"]
            data = upload.read(rules.MAX_STATEMENT_BYTES + 1)
            try:
                statement = services.bank_statement_import(
                    data=data,
                    filename=upload.name or "statement",
                    account=form.cleaned_data["account"],
                    actor=request.user,
                )
            except services.StatementError as exc:
                errors = exc.errors[:200]
                form.add_error("upload", _("The file was not imported; nothing was written."))
            except ValidationError as exc:
                errors_to_form(form, exc)
            else:
                messages.success(
                    request, _("The statement was imported; confirm the suggested matches.")
                )
                return redirect("finance:statement-detail", pk=statement.pk)
    return render(
        request,
        "finance/payables/statement_import.html",
        {
            "form": form,
            "errors": errors,
            "page": paginate(request, selectors.statement_list(viewer=request.user)),
            "can_import": permissions.records_payments(request.user),
        },
        status=400 if errors or form.errors else 200,
    )


@require_GET
def statement_sample(request: HttpRequest) -> HttpResponse:
    """A CAMT.053 file paying some of today's open invoices: whole, in part, by amount only,
    and one line that matches nothing; for trying the import."""
    _sees(request)
    today = timezone.localdate()
    invoices = list(open_invoices().select_related("partner").order_by("due_date", "pk")[:6])
    lines = []
    for n, doc in enumerate(invoices):
        amount = doc.open if n % 3 != 1 else (doc.open / 2).quantize(Decimal("0.01"))
        reference = f"Invoice {doc.number}" if n % 3 != 2 else ""
        lines.append(
            rules.StatementLine(
                booked_on=today - timedelta(days=1),
                amount=amount,
                counterparty=doc.partner.name,
                counterparty_iban=doc.partner.iban,
                reference=reference,
            )
        )
    lines.append(
        rules.StatementLine(
            booked_on=today - timedelta(days=1),
            amount=Decimal("-18.40"),
            counterparty="Bank fees",
            reference="Monthly account fee",
        )
    )
    stamp = timezone.now()
    data = rules.camt053_build(
        statement_id=f"STMT-{stamp:%Y%m%d%H%M%S}",
        iban="BG80BNBG96611020345678",
        created=stamp,
        lines=lines,
    )
    response = HttpResponse(data, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="camt053-sample-{today}.xml"'
    return response


def _statement(request: HttpRequest, pk: int) -> BankStatement:
    try:
        return selectors.statement_get(viewer=request.user, pk=pk)
    except BankStatement.DoesNotExist:
        raise Http404 from None


@require_GET
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _sees(request)
    statement = _statement(request, pk)
    rows = selectors.statement_lines(statement=statement)
    return render(
        request,
        "finance/payables/statement_detail.html",
        {
            "statement": statement,
            "rows": rows,
            "partners": Partner.objects.filter(is_active=True).order_by("name").only("pk", "name"),
            "can_confirm": permissions.records_payments(request.user),
        },
    )


@require_POST
def bank_line_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    _records(request)
    try:
        line = selectors.bank_line_get(viewer=request.user, pk=pk)
    except BankLine.DoesNotExist:
        raise Http404 from None
    partner = Partner.objects.filter(pk=query_int(request.POST.get("partner"))).first()
    kind = request.POST.get("kind", "")
    doc_id = query_int(request.POST.get("document"))
    document = (kind, doc_id) if kind in ("invoice", "bill") and doc_id else None
    if partner is None:
        messages.error(request, _("Choose the partner the payment is from or to."))
    else:
        try:
            payment = services.bank_line_confirm(
                line=line, partner=partner, document=document, actor=request.user
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("Payment %(ref)s of %(amount)s was recorded; %(left)s is left as credit.")
                % {
                    "ref": payment.reference_code,
                    "amount": payment.amount,
                    "left": payment.unallocated,
                }
                if payment.unallocated > ZERO
                else _("Payment %(ref)s of %(amount)s was recorded and allocated.")
                % {"ref": payment.reference_code, "amount": payment.amount},
            )
    return redirect("finance:statement-detail", pk=line.statement_id)


@require_POST
def bank_line_ignore(request: HttpRequest, pk: int) -> HttpResponse:
    _records(request)
    try:
        line = selectors.bank_line_get(viewer=request.user, pk=pk)
    except BankLine.DoesNotExist:
        raise Http404 from None
    try:
        services.bank_line_ignore(line=line, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The line is ignored; nothing was posted."))
    return redirect("finance:statement-detail", pk=line.statement_id)


# Customer statements -----------------------------------------------------------------------------


@require_GET
def customer_statement(request: HttpRequest, pk: int) -> HttpResponse:
    _sees(request)
    partner = Partner.objects.filter(pk=pk).first()
    if partner is None:
        raise Http404
    today = timezone.localdate()
    form = StatementPeriodForm(
        request.GET or None, initial={"start": today.replace(month=1, day=1), "end": today}
    )
    start, end = today.replace(month=1, day=1), today
    if request.GET and form.is_valid():
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    context = selectors.customer_statement(
        viewer=request.user, partner=partner, start=start, end=end
    )
    if request.GET.get("format") == "pdf" and not form.errors:
        try:
            pdf = render_pdf("finance/pdf/customer_statement.html", context)
        except PdfUnavailable as exc:
            messages.error(request, str(exc))
        else:
            response = HttpResponse(pdf, content_type="application/pdf")
            response["Content-Disposition"] = (
                f'attachment; filename="statement-{partner.pk}-{end.isoformat()}.pdf"'
            )
            response["Cache-Control"] = "private, no-store"
            return response
    return render(request, "finance/payables/customer_statement.html", {**context, "form": form})

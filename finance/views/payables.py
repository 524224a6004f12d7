"""Supplier bills: list, entry with lines, detail with approve, post and pay (Finance)."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.filters import search_query
from backoffice.lists import export_response, paginate
from finance import permissions, services
from finance.forms.payables import BillForm, BillLineFormSet, PayBillForm
from finance.interface import BillLineIn
from finance.models import SupplierBill
from finance.selectors import departments
from finance.selectors import payables as selectors
from finance.views.forms_util import errors_to_form


def _sees(request: HttpRequest) -> None:
    if not permissions.sees_payables(request.user):
        raise PermissionDenied


def _edits(request: HttpRequest) -> None:
    if not permissions.edits_bills(request.user):
        raise PermissionDenied


def _bill(request: HttpRequest, pk: int) -> SupplierBill:
    try:
        return selectors.bill_get(viewer=request.user, pk=pk)
    except SupplierBill.DoesNotExist:
        raise Http404 from None


STATUS_FILTERS = [
    ("", _("All")),
    ("draft", _("Draft")),
    ("approved", _("Approved")),
    ("unpaid", _("Posted, unpaid")),
    ("paid", _("Paid")),
]


@require_GET
def bill_list(request: HttpRequest) -> HttpResponse:
    _sees(request)
    status = request.GET.get("status", "")
    search = search_query(request)
    bills = selectors.bill_list(viewer=request.user, status=status, search=search)
    exported = export_response(
        request,
        basename="supplier-bills",
        header=[
            _("Reference"),
            _("Supplier"),
            _("Number"),
            _("Invoice date"),
            _("Due date"),
            _("Status"),
            _("Tax base"),
            _("VAT"),
            _("Total"),
            _("Paid"),
        ],
        rows=lambda: (
            (
                b.reference,
                b.supplier.name,
                b.number,
                b.bill_date,
                b.due_date,
                b.get_status_display(),
                b.net_total,
                b.vat_total,
                b.total,
                b.amount_paid,
            )
            for b in bills.iterator()
        ),
    )
    if exported is not None:
        return exported
    return render(
        request,
        "finance/payables/bill_list.html",
        {
            "page": paginate(request, bills),
            "status": status,
            "search": search,
            "statuses": [(k, str(v)) for k, v in STATUS_FILTERS],
            "today": timezone.localdate(),
            "can_edit": permissions.edits_bills(request.user),
        },
    )


def _line_initial(bill: SupplierBill | None) -> list[dict]:
    if bill is None:
        return []
    return [
        {
            "description": ln.description,
            "quantity": ln.quantity.normalize(),
            "unit_price": ln.unit_price.normalize(),
            "vat_rate": ln.vat_rate,
            "tax_code": ln.tax_code_id,
            "account": ln.account_id,
            "department": ln.department_id,
        }
        for ln in selectors.bill_lines(bill=bill)
    ]


@require_http_methods(["GET", "POST"])
def bill_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _edits(request)
    bill = _bill(request, pk) if pk else None
    if bill is not None and bill.status == SupplierBill.Status.POSTED:
        messages.error(request, _("A posted bill cannot be changed."))
        return redirect("finance:bill-detail", pk=bill.pk)
    today = timezone.localdate()
    initial = (
        {
            "supplier": bill.supplier_id,
            "number": bill.number,
            "bill_date": bill.bill_date,
            "due_date": bill.due_date,
            "memo": bill.memo,
        }
        if bill
        else {"bill_date": today, "due_date": today + timedelta(days=30)}
    )
    form = BillForm(request.POST or None, initial=initial)
    lines = BillLineFormSet(
        request.POST or None,
        prefix="lines",
        initial=_line_initial(bill),
        form_kwargs={"departments": departments(), "tax_codes": selectors.bill_tax_codes()},
    )
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        data = form.cleaned_data
        wanted = [
            BillLineIn(
                description=ln["description"],
                quantity=ln["quantity"],
                unit_price=ln["unit_price"],
                vat_rate=ln["vat_rate"],
                tax_code=ln.get("tax_code"),
                account=ln["account"],
                department=ln.get("department"),
            )
            for ln in lines.cleaned_data
            if ln and not ln.get("DELETE")
        ]
        try:
            saved = services.supplier_bill_save(
                bill=bill,
                supplier=data["supplier"],
                number=data["number"],
                bill_date=data["bill_date"],
                due_date=data["due_date"],
                memo=data["memo"],
                lines=wanted,
                actor=request.user,
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Bill %(ref)s was saved.") % {"ref": saved.reference})
            return redirect("finance:bill-detail", pk=saved.pk)
    return render(
        request,
        "finance/payables/bill_form.html",
        {"form": form, "lines": lines, "bill": bill},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def bill_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _sees(request)
    bill = _bill(request, pk)
    return render(
        request,
        "finance/payables/bill_detail.html",
        {
            "bill": bill,
            "lines": selectors.bill_lines(bill=bill),
            "allocations": selectors.bill_allocations(bill=bill),
            "can_edit": permissions.edits_bills(request.user),
            "can_pay": permissions.records_payments(request.user),
            "can_undo": permissions.records_payments(request.user),
            "pay_form": PayBillForm(initial={"date": timezone.localdate()}),
        },
    )


def _act(request: HttpRequest, pk: int, action, success: str) -> HttpResponse:
    bill = _bill(request, pk)
    try:
        action(bill=bill, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success % {"ref": bill.reference})
    return redirect("finance:bill-detail", pk=bill.pk)


@require_POST
def bill_approve(request: HttpRequest, pk: int) -> HttpResponse:
    _edits(request)
    return _act(request, pk, services.supplier_bill_approve, _("Bill %(ref)s was approved."))


@require_POST
def bill_post(request: HttpRequest, pk: int) -> HttpResponse:
    _edits(request)
    return _act(request, pk, services.supplier_bill_post, _("Bill %(ref)s was posted."))


@require_POST
def bill_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _edits(request)
    bill = _bill(request, pk)
    try:
        services.supplier_bill_delete(bill=bill, actor=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("finance:bill-detail", pk=bill.pk)
    messages.success(request, _("The draft bill was deleted."))
    return redirect("finance:bill-list")


@require_POST
def bill_pay(request: HttpRequest, pk: int) -> HttpResponse:
    if not permissions.records_payments(request.user):
        raise PermissionDenied
    bill = _bill(request, pk)
    form = PayBillForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("finance:bill-detail", pk=bill.pk)
    try:
        payment = services.supplier_bill_pay(
            bill=bill,
            date=form.cleaned_data["date"],
            method=form.cleaned_data["method"],
            actor=request.user,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("Payment %(ref)s of %(amount)s was recorded; the bill is paid.")
            % {"ref": payment.reference_code, "amount": payment.amount},
        )
    return redirect("finance:bill-detail", pk=bill.pk)

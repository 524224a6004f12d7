"""Suggested orders, purchase orders through approval, sending and receipt."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.lists import paginate
from operations import permissions, selectors, services
from operations.forms import OrderForm, OrderLineFormSet
from operations.models import PurchaseOrder
from operations.views.common import errors_to_form, messages_of, require


def _order_or_404(request, pk: int) -> PurchaseOrder:
    try:
        return selectors.order_get(viewer=request.user, pk=pk)
    except PurchaseOrder.DoesNotExist:
        raise Http404 from None


@require_GET
def order_index(request: HttpRequest) -> HttpResponse:
    require(permissions.sees_orders, request)
    orders = selectors.order_list(viewer=request.user)
    status = request.GET.get("status", "")
    if status in PurchaseOrder.Status.values:
        orders = orders.filter(status=status)
    page = paginate(request, orders)
    return render(
        request,
        "operations/order_list.html",
        {
            "page": page,
            "totals": selectors.order_totals(orders=page.object_list),
            "statuses": PurchaseOrder.Status.choices,
            "status": status,
            "manages": permissions.manages_orders(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def order_create(request: HttpRequest) -> HttpResponse:
    require(permissions.manages_orders, request)
    form = OrderForm(request.POST or None)
    lines = OrderLineFormSet(request.POST or None, prefix="lines")
    if request.method == "POST" and form.is_valid() and lines.is_valid():
        wanted = [
            (f.cleaned_data["item"], f.cleaned_data["quantity"], f.cleaned_data.get("price"))
            for f in lines
            if f.cleaned_data.get("item")
        ]
        wanted = [
            (item, q, p if p is not None else (item.supplier_price or 0)) for item, q, p in wanted
        ]
        try:
            order = services.purchase_order_create(
                lines=wanted, actor=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Draft order %(number)s saved.") % {"number": order.number})
            return redirect("operations:order-detail", order.pk)
    return render(
        request,
        "operations/order_form.html",
        {"form": form, "lines": lines},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.sees_orders, request)
    order = _order_or_404(request, pk)
    return render(
        request,
        "operations/order_detail.html",
        {
            "order": order,
            "lines": selectors.order_lines(order=order),
            "receipts": selectors.order_receipts(order=order),
            "total": services.order_total(order),
            "budget": services.order_budget(order),
            "manages": permissions.manages_orders(request.user),
            "may_exceed": permissions.may_exceed_budget(request.user),
        },
    )


@require_POST
def order_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require(permissions.manages_orders, request)
    order = _order_or_404(request, pk)
    try:
        if action == "approve":
            services.purchase_order_approve(
                order=order, actor=request.user, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Order approved."))
        elif action == "send":
            services.purchase_order_send(order=order, actor=request.user)
            messages.success(request, _("Order sent; the supplier gets it by e-mail."))
        elif action == "cancel":
            services.purchase_order_cancel(order=order, actor=request.user)
            messages.success(request, _("Order cancelled."))
        elif action == "close":
            services.purchase_order_close(order=order, actor=request.user)
            messages.success(request, _("Order closed."))
        else:
            raise Http404
    except ValidationError as exc:
        for message in messages_of(exc):
            messages.error(request, message)
    return redirect("operations:order-detail", pk)


@require_http_methods(["GET", "POST"])
def order_receive(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.manages_orders, request)
    order = _order_or_404(request, pk)
    lines = list(selectors.order_lines(order=order))
    for line in lines:
        line.typed = request.POST.get(f"line_{line.pk}", "")
    errors: list[str] = []
    if request.method == "POST":
        quantities = {ln.pk: request.POST.get(f"line_{ln.pk}", "").strip() for ln in lines}
        try:
            services.purchase_order_receive(
                order=order,
                quantities=quantities,
                reason=request.POST.get("reason", ""),
                actor=request.user,
            )
        except ValidationError as exc:
            errors = messages_of(exc)
        except ValueError:
            errors = [_("Enter the quantities as numbers.")]
        else:
            messages.success(
                request, _("Goods received; a draft supplier bill is waiting in finance.")
            )
            return redirect("operations:order-detail", pk)
    return render(
        request,
        "operations/order_receive.html",
        {"order": order, "lines": lines, "errors": errors, "posted": request.POST},
        status=400 if errors else 200,
    )


@require_GET
def order_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.sees_orders, request)
    order = _order_or_404(request, pk)
    response = HttpResponse(services.order_pdf_bytes(order=order), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{order.number}.pdf"'
    return response


@require_http_methods(["GET", "POST"])
def suggestion_index(request: HttpRequest) -> HttpResponse:
    require(permissions.manages_orders, request)
    groups = selectors.suggestions_by_supplier()
    errors: list[str] = []
    if request.method == "POST":
        quantities = {
            key[4:]: value.strip()
            for key, value in request.POST.items()
            if key.startswith("qty_") and key[4:].isdigit()
        }
        try:
            orders = services.suggestions_confirm(quantities=quantities, actor=request.user)
        except ValidationError as exc:
            errors = messages_of(exc)
        else:
            messages.success(
                request,
                _("%(count)s draft orders made: %(numbers)s.")
                % {"count": len(orders), "numbers": ", ".join(o.number for o in orders)},
            )
            return redirect("operations:order-list")
    return render(
        request,
        "operations/suggestion_list.html",
        {"groups": groups, "errors": errors, "posted": request.POST},
        status=400 if errors else 200,
    )


@require_POST
def suggestion_refresh(request: HttpRequest) -> HttpResponse:
    require(permissions.manages_orders, request)
    count = services.reorder_suggestions_refresh()
    messages.success(
        request, _("%(count)s items are under their reorder level.") % {"count": count}
    )
    return redirect("operations:suggestion-list")


@require_GET
def receipt_index(request: HttpRequest) -> HttpResponse:
    """Finance's read-only view of what was received and its bills."""
    receipts = selectors.receipt_list(viewer=request.user)
    return render(request, "operations/receipt_list.html", {"page": paginate(request, receipts)})

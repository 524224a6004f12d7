"""Items, warehouses and places, the stock list, movements booked by hand, issues, valuation."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from backoffice.forms import query_date
from backoffice.lists import export_response, paginate
from operations import permissions, selectors, services
from operations.forms import (
    ImportForm,
    ItemForm,
    MovementForm,
    PlaceForm,
    ReorderRuleForm,
    WarehouseForm,
)
from operations.models import Item, Place, ReorderRule, Warehouse
from operations.views.common import (
    errors_to_form,
    get_or_404,
    require,
    require_manage,
    require_stock,
)

KINDS = {
    "receipt": gettext_lazy("Receive stock"),
    "issue": gettext_lazy("Issue to a department"),
    "transfer": gettext_lazy("Transfer between places"),
    "adjustment": gettext_lazy("Adjust stock"),
}


def _day(request, name: str = "on") -> date:
    """The day asked for in ``?on=``; today when it is missing, malformed or impossible."""
    return query_date(request.GET.get(name)) or timezone.localdate()


@require_GET
def stock_index(request: HttpRequest) -> HttpResponse:
    require_stock(request)
    warehouse = None
    raw = request.GET.get("warehouse", "")
    if raw.isdigit():
        warehouse = selectors.warehouse_options().filter(pk=raw).first()
    search = request.GET.get("q", "").replace("\x00", "").strip()[:100]
    under = request.GET.get("under") == "1"
    items = selectors.stock_list(
        viewer=request.user, warehouse=warehouse, search=search, under=under
    )
    exported = export_response(
        request,
        basename="stock",
        header=[_("SKU"), _("Name"), _("Unit"), _("On hand"), _("Average cost"), _("Value")],
        rows=lambda: (
            (
                i.sku,
                i.name,
                i.get_unit_display(),
                i.on_hand,
                getattr(getattr(i, "cost", None), "average", ""),
                i.value,
            )
            for i in items
        ),
    )
    if exported is not None:
        return exported
    return render(
        request,
        "operations/stock_list.html",
        {
            "page": paginate(request, items),
            "warehouses": selectors.warehouse_options(),
            "warehouse": warehouse,
            "q": search,
            "under": under,
            "manages": permissions.manages_stock(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def item_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require(permissions.manages_stock, request)
    item = get_or_404(Item.objects.all(), pk) if pk else Item()
    form = ItemForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        item = form.save()
        messages.success(request, _("Item saved."))
        return redirect("operations:item-detail", item.pk)
    return render(
        request,
        "operations/item_form.html",
        {"form": form, "item": item},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_stock(request)
    try:
        item = selectors.item_get(viewer=request.user, pk=pk)
    except Item.DoesNotExist:
        raise Http404 from None
    rule_form = ReorderRuleForm(request.POST or None)
    if request.method == "POST":
        require_manage(request)
        if rule_form.is_valid():
            services.reorder_rule_set(item=item, **rule_form.cleaned_data)
            messages.success(request, _("Reorder level saved."))
            return redirect("operations:item-detail", pk)
    on = _day(request)
    at_day = selectors.stock_at(day=on, item=item)
    return render(
        request,
        "operations/item_detail.html",
        {
            "item": item,
            "balances": selectors.item_balances(item=item),
            "rules": ReorderRule.objects.filter(item=item).select_related("warehouse"),
            "page": paginate(request, selectors.item_history(item=item)),
            "rule_form": rule_form,
            "on": on,
            "at_day": at_day,
            "manages": permissions.manages_stock(request.user),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def item_import(request: HttpRequest) -> HttpResponse:
    require_manage(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            count = services.items_import(upload=form.cleaned_data["file"], actor=request.user)
        except services.ItemImportError as exc:
            errors = exc.errors
        else:
            messages.success(request, _("%(count)s items imported.") % {"count": count})
            return redirect("operations:stock-list")
    return render(
        request,
        "operations/item_import.html",
        {"form": form, "errors": errors},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def movement_create(request: HttpRequest, kind: str) -> HttpResponse:
    require_manage(request)
    if kind not in KINDS:
        raise Http404
    initial = {}
    if request.GET.get("item", "").isdigit():
        initial["item"] = request.GET["item"]
    form = MovementForm(request.POST or None, kind=kind, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if kind == "receipt":
                services.stock_receive(
                    item=data["item"],
                    place=data["place"],
                    quantity=data["quantity"],
                    unit_cost=data["unit_cost"],
                    actor=request.user,
                )
            elif kind == "issue":
                services.stock_issue(
                    item=data["item"],
                    place=data["place"],
                    quantity=data["quantity"],
                    department=data["department"],
                    reason=data.get("reason", ""),
                    actor=request.user,
                )
            elif kind == "transfer":
                if data.get("to_place") is None:
                    raise ValidationError({"to_place": _("Choose where to transfer to.")})
                services.stock_transfer(
                    item=data["item"],
                    from_place=data["place"],
                    to_place=data["to_place"],
                    quantity=data["quantity"],
                    actor=request.user,
                )
            else:
                services.stock_adjust(
                    item=data["item"],
                    place=data["place"],
                    quantity=data["quantity"],
                    reason=data["reason"],
                    actor=request.user,
                )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(request, _("Stock movement saved."))
            return redirect("operations:item-detail", data["item"].pk)
    return render(
        request,
        "operations/movement_form.html",
        {"form": form, "kind": kind, "title": KINDS[kind]},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def issue_index(request: HttpRequest) -> HttpResponse:
    require(
        lambda u: permissions.sees_stock(u) or u.has_perm(permissions.DEPARTMENT_ORDERS), request
    )
    issues = selectors.issue_list(viewer=request.user)
    return render(request, "operations/issue_list.html", {"page": paginate(request, issues)})


@require_GET
def valuation(request: HttpRequest) -> HttpResponse:
    require_stock(request)
    on = _day(request)
    values = selectors.warehouse_values_at(day=on)
    warehouses = list(selectors.warehouse_options())
    rows = [(w, values.get(w.pk, 0)) for w in warehouses]
    return render(
        request,
        "operations/valuation.html",
        {"on": on, "rows": rows, "total": sum((v for _w, v in rows), 0)},
    )


@require_GET
def warehouse_index(request: HttpRequest) -> HttpResponse:
    require_stock(request)
    return render(
        request,
        "operations/warehouse_list.html",
        {
            "page": paginate(request, selectors.warehouse_list(viewer=request.user)),
            "manages": permissions.manages_stock(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
def warehouse_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_manage(request)
    warehouse = get_or_404(Warehouse.objects.all(), pk) if pk else Warehouse()
    form = WarehouseForm(request.POST or None, instance=warehouse)
    if request.method == "POST" and form.is_valid():
        warehouse = services.warehouse_save(warehouse=form.save(commit=False), actor=request.user)
        messages.success(request, _("Warehouse saved."))
        return redirect("operations:warehouse-detail", warehouse.pk)
    return render(
        request,
        "operations/warehouse_form.html",
        {"form": form, "warehouse": warehouse},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def warehouse_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_stock(request)
    warehouse = get_or_404(selectors.warehouse_list(viewer=request.user), pk)
    form = PlaceForm(request.POST or None, warehouse=warehouse)
    if request.method == "POST":
        require_manage(request)
        if form.is_valid():
            with transaction.atomic():
                services.place_save(place=Place(warehouse=warehouse, **form.cleaned_data))
            messages.success(request, _("Place added."))
            return redirect("operations:warehouse-detail", pk)
    places = list(selectors.place_options(warehouse=warehouse))
    return render(
        request,
        "operations/warehouse_detail.html",
        {
            "warehouse": warehouse,
            "places": [(p, p.path.count("/")) for p in places],
            "form": form,
            "value": selectors.stock_at(day=timezone.localdate(), warehouse=warehouse),
            "manages": permissions.manages_stock(request.user),
        },
        status=400 if request.method == "POST" else 200,
    )

"""Stock counts: start a sheet, count on a phone by barcode or SKU, review, post."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from backoffice.lists import paginate
from operations import permissions, services
from operations.forms import CountRecordForm, CountStartForm
from operations.models import StockCount
from operations.views.common import errors_to_form, get_or_404, messages_of, require


def _counts():
    return StockCount.objects.select_related("warehouse", "place", "created_by")


@require_http_methods(["GET", "POST"])
def count_index(request: HttpRequest) -> HttpResponse:
    require(permissions.counts_stock, request)
    form = CountStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        count = services.count_start(actor=request.user, **form.cleaned_data)
        messages.success(request, _("Count sheet started."))
        return redirect("operations:count-detail", count.pk)
    return render(
        request,
        "operations/count_list.html",
        {"page": paginate(request, _counts()), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
def count_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require(permissions.counts_stock, request)
    count = get_or_404(_counts(), pk)
    form = CountRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_by_code(code=form.cleaned_data["code"])
            line = services.count_record(
                count=count, item=item, counted=form.cleaned_data["counted"], actor=request.user
            )
        except ValidationError as exc:
            errors_to_form(form, exc)
        else:
            messages.success(
                request,
                _("%(item)s: %(counted)s counted.")
                % {"item": item.name, "counted": line.counted.normalize()},
            )
            return redirect("operations:count-detail", pk)
    lines = count.lines.select_related("item", "place", "counted_by")
    return render(
        request,
        "operations/count_detail.html",
        {"count": count, "lines": lines, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def count_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    require(permissions.counts_stock, request)
    count = get_or_404(_counts(), pk)
    try:
        if action == "submit":
            services.count_submit(count=count, actor=request.user)
            messages.success(request, _("Count sent for review."))
        elif action == "post":
            services.count_post(count=count, actor=request.user)
            messages.success(request, _("Count posted: stock corrected and the ledger updated."))
        else:
            raise Http404
    except ValidationError as exc:
        for message in messages_of(exc):
            messages.error(request, message)
    return redirect("operations:count-detail", pk)

"""Assets and licences: IT's register, check-out and check-in, QR labels, seats; a person's own
equipment with the acknowledgement on their phone."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.lists import export_response, paginate, sort_queryset
from it_support import services
from it_support.forms import AssetAuditForm, AssetForm, CheckOutForm, LicenceForm, SeatAssignForm
from it_support.models import Asset, Licence, LicenceSeat
from it_support.permissions import manages_assets, manages_licences
from it_support.selectors import (
    asset_history,
    asset_list,
    assets_held,
    assignment_of,
    employee_of,
    licence_list,
    licence_seats,
    seats_held,
)
from it_support.selectors.configuration import assets_for_audit
from it_support.views.common import form_errors

SORTS = {"tag": ("tag",), "model": ("model", "tag"), "warranty": ("warranty_end", "tag")}


def _require_assets(request):
    if not manages_assets(request.user):
        raise PermissionDenied


def _require_licences(request):
    if not manages_licences(request.user):
        raise PermissionDenied


def _asset_or_404(request, pk: int) -> Asset:
    asset = asset_list(viewer=request.user).filter(pk=pk).first()
    if asset is None:
        raise Http404
    return asset


@require_GET
def asset_index(request: HttpRequest) -> HttpResponse:
    _require_assets(request)
    assets = asset_list(viewer=request.user)
    status = request.GET.get("status", "")
    if status in Asset.Status.values:
        assets = assets.filter(status=status)
    search = request.GET.get("q", "").replace("\x00", "").strip()
    if search:
        assets = assets.filter(
            Q(tag__icontains=search) | Q(serial__icontains=search) | Q(model__icontains=search)
        )
    assets, sort = sort_queryset(request, assets, allowed=SORTS, default="tag")
    exported = export_response(
        request,
        basename="assets",
        header=[_("Asset tag"), _("Model"), _("Serial number"), _("Status"), _("Held by")],
        rows=lambda: (
            (
                a.tag,
                a.model,
                a.serial,
                a.get_status_display(),
                a.holder.full_name if a.holder else "",
            )
            for a in assets
        ),
    )
    if exported is not None:
        return exported
    return render(
        request,
        "it_support/asset_list.html",
        {
            "page": paginate(request, assets),
            "sort": sort,
            "statuses": Asset.Status.choices,
            "status": status,
            "q": search,
        },
    )


@require_http_methods(["GET", "POST"])
def asset_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_assets(request)
    asset = _asset_or_404(request, pk) if pk else Asset()
    form = AssetForm(request.POST or None, instance=asset)
    if request.method == "POST" and form.is_valid():
        asset = form.save()
        messages.success(request, _("Asset saved."))
        return redirect("it_support:asset-detail", asset.pk)
    return render(
        request,
        "it_support/asset_form.html",
        {"form": form, "asset": asset},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def asset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_assets(request)
    asset = _asset_or_404(request, pk)
    return render(
        request,
        "it_support/asset_detail.html",
        {
            "asset": asset,
            "history": asset_history(asset=asset),
            "seats": asset.seats.select_related("licence"),
            "tickets": asset.tickets.order_by("-created_at")[:20],
            "checkout_form": CheckOutForm(),
        },
    )


@require_http_methods(["GET", "POST"])
def asset_checkout(request: HttpRequest, pk: int) -> HttpResponse:
    _require_assets(request)
    asset = _asset_or_404(request, pk)
    form = CheckOutForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.asset_check_out(asset=asset, actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in getattr(exc, "message_dict", {None: exc.messages}).items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("%(tag)s checked out.") % {"tag": asset.tag})
            return redirect("it_support:asset-detail", pk)
    return render(
        request,
        "it_support/asset_checkout.html",
        {"form": form, "asset": asset},
        status=400 if request.method == "POST" else 200,
    )


@require_POST
def asset_checkin(request: HttpRequest, pk: int) -> HttpResponse:
    _require_assets(request)
    asset = _asset_or_404(request, pk)
    try:
        services.asset_check_in(
            asset=asset, actor=request.user, status=request.POST.get("status", "in_stock")
        )
    except ValidationError as exc:
        for message in form_errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("%(tag)s checked in.") % {"tag": asset.tag})
    return redirect("it_support:asset-detail", pk)


@require_GET
def asset_label(request: HttpRequest, pk: int) -> HttpResponse:
    """A printable A4 sheet with the asset's QR label (PDF)."""
    import segno

    from backoffice.pdf import render_pdf

    _require_assets(request)
    asset = _asset_or_404(request, pk)
    url = request.build_absolute_uri(reverse("it_support:asset-detail", args=[asset.pk]))
    qr = segno.make(url, error="m").svg_inline(scale=4, title=asset.tag)
    pdf = render_pdf("it_support/pdf/asset_label.html", {"asset": asset, "qr_svg": qr})
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="label-{asset.pk}.pdf"'
    return response


@require_GET
def asset_mine(request: HttpRequest) -> HttpResponse:
    me = employee_of(user=request.user)
    held = list(assets_held(employee=me)) if me else []
    seats = list(seats_held(employee=me)) if me else []
    return render(request, "it_support/asset_mine.html", {"held": held, "seats": seats})


@require_POST
def asset_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = assignment_of(viewer=request.user, pk=pk)
    if assignment is None:
        raise Http404
    try:
        services.asset_acknowledge(assignment=assignment, actor=request.user)
    except ValidationError as exc:
        for message in form_errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Thank you: receipt confirmed."))
    return redirect("it_support:asset-mine")


@require_GET
def licence_index(request: HttpRequest) -> HttpResponse:
    _require_licences(request)
    page = paginate(request, licence_list().order_by("name"))
    return render(request, "it_support/licence_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
def licence_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _require_licences(request)
    licence = Licence.objects.filter(pk=pk).first() if pk else Licence()
    if licence is None:
        raise Http404
    form = LicenceForm(request.POST or None, instance=licence)
    if request.method == "POST" and form.is_valid():
        try:
            licence = services.licence_save(
                licence=form.save(commit=False),
                seats_total=form.cleaned_data["seats_total"],
                actor=request.user,
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Licence saved."))
            return redirect("it_support:licence-detail", licence.pk)
    return render(
        request,
        "it_support/licence_form.html",
        {"form": form, "licence": licence},
        status=400 if request.method == "POST" else 200,
    )


@require_GET
def licence_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_licences(request)
    licence = licence_list().filter(pk=pk).first()
    if licence is None:
        raise Http404
    return render(
        request,
        "it_support/licence_detail.html",
        {"licence": licence, "seats": licence_seats(licence=licence), "form": SeatAssignForm()},
    )


@require_POST
def seat_assign(request: HttpRequest, pk: int) -> HttpResponse:
    _require_licences(request)
    licence = Licence.objects.filter(pk=pk).first()
    if licence is None:
        raise Http404
    form = SeatAssignForm(request.POST)
    if form.is_valid():
        try:
            services.seat_assign(
                licence=licence,
                actor=request.user,
                employee=form.cleaned_data["employee"],
                asset=form.cleaned_data["asset"],
            )
        except ValidationError as exc:
            for message in form_errors(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("Seat assigned."))
    else:
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    return redirect("it_support:licence-detail", pk)


@require_POST
def seat_free(request: HttpRequest, pk: int) -> HttpResponse:
    _require_licences(request)
    seat = LicenceSeat.objects.filter(pk=pk).first()
    if seat is None:
        raise Http404
    services.seat_free(seat=seat, actor=request.user)
    messages.success(request, _("Seat freed."))
    return redirect("it_support:licence-detail", seat.licence_id)


@require_GET
def asset_audit_list(request: HttpRequest) -> HttpResponse:
    """Assets never audited or due within 30 days, each with a one-line "seen it" form."""
    _require_assets(request)
    today = timezone.localdate()
    page = paginate(request, assets_for_audit(today=today))
    return render(
        request,
        "it_support/asset_audit.html",
        {
            "page": page,
            "today": today,
            "suggested": today + timedelta(days=365),
        },
    )


@require_POST
def asset_audit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_assets(request)
    asset = _asset_or_404(request, pk)
    form = AssetAuditForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
    else:
        location = form.cleaned_data["location"]
        try:
            services.asset_audit(
                asset=asset,
                actor=request.user,
                next_audit=form.cleaned_data["next_audit"],
                location=location or None,
            )
        except ValidationError as exc:
            for message in form_errors(exc):
                messages.error(request, message)
        else:
            messages.success(request, _("%(tag)s audited.") % {"tag": asset.tag})
    back = request.POST.get("next", "")
    return redirect(back if back.startswith("/it/") else "it_support:asset-audit-list")

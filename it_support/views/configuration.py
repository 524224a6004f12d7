"""IT's settings pages: SLA policies per queue and priority, business hours, access profiles per
position, and the incoming mail kept aside (turned into a ticket or discarded)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.lists import paginate
from it_support import services
from it_support.forms import AccessProfileForm, SlaPolicyForm
from it_support.models import AccessProfile, BusinessHours, InboundMail, SlaPolicy
from it_support.permissions import manages_settings
from it_support.selectors.configuration import (
    access_profiles,
    business_hours,
    mail_kept_aside,
    positions_without_profile,
    sla_policies,
)
from it_support.views.common import form_errors


def require_settings(request: HttpRequest) -> None:
    if not manages_settings(request.user):
        raise PermissionDenied


def _apply_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


@require_GET
def sla_policy_list(request: HttpRequest) -> HttpResponse:
    require_settings(request)
    return render(
        request,
        "it_support/settings/sla_list.html",
        {"policies": sla_policies(), "tab": "sla"},
    )


@require_http_methods(["GET", "POST"])
def sla_policy_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_settings(request)
    policy = SlaPolicy()
    if pk is not None:
        policy = SlaPolicy.objects.select_related("queue").filter(pk=pk).first()
        if policy is None:
            raise Http404
    initial = (
        {
            "queue": policy.queue_id,
            "priority": policy.priority,
            "first_response_minutes": policy.first_response_minutes,
            "resolution_minutes": policy.resolution_minutes,
            "pause_on_third_party": policy.pause_on_third_party,
        }
        if policy.pk
        else {}
    )
    form = SlaPolicyForm(request.POST or None, initial=initial, editing=policy.pk is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if policy.pk is None:
            policy.queue, policy.priority = data["queue"], data["priority"]
        try:
            services.sla_policy_save(
                policy=policy,
                first_response_minutes=data["first_response_minutes"],
                resolution_minutes=data["resolution_minutes"],
                pause_on_third_party=data["pause_on_third_party"],
                actor=request.user,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("SLA policy saved. Open tickets take the new targets at their next change."),
            )
            return redirect("it_support:sla-policy-list")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "it_support/settings/sla_form.html",
        {"form": form, "policy": policy},
        status=status,
    )


@require_http_methods(["GET", "POST"])
def business_hours_form(request: HttpRequest) -> HttpResponse:
    require_settings(request)
    current = business_hours()
    days, errors, rows = [], [], []
    field = forms.TimeField(required=False)
    for weekday, label in BusinessHours.Weekday.choices:
        row = current.get(weekday)
        opens = row.opens.strftime("%H:%M") if row else ""
        closes = row.closes.strftime("%H:%M") if row else ""
        if request.method == "POST":
            opens = request.POST.get(f"opens_{weekday}", "").strip()
            closes = request.POST.get(f"closes_{weekday}", "").strip()
            try:
                days.append((weekday, field.clean(opens), field.clean(closes)))
            except ValidationError:
                errors.append(_("%(day)s: write times as HH:MM.") % {"day": label})
        rows.append({"weekday": weekday, "label": label, "opens": opens, "closes": closes})
    if request.method == "POST" and not errors:
        try:
            services.business_hours_save(days=days, actor=request.user)
        except ValidationError as exc:
            errors = form_errors(exc)
        else:
            messages.success(
                request,
                _("Business hours saved. Open tickets take them at their next change."),
            )
            return redirect("it_support:hours-edit")
    return render(
        request,
        "it_support/settings/hours.html",
        {"rows": rows, "errors": errors, "tab": "hours"},
        status=400 if errors else 200,
    )


@require_GET
def access_profile_list(request: HttpRequest) -> HttpResponse:
    require_settings(request)
    return render(
        request,
        "it_support/settings/access_list.html",
        {"profiles": access_profiles(), "tab": "access"},
    )


@require_http_methods(["GET", "POST"])
def access_profile_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    require_settings(request)
    profile = AccessProfile()
    if pk is not None:
        profile = AccessProfile.objects.select_related("position").filter(pk=pk).first()
        if profile is None:
            raise Http404
    initial = {
        "position": profile.position_id,
        "systems": "\n".join(profile.systems or []),
        "equipment": "\n".join(profile.equipment or []),
    }
    form = AccessProfileForm(
        request.POST or None,
        initial=initial,
        positions=positions_without_profile(keep=profile.position_id),
    )
    if request.method == "POST" and form.is_valid():
        profile.position_id = form.cleaned_data["position"]
        try:
            services.access_profile_save(
                profile=profile,
                systems=form.cleaned_data["systems"],
                equipment=form.cleaned_data["equipment"],
                actor=request.user,
            )
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Access profile saved."))
            return redirect("it_support:access-profile-list")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "it_support/settings/access_form.html",
        {"form": form, "profile": profile},
        status=status,
    )


@require_GET
def mail_list(request: HttpRequest) -> HttpResponse:
    require_settings(request)
    page = paginate(request, mail_kept_aside())
    return render(request, "it_support/settings/mail_list.html", {"page": page, "tab": "mail"})


def _mail_or_404(pk: int) -> InboundMail:
    mail = InboundMail.objects.defer("raw").filter(pk=pk).first()
    if mail is None:
        raise Http404
    return mail


@require_POST
def mail_to_ticket(request: HttpRequest, pk: int) -> HttpResponse:
    require_settings(request)
    mail = _mail_or_404(pk)
    try:
        ticket = services.inbound_mail_to_ticket(mail=mail, actor=request.user)
    except ValidationError as exc:
        for message in form_errors(exc):
            messages.error(request, message)
        return redirect("it_support:mail-list")
    messages.success(request, _("Ticket %(ref)s opened from the mail.") % {"ref": ticket.reference})
    return redirect("it_support:ticket-detail", ticket.pk)


@require_POST
def mail_discard(request: HttpRequest, pk: int) -> HttpResponse:
    require_settings(request)
    mail = _mail_or_404(pk)
    try:
        services.inbound_mail_discard(mail=mail, actor=request.user)
    except ValidationError as exc:
        for message in form_errors(exc):
            messages.error(request, message)
    else:
        messages.success(request, _("Mail discarded."))
    return redirect("it_support:mail-list")

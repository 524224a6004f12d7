"""Sign-in, two-factor enrolment and verification, password change, the account page."""

from __future__ import annotations

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import devices_for_user, match_token, user_has_device
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from backoffice.audit import PlatformAudit
from backoffice.forms import TOKEN_INVALID, LanguageForm, LoginForm, TokenForm
from backoffice.roles import role_label
from backoffice.selectors import user_roles
from backoffice.services import (
    action_record,
    otp_backup_codes_regenerate,
    otp_device_pending,
    otp_disable,
    otp_enrol_confirm,
)
from backoffice.services.users import OTP_VERIFICATION_REQUIRED


class LoginView(auth_views.LoginView):
    template_name = "registration/login.html"
    form_class = LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["timed_out"] = self.request.session.pop("timed_out", False)
        context["demo_hint"] = settings.DEBUG
        return context


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "registration/password_change_form.html"
    success_url = reverse_lazy("account")

    def form_valid(self, form):
        response = super().form_valid(form)
        action_record(
            kind=PlatformAudit.PASSWORD_CHANGED,
            summary=gettext_noop("%(username)s changed their password"),
            params={"username": self.request.user.get_username()},
            actor=self.request.user,
        )
        messages.success(self.request, _("Your password was changed."))
        return response


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def account(request: HttpRequest) -> HttpResponse:
    user = request.user
    has_totp = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    backup_left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    context = {
        "roles": [role_label(r) for r in user_roles(user=user)],
        "has_totp": has_totp,
        "backup_left": backup_left,
        "language_form": LanguageForm(initial={"language": user.language}),
    }
    return render(request, "backoffice/account.html", context)


def _with_next(name: str, target: str) -> str:
    return f"{reverse(name)}?{urlencode({'next': target})}"


@require_http_methods(["GET", "POST"])
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Enrol an authenticator app: show the QR code, confirm one code, then hand out backup codes.

    This page is open before the second factor (a required role enrols here at first sign-in),
    so a person who already has a working second factor must pass it first: otherwise the
    password alone would let anyone replace the real authenticator.
    """
    verified = request.user.is_verified()
    if not verified and user_has_device(request.user, confirmed=True):
        return redirect(_with_next("otp-verify", request.get_full_path()))
    device = otp_device_pending(user=request.user, verified=verified)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = otp_enrol_confirm(
            user=request.user,
            device=device,
            token=form.cleaned_data["token"],
            verified=verified,
        )
        if codes is not None:
            otp_login(request, device)
            request.session["backup_codes"] = codes
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect(_with_next("otp-backup-codes", _safe_next(request)))
        form.add_error("token", TOKEN_INVALID)
    qr = segno.make(device.config_url, error="m")
    context = {
        "form": form,
        "qr_svg": qr.svg_inline(
            scale=5, dark="#1e293b", light="#ffffff", title=_("QR code for your authenticator app")
        ),
        "secret": _base32(device.bin_key),
        "next": _safe_next(request),
    }
    return render(request, "backoffice/otp_setup.html", context)


def _base32(key: bytes) -> str:
    import base64

    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


@require_http_methods(["GET", "POST"])
def otp_backup_codes(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not request.user.is_verified():
            return redirect(_with_next("otp-verify", reverse("account")))
        request.session["backup_codes"] = otp_backup_codes_regenerate(
            user=request.user, verified=True
        )
        messages.success(request, _("New backup codes were made; the old ones no longer work."))
        return redirect("otp-backup-codes")
    codes = request.session.pop("backup_codes", None)
    return render(
        request, "backoffice/otp_backup_codes.html", {"codes": codes, "next": _safe_next(request)}
    )


@require_http_methods(["GET", "POST"])
def otp_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not any(True for _d in devices_for_user(user)):
        return redirect(_with_next("otp-setup", _safe_next(request)))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_safe_next(request))
        action_record(
            kind=PlatformAudit.OTP_FAILED,
            summary=gettext_noop("Wrong two-factor code for %(username)s"),
            params={"username": user.get_username()},
            actor=user,
            ip_address=request.META.get("REMOTE_ADDR"),
        )
        form.add_error("token", TOKEN_INVALID)
    return render(
        request, "backoffice/otp_verify.html", {"form": form, "next": _safe_next(request)}
    )


@require_POST
def otp_disable_view(request: HttpRequest) -> HttpResponse:
    """Turn two-factor off: only from a verified session, and only when no role requires it."""
    try:
        otp_disable(user=request.user, verified=request.user.is_verified())
    except PermissionDenied:
        messages.error(request, OTP_VERIFICATION_REQUIRED)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Two-factor sign-in is off."))
    return redirect("account")

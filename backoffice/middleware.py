"""Cross-cutting request handling: timing, language, session limits, htmx redirects, 2FA, caching."""

from __future__ import annotations

import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import BadRequest, PermissionDenied
from django.db import connections
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.http import urlencode
from django.views import defaults

logger = logging.getLogger("django.request")

PASSIVE_HEADER = "HTTP_X_PASSIVE"


def is_passive(request: HttpRequest) -> bool:
    """Polling (bell, progress bars) sends ``X-Passive: 1`` and does not count as activity."""
    return request.META.get(PASSIVE_HEADER) == "1"


class _QueryTimer:
    def __init__(self) -> None:
        self.count = 0
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - start
            self.count += 1


class ServerTimingMiddleware:
    """With SERVER_TIMING=1, every response says its total time, database time and query count."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response
        self.enabled = settings.SERVER_TIMING

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self.enabled:
            return self.get_response(request)
        timer = _QueryTimer()
        start = time.perf_counter()
        with connections["default"].execute_wrapper(timer):
            response = self.get_response(request)
        total = (time.perf_counter() - start) * 1000
        response["Server-Timing"] = (
            f'total;dur={total:.1f}, db;dur={timer.seconds * 1000:.1f}, queries;desc="{timer.count} queries";dur={timer.count}'
        )
        return response


class UserLanguageMiddleware:
    """A signed-in person's pages are in their preferred language, whatever the browser says."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class SessionTimeoutMiddleware:
    """Sign out after SESSION_IDLE_MINUTES without activity or SESSION_MAX_HOURS after sign-in."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = timezone.now().timestamp()
            session = request.session
            last = session.get("last_activity", now)
            login_at = session.get("login_at", now)
            idle = now - last > settings.SESSION_IDLE_MINUTES * 60
            too_old = now - login_at > settings.SESSION_MAX_HOURS * 3600
            if idle or too_old:
                logout(request)
                request.session["timed_out"] = True
            elif not is_passive(request) and (now - last > 30 or "last_activity" not in session):
                session["last_activity"] = now
                session.setdefault("login_at", now)
        return self.get_response(request)


class HtmxLoginRedirectMiddleware:
    """An htmx request that meets the login redirect must reload the page, not swap a login form in."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.headers.get("HX-Request") and response.status_code == 302:
            location = response.get("Location", "")
            if location.startswith(reverse(settings.LOGIN_URL)) or location.startswith(
                reverse("otp-verify")
            ):
                fresh = HttpResponse(status=204)
                fresh["HX-Redirect"] = location
                return fresh
        return response


class OTPRequiredMiddleware:
    """A session must pass the second factor before anything else when the person holds a role in
    OTP_REQUIRED_ROLES or has a confirmed device: a second factor someone chose to set up protects
    their account too, so the password alone never opens it."""

    EXEMPT_NAMES = ("otp-verify", "otp-setup", "logout", "set-language", "healthz")

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not user.is_verified()
            and not request.path.startswith(settings.STATIC_URL)
            and request.path not in self._exempt_paths()
            and _needs_second_factor(user)
        ):
            from django_otp import user_has_device

            target = "otp-verify" if user_has_device(user, confirmed=True) else "otp-setup"
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse(target)}?{query}")
        return self.get_response(request)

    def _exempt_paths(self) -> set[str]:
        return {reverse(name) for name in self.EXEMPT_NAMES}


def _needs_second_factor(user) -> bool:
    """One query: does a required role or a confirmed device of any kind bind this person?"""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django_otp import device_classes

    conditions = Q()
    for model in device_classes():
        conditions |= Q(Exists(model.objects.filter(user=OuterRef("pk"), confirmed=True)))
    required = list(settings.OTP_REQUIRED_ROLES)
    if required:
        conditions |= Q(Exists(Group.objects.filter(user=OuterRef("pk"), name__in=required)))
    if not conditions:
        return False
    return get_user_model().objects.filter(conditions, pk=user.pk).exists()


class NoStoreMiddleware:
    """Signed-in pages may show pay or personal data: no browser or proxy keeps a copy."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, no_store=True, private=True)
        return response


class ProductErrorPagesMiddleware:
    """In development (``DJANGO_DEBUG``) people still see the product's own 404 and 500 pages;
    the details (the URL list, the traceback) go to the console only. ``DJANGO_DEBUG_PAGES=1``
    brings Django's debug pages back for whoever wants them. Off when debug is off: Django then
    uses the product's pages by itself."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.active = settings.DEBUG and not settings.DEBUG_PAGES

    def __call__(self, request):
        response = self.get_response(request)
        if (
            self.active
            and response.status_code == 404
            and getattr(request, "resolver_match", None) is None
            and not getattr(response, "product_page", False)
        ):
            # No URL matched: Django answered with its URL list. Say so in the console only.
            logger.warning("Not found (no URL matches): %s", request.path)
            response = self._not_found(request, Http404(request.path))
        return response

    def _not_found(self, request, exception):
        response = defaults.page_not_found(request, exception)
        response.product_page = True
        return response

    def process_exception(self, request, exception):
        if not self.active or isinstance(exception, PermissionDenied | BadRequest):
            return None
        if isinstance(exception, Http404):
            logger.warning("Not found: %s (%s)", request.path, exception)
            return self._not_found(request, exception)
        logger.error("Internal Server Error: %s", request.path, exc_info=exception)
        from backoffice.views.home import server_error

        response = server_error(request)
        response.product_page = True
        return response

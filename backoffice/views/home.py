"""The home page, global search, the language switch, the health check and the error page that
says the database is unreachable."""

from __future__ import annotations

import sys
import threading
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from backoffice.filters import search_query
from backoffice.forms import LanguageForm
from backoffice.registry import registry
from backoffice.services import user_language_set

SEARCH_MIN_LENGTH = 2
SEARCH_PER_PROVIDER = 8

#: The health check's whole broker probe, name lookup included, ends within this many seconds
#: (docker compose gives the whole check 5 s).
BROKER_PROBE_SECONDS = 1.5
BROKER_CONNECT_TIMEOUT = 1
#: Seconds a client is asked to wait before trying again while the database is unreachable.
DATABASE_RETRY_AFTER = 30


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    widgets = [(widget, widget.context(request)) for widget in registry.widgets_for(request.user)]
    widgets = [(widget, data) for widget, data in widgets if not data.get("hidden")]
    return render(request, "backoffice/home.html", {"widgets": widgets})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = search_query(request)
    groups = []
    if len(query) >= SEARCH_MIN_LENGTH:
        for provider in registry.search_providers:
            if provider.permission and not request.user.has_perm(provider.permission):
                continue
            hits = list(islice(provider.search(request.user, query), SEARCH_PER_PROVIDER))
            if hits:
                groups.append((provider, hits))
    template = "backoffice/search.html"
    if request.htmx:
        template += "#results"
    context = {"query": query, "groups": groups, "too_short": 0 < len(query) < SEARCH_MIN_LENGTH}
    return render(request, template, context)


@login_not_required
@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Switch the language; a signed-in person keeps it as their preference (pages, e-mails, PDFs)."""
    form = LanguageForm(request.POST)
    target = request.POST.get("next") or request.headers.get("referer") or "/"
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = "/"
    response = HttpResponseRedirect(target)
    if form.is_valid():
        language = form.cleaned_data["language"]
        if request.user.is_authenticated:
            user_language_set(user=request.user, language=language)
        translation.activate(language)
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE or 365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    return response


def _database_state() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


def _broker_state() -> str:
    url = settings.CELERY_BROKER_URL
    if url.startswith("filesystem"):
        folder = Path(settings.CELERY_BROKER_TRANSPORT_OPTIONS["data_folder_in"])
        return "ok" if folder.is_dir() else "error: queue folder missing"
    # A socket timeout does not bound the name lookup, so the probe runs in a thread of its own
    # and the answer is "timeout" when it has not finished in time.
    outcome: list[str] = []
    probe = threading.Thread(
        target=lambda: outcome.append(_broker_probe(url)), name="healthz-broker", daemon=True
    )
    probe.start()
    probe.join(BROKER_PROBE_SECONDS)
    return outcome[0] if outcome else "error: timeout"


def _broker_probe(url: str) -> str:
    """One connection attempt with a short connect timeout and no retries."""
    from backoffice.celery import app

    timeouts = {
        "socket_connect_timeout": BROKER_CONNECT_TIMEOUT,
        "socket_timeout": BROKER_CONNECT_TIMEOUT,
    }
    try:
        with app.connection_for_write(
            url, connect_timeout=BROKER_CONNECT_TIMEOUT, transport_options=timeouts
        ) as conn:
            conn.ensure_connection(max_retries=0)
    except Exception as exc:
        return f"error: {exc.__class__.__name__}"
    return "ok"


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    state = {"database": _database_state(), "broker": _broker_state()}
    healthy = all(value == "ok" for value in state.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **state}, status=200 if healthy else 503
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """The 500 handler. An unreachable database is not a bug of the page: people get a
    "temporarily unavailable" page (503, Retry-After) instead of the generic error.

    It may be raised anywhere, in a middleware loading the session as well as in a view, which is
    why this is the error handler and not a middleware. The page is a plain template rendered
    without the request, so no context processor touches the database (or ``request.user``).
    """
    error = sys.exc_info()[1]
    if not isinstance(error, (OperationalError, InterfaceError)):
        return defaults.server_error(request)
    html = loader.get_template("503.html").render()
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(DATABASE_RETRY_AFTER)
    response["Cache-Control"] = "no-store"
    return response

"""The home page, global search, the language switch and the health check."""

from __future__ import annotations

from itertools import islice
from pathlib import Path

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from backoffice.forms import LanguageForm
from backoffice.registry import registry
from backoffice.services import user_language_set

SEARCH_MIN_LENGTH = 2
SEARCH_PER_PROVIDER = 8


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    widgets = [(widget, widget.context(request)) for widget in registry.widgets_for(request.user)]
    widgets = [(widget, data) for widget, data in widgets if not data.get("hidden")]
    return render(request, "backoffice/home.html", {"widgets": widgets})


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:100]
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
    from backoffice.celery import app

    try:
        with app.connection_for_write(url) as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
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

"""Context builders for the platform's home-page widgets. Each takes the request, returns a dict."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.db.models.functions import TruncDate
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from backoffice.roles import role_label
from backoffice.selectors import (
    audit_event_list,
    job_list,
    notification_list,
    previous_sign_in,
    user_roles,
)


def me(request: HttpRequest) -> dict:
    roles = [role_label(name) for name in user_roles(user=request.user)]
    return {
        "roles": roles,
        "two_factor": request.user.is_verified() if hasattr(request.user, "is_verified") else False,
        "previous_sign_in": previous_sign_in(user=request.user),
    }


def recent_jobs(request: HttpRequest) -> dict:
    jobs = list(job_list(viewer=request.user).filter(requested_by=request.user)[:5])
    return {"jobs": jobs, "hidden": not jobs}


def recent_notifications(request: HttpRequest) -> dict:
    return {"notifications": list(notification_list(viewer=request.user)[:5])}


CHART_DAYS = 14


def _day_start(day):
    """Midnight of ``day`` in the current zone, so the filter can use the index on created_at."""
    from datetime import datetime, time

    return timezone.make_aware(datetime.combine(day, time.min))


def security_summary(request: HttpRequest) -> dict:
    now = timezone.now()
    events = audit_event_list(viewer=request.user).filter(created_at__gte=now - timedelta(days=7))
    previous = dict(
        audit_event_list(viewer=request.user)
        .filter(created_at__gte=now - timedelta(days=14), created_at__lt=now - timedelta(days=7))
        .filter(kind__in=["auth.login", "auth.login_failed"])
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    today = timezone.localdate()
    first_day = today - timedelta(days=CHART_DAYS - 1)
    daily = (
        audit_event_list(viewer=request.user)
        .filter(kind__in=["auth.login", "auth.login_failed"], created_at__gte=_day_start(first_day))
        .annotate(day=TruncDate("created_at", tzinfo=timezone.get_current_timezone()))
        .values_list("day", "kind")
        .annotate(n=Count("id"))
    )
    per_day = {(day, kind): n for day, kind, n in daily}
    days = [first_day + timedelta(days=i) for i in range(CHART_DAYS)]
    chart = {
        "labels": [date_format(day, "j M") for day in days],
        "series": [
            {
                "label": str(_("Sign-ins")),
                "data": [per_day.get((d, "auth.login"), 0) for d in days],
                "colour": "#2fb344",
            },
            {
                "label": str(_("Failed sign-ins")),
                "data": [per_day.get((d, "auth.login_failed"), 0) for d in days],
                "colour": "#f59f00",
            },
        ],
    }
    counts = dict(
        events.filter(kind__in=["auth.login", "auth.login_failed", "auth.lockout", "role.granted"])
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return {
        "chart": chart,
        "rows": list(
            zip(
                chart["labels"], chart["series"][0]["data"], chart["series"][1]["data"], strict=True
            )
        ),
        "logins": counts.get("auth.login", 0),
        "logins_change": counts.get("auth.login", 0) - previous.get("auth.login", 0),
        "failures": counts.get("auth.login_failed", 0),
        "failures_change": counts.get("auth.login_failed", 0)
        - previous.get("auth.login_failed", 0),
        "lockouts": counts.get("auth.lockout", 0),
        "grants": counts.get("role.granted", 0),
    }

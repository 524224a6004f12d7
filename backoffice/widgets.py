"""Context builders for the platform's home-page widgets. Each takes the request, returns a dict."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count
from django.http import HttpRequest
from django.utils import timezone

from backoffice.roles import role_label
from backoffice.selectors import audit_event_list, job_list, notification_list, user_roles


def me(request: HttpRequest) -> dict:
    roles = [role_label(name) for name in user_roles(user=request.user)]
    return {
        "roles": roles,
        "two_factor": request.user.is_verified() if hasattr(request.user, "is_verified") else False,
    }


def recent_jobs(request: HttpRequest) -> dict:
    return {"jobs": list(job_list(viewer=request.user).filter(requested_by=request.user)[:5])}


def recent_notifications(request: HttpRequest) -> dict:
    return {"notifications": list(notification_list(viewer=request.user)[:5])}


def security_summary(request: HttpRequest) -> dict:
    since = timezone.now() - timedelta(days=7)
    events = audit_event_list(viewer=request.user).filter(created_at__gte=since)
    counts = dict(
        events.filter(kind__in=["auth.login", "auth.login_failed", "auth.lockout", "role.granted"])
        .values_list("kind")
        .annotate(n=Count("id"))
        .values_list("kind", "n")
    )
    return {
        "logins": counts.get("auth.login", 0),
        "failures": counts.get("auth.login_failed", 0),
        "lockouts": counts.get("auth.lockout", 0),
        "grants": counts.get("role.granted", 0),
    }

"""What every page's shell needs: the sidebar for this user, the unread count, the organisation."""

from __future__ import annotations

from django.http import HttpRequest

from backoffice.registry import registry


def shell(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from backoffice.selectors import notification_unread_count, organisation_get

    return {
        "navigation": registry.navigation_for(user),
        "unread_count": notification_unread_count(viewer=user),
        "organisation": organisation_get(),
    }

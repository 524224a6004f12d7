"""What every page's shell needs: the sidebar for this user, the unread count, the organisation."""

from __future__ import annotations

from django.http import HttpRequest

from backoffice.registry import registry


def _active_url(path: str, navigation) -> str:
    """The one sidebar entry to light up: the longest entry URL that the current path starts with."""
    urls = [entry.url for _section, entries in navigation for entry in entries]
    matches = [url for url in urls if path == url or (url != "/" and path.startswith(url))]
    return max(matches, key=len, default="")


def shell(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from backoffice.selectors import notification_unread_count, organisation_get

    navigation = registry.navigation_for(user)
    return {
        "navigation": navigation,
        "active_nav_url": _active_url(request.path, navigation),
        "tabs": registry.tabs_for(user),
        "unread_count": notification_unread_count(viewer=user),
        "organisation": organisation_get(),
    }

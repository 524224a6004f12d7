"""The platform's global-search providers."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from backoffice.models import User
from backoffice.registry import SearchHit, registry


def pages(user, query: str) -> Iterable[SearchHit]:
    needle = query.casefold()
    for section, entries in registry.navigation_for(user):
        for entry in entries:
            if needle in str(entry.label).casefold() or needle in str(section.label).casefold():
                yield SearchHit(str(entry.label), entry.url, _("Page"), str(section.label))


def users(user, query: str) -> Iterable[SearchHit]:
    found = User.objects.filter(
        Q(username__icontains=query)
        | Q(first_name__icontains=query)
        | Q(last_name__icontains=query)
        | Q(email__icontains=query)
    ).order_by("username")[:10]
    for person in found:
        yield SearchHit(
            person.display_name,
            reverse("backoffice:user-detail", args=[person.pk]),
            _("User"),
            person.email,
        )

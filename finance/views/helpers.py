"""Small helpers shared by finance's views."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404


def get_or_404(getter, **kwargs: Any):
    """Call a selector's ``*_get``; a row the viewer may not see, or none, answers 404."""
    try:
        return getter(**kwargs)
    except ObjectDoesNotExist:
        raise Http404 from None

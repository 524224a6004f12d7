from __future__ import annotations

from collections.abc import Iterable

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from backoffice.registry import SearchHit
from hr.selectors import directory, employee_visible_ids


def people(user, query: str) -> Iterable[SearchHit]:
    """Everyone finds people in the directory; those who may open a record land on it."""
    visible = employee_visible_ids(viewer=user)
    for person in directory(search=query)[:8]:
        detail = " · ".join(str(x) for x in (person.position, person.department) if x)
        if visible is None or person.pk in visible:
            url = reverse("hr:employee-detail", args=[person.pk])
        else:
            url = reverse("hr:employee-directory") + f"?q={person.employee_number}"
        yield SearchHit(person.full_name, url, _("Person"), detail)

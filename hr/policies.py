"""Who may see which of a person's documents: one rule, used by every page, download and list.

A document's kind puts it in a scope. Pay visibility is a different scope: holding ``hr.view_pay``
(Finance) shows no document. Health data (a special category of personal data) and identity
documents reach only HR and the person; contract scans hold pay, and a document of no particular
kind may hold anything, so both stay as narrow. A manager needs only what work is planned with: the
certificates of the people below them.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Q

from backoffice.models import User
from hr.models import EmployeeDocument

Kind = EmployeeDocument.Kind


class DocumentScope(StrEnum):
    HEALTH = "health"
    IDENTITY = "identity"
    CONTRACT = "contract"
    PERSONAL = "personal"
    WORK = "work"


DOCUMENT_SCOPE: dict[str, DocumentScope] = {
    Kind.MEDICAL: DocumentScope.HEALTH,
    Kind.IDENTITY: DocumentScope.IDENTITY,
    Kind.CONTRACT: DocumentScope.CONTRACT,
    Kind.OTHER: DocumentScope.PERSONAL,
    Kind.CERTIFICATE: DocumentScope.WORK,
}
MANAGER_SCOPES = frozenset({DocumentScope.WORK})

ALL_KINDS = frozenset(str(kind) for kind in Kind.values)
MANAGER_KINDS = frozenset(str(k) for k, scope in DOCUMENT_SCOPE.items() if scope in MANAGER_SCOPES)
SEES_EVERY_DOCUMENT = "hr.view_employeedocument"


def document_kinds_by_person(*, viewer: User) -> dict[int, frozenset[str]] | None:
    """The rule itself. None: every kind of everyone's documents (HR). Otherwise, per employee id,
    the kinds ``viewer`` may see: all of their own, the work documents of the people below them."""
    from hr.selectors import employee_for_user, report_ids

    if viewer.has_perm(SEES_EVERY_DOCUMENT):
        return None
    me = employee_for_user(user=viewer)
    if me is None:
        return {}
    kinds: dict[int, frozenset[str]] = {}
    if viewer.has_perm("hr.view_team"):
        kinds.update(dict.fromkeys(report_ids(manager=me), MANAGER_KINDS))
    kinds[me.pk] = ALL_KINDS
    return kinds


def document_kinds_visible(*, viewer: User, employee_id: int) -> frozenset[str]:
    """The kinds of one person's documents ``viewer`` may see (empty: none)."""
    by_person = document_kinds_by_person(viewer=viewer)
    if by_person is None:
        return ALL_KINDS
    return by_person.get(employee_id, frozenset())


def document_filter(*, viewer: User) -> Q:
    """The same rule as a filter on ``EmployeeDocument`` across people (lists, dashboards)."""
    by_person = document_kinds_by_person(viewer=viewer)
    if by_person is None:
        return Q()
    people_by_kinds: dict[frozenset[str], list[int]] = {}
    for employee_id, kinds in by_person.items():
        people_by_kinds.setdefault(kinds, []).append(employee_id)
    condition = Q(pk__in=[])
    for kinds, people in people_by_kinds.items():
        condition |= Q(employee_id__in=sorted(people), kind__in=sorted(kinds))
    return condition

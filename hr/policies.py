"""Who may see whose records: one policy per scope, used by every page, list, download and by the
departments above HR (DESIGN.md 6).

Scopes. Work data (schedules, leave, timesheets): everyone's for HR and Finance, otherwise one's
own and, for a manager, the people below them in the chain of ``Employee.manager``. Pay: HR and
Finance, and the person; a manager never sees their reports' pay. Personal data (health and
identity documents, personal identifiers): HR and the person only.

Documents by kind. A document's kind puts it in a scope. Pay visibility is a different scope:
holding ``hr.view_pay`` (Finance) shows no document. Health data (a special category of personal
data) and identity documents reach only HR and the person; contract scans hold pay, and a document
of no particular kind may hold anything, so both stay as narrow. A manager needs only what work is
planned with: the certificates of the people below them.
"""

from __future__ import annotations

from enum import StrEnum

from django.db.models import Q

from backoffice.models import User
from hr.models import Employee, EmployeeDocument
from hr.permissions import (
    VIEW_DOCUMENTS,
    manages_team,
    sees_every_document,
    sees_everyone,
    sees_pay,
)

Kind = EmployeeDocument.Kind
MAX_DEPTH = 50


class Scope(StrEnum):
    WORK = "work"
    PAY = "pay"
    PERSONAL = "personal"


def employee_for_user(*, user: User) -> Employee | None:
    """The person behind a login (None: a login without an employee record, or anonymous)."""
    if not user.is_authenticated:
        return None
    return (
        Employee.objects.filter(user=user)
        .select_related("department", "position", "manager")
        .first()
    )


def report_ids(*, manager: Employee) -> set[int]:
    """Everyone below ``manager`` in the chain of ``Employee.manager`` (one query per level)."""
    found: set[int] = set()
    frontier = {manager.pk}
    for _depth in range(MAX_DEPTH):
        level = (
            set(Employee.objects.filter(manager_id__in=frontier).values_list("pk", flat=True))
            - found
            - {manager.pk}
        )
        if not level:
            break
        found |= level
        frontier = level
    return found


def viewer_report_ids(*, viewer: User, me: Employee | None = None) -> set[int]:
    """The people ``viewer`` manages: below them in the chain, and only with the Manager role's
    permission (the role grants the pages, the chain the people). ``me``: the viewer's own record
    when the caller has read it already."""
    if not manages_team(viewer):
        return set()
    me = me or employee_for_user(user=viewer)
    return set() if me is None else report_ids(manager=me)


SEES_ALL_IN_SCOPE = {
    Scope.WORK: sees_everyone,
    Scope.PAY: sees_pay,
    Scope.PERSONAL: sees_every_document,
}


def visible_employee_ids(*, viewer: User, scope: Scope) -> set[int] | None:
    """The people whose records of ``scope`` ``viewer`` may see; None means everyone."""
    if SEES_ALL_IN_SCOPE[scope](viewer):
        return None
    me = employee_for_user(user=viewer)
    if me is None:
        return set()
    if scope == Scope.WORK:
        return {me.pk} | viewer_report_ids(viewer=viewer, me=me)
    return {me.pk}


def may_see(*, viewer: User, employee: Employee, scope: Scope) -> bool:
    """The same rule for one person's records (no query for one's own or for a role that sees
    everyone's)."""
    if employee.user_id is not None and employee.user_id == viewer.pk:
        return True
    if SEES_ALL_IN_SCOPE[scope](viewer):
        return True
    return scope == Scope.WORK and employee.pk in viewer_report_ids(viewer=viewer)


def approver_for(*, employee: Employee) -> User | None:
    """Who decides this person's requests: the first manager up the chain with an active login.
    None: nobody in the chain can, so HR decides."""
    manager = employee.manager
    seen = set()
    while manager is not None and manager.pk not in seen:
        if manager.user_id and manager.user.is_active:
            return manager.user
        seen.add(manager.pk)
        manager = manager.manager
    return None


# Documents by kind -------------------------------------------------------------------------------


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
SEES_EVERY_DOCUMENT = VIEW_DOCUMENTS


def document_kinds_by_person(*, viewer: User) -> dict[int, frozenset[str]] | None:
    """The rule itself. None: every kind of everyone's documents (HR: the personal scope's
    everyone). Otherwise, per employee id, the kinds ``viewer`` may see: all of their own, the
    work documents of the people below them."""
    if sees_every_document(viewer):
        return None
    me = employee_for_user(user=viewer)
    if me is None:
        return {}
    kinds: dict[int, frozenset[str]] = dict.fromkeys(
        viewer_report_ids(viewer=viewer, me=me), MANAGER_KINDS
    )
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

"""People: who may see whom, the directory, a person's history, and the bulk reads of people that
the departments above HR use instead of HR's tables."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, IntegerField, Max, Q, QuerySet
from django.db.models.functions import Cast, Substr

from backoffice.models import AuditEvent, User
from backoffice.selectors import audit_events_about
from hr.interface import EmployeeFacts
from hr.models import Department, Employee, current_q
from hr.policies import (
    ALL_KINDS,
    Scope,
    document_kinds_visible,
    employee_for_user,
    may_see,
    visible_employee_ids,
)
from hr.validators import egn_birth_date

#: Anything that names people: ids, or a query of ids (``.values("employee_id")``), read as a
#: subquery so the caller's filter and HR's run as one query.
Ids = Iterable[int] | QuerySet


def employee_visible_ids(*, viewer: User) -> set[int] | None:
    """None means every employee; otherwise the ids of oneself and one's reports (work scope)."""
    return visible_employee_ids(viewer=viewer, scope=Scope.WORK)


def employee_list(*, viewer: User) -> QuerySet[Employee]:
    employees = Employee.objects.select_related("department", "position", "manager")
    ids = employee_visible_ids(viewer=viewer)
    return employees if ids is None else employees.filter(pk__in=ids)


def employee_get(*, viewer: User, pk: int) -> Employee:
    """Raises Employee.DoesNotExist when the viewer may not see this person (the view answers 404)."""
    return employee_list(viewer=viewer).get(pk=pk)


def directory(*, search: str = "", department: Department | None = None) -> QuerySet[Employee]:
    """Everyone signed in sees the directory: name, position, department, manager, work contact."""
    people = (
        Employee.objects.current()
        .select_related("department", "position", "manager")
        .only(
            "first_name",
            "last_name",
            "photo",
            "work_email",
            "work_phone",
            "department__name",
            "position__title",
            "manager__first_name",
            "manager__last_name",
            "employee_number",
            "status",
        )
    )
    if search:
        people = people.search(search)
    if department is not None:
        people = people.filter(department=department)
    return people


def can_see_pay(*, viewer: User, employee: Employee) -> bool:
    return may_see(viewer=viewer, employee=employee, scope=Scope.PAY)


def headcount_by_department() -> QuerySet[Department]:
    return Department.objects.annotate(
        headcount=Count("members", filter=current_q(prefix="members__"))
    ).order_by("name")


DOCUMENT_EVENTS = ("hr.document_uploaded", "hr.document_deleted")


def employee_history(*, viewer: User, employee: Employee) -> QuerySet[AuditEvent]:
    """What happened to this person, from the audit trail (their record, contracts, documents, leave).

    A document's events show only where the document would: by the kind recorded with the event
    (older events without one show only to those who see every kind)."""
    events = audit_events_about(target=employee, data_key="employee")
    kinds = document_kinds_visible(viewer=viewer, employee_id=employee.pk)
    if kinds != ALL_KINDS:
        events = events.filter(~Q(kind__in=DOCUMENT_EVENTS) | Q(data__kind__in=sorted(kinds)))
    return events


def employee_number_next() -> str:
    """The next free number of the form E1001 (compared as numbers: E1000 comes after E999)."""
    highest = Employee.objects.filter(employee_number__regex=r"^E\d+$").aggregate(
        m=Max(Cast(Substr("employee_number", 2), IntegerField()))
    )["m"]
    return f"E{(highest or 1000) + 1}"


# For the departments above HR ------------------------------------------------------------------


def employee_find(*, pk: int) -> Employee | None:
    """One person by id (None: no such person)."""
    return Employee.objects.filter(pk=pk).first()


def employees_by_id(*, ids: Ids) -> dict[int, Employee]:
    """People by id, for naming them on a page (one query, whatever their number)."""
    if isinstance(ids, QuerySet):
        return {e.pk: e for e in Employee.objects.filter(pk__in=ids).order_by()}
    return Employee.objects.in_bulk(list(ids))


def employees_with_login(*, ids: Ids) -> QuerySet[Employee]:
    """The people among ``ids`` who can sign in (an active login), with it, for notifying them."""
    return Employee.objects.filter(pk__in=ids, user__is_active=True).select_related("user")


def employee_lock(*, employee_id: int) -> None:
    """Take the row lock on one person inside the caller's transaction, so that two writes for
    the same person (two clock-ins, two requests) run one after the other."""
    Employee.objects.select_for_update().filter(pk=employee_id).first()


def employee_facts(*, employee_ids: Ids) -> dict[int, EmployeeFacts]:
    """Dates and regime of these people (one query)."""
    rows = Employee.objects.filter(pk__in=employee_ids).values_list(
        "pk", "hire_date", "end_date", "date_of_birth", "employment_type", "national_id"
    )
    # The date of birth from the EGN where HR did not enter one: minors' rules depend on it.
    return {
        pk: EmployeeFacts(pk, hired, end, born or egn_birth_date(egn), kind)
        for pk, hired, end, born, kind, egn in rows.order_by()
    }


def employees_employed_between(
    *, among: Iterable[Ids], start: date, end: date, only: Ids | None = None
) -> list[Employee]:
    """The people in any of the id sets ``among`` who are employed on at least one day of
    [start, end] (restricted to ``only`` when given), in name order, with their dates."""
    condition = Q(pk__in=[])
    for ids in among:
        condition |= Q(pk__in=ids)
    people = Employee.objects.filter(condition).employed_between(start, end)
    if only is not None:
        people = people.filter(pk__in=only)
    return list(
        people.distinct()
        .only("pk", "first_name", "last_name", "employee_number", "hire_date", "end_date")
        .order_by("last_name", "first_name", "pk")
    )


def employee_choices(
    *,
    ids: Ids | None = None,
    department: Department | None = None,
    numbers: Iterable[str] | None = None,
    current: bool = False,
    exclude: Iterable[int] = (),
) -> QuerySet[Employee]:
    """People to choose from on a form, in name order: among ``ids``, of a department, with
    these employee numbers; ``current``: not gone. A form field's queryset, so it stays lazy."""
    people = Employee.objects.current() if current else Employee.objects.all()
    if ids is not None:
        people = people.filter(pk__in=ids)
    if department is not None:
        people = people.filter(department=department)
    if numbers is not None:
        people = people.filter(employee_number__in=list(numbers))
    exclude = list(exclude)
    if exclude:
        people = people.exclude(pk__in=exclude)
    return people.order_by("last_name", "first_name", "pk")


def department_choices() -> QuerySet[Department]:
    return Department.objects.all()


__all__ = [
    "DOCUMENT_EVENTS",
    "Ids",
    "can_see_pay",
    "department_choices",
    "directory",
    "employee_choices",
    "employee_facts",
    "employee_find",
    "employee_for_user",
    "employee_get",
    "employee_history",
    "employee_list",
    "employee_lock",
    "employee_number_next",
    "employee_visible_ids",
    "employees_by_id",
    "employees_employed_between",
    "employees_with_login",
    "headcount_by_department",
]

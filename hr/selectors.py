"""HR's reads. Who may see which person's records is decided here, from ``viewer``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from backoffice.models import User
from backoffice.selectors import organisation_get
from hr.models import (
    CalendarDay,
    Department,
    Employee,
    EmployeeDocument,
    EmploymentContract,
    LeaveEntitlement,
    LeaveRequest,
    LeaveType,
)
from hr.policies import ALL_KINDS, document_filter, document_kinds_visible
from hr.workdays import WorkCalendar, accrued_days, leave_year

MAX_DEPTH = 50


def employee_for_user(*, user: User) -> Employee | None:
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


def _sees_everyone(viewer: User) -> bool:
    return viewer.has_perm("hr.view_employee")


def employee_visible_ids(*, viewer: User) -> set[int] | None:
    """None means every employee; otherwise the ids of oneself and one's reports."""
    if _sees_everyone(viewer):
        return None
    me = employee_for_user(user=viewer)
    if me is None:
        return set()
    ids = {me.pk}
    if viewer.has_perm("hr.view_team"):
        ids |= report_ids(manager=me)
    return ids


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
    if viewer.has_perm("hr.view_pay"):
        return True
    return employee.user_id is not None and employee.user_id == viewer.pk


def contract_list(*, viewer: User, employee: Employee) -> QuerySet[EmploymentContract]:
    return EmploymentContract.objects.filter(employee=employee).order_by("-start")


def contracts_ending(*, within_days: int = 60, today: date) -> QuerySet[EmploymentContract]:
    return (
        EmploymentContract.objects.filter(
            end__gte=today, end__lte=today + timedelta(days=within_days)
        )
        .select_related("employee")
        .order_by("end")
    )


def document_list(*, viewer: User) -> QuerySet[EmployeeDocument]:
    """Every document ``viewer`` may see; the rule per kind is ``hr.policies``' (never pay access)."""
    return EmployeeDocument.objects.filter(document_filter(viewer=viewer))


def documents_for(*, viewer: User, employee: Employee) -> QuerySet[EmployeeDocument]:
    return document_list(viewer=viewer).filter(employee=employee).select_related("uploaded_by")


def document_get(*, viewer: User, pk: int) -> EmployeeDocument:
    """Raises EmployeeDocument.DoesNotExist when the viewer may not see it (the view answers 404)."""
    return document_list(viewer=viewer).select_related("employee").get(pk=pk)


def document_visible(*, viewer: User, pk: int | None) -> bool:
    return pk is not None and document_list(viewer=viewer).filter(pk=pk).exists()


def documents_expiring(
    *, viewer: User, within_days: int = 60, today: date
) -> QuerySet[EmployeeDocument]:
    return (
        document_list(viewer=viewer)
        .filter(expires_on__gte=today, expires_on__lte=today + timedelta(days=within_days))
        .select_related("employee")
        .order_by("expires_on")
    )


def work_calendar(*, start: date, end: date) -> WorkCalendar:
    organisation = organisation_get()
    days = CalendarDay.objects.filter(day__gte=start, day__lte=end).values_list("day", "kind")
    return WorkCalendar(
        working_week=frozenset(organisation.working_week),
        holidays=frozenset(d for d, kind in days if kind == CalendarDay.Kind.HOLIDAY),
        extra_working_days=frozenset(d for d, kind in days if kind == CalendarDay.Kind.WORKING),
    )


def weekly_hours_on(*, employee: Employee, day: date) -> Decimal:
    contract = (
        EmploymentContract.objects.filter(employee=employee, start__lte=day)
        .filter(Q(end__isnull=True) | Q(end__gte=day))
        .only("weekly_hours")
        .first()
    )
    if contract is None:
        contract = (
            EmploymentContract.objects.filter(employee=employee)
            .order_by("-start")
            .only("weekly_hours")
            .first()
        )
    return contract.weekly_hours if contract else organisation_get().full_time_weekly_hours


@dataclass(frozen=True)
class Balance:
    leave_type: LeaveType
    year_start: date
    year_end: date
    carried_over: Decimal
    carry_over_expires: date | None
    accrued: Decimal
    accrued_full_year: Decimal
    approved: Decimal
    pending: Decimal

    @property
    def available(self) -> Decimal:
        """The balance formula: unexpired carry-over + accrued to date - approved - pending."""
        return self.carried_over + self.accrued - self.approved - self.pending

    @property
    def forecast(self) -> Decimal:
        """What will be left at the end of the leave year if nothing else is requested."""
        return self.carried_over + self.accrued_full_year - self.approved - self.pending


def _taken(
    employee: Employee,
    leave_type: LeaveType,
    start: date,
    end: date,
    status: str,
    *,
    before: date | None = None,
) -> Decimal:
    requests = LeaveRequest.objects.filter(
        employee=employee,
        leave_type=leave_type,
        status=status,
        start_date__gte=start,
        start_date__lte=end,
    )
    if before is not None:
        requests = requests.filter(start_date__lte=before)
    return requests.aggregate(total=Sum("days"))["total"] or Decimal("0.0")


def leave_balance(*, employee: Employee, leave_type: LeaveType, as_of: date) -> Balance:
    organisation = organisation_get()
    year_start, year_end = leave_year(as_of, start_month=organisation.leave_year_start_month)
    entitlement = LeaveEntitlement.objects.filter(
        employee=employee, leave_type=leave_type, year_start=year_start
    ).first()
    annual = entitlement.annual_days if entitlement else leave_type.annual_days
    carried = entitlement.carried_over if entitlement else Decimal("0.0")
    expires = entitlement.carry_over_expires if entitlement else None
    approved = _taken(employee, leave_type, year_start, year_end, LeaveRequest.Status.APPROVED)
    pending = _taken(employee, leave_type, year_start, year_end, LeaveRequest.Status.PENDING)
    if carried and expires and as_of > expires:
        # Expired carry-over only counts as far as it was used before it expired.
        used_before = _taken(
            employee, leave_type, year_start, year_end, LeaveRequest.Status.APPROVED, before=expires
        )
        carried = min(carried, used_before)
    hours = weekly_hours_on(employee=employee, day=as_of)
    common = dict(
        annual_days=annual,
        year_start=year_start,
        hire_date=employee.hire_date,
        end_date=employee.end_date,
        weekly_hours=hours,
        full_time_hours=organisation.full_time_weekly_hours,
    )
    return Balance(
        leave_type=leave_type,
        year_start=year_start,
        year_end=year_end,
        carried_over=carried,
        carry_over_expires=expires,
        accrued=accrued_days(as_of=as_of, **common),
        accrued_full_year=accrued_days(as_of=year_end, **common),
        approved=approved,
        pending=pending,
    )


def leave_request_list(*, viewer: User) -> QuerySet[LeaveRequest]:
    requests = LeaveRequest.objects.select_related("employee", "leave_type", "employee__department")
    ids = employee_visible_ids(viewer=viewer)
    if ids is None and viewer.has_perm("hr.view_leaverequest"):
        return requests
    return requests.filter(employee_id__in=ids or set())


def leave_requests_to_decide(*, viewer: User) -> QuerySet[LeaveRequest]:
    """Pending requests this person may decide: their reports' (managers) or everyone's (HR)."""
    pending = leave_request_list(viewer=viewer).filter(status=LeaveRequest.Status.PENDING)
    me = employee_for_user(user=viewer)
    if me is not None:
        pending = pending.exclude(employee=me)
    if viewer.has_perm("hr.change_leaverequest"):
        return pending
    if me is None or not viewer.has_perm("hr.view_team"):
        return pending.none()
    return pending.filter(employee_id__in=report_ids(manager=me))


def may_cancel(*, viewer: User, request: LeaveRequest, today: date) -> bool:
    """The person (or HR) may cancel: pending at any time, approved until it starts."""
    if request.employee.user_id != viewer.pk and not viewer.has_perm("hr.change_leaverequest"):
        return False
    return request.status == LeaveRequest.Status.PENDING or (
        request.status == LeaveRequest.Status.APPROVED and request.start_date > today
    )


def may_decide(*, viewer: User, request: LeaveRequest) -> bool:
    if request.status != LeaveRequest.Status.PENDING:
        return False
    return leave_requests_to_decide(viewer=viewer).filter(pk=request.pk).exists()


def away_between(*, viewer: User | None, start: date, end: date) -> QuerySet[LeaveRequest]:
    """Approved leave overlapping [start, end] among the people the viewer may see (None: everyone)."""
    requests = LeaveRequest.objects.filter(status=LeaveRequest.Status.APPROVED).overlapping(
        start, end
    )
    if viewer is not None:
        ids = employee_visible_ids(viewer=viewer)
        if ids is not None:
            requests = requests.filter(employee_id__in=ids)
    return requests.select_related("employee", "leave_type", "employee__department").order_by(
        "start_date"
    )


def headcount_by_department() -> QuerySet[Department]:
    return Department.objects.annotate(
        headcount=Count("members", filter=~Q(members__status=Employee.Status.LEFT))
    ).order_by("name")


DOCUMENT_EVENTS = ("hr.document_uploaded", "hr.document_deleted")


def employee_history(*, viewer: User, employee: Employee):
    """What happened to this person, from the audit trail (their record, contracts, documents, leave).

    A document's events show only where the document would: by the kind recorded with the event
    (older events without one show only to those who see every kind)."""
    from backoffice.models import AuditEvent

    events = (
        AuditEvent.objects.filter(
            Q(object_type="hr.employee", object_id=str(employee.pk)) | Q(data__employee=employee.pk)
        )
        .select_related("actor")
        .order_by("-created_at", "-id")
    )
    kinds = document_kinds_visible(viewer=viewer, employee_id=employee.pk)
    if kinds != ALL_KINDS:
        events = events.filter(~Q(kind__in=DOCUMENT_EVENTS) | Q(data__kind__in=sorted(kinds)))
    return events


# Hiring and onboarding -------------------------------------------------------------------------


def managed_department_ids(*, viewer: User) -> set[int]:
    me = employee_for_user(user=viewer)
    if me is None or not viewer.has_perm("hr.view_team"):
        return set()
    return set(Department.objects.filter(manager=me).values_list("pk", flat=True))


def opening_list(*, viewer: User):
    """HR sees every opening; a manager those of the departments they manage."""
    from hr.models import JobOpening

    openings = JobOpening.objects.select_related("department", "position")
    if viewer.has_perm("hr.view_jobopening"):
        return openings
    return openings.filter(department_id__in=managed_department_ids(viewer=viewer))


def application_list(*, viewer: User):
    """HR all; a manager their departments'; an interviewer the applications they interview for."""
    from hr.models import Application

    applications = Application.objects.select_related(
        "candidate", "opening", "stage", "opening__department"
    )
    if viewer.has_perm("hr.view_application"):
        return applications
    me = employee_for_user(user=viewer)
    if me is None:
        return applications.none()
    return applications.filter(
        Q(opening__department_id__in=managed_department_ids(viewer=viewer))
        | Q(interviews__interviewers=me)
    ).distinct()


def can_manage_hiring(*, viewer: User, opening) -> bool:
    return viewer.has_perm(
        "hr.change_application"
    ) or opening.department_id in managed_department_ids(viewer=viewer)


def my_tasks(*, user: User):
    """Open checklist tasks for this person: named to them, or to one of their roles."""
    from hr.models import ChecklistTask

    me = employee_for_user(user=user)
    roles = list(user.groups.values_list("name", flat=True))
    condition = Q(responsible_role__in=roles) & ~Q(responsible_role="")
    if me is not None:
        condition |= Q(responsible_person=me)
    return (
        ChecklistTask.objects.filter(done_at__isnull=True)
        .filter(condition)
        .select_related("checklist", "checklist__employee")
        .order_by("due_date", "pk")
    )


def checklist_list(*, viewer: User):
    from hr.models import Checklist

    checklists = Checklist.objects.select_related("employee", "template")
    ids = employee_visible_ids(viewer=viewer)
    return checklists if ids is None else checklists.filter(employee_id__in=ids)


# Training and reviews --------------------------------------------------------------------------


def training_list(*, viewer: User):
    """HR all assignments; a manager their reports'; everyone their own."""
    from hr.models import TrainingAssignment

    assignments = TrainingAssignment.objects.select_related("employee", "course")
    ids = employee_visible_ids(viewer=viewer)
    return assignments if ids is None else assignments.filter(employee_id__in=ids)


def review_list(*, viewer: User):
    """An employee sees their own reviews, a manager their reports', HR all."""
    from hr.models import Review

    reviews = Review.objects.select_related("employee", "manager", "cycle")
    ids = employee_visible_ids(viewer=viewer)
    return reviews if ids is None else reviews.filter(employee_id__in=ids)


def employee_number_next() -> str:
    """The next free number of the form E1001 (compared as numbers: E1000 comes after E999)."""
    from django.db.models import IntegerField, Max
    from django.db.models.functions import Cast, Substr

    highest = Employee.objects.filter(employee_number__regex=r"^E\d+$").aggregate(
        m=Max(Cast(Substr("employee_number", 2), IntegerField()))
    )["m"]
    return f"E{(highest or 1000) + 1}"

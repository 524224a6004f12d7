"""Leave: balances, who sees and decides which requests, who is away, and the approved leave the
departments above HR plan around."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet, Sum

from backoffice.models import User
from backoffice.selectors import organisation_get
from hr.interface import LeaveSpan
from hr.models import Employee, LeaveEntitlement, LeaveRequest, LeaveType
from hr.permissions import decides_all_leave, sees_all_leave
from hr.policies import employee_for_user, viewer_report_ids
from hr.selectors.contracts import weekly_hours_on
from hr.selectors.people import Ids, employee_visible_ids
from hr.workdays import accrued_days, leave_year


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
    if ids is None and sees_all_leave(viewer):
        return requests
    return requests.filter(employee_id__in=ids or set())


def leave_requests_to_decide(*, viewer: User) -> QuerySet[LeaveRequest]:
    """Pending requests this person may decide: their reports' (managers) or everyone's (HR)."""
    pending = leave_request_list(viewer=viewer).filter(status=LeaveRequest.Status.PENDING)
    me = employee_for_user(user=viewer)
    if me is not None:
        pending = pending.exclude(employee=me)
    if decides_all_leave(viewer):
        return pending
    if me is None:
        return pending.none()
    return pending.filter(employee_id__in=viewer_report_ids(viewer=viewer, me=me))


def may_cancel(*, viewer: User, request: LeaveRequest, today: date) -> bool:
    """The person (or HR) may cancel: pending at any time, approved until it starts."""
    if request.employee.user_id != viewer.pk and not decides_all_leave(viewer):
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
    requests = LeaveRequest.objects.approved().overlapping(start, end)
    if viewer is not None:
        ids = employee_visible_ids(viewer=viewer)
        if ids is not None:
            requests = requests.filter(employee_id__in=ids)
    return requests.select_related("employee", "leave_type", "employee__department").order_by(
        "start_date"
    )


# For the departments above HR ------------------------------------------------------------------


def approved_leave(*, employee_ids: Ids, start: date, end: date) -> dict[int, list[LeaveSpan]]:
    """Each person's approved leave touching [start, end], in date order (one query)."""
    found: dict[int, list[LeaveSpan]] = defaultdict(list)
    rows = (
        LeaveRequest.objects.approved()
        .overlapping(start, end)
        .filter(employee_id__in=employee_ids)
        .order_by("start_date", "pk")
        .values_list(
            "pk",
            "employee_id",
            "start_date",
            "end_date",
            "half_day",
            "leave_type__code",
            "leave_type__paid",
        )
    )
    for pk, employee_id, first, last, half_day, code, paid in rows:
        found[employee_id].append(
            LeaveSpan(
                request_id=pk,
                employee_id=employee_id,
                start=first,
                end=last,
                half_day=half_day or "",
                leave_type=code,
                paid=paid,
            )
        )
    return dict(found)


def leave_request_find(*, pk: int) -> LeaveRequest | None:
    """One request by id with its person (None: no such request): what a reaction to a leave
    event reads back, since the event carries only ids."""
    return LeaveRequest.objects.select_related("employee").filter(pk=pk).first()


__all__ = [
    "Balance",
    "approved_leave",
    "away_between",
    "leave_balance",
    "leave_request_find",
    "leave_request_list",
    "leave_requests_to_decide",
    "may_cancel",
    "may_decide",
]

"""Leave: balances, who sees and decides which requests, who is away, and the approved leave the
departments above HR plan around."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import QuerySet, Sum

from backoffice.models import User
from backoffice.selectors import organisation_get
from hr.domain.leave import (
    Draw,
    YearBalance,
    allocate,
    expiry,
    full_right_ratio,
    usable_from,
    year_right,
)
from hr.interface import AbsenceDays, LeavePart, LeaveSpan, is_minor, is_minor_in_year
from hr.models import Employee, EmploymentContract, LeaveEntitlement, LeaveRequest, LeaveType
from hr.permissions import decides_all_leave, sees_all_leave
from hr.policies import employee_for_user, viewer_report_ids
from hr.selectors.calendar import work_calendar
from hr.selectors.contracts import weekly_hours_on
from hr.selectors.people import Ids, employee_visible_ids
from hr.workdays import accrued_days, leave_year


@dataclass(frozen=True)
class Balance:
    """A person's balance of one leave type on a day.

    Monthly accrual: carry-over + accrued - approved - pending. By year of origin (Bulgaria):
    ``years`` holds each open year's right, what requests took of it (oldest year first) and
    its expiry; ``available`` is their sum.
    """

    leave_type: LeaveType
    year_start: date
    year_end: date
    carried_over: Decimal
    carry_over_expires: date | None
    accrued: Decimal
    accrued_full_year: Decimal
    approved: Decimal
    pending: Decimal
    years: tuple[YearBalance, ...] = ()
    usable_from: date | None = None
    #: Days of live requests no open year covers (only where the type allows going beyond).
    beyond: Decimal = Decimal("0.0")
    as_of: date | None = None

    @property
    def by_year(self) -> bool:
        return self.leave_type.by_year_of_origin

    @property
    def available(self) -> Decimal:
        """The balance formula: unexpired carry-over + accrued to date - approved - pending."""
        if self.by_year:
            day = self.as_of or self.year_start
            return (
                sum((y.remaining for y in self.years if y.open_on(day)), Decimal("0.0"))
                - self.beyond
            )
        return self.carried_over + self.accrued - self.approved - self.pending

    @property
    def forecast(self) -> Decimal:
        """What will be left at the end of the leave year if nothing else is requested."""
        if self.by_year:
            return (
                sum((y.remaining for y in self.years if y.open_on(self.year_end)), Decimal("0.0"))
                - self.beyond
            )
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


def _increased_between(
    employee: Employee, year_start: date, year_end: date
) -> tuple[date | None, date | None] | None:
    """When in this year the increased right applies: a minor's whole year (the year they turn
    18 included, KT art. 305(4)); else the validity of a decision of 50 % or more reduced
    capacity (KT art. 319)."""
    birth = employee.birth_date
    if year_start.month == 1 and year_start.day == 1:
        minor = is_minor_in_year(birth, year_start.year)
    else:  # a leave year across two calendar years: a minor on its first day
        minor = is_minor(birth, year_start)
    if minor:
        return (None, None)
    percent = employee.reduced_capacity_percent
    if percent is not None and percent >= 50:
        return (employee.reduced_capacity_from, employee.reduced_capacity_until)
    return None


def _hours_on(contracts: list[tuple[date, date | None, Decimal]], day: date) -> Decimal | None:
    """The weekly hours of the contract in force on ``day``, else of the latest one."""
    for start, end, hours in contracts:
        if start <= day and (end is None or day <= end):
            return hours
    return contracts[-1][2] if contracts else None


def year_right_for(
    *,
    employee: Employee,
    leave_type: LeaveType,
    year_start: date,
    base: Decimal | None = None,
    contracts: list[tuple[date, date | None, Decimal]] | None = None,
    organisation=None,
) -> tuple[date, Decimal]:
    """A person's right for the leave year starting ``year_start`` (its last day, the days).
    The contract's hours are those on the last day employed in the year."""
    organisation = organisation or organisation_get()
    _first, year_end = leave_year(year_start, start_month=organisation.leave_year_start_month)
    last = min(year_end, employee.end_date) if employee.end_date else year_end
    hours_day = max(last, year_start, employee.hire_date)
    hours = _hours_on(contracts, hours_day) if contracts is not None else None
    if hours is None:
        hours = weekly_hours_on(employee=employee, day=hours_day)
    share = Decimal(hours) / Decimal(organisation.full_time_weekly_hours)
    ratio = full_right_ratio(share=share, full_share=leave_type.part_time_full_share)
    right = year_right(
        base_days=leave_type.annual_days if base is None else base,
        year_start=year_start,
        year_end=year_end,
        hire_date=employee.hire_date,
        end_date=employee.end_date,
        ratio=ratio,
        increased_days=leave_type.increased_annual_days,
        increased_between=_increased_between(employee, year_start, year_end)
        if leave_type.increased_annual_days
        else None,
    )
    return year_end, right


def _years_of_origin(
    employee: Employee, leave_type: LeaveType, as_of: date, extra: Draw | None = None
) -> tuple[list[YearBalance], Decimal]:
    """Every tracked year of origin with what live requests (and ``extra``) took of it, and the
    days no open year could cover.

    A year is tracked once it has an entitlement row (HR's record); the year of ``as_of`` and of
    every later live request always are, and so are the years between. Requests are charged to
    the oldest open year first (``hr.domain.leave.allocate``).
    """
    month = organisation_get().leave_year_start_month
    current_start, _current_end = leave_year(as_of, start_month=month)
    rows = {
        e.year_start: e
        for e in LeaveEntitlement.objects.filter(employee=employee, leave_type=leave_type)
    }
    first = min([current_start, *rows])
    requests = list(
        LeaveRequest.objects.live()
        .filter(employee=employee, leave_type=leave_type, start_date__gte=first)
        .values_list("pk", "start_date", "days", "status")
    )
    draws = [
        Draw(key=pk, start=day, days=days, approved=status == LeaveRequest.Status.APPROVED)
        for pk, day, days, status in requests
    ]
    if extra is not None:
        draws.append(extra)
    latest = max([current_start, *rows, *(d.start for d in draws)])
    last_start, _last_end = leave_year(latest, start_month=month)
    contracts = list(
        EmploymentContract.objects.filter(employee=employee)
        .order_by("start")
        .values_list("start", "end", "weekly_hours")
    )
    years: list[YearBalance] = []
    start = first
    while start <= last_start:
        row = rows.get(start)
        year_end, right = year_right_for(
            employee=employee,
            leave_type=leave_type,
            year_start=start,
            base=row.annual_days if row else None,
            contracts=contracts,
        )
        years.append(
            YearBalance(
                year_start=start,
                year_end=year_end,
                right=right,
                expires=expiry(year_end=year_end, years=leave_type.expires_after_years),
            )
        )
        start = year_end + timedelta(days=1)
    return years, allocate(years, draws)


def leave_years_bulk(
    *, employee_ids: Ids, leave_type: LeaveType, as_of: date
) -> dict[int, list[YearBalance]]:
    """``_years_of_origin`` for many people at once (four queries, whatever their number): each
    tracked year of origin with what live requests took of it, for checks over the company."""
    organisation = organisation_get()
    month = organisation.leave_year_start_month
    current_start, _current_end = leave_year(as_of, start_month=month)
    people = list(Employee.objects.filter(pk__in=employee_ids).order_by("pk"))
    ids = [p.pk for p in people]
    rows: dict[int, dict[date, LeaveEntitlement]] = defaultdict(dict)
    for row in LeaveEntitlement.objects.filter(employee_id__in=ids, leave_type=leave_type):
        rows[row.employee_id][row.year_start] = row
    draws: dict[int, list[Draw]] = defaultdict(list)
    for pk, employee_id, day, days, status in (
        LeaveRequest.objects.live()
        .filter(employee_id__in=ids, leave_type=leave_type)
        .values_list("pk", "employee_id", "start_date", "days", "status")
    ):
        draws[employee_id].append(
            Draw(key=pk, start=day, days=days, approved=status == LeaveRequest.Status.APPROVED)
        )
    contracts: dict[int, list] = defaultdict(list)
    for employee_id, start, end, hours in (
        EmploymentContract.objects.filter(employee_id__in=ids)
        .order_by("employee_id", "start")
        .values_list("employee_id", "start", "end", "weekly_hours")
    ):
        contracts[employee_id].append((start, end, hours))
    found: dict[int, list[YearBalance]] = {}
    for employee in people:
        own_rows = rows.get(employee.pk, {})
        first = min([current_start, *own_rows])
        own_draws = [d for d in draws.get(employee.pk, []) if d.start >= first]
        latest = max([current_start, *own_rows, *(d.start for d in own_draws)])
        last_start, _last_end = leave_year(latest, start_month=month)
        years: list[YearBalance] = []
        start = first
        while start <= last_start:
            row = own_rows.get(start)
            year_end, right = year_right_for(
                employee=employee,
                leave_type=leave_type,
                year_start=start,
                base=row.annual_days if row else None,
                contracts=contracts.get(employee.pk, []),
                organisation=organisation,
            )
            years.append(
                YearBalance(
                    year_start=start,
                    year_end=year_end,
                    right=right,
                    expires=expiry(year_end=year_end, years=leave_type.expires_after_years),
                )
            )
            start = year_end + timedelta(days=1)
        allocate(years, own_draws)
        found[employee.pk] = years
    return found


def _year_balance(employee: Employee, leave_type: LeaveType, as_of: date) -> Balance:
    organisation = organisation_get()
    year_start, year_end = leave_year(as_of, start_month=organisation.leave_year_start_month)
    years, beyond = _years_of_origin(employee, leave_type, as_of)
    current = next(y for y in years if y.year_start == year_start)
    return Balance(
        leave_type=leave_type,
        year_start=year_start,
        year_end=year_end,
        carried_over=sum(
            (y.remaining for y in years if y.year_start < year_start and y.open_on(as_of)),
            Decimal("0.0"),
        ),
        carry_over_expires=None,
        accrued=current.right,
        accrued_full_year=current.right,
        approved=_taken(employee, leave_type, year_start, year_end, LeaveRequest.Status.APPROVED),
        pending=_taken(employee, leave_type, year_start, year_end, LeaveRequest.Status.PENDING),
        # Open years, and a later year only once a request already draws on it.
        years=tuple(y for y in years if y.open_on(as_of) or (y.year_start > as_of and y.used)),
        usable_from=usable_from(
            hire_date=employee.hire_date,
            first_job=employee.first_job,
            qualifying_months=leave_type.qualifying_months,
        ),
        beyond=beyond,
        as_of=as_of,
    )


def leave_beyond_balance(
    *, employee: Employee, leave_type: LeaveType, start: date, days: Decimal
) -> Decimal:
    """By year of origin: how many of ``days`` asked from ``start`` no open year could cover,
    given every live request (so a new early request cannot leave an approved later one
    without days either)."""
    _years, before = _years_of_origin(employee, leave_type, start)
    _years, after = _years_of_origin(
        employee, leave_type, start, extra=Draw(key=0, start=start, days=days, approved=False)
    )
    return max(after - before, Decimal("0.0"))


def leave_balance(*, employee: Employee, leave_type: LeaveType, as_of: date) -> Balance:
    if leave_type.by_year_of_origin:
        return _year_balance(employee, leave_type, as_of)
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


def leave_types_by_year_of_origin() -> QuerySet[LeaveType]:
    """The leave types whose days are kept per year of origin and expire (KT art. 176a)."""
    return LeaveType.objects.filter(
        accrual=LeaveType.Accrual.YEARLY, expires_after_years__isnull=False, active=True
    ).order_by("pk")


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


def calendar_leave_between(*, viewer: User, start: date, end: date) -> QuerySet[LeaveRequest]:
    """Approved and pending leave overlapping [start, end] among the people the viewer may see,
    for the team calendar (pending shown apart, it may still be refused)."""
    requests = LeaveRequest.objects.filter(
        status__in=[LeaveRequest.Status.APPROVED, LeaveRequest.Status.PENDING]
    ).overlapping(start, end)
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
            "leave_type__kind",
        )
    )
    for pk, employee_id, first, last, half_day, code, paid, kind in rows:
        found[employee_id].append(
            LeaveSpan(
                request_id=pk,
                employee_id=employee_id,
                start=first,
                end=last,
                half_day=half_day or "",
                leave_type=code,
                paid=paid,
                kind=kind,
            )
        )
    return dict(found)


# How far before a period a leave is read to know whether one starting in the period continues
# it: a leave adjoining an earlier one (starting the calendar day after it ended, as a sick
# note's continuation does) is the same leave, and two weeks hold more working days than any
# "first days" rule counts.
CONTINUATION_LOOKBACK = timedelta(days=14)


def absences_by_type(
    *, employee_ids: Ids, start: date, end: date
) -> dict[int, dict[str, AbsenceDays]]:
    """Each person's approved absences inside [start, end], summed by kind of leave, in the
    calendar's working days (what the requests counted; half days 0.5), with each request's
    share: its days inside the period and the days of the same leave before them (those it
    took before the period began, and those of the earlier requests it continues): payroll
    pays the first working days of each sick leave. Two queries."""
    rows = list(
        LeaveRequest.objects.approved()
        .overlapping(start - CONTINUATION_LOOKBACK, end)
        .filter(employee_id__in=employee_ids)
        .order_by("start_date", "pk")
        .values_list(
            "employee_id",
            "start_date",
            "end_date",
            "half_day",
            "leave_type__kind",
            "leave_type__code",
            "leave_type__paid",
        )
    )
    earliest = min((row[1] for row in rows), default=start)
    calendar = work_calendar(start=min(earliest, start), end=end)
    totals: dict[int, dict[str, list]] = defaultdict(dict)
    # (person, kind) -> the last leave's end and its leave's working days up to that end.
    last_leave: dict[tuple[int, str], tuple[date, Decimal]] = {}
    for employee_id, first, last, half_day, kind, code, paid in rows:
        earlier = last_leave.get((employee_id, kind))
        continued = (
            earlier[1] if earlier is not None and earlier[0] + timedelta(days=1) == first else 0
        )
        if last < start:  # read only to know what a leave in the period continues
            own = calendar.leave_days(first, last, half_day=bool(half_day))
            last_leave[(employee_id, kind)] = (last, continued + own)
            continue
        days = calendar.leave_days(max(first, start), min(last, end), half_day=bool(half_day))
        before = continued + (
            calendar.leave_days(first, start - timedelta(days=1))
            if first < start
            else Decimal("0.0")
        )
        last_leave[(employee_id, kind)] = (last, before + days)
        entry = totals[employee_id].setdefault(kind, [code, paid, Decimal("0.0"), []])
        entry[2] += days
        entry[3].append(LeavePart(start=first, end=last, days=days, days_before=before))
    return {
        pk: {
            kind: AbsenceDays(
                employee_id=pk,
                kind=kind,
                leave_type=code,
                paid=paid,
                days=days,
                parts=tuple(parts),
            )
            for kind, (code, paid, days, parts) in kinds.items()
        }
        for pk, kinds in totals.items()
    }


def leave_request_find(*, pk: int) -> LeaveRequest | None:
    """One request by id with its person (None: no such request): what a reaction to a leave
    event reads back, since the event carries only ids."""
    return LeaveRequest.objects.select_related("employee").filter(pk=pk).first()


__all__ = [
    "Balance",
    "absences_by_type",
    "approved_leave",
    "away_between",
    "calendar_leave_between",
    "leave_balance",
    "leave_beyond_balance",
    "leave_request_find",
    "leave_request_list",
    "leave_requests_to_decide",
    "may_cancel",
    "may_decide",
]

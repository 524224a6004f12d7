"""Leave requests: create with the balance checked, decide, cancel; entitlements per leave year."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice import roles
from backoffice.i18n import translated
from backoffice.models import Notification, User
from backoffice.selectors import organisation_get, users_with_role
from backoffice.services import action_record, notification_send
from hr.audit import HrAudit
from hr.domain.leave import preset_fields, preset_sources, usable_from
from hr.events import LeaveApproved, LeaveCancelled
from hr.models import Employee, LeaveEntitlement, LeaveRequest, LeaveType
from hr.permissions import decides_all_leave
from hr.policies import approver_for
from hr.selectors import (
    employee_lock,
    leave_balance,
    leave_beyond_balance,
    may_cancel,
    may_decide,
    work_calendar,
)
from hr.workdays import add_months, leave_year

END_BEFORE_START = _("The last day is before the first day.")
HALF_DAY_RANGE = _("A half day is a single day: make the first and last day the same.")
NO_WORKING_DAYS = _("There are no working days in this period.")
CROSSES_YEAR = _("This crosses into the next leave year; please make two requests.")
OVERLAPS = _("You already have leave from %(start)s to %(end)s that overlaps these dates.")
BEYOND_BALANCE = _("This needs %(days)s days but only %(available)s will be available by then.")
NOT_YOURS = _("Only the person's manager or HR can decide this request.")
NOT_PENDING = _("This request has already been decided.")
COMMENT_REQUIRED = _("Please say why the request is rejected.")
CANNOT_CANCEL = _("Leave can be cancelled until it starts; this one has started or ended.")
INACTIVE_TYPE = _("This leave type is no longer offered.")
BEFORE_QUALIFYING = _(
    "Paid annual leave of a first job can be used from %(date)s, after %(months)s months of "
    "service."
)


def entitlement_ensure(
    *, employee: Employee, leave_type: LeaveType, year_start: date
) -> LeaveEntitlement:
    """The year's entitlement, created on first use.

    By year of origin (Bulgaria) nothing is carried: last year's unused days stay last year's
    (KT art. 176a) and the years between the latest tracked one and this one are tracked too.
    Monthly accrual: with the carry-over from the year before, capped and expiring.
    """
    existing = LeaveEntitlement.objects.filter(
        employee=employee, leave_type=leave_type, year_start=year_start
    ).first()
    if existing is not None:
        return existing
    if leave_type.by_year_of_origin:
        month = organisation_get().leave_year_start_month
        latest = (
            LeaveEntitlement.objects.filter(
                employee=employee, leave_type=leave_type, year_start__lt=year_start
            )
            .order_by("-year_start")
            .values_list("year_start", flat=True)
            .first()
        )
        start = year_start
        if latest is not None:
            start = leave_year(latest, start_month=month)[1] + timedelta(days=1)
        entitlement = None
        while start <= year_start:
            entitlement, _created = LeaveEntitlement.objects.get_or_create(
                employee=employee,
                leave_type=leave_type,
                year_start=start,
                defaults={"annual_days": leave_type.annual_days},
            )
            start = leave_year(start, start_month=month)[1] + timedelta(days=1)
        return entitlement
    carried = Decimal("0.0")
    if leave_type.carry_over_max_days > 0 and employee.hire_date < year_start:
        previous = leave_balance(
            employee=employee, leave_type=leave_type, as_of=year_start - timedelta(days=1)
        )
        carried = max(Decimal("0.0"), min(previous.forecast, leave_type.carry_over_max_days))
    entitlement, _created = LeaveEntitlement.objects.get_or_create(
        employee=employee,
        leave_type=leave_type,
        year_start=year_start,
        defaults={
            "annual_days": leave_type.annual_days,
            "carried_over": carried,
            "carry_over_expires": add_months(year_start, leave_type.carry_over_months)
            if carried
            else None,
        },
    )
    return entitlement


@transaction.atomic
def leave_type_apply_preset(
    *, actor: User | None, leave_type: LeaveType, country: str
) -> LeaveType:
    """Give a paid annual leave type the country's rules (``hr.domain.leave.LEAVE_PRESETS``),
    with the legal source of each value. Switching to counting by year of origin drops the
    capped carry-over: last year's unused days are last year's balance from then on."""
    fields = preset_fields(country)
    for name, value in fields.items():
        setattr(leave_type, name, value)
    leave_type.kind = LeaveType.Kind.ANNUAL
    leave_type.legal_source = preset_sources(country)
    leave_type.save(update_fields=[*fields, "kind", "legal_source"])
    if leave_type.by_year_of_origin:
        LeaveEntitlement.objects.filter(leave_type=leave_type).update(
            carried_over=Decimal("0.0"), carry_over_expires=None
        )
    action_record(
        kind=HrAudit.LEAVE_TYPE_CHANGED,
        summary=gettext_noop("Leave type %(name)s given the rules of %(country)s"),
        params={"name": leave_type.name, "country": country},
        actor=actor,
        target=leave_type,
    )
    return leave_type


def _approvers(employee: Employee) -> list[User]:
    """Whom to tell of a new request: the person's approver, or else everyone with the HR role."""
    approver = approver_for(employee=employee)
    return [approver] if approver is not None else list(users_with_role(role=roles.HR))


def _check_dates(
    *, employee: Employee, start: date, end: date, half_day: str, exclude: int | None = None
) -> Decimal:
    """The working days a request takes, after refusing bad dates.

    Leave is counted in working days of the calendar (KT art. 155(4), NRVPO): the
    organisation's working week less official holidays, substitute rest days and one-off
    non-working days, plus working Saturdays. A person on a shift schedule (summarised working
    time) counts the same days: the Labour Code measures the right in working days, not in
    scheduled shifts, and the labour ministry and the labour inspectorate answer that the
    schedule does not change the count (a scheduled Sunday is not a leave day, a weekday off
    in the schedule is); under summarised time the period's norm is lowered by the same days
    times the contract's daily hours. Counting scheduled shifts instead would let a 12-hour
    schedule use 20 "days" as 240 hours; the calendar count keeps everyone's 20 days equal.
    """
    if end < start:
        raise ValidationError({"end_date": END_BEFORE_START})
    if half_day and start != end:
        raise ValidationError({"half_day": HALF_DAY_RANGE})
    organisation = organisation_get()
    year_start, year_end = leave_year(start, start_month=organisation.leave_year_start_month)
    if end > year_end:
        raise ValidationError({"end_date": CROSSES_YEAR})
    days = work_calendar(start=start, end=end).leave_days(start, end, half_day=bool(half_day))
    if days <= 0:
        raise ValidationError({"start_date": NO_WORKING_DAYS})
    clash = LeaveRequest.objects.live().filter(employee=employee).overlapping(start, end)
    if exclude:
        clash = clash.exclude(pk=exclude)
    clash = clash.first()
    if clash is not None:
        raise ValidationError(
            {
                "start_date": OVERLAPS
                % {
                    "start": date_format(clash.start_date, "SHORT_DATE_FORMAT"),
                    "end": date_format(clash.end_date, "SHORT_DATE_FORMAT"),
                }
            }
        )
    return days


def _check_by_year_of_origin(
    *, employee: Employee, leave_type: LeaveType, start: date, days: Decimal
) -> None:
    """A first job's leave waits for the qualifying service (KT art. 155(2)); the days must fit
    the open years' balances, oldest year first (KT art. 176a)."""
    _check_qualifying(employee=employee, leave_type=leave_type, start=start)
    if leave_type.may_exceed_balance:
        return
    beyond = leave_beyond_balance(employee=employee, leave_type=leave_type, start=start, days=days)
    if beyond > 0:
        raise ValidationError(
            {"end_date": BEYOND_BALANCE % {"days": days, "available": days - beyond}}
        )


def _check_qualifying(*, employee: Employee, leave_type: LeaveType, start: date) -> None:
    if not (leave_type.by_year_of_origin and leave_type.counts_against_allowance):
        return
    first_day = usable_from(
        hire_date=employee.hire_date,
        first_job=employee.first_job,
        qualifying_months=leave_type.qualifying_months,
    )
    if start < first_day:
        raise ValidationError(
            {
                "start_date": BEFORE_QUALIFYING
                % {
                    "date": date_format(first_day, "SHORT_DATE_FORMAT"),
                    "months": leave_type.qualifying_months,
                }
            }
        )


def leave_days_preview(
    *, employee: Employee, leave_type: LeaveType, start: date, end: date, half_day: str
) -> dict:
    """What the request form shows while typing: days asked, balance then, forecast to year end."""
    days = _check_dates(employee=employee, start=start, end=end, half_day=half_day)
    _check_qualifying(employee=employee, leave_type=leave_type, start=start)
    balance = leave_balance(employee=employee, leave_type=leave_type, as_of=end)
    return {
        "days": days,
        "balance": balance,
        "after": balance.available - days,
        "forecast_after": balance.forecast - days,
    }


@transaction.atomic
def leave_request_create(
    *,
    actor: User,
    employee: Employee,
    leave_type: LeaveType,
    start_date: date,
    end_date: date,
    half_day: str = "",
    reason: str = "",
) -> LeaveRequest:
    employee_lock(employee_id=employee.pk)  # one request at a time per person
    if not leave_type.active:
        raise ValidationError({"leave_type": INACTIVE_TYPE})
    days = _check_dates(employee=employee, start=start_date, end=end_date, half_day=half_day)
    organisation = organisation_get()
    year_start, _year_end = leave_year(start_date, start_month=organisation.leave_year_start_month)
    entitlement_ensure(employee=employee, leave_type=leave_type, year_start=year_start)
    if leave_type.by_year_of_origin and leave_type.counts_against_allowance:
        _check_by_year_of_origin(
            employee=employee, leave_type=leave_type, start=start_date, days=days
        )
    elif leave_type.counts_against_allowance and not leave_type.may_exceed_balance:
        available = leave_balance(
            employee=employee, leave_type=leave_type, as_of=end_date
        ).available
        if days > available:
            raise ValidationError(
                {"end_date": BEYOND_BALANCE % {"days": days, "available": available}}
            )
    request = LeaveRequest.objects.create(
        employee=employee,
        leave_type=leave_type,
        start_date=start_date,
        end_date=end_date,
        half_day=half_day,
        days=days,
        reason=reason,
    )
    action_record(
        kind=HrAudit.LEAVE_REQUESTED,
        summary=gettext_noop("%(name)s asked for %(days)s days of %(type)s from %(start)s"),
        params={
            "name": employee.full_name,
            "days": days,
            "type": leave_type.name,
            "start": start_date.isoformat(),
        },
        actor=actor,
        target=request,
        data={"employee": request.employee_id},
    )
    url = reverse("hr:leave-detail", args=[request.pk])
    for approver in _approvers(employee):
        notification_send(
            recipient=approver,
            kind="hr.leave_requested",
            title=gettext_noop("%(name)s asks for leave"),
            body=gettext_noop("%(days)s days of %(type)s from %(start)s"),
            params={
                "name": employee.full_name,
                "days": days,
                "type": translated(leave_type, "name"),
                "start": start_date,
            },
            url=url,
            email=True,
        )
    return request


def _tell_requester(request: LeaveRequest, title) -> None:
    if request.employee.user_id:
        notification_send(
            recipient=request.employee.user,
            kind=f"hr.leave_{request.status}",
            title=title,
            body=gettext_noop("%(comment)s") if request.decision_comment else "",
            params={"comment": request.decision_comment},
            url=reverse("hr:leave-detail", args=[request.pk]),
            level=Notification.Level.SUCCESS
            if request.status == LeaveRequest.Status.APPROVED
            else Notification.Level.WARNING,
            email=True,
        )


def _decide(*, actor: User, request: LeaveRequest, status: str, comment: str) -> LeaveRequest:
    locked = (
        LeaveRequest.objects.select_for_update(of=("self",))
        .select_related("employee", "employee__user", "leave_type")
        .get(pk=request.pk)
    )
    if locked.status != LeaveRequest.Status.PENDING:
        raise ValidationError(NOT_PENDING)
    if not may_decide(viewer=actor, request=locked):
        raise PermissionDenied(NOT_YOURS)
    locked.status = status
    locked.approver = actor
    locked.decided_at = timezone.now()
    locked.decision_comment = comment
    locked.save(update_fields=["status", "approver", "decided_at", "decision_comment"])
    return locked


@transaction.atomic
def leave_request_approve(*, actor: User, request: LeaveRequest, comment: str = "") -> LeaveRequest:
    request = _decide(
        actor=actor, request=request, status=LeaveRequest.Status.APPROVED, comment=comment
    )
    action_record(
        kind=HrAudit.LEAVE_APPROVED,
        summary=gettext_noop("Leave of %(name)s from %(start)s approved"),
        params={"name": request.employee.full_name, "start": request.start_date.isoformat()},
        actor=actor,
        target=request,
        data={"employee": request.employee_id},
        event=LeaveApproved(
            request_id=request.pk,
            employee_id=request.employee_id,
            start_date=request.start_date,
            end_date=request.end_date,
        ),
    )
    _tell_requester(request, _("Your leave was approved"))
    return request


@transaction.atomic
def leave_request_reject(*, actor: User, request: LeaveRequest, comment: str) -> LeaveRequest:
    if not comment.strip():
        raise ValidationError({"comment": COMMENT_REQUIRED})
    request = _decide(
        actor=actor, request=request, status=LeaveRequest.Status.REJECTED, comment=comment.strip()
    )
    action_record(
        kind=HrAudit.LEAVE_REJECTED,
        summary=gettext_noop("Leave of %(name)s from %(start)s rejected"),
        params={"name": request.employee.full_name, "start": request.start_date.isoformat()},
        actor=actor,
        target=request,
        data={"employee": request.employee_id},
    )
    _tell_requester(request, _("Your leave was not approved"))
    return request


@transaction.atomic
def leave_request_cancel(*, actor: User, request: LeaveRequest) -> LeaveRequest:
    """The person (or HR) cancels: pending at any time, approved until it starts."""
    locked = (
        LeaveRequest.objects.select_for_update(of=("self",))
        .select_related("employee")
        .get(pk=request.pk)
    )
    if locked.employee.user_id != actor.pk and not decides_all_leave(actor):
        raise PermissionDenied(NOT_YOURS)
    was_approved = locked.status == LeaveRequest.Status.APPROVED
    if not may_cancel(viewer=actor, request=locked, today=timezone.localdate()):
        raise ValidationError(CANNOT_CANCEL)
    locked.status = LeaveRequest.Status.CANCELLED
    locked.save(update_fields=["status"])
    action_record(
        kind=HrAudit.LEAVE_CANCELLED,
        summary=gettext_noop("Leave of %(name)s from %(start)s cancelled"),
        params={"name": locked.employee.full_name, "start": locked.start_date.isoformat()},
        actor=actor,
        target=locked,
        data={"employee": locked.employee_id},
        event=LeaveCancelled(
            request_id=locked.pk,
            employee_id=locked.employee_id,
            start_date=locked.start_date,
            end_date=locked.end_date,
        )
        if was_approved
        else None,
    )
    return locked


ATTACH_NOT_ALLOWED = _("Only the person or HR can add the supporting document.")


@transaction.atomic
def leave_request_attach_document(
    *, actor: User, request: LeaveRequest, upload, title: str
) -> LeaveRequest:
    """The supporting document a long absence needs (a sick note): stored with the person's documents."""
    from hr.models import EmployeeDocument
    from hr.services.documents import document_upload

    locked = (
        LeaveRequest.objects.select_for_update(of=("self",))
        .select_related("employee")
        .get(pk=request.pk)
    )
    if locked.employee.user_id != actor.pk and not actor.has_perm("hr.add_employeedocument"):
        raise PermissionDenied(ATTACH_NOT_ALLOWED)
    document = document_upload(
        actor=actor,
        employee=locked.employee,
        kind=EmployeeDocument.Kind.MEDICAL,
        title=title,
        upload=upload,
    )
    locked.document = document
    locked.save(update_fields=["document"])
    return locked

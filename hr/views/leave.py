"""Leave: my balance and requests, requesting with a live preview, deciding, the team calendar."""

from __future__ import annotations

import calendar as month_calendar
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.filters import query_int
from backoffice.forms import date_in_range
from backoffice.i18n import date_text
from backoffice.lists import paginate
from backoffice.registry import registry
from hr.forms import DecisionForm, LeaveRequestForm, SupportingDocumentForm
from hr.models import Department, LeaveRequest, LeaveType
from hr.permissions import decides_all_leave, manages_team, sees_all_leave
from hr.selectors import (
    calendar_days,
    document_visible,
    employee_for_user,
    employee_visible_ids,
    leave_balance,
    leave_request_list,
    leave_requests_to_decide,
    may_cancel,
    may_decide,
    work_calendar,
)
from hr.selectors.approvals import approval_rows
from hr.selectors.leave import calendar_leave_between
from hr.services import (
    leave_request_approve,
    leave_request_cancel,
    leave_request_create,
    leave_request_reject,
)
from hr.services.leave import leave_days_preview, leave_request_attach_document


def _me_or_404(request: HttpRequest):
    me = employee_for_user(user=request.user)
    if me is None:
        raise Http404
    return me


@require_GET
def my_leave(request: HttpRequest) -> HttpResponse:
    me = _me_or_404(request)
    today = timezone.localdate()
    balances = [
        leave_balance(employee=me, leave_type=t, as_of=today)
        for t in LeaveType.objects.filter(active=True, counts_against_allowance=True)
    ]
    requests = LeaveRequest.objects.filter(employee=me).select_related("leave_type", "approver")
    page = paginate(request, requests, per_page=20)
    return render(
        request,
        "hr/my_leave.html",
        {"balances": balances, "page": page, "employee": me, "today": today},
    )


@require_http_methods(["GET", "POST"])
def leave_request_new(request: HttpRequest) -> HttpResponse:
    me = _me_or_404(request)
    today = timezone.localdate()
    next_monday = today + timedelta(days=7 - today.weekday())
    form = LeaveRequestForm(
        request.POST or None, initial={"start_date": next_monday, "end_date": next_monday}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            leave = leave_request_create(
                actor=request.user,
                employee=me,
                leave_type=data["leave_type"],
                start_date=data["start_date"],
                end_date=data["end_date"],
                half_day=data["half_day"] or "",
                reason=data["reason"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your request was sent for approval."))
            return redirect("hr:leave-detail", pk=leave.pk)
    return render(request, "hr/leave_form.html", {"form": form, "preview": _preview(me, form)})


def _preview(me, form) -> dict | None:
    if not form.is_bound:
        return None
    data = {}
    for name in ("leave_type", "start_date", "end_date", "half_day"):
        field = form.fields[name]
        try:
            data[name] = field.clean(
                field.widget.value_from_datadict(form.data, form.files, form.add_prefix(name))
            )
        except ValidationError:
            return None
    try:
        return leave_days_preview(
            employee=me,
            leave_type=data["leave_type"],
            start=data["start_date"],
            end=data["end_date"],
            half_day=data["half_day"] or "",
        )
    except ValidationError as exc:
        return {"error": " ".join(exc.messages)}


@require_POST
def leave_preview(request: HttpRequest) -> HttpResponse:
    """The live balance while the person types (htmx)."""
    me = _me_or_404(request)
    form = LeaveRequestForm(request.POST)
    return render(request, "hr/leave_form.html#preview", {"preview": _preview(me, form)})


def _request_or_404(request: HttpRequest, pk: int) -> LeaveRequest:
    try:
        return (
            leave_request_list(viewer=request.user)
            .select_related("approver", "employee__user")
            .get(pk=pk)
        )
    except LeaveRequest.DoesNotExist:
        raise Http404 from None


@require_GET
def leave_detail(request: HttpRequest, pk: int) -> HttpResponse:
    leave = _request_or_404(request, pk)
    today = timezone.localdate()
    can_decide = may_decide(viewer=request.user, request=leave)
    context = {
        "leave": leave,
        "can_decide": can_decide,
        # What approval would do in the departments above HR (the registry's leave-impact hook).
        "impact": registry.leave_impact_for(leave) if can_decide else [],
        "is_own": leave.employee.user_id == request.user.pk,
        "can_cancel": may_cancel(viewer=request.user, request=leave, today=today),
        "balance": leave_balance(
            employee=leave.employee, leave_type=leave.leave_type, as_of=leave.end_date
        )
        if leave.leave_type.counts_against_allowance
        else None,
        "decision_form": DecisionForm(),
        "can_attach": leave.needs_document
        and (
            leave.employee.user_id == request.user.pk
            or request.user.has_perm("hr.add_employeedocument")
        ),
        "document_form": SupportingDocumentForm(),
        # A sick note is health data: its approver learns that it arrived, not what it says.
        "document_visible": document_visible(viewer=request.user, pk=leave.document_id),
    }
    return render(request, "hr/leave_detail.html", context)


@require_POST
def leave_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    leave = _request_or_404(request, pk)
    form = DecisionForm(request.POST)
    form.is_valid()
    comment = form.cleaned_data.get("comment", "")
    try:
        if decision == "approve":
            leave_request_approve(actor=request.user, request=leave, comment=comment)
            messages.success(request, _("The leave was approved."))
        else:
            leave_request_reject(actor=request.user, request=leave, comment=comment)
            messages.success(request, _("The request was rejected."))
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("hr:leave-detail", pk=leave.pk)


@require_POST
def leave_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    leave = _request_or_404(request, pk)
    try:
        leave_request_cancel(actor=request.user, request=leave)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The leave was cancelled."))
    return redirect("hr:leave-detail", pk=leave.pk)


@require_GET
def leave_approvals(request: HttpRequest) -> HttpResponse:
    if not (manages_team(request.user) or decides_all_leave(request.user)):
        raise PermissionDenied
    pending = (
        leave_requests_to_decide(viewer=request.user)
        .select_related("employee", "leave_type")
        .order_by("start_date", "pk")
    )
    page = paginate(request, pending)
    rows = approval_rows(viewer=request.user, requests=list(page.object_list))
    return render(request, "hr/leave_approvals.html", {"page": page, "rows": rows})


#: Most requests one click decides (a page of the approvals list).
BULK_MAX = 100


@require_POST
def leave_decide_bulk(request: HttpRequest) -> HttpResponse:
    """Approve or reject from the list: the ticked requests, or the one whose button was pressed.
    Each is decided on its own; one refused (not yours, already decided) does not stop the rest.
    A rejection needs a comment, as on the request's own page."""
    if not (manages_team(request.user) or decides_all_leave(request.user)):
        raise PermissionDenied
    one = query_int(request.POST.get("one"))  # a row's own button approves that request
    decision = request.POST.get("decision") or ("approve" if one is not None else "")
    ids = [one] if one is not None else [query_int(v) for v in request.POST.getlist("ids")]
    ids = [pk for pk in ids if pk is not None][:BULK_MAX]
    comment = request.POST.get("comment", "").strip()
    if decision not in {"approve", "reject"} or not ids:
        messages.error(request, _("Tick at least one request, then approve or reject."))
        return redirect("hr:leave-list")
    if decision == "reject" and not comment:
        messages.error(request, _("Say why in the comment to reject; nothing was changed."))
        return redirect("hr:leave-list")
    decided, problems = 0, []
    for leave in leave_requests_to_decide(viewer=request.user).filter(pk__in=ids):
        try:
            if decision == "approve":
                leave_request_approve(actor=request.user, request=leave, comment=comment)
            else:
                leave_request_reject(actor=request.user, request=leave, comment=comment)
        except (PermissionDenied, ValidationError) as exc:
            reason = " ".join(getattr(exc, "messages", [])) or _("not allowed")
            problems.append(f"{leave.employee.full_name}: {reason}")
        else:
            decided += 1
    if decided:
        done = _("%(count)s approved.") if decision == "approve" else _("%(count)s rejected.")
        messages.success(request, done % {"count": decided})
    for problem in problems:
        messages.error(request, problem)
    if not decided and not problems:
        messages.info(request, _("Those requests were already decided."))
    return redirect("hr:leave-list")


def _month(request: HttpRequest) -> date:
    """``?month=2026-05``; anything else, a year out of range included, shows this month."""
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        first = date(year, month, 1)
    except (ValueError, TypeError):
        first = None
    return first if first and date_in_range(first) else timezone.localdate().replace(day=1)


@require_GET
def leave_calendar(request: HttpRequest) -> HttpResponse:
    """Who is away, by month: one row per person with approved or pending leave, the month's
    days as columns; pending leave is told apart, official holidays are shaded and named."""
    if not (manages_team(request.user) or sees_all_leave(request.user)):
        raise PermissionDenied
    first = _month(request)
    last = first.replace(day=month_calendar.monthrange(first.year, first.month)[1])
    department = request.GET.get("department", "")
    department_id = query_int(department)
    away = calendar_leave_between(viewer=request.user, start=first, end=last)
    if department_id is not None:
        away = away.filter(employee__department_id=department_id)
    # One page of people at a time: the month of a large company is thousands of rows.
    people = (
        away.order_by("employee__last_name", "employee__first_name", "employee_id")
        .values("employee_id", "employee__last_name", "employee__first_name")
        .distinct()
    )
    page = paginate(request, people, per_page=40)
    ids = [row["employee_id"] for row in page.object_list]
    entries = calendar_days(start=first, end=last)
    holidays = {entry.day: entry.name for entry in entries if entry.is_holiday}
    working = work_calendar(start=first, end=last).is_working_day
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    rows: dict[int, dict] = {pk: {"employee": None, "cells": {}} for pk in ids}
    approved = LeaveRequest.Status.APPROVED
    for leave in away.filter(employee_id__in=ids):
        row = rows[leave.employee_id]
        row["employee"] = leave.employee
        for day in days:
            if leave.start_date <= day <= leave.end_date:
                # Approved leave wins a day that a pending request also asks for.
                held = row["cells"].get(day)
                if held is None or (held.status != approved and leave.status == approved):
                    row["cells"][day] = leave
    table = [
        {
            "employee": rows[pk]["employee"],
            "cells": [
                (day, rows[pk]["cells"].get(day), working(day), holidays.get(day, ""))
                for day in days
            ],
        }
        for pk in ids
    ]
    previous = (first - timedelta(days=1)).replace(day=1)
    following = last + timedelta(days=1)
    visible = employee_visible_ids(viewer=request.user)
    departments = (
        Department.objects.only("name")
        if visible is None
        else Department.objects.filter(members__in=visible).distinct()
    )
    context = {
        "first": first,
        "days": [(d, working(d), holidays.get(d, "")) for d in days],
        # In running text: "3 March 2027", in Bulgarian "3 март 2027" (the month in lower case).
        "holidays": [(date_text(day), name) for day, name in sorted(holidays.items())],
        "table": table,
        "page": page,
        "previous": previous,
        "following": following,
        "departments": departments,
        "department": department,
    }
    return render(request, "hr/leave_calendar.html", context)


@require_POST
def leave_document(request: HttpRequest, pk: int) -> HttpResponse:
    leave = _request_or_404(request, pk)
    form = SupportingDocumentForm(request.POST, request.FILES)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("hr:leave-detail", pk=leave.pk)
    try:
        leave_request_attach_document(
            actor=request.user,
            request=leave,
            upload=form.cleaned_data["upload"],
            title=form.cleaned_data["title"],
        )
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The document was added; the request is no longer flagged."))
    return redirect("hr:leave-detail", pk=leave.pk)

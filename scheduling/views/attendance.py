"""Time and attendance pages: the time clock (phone first), timesheets, corrections, exports."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.forms import query_date
from backoffice.lists import paginate
from backoffice.services import job_start
from hr.permissions import manages_team
from hr.selectors import employee_for_user
from scheduling import services
from scheduling.domain.times import instant
from scheduling.forms import CorrectionRequestForm, EntryForm
from scheduling.models import CorrectionRequest, TimeEntry, Timesheet
from scheduling.selectors.attendance import (
    current_shift,
    may_approve,
    may_correct,
    open_entry,
    pay_period,
    sees_all_timesheets,
    timesheet_get,
    timesheet_list,
    timesheet_not_ready,
    timesheet_of,
    timesheet_view,
    timesheets_of,
)

#: The form field that shows an error the correction service raises for one of its arguments.
_ENTRY_FIELDS = {"clock_in": "start", "clock_out": "end"}


def _me(request: HttpRequest):
    me = employee_for_user(user=request.user)
    if me is None:
        raise Http404
    return me


def _ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR")


@require_http_methods(["GET", "POST"])
def clock(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if request.method == "POST":
        action = request.POST.get("action")
        actions = {
            "in": lambda: services.clock_in(employee=me, ip=_ip(request)),
            "out": lambda: services.clock_out(employee=me),
            "break": lambda: services.break_start(employee=me),
            "resume": lambda: services.break_end(employee=me),
        }
        done = {
            "in": _("Clocked in."),
            "out": _("Clocked out."),
            "break": _("Break started."),
            "resume": _("Back from the break."),
        }
        if action not in actions:
            messages.error(request, _("Unknown action."))
        else:
            try:
                result = actions[action]()
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                if action == "out" and result is None:
                    messages.info(request, _("Clock-in undone: less than a minute had passed."))
                else:
                    messages.success(request, done[action])
        return redirect("scheduling:clock-detail")
    return _clock_page(request, me, CorrectionRequestForm(initial={"day": timezone.localdate()}))


def _clock_page(request: HttpRequest, me, form: CorrectionRequestForm, status: int = 200):
    now = timezone.now()
    entry = open_entry(employee=me)
    on_break = bool(entry and any(b.end is None for b in entry.breaks.all()))
    shift = current_shift(employee=me, now=now)
    today = timezone.localdate()
    todays = TimeEntry.objects.filter(employee=me, day__gte=today - timedelta(days=1)).order_by(
        "-clock_in"
    )[:6]
    return render(
        request,
        "scheduling/clock.html",
        {
            "entry": entry,
            "on_break": on_break,
            "shift": shift,
            "shift_start": shift.local_start if shift else None,
            "shift_end": shift.local_end if shift else None,
            "todays": todays,
            "form": form,
            "sheet": timesheet_of(employee=me, day=today),
        },
        status=status,
    )


@require_POST
def correction_request(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    form = CorrectionRequestForm(request.POST)
    if form.is_valid():
        try:
            services.correction_request_create(
                employee=me, day=form.cleaned_data["day"], comment=form.cleaned_data["comment"]
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your manager was asked to correct the time."))
            return redirect("scheduling:clock-detail")
    return _clock_page(request, me, form)  # the fields keep what was typed, errors beside them


@require_GET
def my_timesheets(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    sheets = timesheets_of(employee=me, today=timezone.localdate())
    return render(
        request, "scheduling/timesheet_list.html", {"page": paginate(request, sheets), "mine": True}
    )


@require_GET
def timesheets(request: HttpRequest) -> HttpResponse:
    if not (sees_all_timesheets(request.user) or manages_team(request.user)):
        raise PermissionDenied
    sheets = timesheet_list(viewer=request.user).order_by("-start", "employee__last_name")
    status = request.GET.get("status", "")
    if status in Timesheet.Status.values:
        sheets = sheets.filter(status=status)
    month = query_date(request.GET.get("period"))
    if month:
        sheets = sheets.filter(start=pay_period(month)[0])
    current_period = pay_period(timezone.localdate())
    return render(
        request,
        "scheduling/timesheet_list.html",
        {
            "page": paginate(request, sheets),
            "mine": False,
            "status": status,
            "statuses": Timesheet.Status.choices,
            "export_start": (month and pay_period(month)[0]) or current_period[0],
        },
    )


def _sheet(request, pk) -> Timesheet:
    try:
        return timesheet_get(viewer=request.user, pk=pk)
    except Timesheet.DoesNotExist:
        raise Http404 from None


@require_GET
def timesheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    sheet = _sheet(request, pk)
    view = timesheet_view(sheet, now=timezone.now())
    days, totals = view.days, view.totals
    corrections = CorrectionRequest.objects.filter(
        employee=sheet.employee, day__gte=sheet.start, day__lte=sheet.end
    )
    cards = [
        (_("Planned"), sum(d.planned for d in days)),
        (_("Worked"), totals.get("worked", 0)),
        (_("Overtime"), totals.get("overtime", 0)),
        (_("Night"), totals.get("night", 0)),
        (_("Rest days"), totals.get("weekend", 0)),
        (_("Official holiday"), totals.get("holiday", 0)),
    ]
    buckets = [
        (_("Overtime on working days (+50 %)"), totals.get("overtime_workday", 0)),
        (_("Overtime on rest days (+75 %)"), totals.get("overtime_rest_day", 0)),
        (_("Overtime on official holidays (+100 %)"), totals.get("overtime_holiday", 0)),
        (_("Overtime, summarised accounting (+50 %)"), totals.get("overtime_summarised", 0)),
        (_("of which at night"), totals.get("overtime_night", 0)),
        (_("Holiday work (at least double)"), totals.get("holiday", 0)),
    ]
    return render(
        request,
        "scheduling/timesheet_detail.html",
        {
            "sheet": sheet,
            "days": days,
            "totals": totals,
            "planned": cards[0][1],
            "cards": cards,
            "buckets": buckets,
            "result": view.result,
            "overtime": view.overtime,
            "adjustments": sheet.adjustments.select_related("source"),
            "corrections": corrections,
            "may_submit": sheet.employee.user_id == request.user.pk
            and sheet.status == Timesheet.Status.OPEN,
            "not_ready": timesheet_not_ready(timesheet=sheet)
            if sheet.status != Timesheet.Status.APPROVED
            else "",
            "may_approve": may_approve(viewer=request.user, timesheet=sheet)
            and sheet.status == Timesheet.Status.SUBMITTED,
            "may_correct": may_correct(viewer=request.user, employee=sheet.employee),
        },
    )


@require_POST
def timesheet_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    sheet = _sheet(request, pk)
    try:
        if action == "submit":
            services.timesheet_submit(actor=request.user, timesheet=sheet)
            messages.success(request, _("The timesheet was sent to your manager."))
        else:
            services.timesheet_approve(actor=request.user, timesheet=sheet)
            messages.success(request, _("The timesheet was approved and locked."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied:
        messages.error(request, _("You may not do this with this timesheet."))
    return redirect("scheduling:timesheet-detail", pk=pk)


@require_http_methods(["GET", "POST"])
def entry_form(request: HttpRequest, pk: int, entry_pk: int | None = None) -> HttpResponse:
    sheet = _sheet(request, pk)
    if not may_correct(viewer=request.user, employee=sheet.employee):
        raise PermissionDenied
    entry = None
    if entry_pk is not None:
        entry = TimeEntry.objects.filter(pk=entry_pk, employee=sheet.employee).first()
        if entry is None:
            raise Http404
    zone = (
        entry.location.zone
        if entry and entry.location_id
        else (
            sheet.employee.schedule_locations.first().zone
            if sheet.employee.schedule_locations.exists()
            else timezone.get_current_timezone()
        )
    )
    today = timezone.localdate()
    initial = {
        "day": request.GET.get("day")
        or (today if sheet.start <= today <= sheet.end else sheet.start)
    }
    if entry is not None:
        initial = {
            "day": entry.day,
            "start": entry.clock_in.astimezone(zone).time(),
            "end": entry.clock_out.astimezone(zone).time() if entry.clock_out else None,
            "ends_next_day": bool(
                entry.clock_out and entry.clock_out.astimezone(zone).date() > entry.day
            ),
            "break_minutes": sum(
                int((b.end - b.start).total_seconds() // 60) for b in entry.breaks.all() if b.end
            ),
        }
    form = EntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        end_day = data["day"] + timedelta(days=1) if data["ends_next_day"] else data["day"]
        try:
            services.entry_correct(
                actor=request.user,
                employee=sheet.employee,
                entry=entry,
                clock_in=instant(data["day"], data["start"], zone),
                clock_out=instant(end_day, data["end"], zone),
                break_minutes=data["break_minutes"],
                reason=data["reason"],
            )
        except ValidationError as exc:
            # The service names its arguments (clock_in, clock_out); the form has start and end.
            errors = exc.message_dict if hasattr(exc, "error_dict") else {None: exc.messages}
            for name, found in errors.items():
                form.add_error(
                    _ENTRY_FIELDS.get(name, name if name in form.fields else None), found
                )
        else:
            if sheet.locked:
                messages.success(
                    request,
                    _("Corrected. The period is locked: the difference goes into the next one."),
                )
            else:
                messages.success(request, _("The time was corrected."))
            return redirect("scheduling:timesheet-detail", pk=pk)
    return render(
        request,
        "scheduling/entry_form.html",
        {"form": form, "sheet": sheet, "entry": entry, "zone": zone},
    )


@require_POST
def timesheets_export(request: HttpRequest) -> HttpResponse:
    if not (sees_all_timesheets(request.user) or manages_team(request.user)):
        raise PermissionDenied
    fmt = request.POST.get("format")
    day = query_date(request.POST.get("start"))
    if fmt not in ("xlsx", "pdf") or day is None:
        messages.error(request, _("Choose a period and a format."))
        return redirect("scheduling:timesheet-list")
    start, end = pay_period(day)
    job = job_start(
        kind="scheduling.timesheets_export",
        params={"start": start.isoformat(), "format": fmt},
        requested_by=request.user,
    )
    return redirect("backoffice:job-detail", uuid=job.uuid)

"""Staff's own pages (phone first): my schedule, availability, open shifts, swaps, calendar feed;
and the manager's swap approvals."""

from __future__ import annotations

from datetime import UTC, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from backoffice.forms import query_date
from backoffice.lists import paginate
from hr.models import Employee
from hr.permissions import manages_team
from hr.selectors import employee_choices, employee_for_user
from scheduling import services
from scheduling.domain.times import monday
from scheduling.forms import AvailabilityForm, CommentForm, SwapForm
from scheduling.models import Availability, CalendarFeed, Location, Shift, SwapRequest
from scheduling.selectors import (
    my_shifts,
    open_shifts_for,
    swap_requests_of,
    swap_requests_to_decide,
)


def _me(request: HttpRequest) -> Employee:
    me = employee_for_user(user=request.user)
    if me is None:
        raise Http404
    return me


def _local(shift: Shift) -> dict:
    return {
        "shift": shift,
        "start": shift.local_start,
        "end": shift.local_end,
    }


@require_GET
def my_schedule(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    today = timezone.localdate()
    month_view = request.GET.get("view") == "month"
    anchor = query_date(request.GET.get("date")) or today
    if month_view:
        start = anchor.replace(day=1)
        end = (start + timedelta(days=32)).replace(day=1) - timedelta(days=1)
        previous, following = (start - timedelta(days=1)).replace(day=1), end + timedelta(days=1)
    else:
        start = monday(anchor)
        end = start + timedelta(days=6)
        previous, following = start - timedelta(days=7), start + timedelta(days=7)
    shifts = [_local(s) for s in my_shifts(employee=me, start=start, end=end)]
    by_day = {}
    for item in shifts:
        by_day.setdefault(item["shift"].day, []).append(item)
    days = [
        (start + timedelta(days=n), by_day.get(start + timedelta(days=n), []))
        for n in range((end - start).days + 1)
    ]
    upcoming = next(
        (
            _local(s)
            for s in my_shifts(employee=me, start=today, end=today + timedelta(days=60))
            if s.end > timezone.now()
        ),
        None,
    )
    feed = CalendarFeed.objects.filter(employee=me).first()
    feed_url = (
        request.build_absolute_uri(reverse("scheduling:calendar-feed-download", args=[feed.token]))
        if feed
        else ""
    )
    requests = swap_requests_of(employee=me).filter(status=SwapRequest.Status.PENDING)
    return render(
        request,
        "scheduling/my_schedule.html",
        {
            "days": days,
            "month_view": month_view,
            "start": start,
            "end": end,
            "previous": previous,
            "following": following,
            "today": today,
            "upcoming": upcoming,
            "total_minutes": sum(i["shift"].paid_minutes for i in shifts),
            "feed_url": feed_url,
            "requests": requests,
            "me": me,
            "now": timezone.now(),
        },
    )


@require_POST
def calendar_feed(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    if request.POST.get("action") == "revoke":
        services.calendar_feed_revoke(employee=me)
        messages.success(request, _("The calendar address no longer works."))
    else:
        services.calendar_feed_renew(employee=me)
        messages.success(
            request, _("A new private calendar address was made; any old one stopped working.")
        )
    return redirect("scheduling:schedule-mine")


def _ical_text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


@login_not_required
@require_GET
def ical(request: HttpRequest, token: str) -> HttpResponse:
    """The private feed: published shifts from 30 days back, in UTC, no login (the token is it)."""
    feed = CalendarFeed.objects.select_related("employee").filter(token=token).first()
    if feed is None:
        raise Http404
    today = timezone.localdate()
    shifts = my_shifts(
        employee=feed.employee, start=today - timedelta(days=30), end=today + timedelta(days=120)
    )
    stamp = timezone.now().astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Back office//Schedule//EN",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_ical_text(_('My schedule'))}",
    ]
    for shift in shifts:
        title = shift.template.name if shift.template_id else _("Shift")
        lines += [
            "BEGIN:VEVENT",
            f"UID:shift-{shift.pk}@{request.get_host()}",
            f"DTSTAMP:{stamp}",
            f"DTSTART:{shift.start.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            f"DTEND:{shift.end.astimezone(UTC):%Y%m%dT%H%M%SZ}",
            f"SUMMARY:{_ical_text(f'{title} · {shift.location.name}')}",
            f"LOCATION:{_ical_text(shift.location.address or shift.location.name)}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    response = HttpResponse(
        "\r\n".join(lines) + "\r\n", content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="schedule.ics"'
    return response


@require_http_methods(["GET", "POST"])
def my_availability(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    form = AvailabilityForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.availability_save(employee=me, entry=form.instance)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your availability was saved."))
            return redirect("scheduling:availability-mine")
    entries = Availability.objects.filter(employee=me).select_related("template")
    return render(request, "scheduling/my_availability.html", {"form": form, "entries": entries})


@require_POST
def availability_delete(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    entry = Availability.objects.filter(pk=pk, employee=me).first()
    if entry is None:
        raise Http404
    services.availability_delete(employee=me, entry=entry)
    messages.success(request, _("The entry was removed."))
    return redirect("scheduling:availability-mine")


@require_GET
def open_shifts(request: HttpRequest) -> HttpResponse:
    me = _me(request)
    items = [
        {**_local(shift), "conflicts": conflicts}
        for shift, conflicts in open_shifts_for(employee=me, today=timezone.localdate())
    ]
    return render(request, "scheduling/open_shifts.html", {"items": items})


@require_POST
def open_shift_claim(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    shift = Shift.objects.published().filter(pk=pk, location__members=me).first()
    if shift is None:
        raise Http404
    try:
        services.open_shift_claim(employee=me, shift=shift)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("scheduling:open-shift-list")
    messages.success(request, _("The shift is yours; it is on your schedule."))
    return redirect("scheduling:schedule-mine")


@require_http_methods(["GET", "POST"])
def swap_create(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    shift = (
        Shift.objects.published()
        .select_related("location", "template", "period")
        .filter(pk=pk, employee=me)
        .first()
    )
    if shift is None:
        raise Http404
    colleagues = employee_choices(
        ids=Location.members.through.objects.filter(location=shift.location).values("employee_id"),
        current=True,
        exclude=[me.pk],
    )
    their = (
        Shift.objects.published()
        .filter(
            location=shift.location,
            employee__in=colleagues,
            start__gt=timezone.now(),
            day__lte=shift.day + timedelta(days=14),
            day__gte=shift.day - timedelta(days=14),
        )
        .select_related("employee", "template", "location")
        .order_by("start")[:200]
    )
    their_shifts = [
        (
            s,
            f"{s.employee.full_name}: {s.day:%d.%m} {s.local_start:%H:%M}-{s.local_end:%H:%M}",
        )
        for s in their
    ]
    chosen = (request.POST or request.GET).get("colleague", "")
    their_shifts = [(s, label) for s, label in their_shifts if str(s.employee_id) == chosen]
    form = SwapForm(
        request.POST or None,
        colleagues=colleagues,
        their_shifts=their_shifts,
        refresh_url=request.path,
        initial={"colleague": chosen or None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.swap_request_create(
                requester=me,
                shift=shift,
                colleague=form.cleaned_data["colleague"],
                colleague_shift=form.cleaned_data["colleague_shift"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Your request was sent to your colleague and your manager.")
            )
            return redirect("scheduling:schedule-mine")
    return render(request, "scheduling/swap_form.html", {"form": form, **_local(shift)})


@require_POST
def swap_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    me = _me(request)
    swap = swap_requests_of(employee=me).filter(pk=pk).first()
    if swap is None:
        raise Http404
    try:
        services.swap_withdraw(actor=request.user, employee=me, swap=swap)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The request was withdrawn."))
    return redirect("scheduling:schedule-mine")


@require_GET
def swap_approvals(request: HttpRequest) -> HttpResponse:
    if not (manages_team(request.user) or request.user.has_perm("scheduling.plan")):
        raise PermissionDenied
    requests = swap_requests_to_decide(viewer=request.user).order_by("shift__start")
    return render(
        request,
        "scheduling/swap_approvals.html",
        {"page": paginate(request, requests), "form": CommentForm()},
    )


@require_POST
def swap_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    swap = swap_requests_to_decide(viewer=request.user).filter(pk=pk).first()
    if swap is None:
        raise Http404
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        if decision == "approve":
            services.swap_approve(actor=request.user, swap=swap, comment=comment)
            messages.success(request, _("The swap was approved and the roster changed."))
        else:
            services.swap_reject(actor=request.user, swap=swap, comment=comment)
            messages.success(request, _("The swap was rejected."))
    except (ValidationError, PermissionDenied) as exc:
        text = " ".join(exc.messages) if isinstance(exc, ValidationError) else str(exc)
        messages.error(request, text)
    return redirect("scheduling:swap-list")

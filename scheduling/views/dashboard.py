"""Attendance against the roster: planned and actual hours, overtime, late and missed clock-ins,
timesheets waiting, and the shifts worked against those planned, day by day.

A fixed number of queries whatever the size: sums and counts are made in the database; overtime
is classified only for the twenty people who worked most (the list shows no more).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, DurationField, Exists, ExpressionWrapper, F, OuterRef, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from backoffice.forms import query_date
from hr.models import Employee
from scheduling.attendance import classify
from scheduling.models import BreakEntry, Shift, TimeEntry, Timesheet
from scheduling.selectors import is_planner
from scheduling.timesheets import (
    GRACE_MINUTES,
    holidays,
    pay_period,
    sessions,
    thresholds,
    timesheet_employee_ids,
)

TOP = 20


def _scope(user) -> set[int] | None:
    if is_planner(user):
        return None
    return timesheet_employee_ids(viewer=user)


@require_GET
def attendance_dashboard(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (is_planner(user) or user.has_perm("hr.view_team") or user.has_perm("hr.view_employee")):
        raise PermissionDenied
    ids = _scope(user)
    anchor = query_date(request.GET.get("period")) or timezone.localdate()
    start, end = pay_period(anchor)
    now = timezone.now()
    shifts = Shift.objects.published().filter(
        day__gte=start, day__lte=end, employee__isnull=False, start__lte=now
    )
    entries = TimeEntry.objects.filter(day__gte=start, day__lte=end, clock_out__isnull=False)
    sheets = Timesheet.objects.filter(start=start)
    if ids is not None:
        shifts = shifts.filter(employee_id__in=ids)
        entries = entries.filter(employee_id__in=ids)
        sheets = sheets.filter(employee_id__in=ids)
    duration = ExpressionWrapper(F("clock_out") - F("clock_in"), output_field=DurationField())
    planned = shifts.aggregate(total=Sum("paid_minutes"))["total"] or 0
    paused = ExpressionWrapper(F("end") - F("start"), output_field=DurationField())
    actual_delta = (entries.aggregate(total=Sum(duration))["total"] or timedelta()) - (
        BreakEntry.objects.filter(entry__in=entries, end__isnull=False).aggregate(
            total=Sum(paused)
        )["total"]
        or timedelta()
    )
    late = entries.filter(
        shift__isnull=False, clock_in__gt=F("shift__start") + timedelta(minutes=GRACE_MINUTES)
    ).select_related("employee", "shift")
    missed = (
        shifts.filter(end__lt=now)
        .annotate(worked=Exists(TimeEntry.objects.filter(shift=OuterRef("pk"))))
        .filter(worked=False)
        .select_related("employee", "location")
    )
    waiting = sheets.filter(status=Timesheet.Status.SUBMITTED).select_related("employee")
    per_person = (
        entries.values("employee_id").annotate(total=Sum(duration)).order_by("-total")[:TOP]
    )
    top = [row["employee_id"] for row in per_person]
    people = Employee.objects.in_bulk(top)
    works = sessions(employee_ids=top, start=start, end=end)
    limits, days_off = thresholds(), holidays(start, end)
    overtime = []
    for pk in top:
        result = classify(
            works.get(pk, []), start=start, end=end, thresholds=limits, holidays=days_off
        )
        overtime.append((people[pk], result.total("worked"), result.total("overtime")))
    overtime.sort(key=lambda item: -item[2])
    planned_by_day: dict[date, int] = defaultdict(int)
    for day, total in shifts.values_list("day").annotate(total=Sum("paid_minutes")).order_by():
        planned_by_day[day] = total or 0
    worked_shifts: dict[date, int] = defaultdict(int)
    planned_shifts: dict[date, int] = defaultdict(int)
    for day, count in shifts.values_list("day").annotate(n=Count("pk")).order_by():
        planned_shifts[day] = count
    for day, count in (
        shifts.filter(Exists(TimeEntry.objects.filter(shift=OuterRef("pk"))))
        .values_list("day")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        worked_shifts[day] = count
    days = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    days = [d for d in days if d <= timezone.localdate()]
    chart = {
        "type": "bar",
        "labels": [d.strftime("%d.%m") for d in days],
        "series": [
            {
                "label": _("Shifts planned"),
                "data": [planned_shifts.get(d, 0) for d in days],
                "colour": "blue",
            },
            {
                "label": _("Shifts worked"),
                "data": [worked_shifts.get(d, 0) for d in days],
                "colour": "green",
            },
        ],
    }
    return render(
        request,
        "scheduling/attendance_dashboard.html",
        {
            "start": start,
            "end": end,
            "previous": start - timedelta(days=1),
            "following": end + timedelta(days=1),
            "planned": planned,
            "actual": int(actual_delta.total_seconds() // 60),
            "late_count": late.count(),
            "late": late.order_by("-clock_in")[:10],
            "missed_count": missed.count(),
            "missed": missed.order_by("-start")[:10],
            "waiting_count": waiting.count(),
            "waiting": waiting[:10],
            "overtime": overtime[:10],
            "chart": chart,
            "rows": [(d, planned_shifts.get(d, 0), worked_shifts.get(d, 0)) for d in days],
        },
    )

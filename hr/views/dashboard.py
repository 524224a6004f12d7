"""The HR dashboard: headcount over a year, joiners and leavers, who is away, what expires."""

from __future__ import annotations

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hr.models import Employee
from hr.selectors import (
    away_between,
    contracts_ending,
    documents_expiring,
    employee_list,
    employee_visible_ids,
    leave_requests_to_decide,
)
from hr.workdays import add_months


@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    """HR sees the company; a manager sees their team (the same page, narrowed by the selectors)."""
    if not (request.user.has_perm("hr.view_employee") or request.user.has_perm("hr.view_team")):
        raise PermissionDenied
    today = timezone.localdate()
    people = (
        employee_list(viewer=request.user)
        if employee_visible_ids(viewer=request.user) is not None
        else Employee.objects.all()
    )
    month_ends = [
        add_months(today.replace(day=1), -i) - timedelta(days=1) for i in range(11, -1, -1)
    ] + [today]
    month_ends = month_ends[1:]
    counts = people.aggregate(
        **{
            f"m{i}": Count(
                "pk",
                filter=Q(hire_date__lte=end) & (Q(end_date__isnull=True) | Q(end_date__gte=end)),
            )
            for i, end in enumerate(month_ends)
        },
        joiners=Count(
            "pk", filter=Q(hire_date__gt=today - timedelta(days=365), hire_date__lte=today)
        ),
        leavers=Count(
            "pk", filter=Q(end_date__gt=today - timedelta(days=365), end_date__lte=today)
        ),
        joiners_before=Count(
            "pk",
            filter=Q(
                hire_date__gt=today - timedelta(days=730),
                hire_date__lte=today - timedelta(days=365),
            ),
        ),
        leavers_before=Count(
            "pk",
            filter=Q(
                end_date__gt=today - timedelta(days=730), end_date__lte=today - timedelta(days=365)
            ),
        ),
    )
    series = [counts[f"m{i}"] for i in range(len(month_ends))]
    headcount = series[-1]
    average = sum(series) / len(series) if series else 0
    turnover = round(counts["leavers"] * 100 / average, 1) if average else 0
    by_department = list(
        people.filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values("department__name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:12]
    )
    week_end = today + timedelta(days=6 - today.weekday())
    visible = employee_visible_ids(viewer=request.user)
    expiring_contracts = contracts_ending(today=today)
    expiring_documents = documents_expiring(viewer=request.user, today=today)
    if visible is not None:
        expiring_contracts = expiring_contracts.filter(employee_id__in=visible)
    context = {
        "headcount": headcount,
        "headcount_change": headcount - series[-2] if len(series) > 1 else 0,
        "joiners": counts["joiners"],
        "joiners_change": counts["joiners"] - counts["joiners_before"],
        "leavers": counts["leavers"],
        "leavers_change": counts["leavers"] - counts["leavers_before"],
        "turnover": turnover,
        "chart": {
            "type": "line",
            "labels": [date_format(d, "M Y") for d in month_ends],
            "series": [{"label": str(_("Headcount")), "data": series, "colour": "#206bc4"}],
        },
        "chart_rows": list(zip([date_format(d, "M Y") for d in month_ends], series, strict=True)),
        "department_chart": {
            "labels": [row["department__name"] for row in by_department],
            "series": [
                {
                    "label": str(_("People")),
                    "data": [row["n"] for row in by_department],
                    "colour": "#2fb344",
                }
            ],
        },
        "by_department": by_department,
        "away_today": away_between(viewer=request.user, start=today, end=today)[:20],
        "away_week": away_between(viewer=request.user, start=today, end=week_end)[:20],
        "contracts": expiring_contracts[:10],
        "documents": expiring_documents[:10],
        "pending": leave_requests_to_decide(viewer=request.user).order_by("start_date")[:10],
        "is_hr": request.user.has_perm("hr.view_employee"),
        **_hiring_figures(request, today),
        "today": today,
    }
    return render(request, "hr/dashboard.html", context)


def _hiring_figures(request: HttpRequest, today) -> dict:
    """Open positions by stage, time to hire over the last year, onboarding under way."""
    from django.db.models import Avg, F

    from hr.models import Application, HiringStage, JobOpening, Offer
    from hr.selectors import checklist_list, opening_list

    stages = list(HiringStage.objects.all())
    openings = list(opening_list(viewer=request.user).filter(status=JobOpening.Status.OPEN)[:10])
    counts = {
        (row["opening_id"], row["stage_id"]): row["n"]
        for row in Application.objects.filter(
            opening__in=openings, status=Application.Status.ACTIVE
        )
        .values("opening_id", "stage_id")
        .annotate(n=Count("pk"))
    }
    pipeline = [
        (opening, [counts.get((opening.pk, stage.pk), 0) for stage in stages])
        for opening in openings
    ]
    hired = Offer.objects.filter(
        status=Offer.Status.ACCEPTED, decided_at__date__gte=today - timedelta(days=365)
    )
    duration = hired.annotate(took=F("decided_at") - F("application__created_at")).aggregate(
        avg=Avg("took")
    )["avg"]
    onboarding = (
        checklist_list(viewer=request.user)
        .filter(kind="onboarding", anchor_date__gte=today - timedelta(days=60))
        .annotate(total=Count("tasks"), done=Count("tasks", filter=Q(tasks__done_at__isnull=False)))
        .order_by("-anchor_date")[:8]
    )
    from hr.models import Review, ReviewCycle
    from hr.selectors import review_list, training_list

    overdue_trainings = training_list(viewer=request.user).overdue(today).count()
    cycle = (
        ReviewCycle.objects.filter(status=ReviewCycle.Status.OPEN).order_by("-period_end").first()
    )
    review_chart = None
    if cycle is not None:
        by_status = dict(
            review_list(viewer=request.user)
            .filter(cycle=cycle)
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        counts = [by_status.get(value, 0) for value, _label in Review.Status.choices]
        review_chart = {
            "cycle": cycle.name,
            "rows": [
                (str(label), n)
                for (_value, label), n in zip(Review.Status.choices, counts, strict=True)
            ],
            "labels": [str(label) for _value, label in Review.Status.choices],
            "series": [{"label": str(cycle.name), "data": counts, "colour": "#f59f00"}],
        }
    return {
        "overdue_trainings": overdue_trainings,
        "review_chart": review_chart,
        "stages": stages,
        "pipeline": pipeline,
        "time_to_hire": round(duration.total_seconds() / 86400) if duration else None,
        "onboarding": [(c, int(c.done * 100 / c.total) if c.total else 100) for c in onboarding],
    }

"""The HR dashboard's figures: headcount month by month over a year, joiners and leavers against
the year before, people by department, who is away, what expires, leave to decide, hiring,
onboarding, training and reviews. HR sees the company; a manager their team (the selectors that
take ``viewer`` narrow every figure)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Avg, Count, F, Q

from backoffice.models import User
from hr.models import (
    Application,
    Employee,
    HiringStage,
    JobOpening,
    Offer,
    Review,
    ReviewCycle,
    employed_between_q,
)
from hr.selectors.contracts import contracts_ending
from hr.selectors.documents import documents_expiring
from hr.selectors.leave import away_between, leave_requests_to_decide
from hr.selectors.people import employee_list, employee_visible_ids
from hr.selectors.talent import checklist_list, opening_list, review_list, training_list
from hr.workdays import add_months

LISTED = 10


@dataclass(frozen=True)
class WorkforceFigures:
    month_ends: list[date]  # the last twelve month ends, today last
    headcount_series: list[int]  # people employed on each of them
    joiners: int
    joiners_before: int  # in the year before the last
    leavers: int
    leavers_before: int
    turnover: float  # leavers over the year's average headcount, in per cent
    by_department: list[dict[str, Any]]  # department__name, n
    away_today: list
    away_week: list
    contracts: list
    documents: list
    pending: list

    @property
    def headcount(self) -> int:
        return self.headcount_series[-1]

    @property
    def headcount_change(self) -> int:
        series = self.headcount_series
        return series[-1] - series[-2] if len(series) > 1 else 0


@dataclass(frozen=True)
class HiringFigures:
    stages: list[HiringStage]
    pipeline: list[tuple[JobOpening, list[int]]]  # open position, active applications per stage
    time_to_hire: int | None  # days, over offers accepted in the last year
    onboarding: list[tuple[Any, int]]  # checklist, per cent done
    overdue_trainings: int
    review_cycle: ReviewCycle | None  # the open cycle, latest first
    reviews_by_status: list[tuple[str, Any, int]]  # value, label, count in that cycle


def _month_ends(today: date) -> list[date]:
    ends = [add_months(today.replace(day=1), -i) - timedelta(days=1) for i in range(11, -1, -1)]
    return [*ends, today][1:]


def workforce_figures(*, viewer: User, today: date) -> WorkforceFigures:
    visible = employee_visible_ids(viewer=viewer)
    people = employee_list(viewer=viewer) if visible is not None else Employee.objects.all()
    month_ends = _month_ends(today)
    year, two_years = today - timedelta(days=365), today - timedelta(days=730)
    counts = people.aggregate(
        **{
            f"m{i}": Count("pk", filter=employed_between_q(end, end))
            for i, end in enumerate(month_ends)
        },
        joiners=Count("pk", filter=Q(hire_date__gt=year, hire_date__lte=today)),
        leavers=Count("pk", filter=Q(end_date__gt=year, end_date__lte=today)),
        joiners_before=Count("pk", filter=Q(hire_date__gt=two_years, hire_date__lte=year)),
        leavers_before=Count("pk", filter=Q(end_date__gt=two_years, end_date__lte=year)),
    )
    series = [counts[f"m{i}"] for i in range(len(month_ends))]
    average = sum(series) / len(series) if series else 0
    by_department = list(
        people.employed_between(today, None)
        .values("department__name")
        .annotate(n=Count("pk"))
        .order_by("-n")[:12]
    )
    contracts = contracts_ending(today=today)
    if visible is not None:
        contracts = contracts.filter(employee_id__in=visible)
    week_end = today + timedelta(days=6 - today.weekday())
    return WorkforceFigures(
        month_ends=month_ends,
        headcount_series=series,
        joiners=counts["joiners"],
        joiners_before=counts["joiners_before"],
        leavers=counts["leavers"],
        leavers_before=counts["leavers_before"],
        turnover=round(counts["leavers"] * 100 / average, 1) if average else 0,
        by_department=by_department,
        away_today=list(away_between(viewer=viewer, start=today, end=today)[:20]),
        away_week=list(away_between(viewer=viewer, start=today, end=week_end)[:20]),
        contracts=list(contracts[:LISTED]),
        documents=list(documents_expiring(viewer=viewer, today=today)[:LISTED]),
        pending=list(leave_requests_to_decide(viewer=viewer).order_by("start_date")[:LISTED]),
    )


def hiring_figures(*, viewer: User, today: date) -> HiringFigures:
    """Open positions by stage, time to hire over the last year, onboarding under way, overdue
    trainings and the open review cycle."""
    stages = list(HiringStage.objects.all())
    openings = list(opening_list(viewer=viewer).filter(status=JobOpening.Status.OPEN)[:LISTED])
    counts = {
        (row["opening_id"], row["stage_id"]): row["n"]
        for row in Application.objects.filter(
            opening__in=openings, status=Application.Status.ACTIVE
        )
        .values("opening_id", "stage_id")
        .annotate(n=Count("pk"))
    }
    hired = Offer.objects.filter(
        status=Offer.Status.ACCEPTED, decided_at__date__gte=today - timedelta(days=365)
    )
    duration = hired.annotate(took=F("decided_at") - F("application__created_at")).aggregate(
        avg=Avg("took")
    )["avg"]
    onboarding = (
        checklist_list(viewer=viewer)
        .filter(kind="onboarding", anchor_date__gte=today - timedelta(days=60))
        .annotate(total=Count("tasks"), done=Count("tasks", filter=Q(tasks__done_at__isnull=False)))
        .order_by("-anchor_date")[:8]
    )
    cycle = (
        ReviewCycle.objects.filter(status=ReviewCycle.Status.OPEN).order_by("-period_end").first()
    )
    reviews_by_status = []
    if cycle is not None:
        by_status = dict(
            review_list(viewer=viewer)
            .filter(cycle=cycle)
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        reviews_by_status = [
            (value, label, by_status.get(value, 0)) for value, label in Review.Status.choices
        ]
    return HiringFigures(
        stages=stages,
        pipeline=[
            (opening, [counts.get((opening.pk, stage.pk), 0) for stage in stages])
            for opening in openings
        ],
        time_to_hire=round(duration.total_seconds() / 86400) if duration else None,
        onboarding=[(c, int(c.done * 100 / c.total) if c.total else 100) for c in onboarding],
        overdue_trainings=training_list(viewer=viewer).overdue(today).count(),
        review_cycle=cycle,
        reviews_by_status=reviews_by_status,
    )

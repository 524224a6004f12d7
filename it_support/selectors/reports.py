"""The IT dashboard and the SLA report: figures as frozen values, a few grouped queries."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Avg, Count, DurationField, ExpressionWrapper, F, Q
from django.db.models.functions import TruncMonth, TruncWeek
from django.utils import timezone

from it_support.models import DONE, Licence, Ticket
from it_support.selectors.assets import assets_by_status, licences_expiring, warranties_ending
from it_support.selectors.tickets import backlog_by_queue


@dataclass(frozen=True)
class Dashboard:
    open_total: int
    at_risk: int
    breached: int
    paused: int
    sla_met_percent: int | None
    first_response_hours: float | None
    backlog: list[dict]
    assets: dict[str, int]
    warranties: list
    licences: list
    seats_low: list


def it_dashboard(*, now: datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    month_ago = now - timedelta(days=30)
    backlog = backlog_by_queue(now=now)
    counts = {
        key: sum(row[key] for row in backlog) for key in ("total", "at_risk", "breached", "paused")
    }
    done = Ticket.objects.filter(status__in=DONE, resolved_at__gte=month_ago, sla_met__isnull=False)
    met = done.aggregate(n=Count("resolved_at"), met=Count("resolved_at", filter=Q(sla_met=True)))
    response = (
        Ticket.objects.filter(first_response_at__isnull=False, created_at__gte=month_ago)
        .annotate(wait=ExpressionWrapper(F("first_response_at") - F("created_at"), DurationField()))
        .aggregate(avg=Avg("wait"))["avg"]
    )
    seats_low = [
        lic
        for lic in Licence.objects.annotate(
            free=Count("seats", filter=Q(seats__employee__isnull=True, seats__asset__isnull=True))
        )
        if lic.free < lic.alert_free_below
    ]
    return Dashboard(
        open_total=counts["total"],
        at_risk=counts["at_risk"],
        breached=counts["breached"],
        paused=counts["paused"],
        sla_met_percent=round(100 * met["met"] / met["n"]) if met["n"] else None,
        first_response_hours=round(response.total_seconds() / 3600, 1) if response else None,
        backlog=backlog,
        assets=assets_by_status(),
        warranties=list(warranties_ending()[:10]),
        licences=list(licences_expiring()[:10]),
        seats_low=seats_low[:10],
    )


def sla_report(*, since: datetime) -> dict[str, list[dict]]:
    """Met and breached resolutions by queue, by agent and by month since ``since``."""
    done = Ticket.objects.filter(resolved_at__gte=since, sla_met__isnull=False)
    figures = {
        "met": Count("pk", filter=Q(sla_met=True)),
        "breached": Count("pk", filter=Q(sla_met=False)),
    }
    return {
        "queue": list(done.values("queue__name").annotate(**figures).order_by("queue__name")),
        "agent": list(
            done.values("assignee__username", "assignee__first_name", "assignee__last_name")
            .annotate(**figures)
            .order_by("assignee__username")
        ),
        "month": list(
            done.annotate(month=TruncMonth("resolved_at"))
            .values("month")
            .annotate(**figures)
            .order_by("month")
        ),
    }


#: The backlog's age buckets: (key, lower bound in days, upper bound in days or None).
AGE_BUCKETS = (
    ("day", 0, 1),
    ("three", 1, 3),
    ("week", 3, 7),
    ("month", 7, 30),
    ("older", 30, None),
)


def backlog_by_age(*, now: datetime | None = None) -> dict[str, int]:
    """Unfinished tickets by how long ago they were opened (one query)."""
    now = now or timezone.now()
    counts = {}
    for key, low, high in AGE_BUCKETS:
        window = Q(created_at__lte=now - timedelta(days=low))
        if high is not None:
            window &= Q(created_at__gt=now - timedelta(days=high))
        counts[key] = Count("pk", filter=window)
    return Ticket.objects.unfinished().aggregate(**counts)


def sla_met_by_week(*, now: datetime | None = None, weeks: int = 12) -> list[dict]:
    """Resolutions with a target per ISO week (Monday first) for the last ``weeks`` weeks, and
    the share that met it; a week without resolutions has ``percent`` None (one query)."""
    now = now or timezone.now()
    today = timezone.localtime(now).date()
    first = today - timedelta(days=today.weekday() + 7 * (weeks - 1))
    start = timezone.make_aware(datetime.combine(first, datetime.min.time()))
    rows = (
        Ticket.objects.filter(resolved_at__gte=start, resolved_at__lte=now, sla_met__isnull=False)
        .annotate(week=TruncWeek("resolved_at"))
        .values("week")
        .annotate(n=Count("pk"), met=Count("pk", filter=Q(sla_met=True)))
    )
    found = {timezone.localtime(row["week"]).date(): row for row in rows}
    result = []
    for n in range(weeks):
        monday = first + timedelta(days=7 * n)
        row = found.get(monday, {"n": 0, "met": 0})
        percent = round(100 * row["met"] / row["n"]) if row["n"] else None
        result.append({"week": monday, "resolved": row["n"], "met": row["met"], "percent": percent})
    return result

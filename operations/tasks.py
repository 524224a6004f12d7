"""Operations' tasks: each calls one service and is safe to run twice."""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.utils import timezone

from operations import services


@shared_task(name="operations.stock_reconcile_task")
def stock_reconcile_task() -> int:
    findings = services.stock_reconcile()
    services.stock_costs_reconcile()
    if findings:
        services.reconciliation_report(findings=findings)
    return len(findings)


@shared_task(name="operations.reorder_nightly_task")
def reorder_nightly_task() -> int:
    return services.reorder_nightly()


@shared_task(name="operations.tasks_generate_task")
def tasks_generate_task() -> int:
    today = timezone.localdate()
    return services.tasks_generate(day=today) + services.tasks_generate(
        day=today + timedelta(days=1)
    )


@shared_task(name="operations.tasks_overdue_task")
def tasks_overdue_task() -> int:
    return services.tasks_overdue_notify()

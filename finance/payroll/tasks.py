"""Payroll's Celery tasks: the nightly draft."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="payroll.nightly_task", acks_late=True, reject_on_worker_lost=True)
def payroll_nightly_task() -> int | None:
    """Recalculate this month's open draft run (idempotent); on the review day, mark it ready
    and tell payroll staff."""
    from finance.payroll.services import payroll_nightly

    run = payroll_nightly()
    return run.pk if run else None

from __future__ import annotations

import logging

from celery import shared_task

from finance import services

logger = logging.getLogger(__name__)


@shared_task(name="finance.balances_reconcile_task")
def balances_reconcile_task() -> int:
    """Nightly: the balance table against the lines; a difference is logged for a person."""
    differences = services.balances_reconcile()
    for account_id, period_id, department_id, kept, lines in differences[:100]:
        logger.error(
            "finance balance differs: account %s period %s department %s kept %s lines %s",
            account_id,
            period_id,
            department_id,
            kept,
            lines,
        )
    return len(differences)


@shared_task(name="finance.recurring_invoices_task")
def recurring_invoices_task() -> int:
    """Nightly: a job issuing what recurring templates have due today (one job per day)."""
    from django.utils import timezone

    from backoffice.services.jobs import job_start

    today = timezone.localdate()
    job = job_start(
        kind="finance.recurring_run",
        params={"today": today.isoformat()},
        requested_by=None,
        idempotency_key=f"finance.recurring_run:{today.isoformat()}",
    )
    return job.pk


@shared_task(name="finance.payment_reminders_task")
def payment_reminders_task() -> int:
    """Nightly: remind customers of overdue invoices, each at most once a week."""
    from django.utils import timezone

    return services.payment_reminders_send(on=timezone.localdate())

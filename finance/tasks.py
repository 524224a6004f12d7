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

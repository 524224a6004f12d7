"""IT support's tasks: each takes ids and calls one service; each is safe to run twice."""

from __future__ import annotations

import os

from celery import shared_task

from it_support import services


@shared_task(name="it_support.joiner_tickets_open_task")
def joiner_tickets_open_task(employee_id: int) -> int:
    return len(services.joiner_tickets_open(employee_id=employee_id))


@shared_task(name="it_support.leaver_tickets_open_task")
def leaver_tickets_open_task(employee_id: int) -> int:
    return len(services.leaver_tickets_open(employee_id=employee_id))


@shared_task(name="it_support.sla_escalate_task")
def sla_escalate_task() -> dict[str, int]:
    return services.sla_escalate()


@shared_task(name="it_support.mailbox_fetch_task")
def mailbox_fetch_task() -> int:
    """Fetch the helpdesk mailbox; does nothing unless ``IMAP_URL`` is set."""
    url = os.environ.get("IMAP_URL", "")
    if not url:
        return 0
    return services.mailbox_fetch(url=url)


@shared_task(name="it_support.licences_remind_task")
def licences_remind_task() -> int:
    return services.licences_remind()

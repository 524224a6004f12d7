"""IT support's home-page widgets: the agent's queue at a glance; staff's open tickets."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from it_support.models import Ticket
from it_support.permissions import is_agent
from it_support.selectors import ticket_mine


def agent_queue(request: HttpRequest) -> dict:
    if not is_agent(request.user):
        return {"hidden": True}
    now = timezone.now()
    open_tickets = Ticket.objects.unfinished()
    return {
        "hidden": False,
        "mine": open_tickets.filter(assignee=request.user).count(),
        "unassigned": open_tickets.filter(assignee__isnull=True).count(),
        "breached": open_tickets.filter(resolution_due_at__lt=now, sla_paused=False).count(),
    }


def my_tickets(request: HttpRequest) -> dict:
    tickets = list(
        ticket_mine(viewer=request.user).exclude(status__in=["closed"]).order_by("-created_at")[:3]
    )
    return {"hidden": False, "tickets": tickets}

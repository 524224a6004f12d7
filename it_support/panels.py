"""IT's panel on a person's record: their tickets, the assets they hold and their licence seats.
IT and HR see it for everyone (HR without the tickets' pages); the person for themselves."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpRequest

from backoffice.models import User
from hr.models import Employee
from hr.permissions import sees_everyone
from it_support.models import Ticket
from it_support.permissions import is_agent
from it_support.selectors import assets_held, seats_held

PANEL_TICKETS = 10


def person_it_visible(viewer: User, employee: Employee) -> bool:
    own = employee.user_id is not None and employee.user_id == viewer.pk
    return own or is_agent(viewer) or sees_everyone(viewer)


def person_it(request: HttpRequest, employee: Employee) -> dict:
    tickets = Ticket.objects.for_list().filter(merged_into__isnull=True)
    about = Q(person=employee)
    if employee.user_id:
        about |= Q(requester_id=employee.user_id)
    return {
        "tickets": list(tickets.filter(about).order_by("-created_at")[:PANEL_TICKETS]),
        "held": list(assets_held(employee=employee)),
        "seats": list(seats_held(employee=employee)),
        "agent": is_agent(request.user),
        "own": employee.user_id is not None and employee.user_id == request.user.pk,
    }

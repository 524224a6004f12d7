"""What IT support holds about one person, for a subject-access export (the platform's
personal-data hook): the tickets they asked for or that concern them with their public
conversation, the assets they hold and held, their licence seats, and the security incidents
that name them. Internal notes are IT's working papers and stay out, as on the staff portal."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q

from hr.models import Employee
from it_support.models import AssetAssignment, LicenceSeat, Ticket, TicketMessage


def personal_data(employee: Employee) -> dict[str, list[dict[str, Any]]]:
    mine = Q(person=employee)
    if employee.user_id:
        mine |= Q(requester_id=employee.user_id)
    public = TicketMessage.objects.filter(kind=TicketMessage.Kind.PUBLIC).order_by(
        "created_at", "pk"
    )
    tickets = (
        Ticket.objects.filter(mine)
        .select_related("queue")
        .prefetch_related(Prefetch("messages", queryset=public, to_attr="public_messages"))
        .order_by("created_at", "pk")
    )
    assignments = (
        AssetAssignment.objects.filter(employee=employee)
        .select_related("asset")
        .order_by("checked_out_at", "pk")
    )
    seats = LicenceSeat.objects.filter(employee=employee).select_related("licence")
    incidents = Ticket.objects.filter(affected_people=employee).order_by("created_at", "pk")
    return {
        "tickets": [
            {
                "reference": t.reference,
                "subject": t.subject,
                "description": t.description,
                "queue": t.queue.name,
                "status": t.status,
                "opened": t.created_at,
                "resolved": t.resolved_at,
                "rating": t.rating,
                "rating_comment": t.rating_comment,
                "messages": [(m.created_at, m.body) for m in t.public_messages],
            }
            for t in tickets
        ],
        "assets": [
            {
                "tag": a.asset.tag,
                "model": a.asset.model,
                "serial": a.asset.serial,
                "checked_out": a.checked_out_at,
                "expected_return": a.expected_return,
                "acknowledged": a.acknowledged_at,
                "checked_in": a.checked_in_at,
            }
            for a in assignments
        ],
        "licence_seats": [
            {"licence": s.licence.name, "seat": s.number, "expires_on": s.licence.expires_on}
            for s in seats
        ],
        "security_incidents": [
            {"reference": t.reference, "subject": t.subject, "opened": t.created_at}
            for t in incidents
        ],
    }

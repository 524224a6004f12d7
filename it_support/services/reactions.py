"""Joiners and leavers (DESIGN.md flows 2 and 4): HR's events open the tickets the person's
position needs, or the tickets to revoke their access and collect what they hold. Each ticket has
an origin key, so running a reaction twice opens nothing new."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from backoffice.models import User
from hr.selectors import employee_find
from it_support.models import AccessProfile, Asset, LicenceSeat, Queue, Ticket
from it_support.services.tickets import ticket_open

ACCESS_QUEUE = "access"
HARDWARE_QUEUE = "hardware"


def _queue(code: str) -> Queue | None:
    return (
        Queue.objects.filter(code=code, active=True).first()
        or Queue.objects.filter(active=True).order_by("pk").first()
    )


def _requester(queue: Queue) -> User | None:
    return queue.lead or queue.agents.filter(is_active=True).order_by("pk").first()


@transaction.atomic
def joiner_tickets_open(*, employee_id: int) -> list[Ticket]:
    employee = employee_find(pk=employee_id)
    if employee is None:
        return []
    access = _queue(ACCESS_QUEUE)
    if access is None:
        return []
    requester = employee.user or _requester(access)
    if requester is None:
        return []
    profile = (
        AccessProfile.objects.filter(position_id=employee.position_id).first()
        if employee.position_id
        else None
    )
    systems = list(profile.systems) if profile else [_("E-mail account")]
    equipment = list(profile.equipment) if profile else [_("Laptop")]
    opened = []
    for system in systems:
        opened.append(
            ticket_open(
                requester=requester,
                subject=_("Access for %(name)s: %(system)s")
                % {"name": employee.full_name, "system": system},
                description=_("New joiner starting on %(date)s.") % {"date": employee.hire_date},
                actor=None,
                queue=access,
                source=Ticket.Source.HR,
                person=employee,
                action=Ticket.Action.GRANT_ACCESS,
                action_target=str(system),
                origin_key=f"hired:{employee.pk}:access:{system}"[:120],
            )
        )
    for item in equipment:
        opened.append(
            ticket_open(
                requester=requester,
                subject=_("Equipment for %(name)s: %(item)s")
                % {"name": employee.full_name, "item": item},
                description=_("New joiner starting on %(date)s.") % {"date": employee.hire_date},
                actor=None,
                queue=access,
                source=Ticket.Source.HR,
                person=employee,
                action=Ticket.Action.ISSUE_EQUIPMENT,
                action_target=str(item),
                origin_key=f"hired:{employee.pk}:equipment:{item}"[:120],
            )
        )
    return opened


@transaction.atomic
def leaver_tickets_open(*, employee_id: int) -> list[Ticket]:
    employee = employee_find(pk=employee_id)
    if employee is None or employee.end_date is None:
        return []
    access = _queue(ACCESS_QUEUE)
    if access is None:
        return []
    requester = _requester(access) or employee.user
    if requester is None:
        return []
    profile = (
        AccessProfile.objects.filter(position_id=employee.position_id).first()
        if employee.position_id
        else None
    )
    systems = list(profile.systems) if profile else []
    seats = list(
        LicenceSeat.objects.filter(employee=employee).select_related("licence").order_by("pk")
    )
    targets = [str(s) for s in systems] + [seat.licence.name for seat in seats]
    opened = []
    when = {"date": employee.end_date}
    opened.append(
        ticket_open(
            requester=requester,
            subject=_("Revoke access of %(name)s") % {"name": employee.full_name},
            description=_("Last working day: %(date)s.") % when
            + ("\n" + "\n".join(f"- {t}" for t in targets) if targets else ""),
            actor=None,
            queue=access,
            source=Ticket.Source.HR,
            person=employee,
            action=Ticket.Action.REVOKE_ACCESS,
            origin_key=f"left:{employee.pk}:revoke",
        )
    )
    hardware = _queue(HARDWARE_QUEUE)
    for asset in Asset.objects.filter(holder=employee, status=Asset.Status.DEPLOYED):
        ticket = ticket_open(
            requester=requester,
            subject=_("Collect %(asset)s from %(name)s")
            % {"asset": str(asset), "name": employee.full_name},
            description=_("Last working day: %(date)s.") % when,
            actor=None,
            queue=hardware,
            source=Ticket.Source.HR,
            person=employee,
            action=Ticket.Action.COLLECT_ASSET,
            action_target=asset.tag,
            origin_key=f"left:{employee.pk}:asset:{asset.pk}",
        )
        ticket.assets.add(asset)
        opened.append(ticket)
    return opened

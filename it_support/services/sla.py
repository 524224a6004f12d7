"""The SLA read model on the ticket, recomputed from its intervals at every change, and the
escalation pass (warn the agent at 75 %, tell the queue's lead at breach; once each)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from backoffice.models import Notification
from backoffice.services import notification_send
from it_support.domain.sla import Interval, sla_clock
from it_support.models import DONE, Queue, SlaPolicy, Status, StatusInterval, Ticket
from it_support.selectors.calendar import business_calendar

STOPPED = DONE


def _later(message, **params):
    return lazy(lambda: str(message) % params, str)()


def _intervals(ticket: Ticket) -> list[Interval]:
    return [
        Interval(status=i.status, start=i.started_at, end=i.ended_at)
        for i in StatusInterval.objects.filter(ticket=ticket).order_by("started_at", "pk")
    ]


FIELDS = [
    "first_response_due_at",
    "resolution_due_at",
    "resolution_warn_at",
    "sla_remaining_minutes",
    "sla_paused",
    "sla_met",
]


def clock_fields(
    *,
    intervals: list[Interval],
    policy: SlaPolicy | None,
    calendar,
    now: datetime,
    first_response_at: datetime | None,
) -> dict:
    """The ticket's SLA read model from its intervals (also used to fill demo and bench data)."""
    if policy is None:
        return dict.fromkeys(FIELDS) | {"sla_paused": False}
    paused = policy.paused_statuses
    resolution = sla_clock(
        intervals,
        target_minutes=policy.resolution_minutes,
        calendar=calendar,
        now=now,
        paused=paused,
        stopped=STOPPED,
    )
    response = sla_clock(
        intervals,
        target_minutes=policy.first_response_minutes,
        calendar=calendar,
        now=now,
        paused=paused,
        stopped=STOPPED,
        until=first_response_at,
    )
    return {
        "first_response_due_at": response.deadline if not response.stopped else None,
        "resolution_due_at": resolution.deadline,
        "resolution_warn_at": resolution.warn_at,
        "sla_remaining_minutes": resolution.remaining_minutes,
        "sla_paused": resolution.paused,
        "sla_met": resolution.met,
    }


def sla_refresh(*, ticket: Ticket, now: datetime | None = None, calendar=None) -> Ticket:
    """Recompute the ticket's deadlines from its recorded intervals (saves the read model)."""
    now = now or timezone.now()
    policy = SlaPolicy.objects.filter(queue_id=ticket.queue_id, priority=ticket.priority).first()
    intervals = _intervals(ticket) if policy is not None else []
    if calendar is None and policy is not None:
        first = intervals[0].start if intervals else now
        calendar = business_calendar(
            start=timezone.localdate(first), end=timezone.localdate(now) + timedelta(days=400)
        )
    values = clock_fields(
        intervals=intervals,
        policy=policy,
        calendar=calendar,
        now=now,
        first_response_at=ticket.first_response_at,
    )
    for name, value in values.items():
        setattr(ticket, name, value)
    ticket.save(update_fields=FIELDS)
    return ticket


#: Up to this many tickets a recipient hears of each; beyond it, one digest per pass.
DIGEST_OVER = 3


def _tell(recipient, tickets: list[Ticket], *, one, many, url_filter: str, level) -> None:
    if len(tickets) <= DIGEST_OVER:
        for ticket in tickets:
            notification_send(
                recipient=recipient,
                title=_later(one, ref=ticket.reference),
                body=ticket.subject,
                url=reverse("it_support:ticket-detail", args=[ticket.pk]),
                level=level,
            )
        return
    notification_send(
        recipient=recipient,
        title=_later(many, n=len(tickets)),
        body=", ".join(t.reference for t in tickets[:20]),
        url=reverse("it_support:ticket-list") + url_filter,
        level=level,
    )


@transaction.atomic
def sla_escalate(*, now: datetime | None = None) -> dict[str, int]:
    """Warn at 75 % and tell the lead at breach, each at most once per ticket: the candidates
    are locked (SKIP LOCKED, so two passes at once split them) and stamped in the same
    transaction as their notifications, so a second pass finds nothing. Reads only the read
    model: a query, not a clock per ticket. A recipient with many tickets in one pass gets one
    digest instead of a notification per ticket."""
    now = now or timezone.now()
    base = Ticket.objects.unfinished().filter(sla_paused=False)
    warn = list(
        base.filter(resolution_warn_at__lte=now, sla_warned_at__isnull=True)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("assignee")
        .only("pk", "subject", "queue_id", "assignee")
    )
    Ticket.objects.filter(pk__in=[t.pk for t in warn]).update(sla_warned_at=now)
    agents_of_queue: dict[int, list] = {}
    by_recipient: dict[int, tuple] = {}
    for ticket in warn:
        if ticket.assignee_id and ticket.assignee.is_active:
            recipients = [ticket.assignee]
        else:
            if ticket.queue_id not in agents_of_queue:
                agents_of_queue[ticket.queue_id] = list(
                    Queue.objects.get(pk=ticket.queue_id).agents.filter(is_active=True)
                )
            recipients = agents_of_queue[ticket.queue_id]
        for agent in recipients:
            by_recipient.setdefault(agent.pk, (agent, []))[1].append(ticket)
    for agent, tickets in by_recipient.values():
        _tell(
            agent,
            tickets,
            one=_("%(ref)s: 75%% of the resolution time used"),
            many=_("%(n)s tickets have used 75%% of their resolution time"),
            url_filter="?sla=risk",
            level=Notification.Level.WARNING,
        )
    breached = list(
        base.filter(resolution_due_at__lt=now, sla_breach_notified_at__isnull=True)
        .select_for_update(skip_locked=True, of=("self",))
        .only("pk", "subject", "queue_id")
    )
    Ticket.objects.filter(pk__in=[t.pk for t in breached]).update(sla_breach_notified_at=now)
    leads = {
        q.pk: q.lead for q in Queue.objects.select_related("lead").filter(lead__is_active=True)
    }
    by_lead: dict[int, tuple] = {}
    for ticket in breached:
        lead = leads.get(ticket.queue_id)
        if lead is not None:
            by_lead.setdefault(lead.pk, (lead, []))[1].append(ticket)
    for lead, tickets in by_lead.values():
        _tell(
            lead,
            tickets,
            one=_("%(ref)s breached its resolution target"),
            many=_("%(n)s tickets breached their resolution target"),
            url_filter="?sla=breached",
            level=Notification.Level.DANGER,
        )
    return {"warned": len(warn), "breached": len(breached)}


__all__ = ["FIELDS", "Status", "clock_fields", "sla_escalate", "sla_refresh"]

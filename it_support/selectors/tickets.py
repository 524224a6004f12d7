"""Tickets as each viewer may see them (DESIGN.md 6): IT every ticket; staff their own and the
ones they watch, never internal notes; a manager their reports' tickets' subjects and states."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from backoffice.models import User
from hr.selectors import (
    directory,
    employee_for_user,
    employees_by_id,
    employees_with_login,
    viewer_report_ids,
)
from it_support.domain.sla import BusinessCalendar
from it_support.models import (
    DONE,
    CannedReply,
    Category,
    Queue,
    SlaPolicy,
    Status,
    Ticket,
    TicketAttachment,
    TicketMessage,
)
from it_support.permissions import is_agent


def ticket_list(*, viewer: User) -> QuerySet[Ticket]:
    """Every ticket ``viewer`` may open: all for IT; else their own and the ones they watch."""
    tickets = Ticket.objects.for_list()
    if is_agent(viewer):
        return tickets
    return tickets.filter(_own_or_watched(viewer))


def _own_or_watched(viewer: User) -> Q:
    """The watched ids are read first (a short list), so the database can combine two index
    scans instead of scanning every ticket for an OR with a subquery."""
    watched = list(
        Ticket.watchers.through.objects.filter(user_id=viewer.pk).values_list(
            "ticket_id", flat=True
        )
    )
    own = Q(requester_id=viewer.pk)
    return own | Q(pk__in=watched) if watched else own


def ticket_mine(*, viewer: User) -> QuerySet[Ticket]:
    """The staff portal's list: one's own tickets and watched ones, whatever one's role."""
    return Ticket.objects.for_list().filter(_own_or_watched(viewer), merged_into__isnull=True)


def ticket_team(*, viewer: User) -> QuerySet[Ticket]:
    """A manager's view: their reports' tickets (subject and state only are shown)."""
    ids = viewer_report_ids(viewer=viewer)
    if not ids:
        return Ticket.objects.none()
    users = [e.user_id for e in employees_by_id(ids=ids).values() if e.user_id]
    return (
        Ticket.objects.filter(requester_id__in=users, merged_into__isnull=True)
        .select_related("requester")
        .only(
            "pk",
            "subject",
            "status",
            "created_at",
            "requester__first_name",
            "requester__last_name",
            "requester__username",
        )
    )


def ticket_get(*, viewer: User, pk: int) -> Ticket:
    """One visible ticket; ``Ticket.DoesNotExist`` when it is not (the view answers 404)."""
    return ticket_list(viewer=viewer).get(pk=pk)


def ticket_messages(*, viewer: User, ticket: Ticket) -> list[TicketMessage]:
    """The conversation; internal notes only for IT."""
    messages = ticket.messages.select_related("author").prefetch_related(
        Prefetch("attachments", queryset=TicketAttachment.objects.order_by("pk"))
    )
    if not is_agent(viewer):
        messages = messages.exclude(kind=TicketMessage.Kind.INTERNAL)
    return list(messages)


def attachment_get(*, viewer: User, pk: int) -> TicketAttachment:
    """An attachment whose ticket ``viewer`` may see, and never one of an internal note to staff."""
    found = TicketAttachment.objects.select_related("ticket", "message").get(
        pk=pk, ticket__in=ticket_list(viewer=viewer)
    )
    if (
        not is_agent(viewer)
        and found.message is not None
        and found.message.kind == TicketMessage.Kind.INTERNAL
    ):
        raise TicketAttachment.DoesNotExist
    return found


def queue_choices() -> QuerySet[Queue]:
    return Queue.objects.filter(active=True).order_by("name")


def category_choices() -> QuerySet[Category]:
    return Category.objects.filter(active=True).select_related("queue").order_by("name")


def agents_of(*, queue: Queue) -> QuerySet[User]:
    return queue.agents.filter(is_active=True).order_by("first_name", "last_name", "username")


def agent_choices() -> list[User]:
    """Everyone who is an agent of an active queue, by name (two queries)."""
    agents = {
        user.pk: user
        for queue in Queue.objects.filter(active=True).prefetch_related("agents")
        for user in queue.agents.all()
        if user.is_active
    }
    return sorted(agents.values(), key=lambda u: (u.first_name, u.last_name, u.username))


def canned_replies(*, queue: Queue | None = None) -> QuerySet[CannedReply]:
    replies = CannedReply.objects.all()
    if queue is not None:
        replies = replies.filter(Q(queue=queue) | Q(queue__isnull=True))
    return replies


def sla_policy_for(*, queue_id: int, priority: int) -> SlaPolicy | None:
    return SlaPolicy.objects.filter(queue_id=queue_id, priority=priority).first()


def user_by_email(*, email: str) -> User | None:
    """The active login of the person whose work e-mail (HR's record, which their invitation
    went to) is ``email``; None for a stranger."""
    email = email.strip()
    if not email or "\x00" in email:
        return None
    ids = directory(search=email).filter(work_email__iexact=email).values("pk")
    found = employees_with_login(ids=ids).order_by("pk").first()
    return found.user if found is not None else None


def employee_of(*, user: User):
    return employee_for_user(user=user)


@dataclass(frozen=True)
class TimeLeft:
    """What the list and the ticket show of the resolution clock."""

    minutes: int | None
    paused: bool
    done: bool
    met: bool | None
    due: datetime | None

    @property
    def breached(self) -> bool:
        return self.minutes is not None and self.minutes < 0 and not self.done

    @property
    def at_risk(self) -> bool:
        return self.minutes is not None and 0 <= self.minutes < 60 and not self.done


def time_left(*, ticket: Ticket, calendar: BusinessCalendar, now: datetime) -> TimeLeft:
    """Business minutes left on the resolution target, from the ticket's recomputed read model."""
    if ticket.status in DONE:
        return TimeLeft(None, False, True, ticket.sla_met, ticket.resolution_due_at)
    if ticket.sla_paused or ticket.resolution_due_at is None:
        return TimeLeft(ticket.sla_remaining_minutes, True, False, None, None)
    due = ticket.resolution_due_at
    if due >= now:
        minutes = int(calendar.business_time(now, due).total_seconds() // 60)
    else:
        over = calendar.business_time(due, now)
        minutes = -max(1, int(over.total_seconds() // 60))
    return TimeLeft(minutes, False, False, None, due)


def backlog_by_queue(*, now: datetime | None = None) -> list[dict]:
    """Unfinished tickets per queue: by age band, and how their clocks stand. Grouped by the
    queue's id and counted on the queue column, so the partial covering index answers it alone."""
    now = now or timezone.now()
    day, week = now - timedelta(days=1), now - timedelta(days=7)
    running = Q(sla_paused=False)
    rows = (
        Ticket.objects.unfinished()
        .order_by()
        .values("queue_id")
        .annotate(
            total=Count("queue_id"),
            fresh=Count("queue_id", filter=Q(created_at__gte=day)),
            week=Count("queue_id", filter=Q(created_at__lt=day, created_at__gte=week)),
            older=Count("queue_id", filter=Q(created_at__lt=week)),
            breached=Count("queue_id", filter=running & Q(resolution_due_at__lt=now)),
            at_risk=Count(
                "queue_id",
                filter=running & Q(resolution_warn_at__lte=now, resolution_due_at__gte=now),
            ),
            paused=Count("queue_id", filter=Q(sla_paused=True)),
        )
    )
    names = dict(Queue.objects.values_list("pk", "name"))
    return sorted(
        ({**row, "queue__name": names.get(row["queue_id"], "")} for row in rows),
        key=lambda row: row["queue__name"],
    )


STATUS_ORDER = [s.value for s in Status]

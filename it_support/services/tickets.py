"""Tickets: open, reply, note, change status, assign, prioritise, merge, relate, watch, rate, bulk.

Every status change closes the open interval and opens the next, then recomputes the clocks
from the intervals (``sla_refresh``); the requester hears of public replies and status changes
by notification and e-mail.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record, notification_send
from backoffice.uploads import DOCUMENTS, store_upload
from it_support.audit import ItAudit
from it_support.domain.priority import priority_of
from it_support.models import (
    DONE,
    Category,
    Queue,
    Status,
    StatusInterval,
    Ticket,
    TicketAttachment,
    TicketMessage,
)
from it_support.permissions import is_agent
from it_support.services.sla import sla_refresh

NO_SUBJECT = _("Say in a few words what the ticket is about.")
NO_BODY = _("Write a message.")
NO_QUEUE = _("There is no helpdesk queue yet; ask IT to set one up.")
CLOSED_FOR_REPLIES = _(
    "This ticket was closed more than %(days)s days ago and cannot be reopened; open a new ticket."
)
NOT_AN_AGENT = _("%(name)s is not an agent of the %(queue)s queue.")
NOT_ALLOWED = _("You may not do this on this ticket.")
SAME_TICKET = _("A ticket cannot be merged into itself.")
MERGED = _("This ticket was merged into %(ref)s; reply there.")
ALREADY_MERGED = _("The target ticket was itself merged; pick the ticket it was merged into.")
RATE_WHEN_RESOLVED = _("A ticket can be rated once it is resolved.")
RATING_RANGE = _("Give from 1 to 5 stars.")
UNKNOWN_STATUS = _("Unknown status.")
UNKNOWN_ACTION = _("Unknown action.")
NOTHING_SELECTED = _("Select at least one ticket.")
RELATED_TO_ITSELF = _("A ticket cannot be related to itself.")
NOT_AN_INCIDENT = _("Only a security incident has affected people and assets.")
MAX_SUBJECT = 200
#: Staff may attach these (checked by content).
ATTACHMENT_TYPES = DOCUMENTS


def _later(message, **params):
    return lazy(lambda: str(message) % params, str)()


def _url(ticket: Ticket, *, staff: bool = False) -> str:
    name = "it_support:ticket-mine-detail" if staff else "it_support:ticket-detail"
    return reverse(name, args=[ticket.pk])


def _notify_requester(ticket: Ticket, title, body: str = "") -> None:
    requester = ticket.requester
    if not requester.is_active:
        return
    notification_send(
        recipient=requester, title=title, body=body, url=_url(ticket, staff=True), email=True
    )


def _move(ticket: Ticket, status: str, *, actor: User | None, now: datetime) -> bool:
    """Close the open interval and open one in ``status``; False when already in it."""
    if ticket.status == status:
        return False
    StatusInterval.objects.filter(ticket=ticket, ended_at__isnull=True).update(ended_at=now)
    StatusInterval.objects.create(ticket=ticket, status=status, started_at=now, changed_by=actor)
    previous = ticket.status
    ticket.status = status
    fields = ["status", "updated_at"]
    if status == Status.RESOLVED:
        ticket.resolved_at = now
        fields.append("resolved_at")
    if status == Status.CLOSED:
        ticket.closed_at = now
        fields.append("closed_at")
    if previous in DONE and status not in DONE:
        ticket.resolved_at = ticket.closed_at = None
        fields += ["resolved_at", "closed_at"]
    ticket.save(update_fields=sorted(set(fields)))
    return True


def _attach(
    ticket: Ticket, files: Iterable[UploadedFile], *, message: TicketMessage | None, actor
) -> None:
    for upload in files:
        name = store_upload(upload, folder="it/attachments", allowed=ATTACHMENT_TYPES)
        TicketAttachment.objects.create(
            ticket=ticket,
            message=message,
            file=name,
            filename=(upload.name or "file")[:200],
            content_type=getattr(upload, "content_type", "") or "",
            size=upload.size or 0,
            uploaded_by=actor,
        )


def _validate_files(files: Sequence[UploadedFile]) -> None:
    from backoffice.uploads import validate_upload

    errors = []
    for upload in files:
        try:
            validate_upload(upload, allowed=ATTACHMENT_TYPES)
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"attachments": errors})


@transaction.atomic
def ticket_open(
    *,
    requester: User,
    subject: str,
    description: str = "",
    actor: User | None,
    queue: Queue | None = None,
    category: Category | None = None,
    impact: int = 2,
    urgency: int = 2,
    kind: str = Ticket.Kind.REQUEST,
    source: str = Ticket.Source.PORTAL,
    person=None,
    action: str = "",
    action_target: str = "",
    origin_key: str | None = None,
    attachments: Sequence[UploadedFile] = (),
    now: datetime | None = None,
) -> Ticket:
    """Open a ticket; with ``origin_key`` a second call returns the first ticket (idempotent)."""
    now = now or timezone.now()
    subject = (subject or "").replace("\x00", "").strip()
    if not subject:
        raise ValidationError({"subject": NO_SUBJECT})
    if origin_key:
        existing = Ticket.objects.filter(origin_key=origin_key).first()
        if existing is not None:
            return existing
    if category is not None and queue is None:
        queue = category.queue
    if queue is None:
        queue = Queue.objects.filter(active=True).order_by("pk").first()
    if queue is None:
        raise ValidationError({"queue": NO_QUEUE})
    _validate_files(attachments)
    ticket = Ticket(
        kind=kind,
        subject=subject[:MAX_SUBJECT],
        description=(description or "").replace("\x00", ""),
        requester=requester,
        person=person,
        queue=queue,
        category=category,
        impact=impact,
        urgency=urgency,
        priority=priority_of(impact, urgency),
        status=Status.NEW,
        source=source,
        action=action,
        action_target=action_target[:200],
        origin_key=origin_key,
        created_at=now,
    )
    if kind == Ticket.Kind.SECURITY:
        ticket.severity = Ticket.Severity.MEDIUM
    try:
        with transaction.atomic():
            ticket.save()
    except IntegrityError:
        if origin_key:
            return Ticket.objects.get(origin_key=origin_key)
        raise
    StatusInterval.objects.create(
        ticket=ticket, status=Status.NEW, started_at=now, changed_by=actor
    )
    _attach(ticket, attachments, message=None, actor=actor)
    sla_refresh(ticket=ticket, now=now)
    action_record(
        kind=ItAudit.TICKET_OPENED,
        summary=gettext_noop("Ticket %(ref)s opened"),
        params={"ref": ticket.reference},
        actor=actor,
        target=ticket,
    )
    return ticket


def reply_allowed(*, ticket: Ticket, now: datetime | None = None) -> bool:
    """A closed ticket takes replies (and reopens) only within its queue's reopen window."""
    if ticket.status != Status.CLOSED or ticket.closed_at is None:
        return True
    now = now or timezone.now()
    return now <= ticket.closed_at + timedelta(days=ticket.queue.reopen_days)


@transaction.atomic
def ticket_reply(
    *,
    ticket: Ticket,
    author: User,
    body: str,
    internal: bool = False,
    status: str | None = None,
    attachments: Sequence[UploadedFile] = (),
    via_email: bool = False,
    now: datetime | None = None,
) -> TicketMessage:
    """A public reply or an internal note. The requester's reply reopens a resolved ticket (and a
    closed one within the reopen window) and ends a wait on them; an agent's first public reply
    is the first response."""
    now = now or timezone.now()
    ticket = (
        Ticket.objects.select_for_update().select_related("queue", "requester").get(pk=ticket.pk)
    )
    body = (body or "").replace("\x00", "").strip()
    if not body and not attachments:
        raise ValidationError({"body": NO_BODY})
    if ticket.merged_into_id:
        raise ValidationError({"body": _later(MERGED, ref=f"IT-{ticket.merged_into_id:06d}")})
    agent = is_agent(author)
    if internal and not agent:
        raise ValidationError(NOT_ALLOWED)
    if not reply_allowed(ticket=ticket, now=now):
        raise ValidationError({"body": _later(CLOSED_FOR_REPLIES, days=ticket.queue.reopen_days)})
    if status is not None and status not in Status.values:
        raise ValidationError({"status": UNKNOWN_STATUS})
    _validate_files(attachments)
    message = TicketMessage.objects.create(
        ticket=ticket,
        kind=TicketMessage.Kind.INTERNAL if internal else TicketMessage.Kind.PUBLIC,
        author=author,
        body=body,
        via_email=via_email,
        created_at=now,
    )
    _attach(ticket, attachments, message=message, actor=author)
    moved = False
    if not internal:
        if agent and author.pk != ticket.requester_id:
            if ticket.first_response_at is None:
                ticket.first_response_at = now
                ticket.save(update_fields=["first_response_at", "updated_at"])
            target = status or (Status.OPEN if ticket.status == Status.NEW else None)
            if target and target != ticket.status:
                moved = _move(ticket, target, actor=author, now=now)
        elif ticket.status in (Status.WAITING_REQUESTER, Status.RESOLVED, Status.CLOSED):
            moved = _move(ticket, Status.OPEN, actor=author, now=now)
    elif status and status != ticket.status:
        moved = _move(ticket, status, actor=author, now=now)
    if moved or not internal:
        sla_refresh(ticket=ticket, now=now)
    if not internal and author.pk != ticket.requester_id:
        _notify_requester(
            ticket,
            _later(_("%(ref)s: new reply from IT"), ref=ticket.reference),
            body,
        )
    if not internal and author.pk == ticket.requester_id:
        _notify_agents(ticket, _later(_("%(ref)s: the requester replied"), ref=ticket.reference))
    return message


def _notify_agents(ticket: Ticket, title) -> None:
    recipients = [ticket.assignee] if ticket.assignee_id else list(ticket.queue.agents.all())
    for user in recipients:
        if user is not None and user.is_active:
            notification_send(recipient=user, title=title, body=ticket.subject, url=_url(ticket))


@transaction.atomic
def ticket_status_set(
    *, ticket: Ticket, status: str, actor: User, now: datetime | None = None
) -> Ticket:
    now = now or timezone.now()
    if status not in Status.values:
        raise ValidationError({"status": UNKNOWN_STATUS})
    ticket = (
        Ticket.objects.select_for_update().select_related("queue", "requester").get(pk=ticket.pk)
    )
    if ticket.merged_into_id:
        raise ValidationError(_later(MERGED, ref=f"IT-{ticket.merged_into_id:06d}"))
    if not _move(ticket, status, actor=actor, now=now):
        return ticket
    sla_refresh(ticket=ticket, now=now)
    action_record(
        kind=ItAudit.TICKET_STATUS,
        summary=gettext_noop("Ticket %(ref)s is now %(status)s"),
        params={"ref": ticket.reference, "status": status},
        actor=actor,
        target=ticket,
    )
    _notify_requester(
        ticket,
        _later(
            _("%(ref)s is now: %(status)s"),
            ref=ticket.reference,
            status=Status(status).label,
        ),
        ticket.subject,
    )
    if status == Status.RESOLVED and ticket.action == Ticket.Action.REVOKE_ACCESS:
        from it_support.services.assets import seats_free_for_leaver

        seats_free_for_leaver(ticket=ticket, actor=actor)
    return ticket


@transaction.atomic
def ticket_assign(*, ticket: Ticket, assignee: User | None, actor: User) -> Ticket:
    ticket = Ticket.objects.select_for_update().select_related("queue").get(pk=ticket.pk)
    if assignee is not None and not ticket.queue.agents.filter(pk=assignee.pk).exists():
        raise ValidationError(
            {
                "assignee": _later(
                    NOT_AN_AGENT,
                    name=assignee.get_full_name() or assignee.username,
                    queue=ticket.queue.name,
                )
            }
        )
    if ticket.assignee_id == (assignee.pk if assignee else None):
        return ticket
    ticket.assignee = assignee
    ticket.save(update_fields=["assignee", "updated_at"])
    action_record(
        kind=ItAudit.TICKET_ASSIGNED,
        summary=gettext_noop("Ticket %(ref)s assigned to %(name)s"),
        params={"ref": ticket.reference, "name": assignee.username if assignee else "queue"},
        actor=actor,
        target=ticket,
    )
    if assignee is not None and assignee.pk != actor.pk:
        notification_send(
            recipient=assignee,
            title=_later(_("%(ref)s was assigned to you"), ref=ticket.reference),
            body=ticket.subject,
            url=_url(ticket),
        )
    return ticket


@transaction.atomic
def ticket_update(
    *,
    ticket: Ticket,
    actor: User,
    queue: Queue,
    category: Category | None,
    impact: int,
    urgency: int,
    now: datetime | None = None,
) -> Ticket:
    """Queue, category and priority (from impact and urgency); a new priority takes its target
    from the same intervals."""
    now = now or timezone.now()
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    priority = priority_of(impact, urgency)
    changed = priority != ticket.priority or queue.pk != ticket.queue_id
    ticket.queue, ticket.category = queue, category
    ticket.impact, ticket.urgency, ticket.priority = impact, urgency, priority
    if ticket.assignee_id and not queue.agents.filter(pk=ticket.assignee_id).exists():
        ticket.assignee = None
    ticket.save(
        update_fields=[
            "queue",
            "category",
            "impact",
            "urgency",
            "priority",
            "assignee",
            "updated_at",
        ]
    )
    if changed:
        sla_refresh(ticket=ticket, now=now)
        action_record(
            kind=ItAudit.TICKET_PRIORITY,
            summary=gettext_noop("Ticket %(ref)s: queue %(queue)s, priority %(priority)s"),
            params={"ref": ticket.reference, "queue": queue.code, "priority": priority},
            actor=actor,
            target=ticket,
        )
    return ticket


@transaction.atomic
def ticket_merge(
    *, source: Ticket, target: Ticket, actor: User, now: datetime | None = None
) -> Ticket:
    """``source`` is a duplicate of ``target``: its conversation moves over, its requester and
    watchers watch ``target``, and it is closed pointing at ``target``."""
    now = now or timezone.now()
    if source.pk == target.pk:
        raise ValidationError({"target": SAME_TICKET})
    locked = {
        t.pk: t for t in Ticket.objects.select_for_update().filter(pk__in=[source.pk, target.pk])
    }
    source, target = locked[source.pk], locked[target.pk]
    if target.merged_into_id:
        raise ValidationError({"target": ALREADY_MERGED})
    source.messages.update(ticket=target)
    source.attachments.update(ticket=target)
    watchers = set(source.watchers.values_list("pk", flat=True)) | {source.requester_id}
    watchers.discard(target.requester_id)
    target.watchers.add(*watchers)
    target.assets.add(*source.assets.all())
    TicketMessage.objects.create(
        ticket=target,
        kind=TicketMessage.Kind.SYSTEM,
        author=actor,
        body=f"{source.reference} → {target.reference}: {source.subject}",
        created_at=now,
    )
    source.merged_into = target
    source.save(update_fields=["merged_into", "updated_at"])
    _move(source, Status.CLOSED, actor=actor, now=now)
    sla_refresh(ticket=source, now=now)
    action_record(
        kind=ItAudit.TICKET_MERGED,
        summary=gettext_noop("Ticket %(source)s merged into %(target)s"),
        params={"source": source.reference, "target": target.reference},
        actor=actor,
        target=target,
    )
    return target


@transaction.atomic
def ticket_relate(*, ticket: Ticket, other: Ticket, actor: User, related: bool = True) -> None:
    if ticket.pk == other.pk:
        raise ValidationError({"other": RELATED_TO_ITSELF})
    if related:
        ticket.related.add(other)
    else:
        ticket.related.remove(other)
    action_record(
        kind=ItAudit.TICKET_LINKS,
        summary=gettext_noop("%(ref)s related to %(other)s")
        if related
        else gettext_noop("%(ref)s no longer related to %(other)s"),
        params={"ref": ticket.reference, "other": other.reference},
        actor=actor,
        target=ticket,
    )


@transaction.atomic
def ticket_watch(*, ticket: Ticket, user: User, watching: bool) -> None:
    if watching:
        ticket.watchers.add(user)
    else:
        ticket.watchers.remove(user)


@transaction.atomic
def ticket_rate(*, ticket: Ticket, actor: User, rating: int, comment: str = "") -> Ticket:
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if actor.pk != ticket.requester_id:
        raise ValidationError(NOT_ALLOWED)
    if ticket.status not in DONE:
        raise ValidationError({"rating": RATE_WHEN_RESOLVED})
    if rating not in range(1, 6):
        raise ValidationError({"rating": RATING_RANGE})
    ticket.rating = rating
    ticket.rating_comment = (comment or "").replace("\x00", "")[:500]
    ticket.save(update_fields=["rating", "rating_comment", "updated_at"])
    return ticket


@transaction.atomic
def ticket_link_asset(*, ticket: Ticket, asset, actor: User, linked: bool = True) -> None:
    if linked:
        ticket.assets.add(asset)
    else:
        ticket.assets.remove(asset)
    action_record(
        kind=ItAudit.TICKET_LINKS,
        summary=gettext_noop("%(ref)s linked to %(tag)s")
        if linked
        else gettext_noop("%(ref)s unlinked from %(tag)s"),
        params={"ref": ticket.reference, "tag": asset.tag},
        actor=actor,
        target=ticket,
    )


@transaction.atomic
def ticket_affected_set(*, ticket: Ticket, people, assets, actor: User) -> Ticket:
    """A security incident's affected people and assets (the assets are its linked assets)."""
    if ticket.kind != Ticket.Kind.SECURITY:
        raise ValidationError(NOT_AN_INCIDENT)
    ticket.affected_people.set(people)
    ticket.assets.set(assets)
    action_record(
        kind=ItAudit.TICKET_LINKS,
        summary=gettext_noop("%(ref)s affects %(people)s people and %(assets)s assets"),
        params={"ref": ticket.reference, "people": len(people), "assets": len(assets)},
        actor=actor,
        target=ticket,
    )
    return ticket


@transaction.atomic
def ticket_incident_update(
    *,
    ticket: Ticket,
    actor: User,
    severity: int,
    personal_data_breach: bool,
    breach_aware_at: datetime | None,
    authority_notified_at: datetime | None,
    review: str,
) -> Ticket:
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if personal_data_breach and breach_aware_at is None:
        breach_aware_at = timezone.now()
    ticket.kind = Ticket.Kind.SECURITY
    ticket.severity = severity
    ticket.personal_data_breach = personal_data_breach
    ticket.breach_aware_at = breach_aware_at
    ticket.authority_notified_at = authority_notified_at
    ticket.review = (review or "").replace("\x00", "")
    ticket.save(
        update_fields=[
            "kind",
            "severity",
            "personal_data_breach",
            "breach_aware_at",
            "authority_notified_at",
            "review",
            "updated_at",
        ]
    )
    TicketMessage.objects.create(
        ticket=ticket,
        kind=TicketMessage.Kind.INTERNAL,
        author=actor,
        body=str(_("Incident details updated")),
        created_at=timezone.now(),
    )
    return ticket


BULK_ACTIONS = ("assign", "status", "queue")


def tickets_bulk(*, tickets: Sequence[Ticket], action: str, value, actor: User) -> int:
    """Apply one action to many tickets; each goes through its own service (all or nothing)."""
    if not tickets:
        raise ValidationError(NOTHING_SELECTED)
    if action not in BULK_ACTIONS:
        raise ValidationError(UNKNOWN_ACTION)
    with transaction.atomic():
        for ticket in tickets:
            if action == "assign":
                ticket_assign(ticket=ticket, assignee=value, actor=actor)
            elif action == "status":
                ticket_status_set(ticket=ticket, status=value, actor=actor)
            else:
                ticket_update(
                    ticket=ticket,
                    actor=actor,
                    queue=value,
                    category=ticket.category
                    if ticket.category and ticket.category.queue_id == value.pk
                    else None,
                    impact=ticket.impact,
                    urgency=ticket.urgency,
                )
    return len(tickets)

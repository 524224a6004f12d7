"""Tickets through their services: the SLA read model from recorded intervals, replies and notes,
reopen window, assignment, merge, rating, escalation, bad input."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from backoffice.models import Notification
from it_support.models import StatusInterval, Ticket, TicketAttachment, TicketMessage
from it_support.services import (
    sla_escalate,
    ticket_assign,
    ticket_merge,
    ticket_open,
    ticket_rate,
    ticket_reply,
    ticket_status_set,
    ticket_update,
)

SOFIA = ZoneInfo("Europe/Sofia")


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=SOFIA)


def test_the_clock_pauses_while_waiting_on_the_requester_and_resolves_met(
    desk, django_capture_on_commit_callbacks
):
    staff, agent = desk["users"]["staff"], desk["users"]["agent"]
    ticket = ticket_open(
        requester=staff, subject="Printer", actor=staff, category=desk["category"], now=at(2, 9)
    )
    # Medium priority: 240 min first response, 1440 min resolution, from Monday 09:00.
    assert ticket.priority == 3
    assert ticket.first_response_due_at == at(2, 13)
    assert ticket.resolution_due_at == at(4, 15)  # 540 Monday + 540 Tuesday + 360 Wednesday
    with django_capture_on_commit_callbacks(execute=True):
        ticket_reply(
            ticket=ticket,
            author=agent,
            body="Please restart it.",
            status="waiting_requester",
            now=at(2, 10),
        )
    ticket.refresh_from_db()
    assert ticket.first_response_at == at(2, 10)
    assert ticket.status == "waiting_requester"
    assert ticket.sla_paused and ticket.resolution_due_at is None
    assert ticket.sla_remaining_minutes == 1440 - 60
    assert len(mail.outbox) == 1 and ticket.reference in mail.outbox[0].subject
    ticket_reply(ticket=ticket, author=staff, body="Still broken.", now=at(3, 9, 30))
    ticket.refresh_from_db()
    assert ticket.status == "open" and not ticket.sla_paused
    # 1380 left from Tuesday 09:30: 510 on Tuesday, 540 on Wednesday, 330 on Thursday.
    assert ticket.resolution_due_at == at(5, 14, 30)
    ticket_status_set(ticket=ticket, status="resolved", actor=agent, now=at(3, 11))
    ticket.refresh_from_db()
    assert ticket.sla_met is True
    assert ticket.sla_remaining_minutes == 1440 - 60 - 90
    assert list(StatusInterval.objects.filter(ticket=ticket).values_list("status", flat=True)) == [
        "new",
        "waiting_requester",
        "open",
        "resolved",
    ]


def test_a_priority_change_takes_the_new_target_from_the_same_intervals(desk):
    staff, agent = desk["users"]["staff"], desk["users"]["agent"]
    ticket = ticket_open(requester=staff, subject="Down", actor=staff, now=at(2, 9))
    ticket_reply(ticket=ticket, author=agent, body="Looking", now=at(2, 10))
    ticket_update(
        ticket=ticket,
        actor=agent,
        queue=ticket.queue,
        category=None,
        impact=1,
        urgency=2,
        now=at(2, 11),
    )
    ticket.refresh_from_db()
    assert ticket.priority == 2
    assert ticket.resolution_due_at == at(2, 17)  # 480 min from Monday 09:00


def test_a_subject_is_required_and_nothing_is_written(desk):
    staff = desk["users"]["staff"]
    with pytest.raises(ValidationError) as error:
        ticket_open(requester=staff, subject="  ", actor=staff)
    assert "subject" in error.value.message_dict
    assert not Ticket.objects.exists()


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"MZ\x90\x00\x03" + b"\x00" * 100, "tool.exe", "not one of"),
        (b"x" * (11 * 1024 * 1024), "big.txt", "the limit is"),
    ],
)
def test_a_refused_attachment_writes_nothing(desk, settings, content, name, expected):
    settings.UPLOAD_MAX_MB = 10
    staff = desk["users"]["staff"]
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(ValidationError, match=expected):
        ticket_open(requester=staff, subject="With file", actor=staff, attachments=[upload])
    assert not Ticket.objects.exists()
    assert not TicketAttachment.objects.exists()


def test_a_reply_to_a_closed_ticket_after_the_reopen_window_is_refused(desk):
    staff, agent = desk["users"]["staff"], desk["users"]["agent"]
    ticket = ticket_open(requester=staff, subject="Mail", actor=staff, now=at(2, 9))
    ticket_status_set(ticket=ticket, status="closed", actor=agent, now=at(2, 10))
    ticket.refresh_from_db()
    with pytest.raises(ValidationError, match="open a new ticket"):
        ticket_reply(ticket=ticket, author=staff, body="Again", now=at(2, 10) + timedelta(days=8))
    assert not TicketMessage.objects.filter(ticket=ticket).exists()
    ticket_reply(ticket=ticket, author=staff, body="Again", now=at(2, 10) + timedelta(days=6))
    ticket.refresh_from_db()
    assert ticket.status == "open" and ticket.closed_at is None


def test_assigning_someone_outside_the_queue_is_refused(desk):
    staff, agent = desk["users"]["staff"], desk["users"]["agent"]
    ticket = ticket_open(requester=staff, subject="X", actor=staff)
    with pytest.raises(ValidationError, match="not an agent"):
        ticket_assign(ticket=ticket, assignee=desk["users"]["agent2"], actor=agent)
    ticket.refresh_from_db()
    assert ticket.assignee is None
    ticket_assign(ticket=ticket, assignee=agent, actor=agent)
    ticket.refresh_from_db()
    assert ticket.assignee == agent


def test_merging_moves_the_conversation_and_closes_the_duplicate(desk):
    staff, other, agent = desk["users"]["staff"], desk["users"]["other"], desk["users"]["agent"]
    first = ticket_open(requester=staff, subject="Wi-Fi down", actor=staff)
    duplicate = ticket_open(requester=other, subject="No Wi-Fi", actor=other)
    ticket_reply(ticket=duplicate, author=other, body="Since 9")
    ticket_merge(source=duplicate, target=first, actor=agent)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == first and duplicate.status == "closed"
    assert first.messages.filter(body="Since 9").exists()
    assert other in first.watchers.all()
    with pytest.raises(ValidationError, match="itself"):
        ticket_merge(source=first, target=first, actor=agent)
    with pytest.raises(ValidationError, match="merged into"):
        ticket_reply(ticket=duplicate, author=other, body="More")


def test_only_the_requester_rates_and_only_once_resolved(desk):
    staff, agent = desk["users"]["staff"], desk["users"]["agent"]
    ticket = ticket_open(requester=staff, subject="X", actor=staff)
    with pytest.raises(ValidationError, match="once it is resolved"):
        ticket_rate(ticket=ticket, actor=staff, rating=5)
    ticket_status_set(ticket=ticket, status="resolved", actor=agent)
    with pytest.raises(ValidationError):
        ticket_rate(ticket=ticket, actor=agent, rating=5)
    with pytest.raises(ValidationError, match="1 to 5"):
        ticket_rate(ticket=ticket, actor=staff, rating=9)
    ticket_rate(ticket=ticket, actor=staff, rating=4, comment="Quick")
    ticket.refresh_from_db()
    assert (ticket.rating, ticket.rating_comment) == (4, "Quick")


def test_escalation_warns_and_reports_a_breach_once(desk):
    staff, agent = desk["users"]["staff"], desk["users"]["agent"]
    ticket = ticket_open(
        requester=staff, subject="Server", actor=staff, impact=1, urgency=1, now=at(2, 9)
    )
    ticket_assign(ticket=ticket, assignee=agent, actor=agent)
    Notification.objects.all().delete()
    # Critical: 240 min, warning at 180 min (12:00), breach after 13:00.
    assert sla_escalate(now=at(2, 11, 59)) == {"warned": 0, "breached": 0}
    assert sla_escalate(now=at(2, 12, 30)) == {"warned": 1, "breached": 0}
    assert sla_escalate(now=at(2, 12, 31)) == {"warned": 0, "breached": 0}
    assert sla_escalate(now=at(2, 13, 1)) == {"warned": 0, "breached": 1}
    assert sla_escalate(now=at(2, 14)) == {"warned": 0, "breached": 0}
    titles = list(Notification.objects.values_list("title", flat=True).order_by("pk"))
    assert titles == [
        f"{ticket.reference}: 75% of the resolution time used",
        f"{ticket.reference} breached its resolution target",
    ]


def test_a_paused_ticket_is_not_escalated(desk):
    staff, agent = desk["users"]["staff"], desk["users"]["agent"]
    ticket = ticket_open(
        requester=staff, subject="Server", actor=staff, impact=1, urgency=1, now=at(2, 9)
    )
    ticket_reply(ticket=ticket, author=agent, body="?", status="waiting_requester", now=at(2, 9, 5))
    assert sla_escalate(now=at(4, 9)) == {"warned": 0, "breached": 0}


def test_many_tickets_in_one_pass_make_one_digest_per_recipient(desk):
    staff, agent = desk["users"]["staff"], desk["users"]["agent"]
    for n in range(5):
        ticket = ticket_open(
            requester=staff, subject=f"S{n}", actor=staff, impact=1, urgency=1, now=at(2, 9)
        )
        ticket_assign(ticket=ticket, assignee=agent, actor=agent)
    Notification.objects.all().delete()
    assert sla_escalate(now=at(2, 14)) == {"warned": 5, "breached": 5}
    titles = sorted(Notification.objects.values_list("title", flat=True))
    assert titles == [
        "5 tickets breached their resolution target",
        "5 tickets have used 75% of their resolution time",
    ]
    assert sla_escalate(now=at(2, 15)) == {"warned": 0, "breached": 0}

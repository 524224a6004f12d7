"""IT's settings pages: SLA policies, business hours, access profiles and the mail kept aside;
each refuses bad input with a message on the page and writes nothing."""

from __future__ import annotations

from datetime import time
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backoffice.models import AuditEvent
from hr.models import Position
from it_support.models import AccessProfile, BusinessHours, InboundMail, SlaPolicy, Ticket
from it_support.services import mail_ingest

SAMPLES = Path(__file__).parent / "mail"


def test_staff_and_managers_cannot_open_the_settings(desk, client, login):
    for who in ("staff", "manager", "hr"):
        login(client, desk["users"][who])
        for name in ("sla-policy-list", "hours-edit", "access-profile-list", "mail-list"):
            assert client.get(reverse(f"it_support:{name}")).status_code == 403


def test_the_agent_changes_an_sla_target(desk, client, login):
    login(client, desk["users"]["agent"])
    policy = SlaPolicy.objects.get(queue=desk["queues"]["helpdesk"], priority=1)
    page = client.get(reverse("it_support:sla-policy-list")).content.decode()
    assert "Helpdesk" in page and "240" in page
    response = client.post(
        reverse("it_support:sla-policy-edit", args=[policy.pk]),
        {"first_response_minutes": "45", "resolution_minutes": "300"},
    )
    assert response.status_code == 302
    policy.refresh_from_db()
    assert (policy.first_response_minutes, policy.resolution_minutes) == (45, 300)
    assert policy.pause_on_third_party is False
    assert AuditEvent.objects.filter(kind="it.sla_policy_changed").count() == 1


def test_bad_sla_targets_are_refused_and_nothing_changes(desk, client, login):
    login(client, desk["users"]["agent"])
    policy = SlaPolicy.objects.get(queue=desk["queues"]["helpdesk"], priority=1)
    url = reverse("it_support:sla-policy-edit", args=[policy.pk])
    zero = client.post(url, {"first_response_minutes": "0", "resolution_minutes": "300"})
    assert zero.status_code == 400
    backwards = client.post(url, {"first_response_minutes": "500", "resolution_minutes": "300"})
    assert backwards.status_code == 400
    assert "cannot be due after the resolution" in backwards.content.decode()
    duplicate = client.post(
        reverse("it_support:sla-policy-create"),
        {
            "queue": desk["queues"]["helpdesk"].pk,
            "priority": "1",
            "first_response_minutes": "10",
            "resolution_minutes": "20",
        },
    )
    assert duplicate.status_code == 400
    assert "already has a policy for that priority" in duplicate.content.decode()
    policy.refresh_from_db()
    assert (policy.first_response_minutes, policy.resolution_minutes) == (30, 240)
    assert SlaPolicy.objects.count() == 12
    assert not AuditEvent.objects.filter(kind="it.sla_policy_changed").exists()


def test_business_hours_are_replaced_as_a_week(desk, client, login):
    login(client, desk["users"]["agent"])
    data = {f"opens_{d}": "08:30" for d in range(6)} | {f"closes_{d}": "17:00" for d in range(6)}
    response = client.post(reverse("it_support:hours-edit"), data)
    assert response.status_code == 302
    hours = {(h.weekday, h.opens, h.closes) for h in BusinessHours.objects.all()}
    assert hours == {(d, time(8, 30), time(17)) for d in range(6)}


def test_bad_business_hours_are_refused_and_the_week_stays(desk, client, login):
    login(client, desk["users"]["agent"])
    url = reverse("it_support:hours-edit")
    backwards = client.post(url, {"opens_0": "18:00", "closes_0": "09:00"})
    assert backwards.status_code == 400
    assert "must open before it closes" in backwards.content.decode()
    half = client.post(url, {"opens_1": "09:00"})
    assert "give both the opening and the closing time" in half.content.decode()
    garbage = client.post(url, {"opens_2": "nine", "closes_2": "18:00"})
    assert "write times as HH:MM" in garbage.content.decode()
    closed = client.post(url, {})
    assert "Keep at least one working day" in closed.content.decode()
    assert BusinessHours.objects.count() == 5
    assert set(BusinessHours.objects.values_list("opens", flat=True)) == {time(9)}


def test_an_access_profile_per_position(desk, client, login):
    login(client, desk["users"]["agent"])
    cashier = Position.objects.create(
        title="Cashier", department=desk["people"]["staff"].department
    )
    response = client.post(
        reverse("it_support:access-profile-create"),
        {"position": cashier.pk, "systems": "POS\n\nMail\nPOS", "equipment": "Phone"},
    )
    assert response.status_code == 302
    profile = AccessProfile.objects.get(position=cashier)
    assert (profile.systems, profile.equipment) == (["POS", "Mail"], ["Phone"])
    # A position with a profile is no longer offered for a new one.
    again = client.post(
        reverse("it_support:access-profile-create"), {"position": cashier.pk, "systems": "X"}
    )
    assert again.status_code == 400
    offered = client.get(reverse("it_support:access-profile-create")).content.decode()
    assert "Cashier" not in offered
    empty = client.post(
        reverse("it_support:access-profile-edit", args=[profile.pk]),
        {"position": cashier.pk, "systems": " ", "equipment": ""},
    )
    assert empty.status_code == 400
    assert "List at least one system" in empty.content.decode()
    profile.refresh_from_db()
    assert profile.systems == ["POS", "Mail"]
    page = client.get(reverse("it_support:access-profile-list")).content.decode()
    assert "Cashier" in page and "POS, Mail" in page


def test_kept_aside_mail_becomes_a_ticket_for_its_sender(desk, client, login):
    raw = (SAMPLES / "plain_new.eml").read_bytes()
    mail = InboundMail.objects.create(
        raw=raw,
        digest="a",
        sender="staff@example.com",
        subject="Printer",
        outcome=InboundMail.Outcome.REJECTED,
        reason="no queue",
    )
    login(client, desk["users"]["agent"])
    page = client.get(reverse("it_support:mail-list")).content.decode()
    assert "no queue" in page and "data-confirm" in page
    response = client.post(reverse("it_support:mail-ticket", args=[mail.pk]))
    mail.refresh_from_db()
    assert mail.outcome == InboundMail.Outcome.TICKET
    ticket = mail.ticket
    assert response.url == reverse("it_support:ticket-detail", args=[ticket.pk])
    assert ticket.requester == desk["users"]["staff"]
    assert ticket.source == Ticket.Source.EMAIL
    # Twice is refused with a message, and no second ticket.
    again = client.post(reverse("it_support:mail-ticket", args=[mail.pk]), follow=True)
    assert "no longer kept aside" in again.content.decode()
    assert Ticket.objects.count() == 1
    assert "no queue" not in client.get(reverse("it_support:mail-list")).content.decode()


def test_an_unreadable_mail_from_a_stranger_opens_a_ticket_for_the_agent(desk, client, login):
    mail = mail_ingest(raw=b"not a mail at all")
    assert mail.outcome == InboundMail.Outcome.REJECTED
    mail.sender, mail.subject = "stranger@example.org", "Help"
    mail.save()
    login(client, desk["users"]["agent"])
    client.post(reverse("it_support:mail-ticket", args=[mail.pk]))
    ticket = Ticket.objects.get()
    assert ticket.requester == desk["users"]["agent"]
    assert ticket.subject == "Help"
    assert ticket.description.startswith("stranger@example.org")


def test_discarding_keeps_the_message_but_takes_it_off_the_list(desk, client, login):
    mail = InboundMail.objects.create(
        raw=b"x", digest="b", subject="Out of office", outcome="rejected", reason="auto"
    )
    login(client, desk["users"]["agent"])
    client.post(reverse("it_support:mail-discard", args=[mail.pk]))
    mail.refresh_from_db()
    assert mail.outcome == InboundMail.Outcome.DISCARDED and bytes(mail.raw) == b"x"
    assert AuditEvent.objects.filter(kind="it.mail_discarded").count() == 1
    assert not Ticket.objects.exists()
    assert client.post(reverse("it_support:mail-ticket", args=[mail.pk])).status_code == 302
    assert not Ticket.objects.exists()


def test_the_mail_list_queries_do_not_grow_with_rows(desk, client, login):
    login(client, desk["users"]["agent"])
    url = reverse("it_support:mail-list")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    InboundMail.objects.create(raw=b"x", digest="c0", outcome="rejected", reason="r")
    count()  # the first page of a session reads the session and the menus once
    few = count()
    for n in range(1, 12):
        InboundMail.objects.create(raw=b"x", digest=f"c{n}", outcome="rejected", reason="r")
    assert count() == few

"""On the ticket page: the requester's assets linked and unlinked, related tickets, a security
incident's affected people and assets; the asset-audit page; a person's data export."""

from __future__ import annotations

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from backoffice.models import AuditEvent
from backoffice.registry import registry
from it_support.models import Asset, AssetAssignment, Licence, LicenceSeat, Ticket, TicketMessage
from it_support.services import ticket_open, ticket_reply


def held(tag: str, person) -> Asset:
    asset = Asset.objects.create(tag=tag, model="ThinkPad", status="deployed", holder=person)
    AssetAssignment.objects.create(asset=asset, employee=person, checked_out_at=timezone.now())
    return asset


def test_the_agent_links_and_unlinks_the_requesters_asset(desk, client, login):
    staff, agent = desk["users"]["staff"], desk["users"]["agent"]
    mine = held("BR-1", desk["people"]["staff"])
    theirs = held("BR-2", desk["people"]["other"])
    ticket = ticket_open(requester=staff, subject="Broken screen", actor=staff)
    login(client, agent)
    page = client.get(reverse("it_support:ticket-detail", args=[ticket.pk])).content.decode()
    offered = page[page.index('id="link-asset"') :].split("</select>")[0]
    assert "BR-1" in offered and "BR-2" not in offered
    url = reverse("it_support:ticket-assets", args=[ticket.pk])
    client.post(url, {"asset": mine.pk, "action": "link"})
    assert list(ticket.assets.all()) == [mine]
    refused = client.post(url, {"asset": theirs.pk, "action": "link"}, follow=True)
    assert "Choose one of the assets offered." in refused.content.decode()
    assert list(ticket.assets.all()) == [mine]
    client.post(url, {"asset": mine.pk, "action": "unlink"})
    assert not ticket.assets.exists()
    assert AuditEvent.objects.filter(kind="it.ticket_links").count() == 2


def test_staff_cannot_link_assets(desk, client, login):
    staff = desk["users"]["staff"]
    mine = held("BR-1", desk["people"]["staff"])
    ticket = ticket_open(requester=staff, subject="Broken screen", actor=staff)
    login(client, staff)
    response = client.post(
        reverse("it_support:ticket-assets", args=[ticket.pk]), {"asset": mine.pk}
    )
    assert response.status_code == 403
    assert not ticket.assets.exists()


def test_related_tickets_by_number_both_ways(desk, client, login):
    staff = desk["users"]["staff"]
    first = ticket_open(requester=staff, subject="VPN down", actor=staff)
    second = ticket_open(requester=staff, subject="VPN slow", actor=staff)
    login(client, desk["users"]["agent"])
    url = reverse("it_support:ticket-related", args=[first.pk])
    client.post(url, {"other": second.reference.lower(), "action": "relate"})
    assert list(first.related.all()) == [second] and list(second.related.all()) == [first]
    itself = client.post(url, {"other": str(first.pk)}, follow=True).content.decode()
    assert "cannot be related to itself" in itself
    missing = client.post(url, {"other": "IT-999999"}, follow=True).content.decode()
    assert "There is no such ticket." in missing
    client.post(url, {"other": str(second.pk), "action": "unrelate"})
    assert not first.related.exists()


def test_a_security_incidents_affected_people_and_assets(desk, client, login):
    staff = desk["users"]["staff"]
    laptop = held("BR-1", desk["people"]["staff"])
    ticket = ticket_open(requester=staff, subject="Phishing", actor=staff)
    login(client, desk["users"]["agent"])
    url = reverse("it_support:ticket-affected", args=[ticket.pk])
    data = {
        "people": [desk["people"]["staff"].pk, desk["people"]["other"].pk],
        "assets": [laptop.pk],
    }
    refused = client.post(url, data, follow=True).content.decode()
    assert "Only a security incident has affected people" in refused
    assert not ticket.affected_people.exists()
    ticket.kind = Ticket.Kind.SECURITY
    ticket.save(update_fields=["kind"])
    page = client.get(reverse("it_support:ticket-detail", args=[ticket.pk])).content.decode()
    assert "Affected people and assets" in page
    client.post(url, data)
    assert set(ticket.affected_people.all()) == {desk["people"]["staff"], desk["people"]["other"]}
    assert list(ticket.assets.all()) == [laptop]
    client.post(url, {"people": ["999999"]})
    assert ticket.affected_people.count() == 2


def test_the_asset_audit_page_records_a_sighting(desk, client, login):
    today = timezone.localdate()
    never = Asset.objects.create(tag="BR-1", model="Monitor")
    overdue = Asset.objects.create(tag="BR-2", model="Dock", next_audit=today - timedelta(days=3))
    later = Asset.objects.create(tag="BR-3", model="Phone", next_audit=today + timedelta(days=90))
    Asset.objects.create(tag="BR-4", model="Old", status="retired")
    login(client, desk["users"]["agent"])
    page = client.get(reverse("it_support:asset-audit-list")).content.decode()
    assert "BR-1" in page and "BR-2" in page and "BR-3" not in page and "BR-4" not in page
    assert page.index("BR-2") < page.index("BR-1")
    url = reverse("it_support:asset-audit", args=[overdue.pk])
    past = client.post(url, {"next_audit": today.isoformat()}, follow=True).content.decode()
    assert "must fall after today" in past
    overdue.refresh_from_db()
    assert overdue.last_audit is None
    client.post(
        url, {"next_audit": (today + timedelta(days=365)).isoformat(), "location": "Room 2"}
    )
    overdue.refresh_from_db()
    assert (overdue.last_audit, overdue.next_audit, overdue.location) == (
        today,
        today + timedelta(days=365),
        "Room 2",
    )
    assert AuditEvent.objects.filter(kind="it.asset_audited").count() == 1
    assert never.pk and later.pk
    login(client, desk["users"]["staff"])
    assert client.post(url, {"next_audit": ""}).status_code == 403


def test_the_asset_audit_page_queries_do_not_grow_with_rows(desk, client, login):
    login(client, desk["users"]["agent"])
    url = reverse("it_support:asset-audit-list")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx)

    held("BR-0", desk["people"]["staff"])
    count()
    few = count()
    for n in range(1, 10):
        held(f"BR-{n}", desk["people"]["other"])
    assert count() == few


def test_a_persons_data_export_holds_their_tickets_and_equipment(desk):
    staff_user, agent = desk["users"]["staff"], desk["users"]["agent"]
    person = desk["people"]["staff"]
    ticket = ticket_open(requester=staff_user, subject="Printer", actor=staff_user)
    ticket_reply(ticket=ticket, author=agent, body="On my way")
    TicketMessage.objects.create(
        ticket=ticket, kind="internal", author=agent, body="Secret", created_at=timezone.now()
    )
    ticket_open(requester=desk["users"]["other"], subject="Not theirs", actor=agent)
    laptop = held("BR-1", person)
    licence = Licence.objects.create(name="Office", seats_total=1)
    LicenceSeat.objects.create(licence=licence, number=1, employee=person)
    incident = ticket_open(requester=agent, subject="Leak", actor=agent, kind="security")
    incident.affected_people.add(person)

    [provider] = [p for p in registry.personal_data if p.key == "it_support"]
    data = provider.collect(person)

    assert sorted(data) == ["assets", "licence_seats", "security_incidents", "tickets"]
    assert [t["subject"] for t in data["tickets"]] == ["Printer"]
    assert [body for _at, body in data["tickets"][0]["messages"]] == ["On my way"]
    assert [(a["tag"], a["checked_in"]) for a in data["assets"]] == [(laptop.tag, None)]
    assert [(s["licence"], s["seat"]) for s in data["licence_seats"]] == [("Office", 1)]
    assert [i["subject"] for i in data["security_incidents"]] == ["Leak"]
    assert provider.collect(desk["people"]["agent"])["assets"] == []

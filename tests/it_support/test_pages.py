"""The pages: who sees which ticket (other people's ids answer 404), internal notes never reach
staff, the manager's view of their reports' tickets, the portal journey, bad input on the page,
suggestions while typing, safe Markdown, bulk actions, and query counts that do not grow."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from it_support.models import Article, ArticleCategory, Ticket, TicketMessage
from it_support.services import ticket_open, ticket_reply


def test_staff_see_their_own_tickets_only(desk, client, login):
    staff, other = desk["users"]["staff"], desk["users"]["other"]
    mine = ticket_open(requester=staff, subject="My printer", actor=staff)
    theirs = ticket_open(requester=other, subject="Their laptop", actor=other)
    login(client, staff)
    page = client.get(reverse("it_support:ticket-mine")).content.decode()
    assert "My printer" in page and "Their laptop" not in page
    assert client.get(reverse("it_support:ticket-mine-detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("it_support:ticket-mine-detail", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("it_support:ticket-detail", args=[mine.pk])).status_code == 403
    response = client.post(
        reverse("it_support:ticket-mine-reply", args=[theirs.pk]), {"body": "hi"}
    )
    assert response.status_code == 404
    assert not TicketMessage.objects.filter(ticket=theirs).exists()


def test_a_watcher_follows_a_ticket(desk, client, login):
    staff, other = desk["users"]["staff"], desk["users"]["other"]
    theirs = ticket_open(requester=other, subject="Shared printer", actor=other)
    theirs.watchers.add(staff)
    login(client, staff)
    assert client.get(reverse("it_support:ticket-mine-detail", args=[theirs.pk])).status_code == 200


def test_internal_notes_never_reach_staff(desk, client, login):
    staff, agent = desk["users"]["staff"], desk["users"]["agent"]
    ticket = ticket_open(requester=staff, subject="VPN", actor=staff)
    ticket_reply(ticket=ticket, author=agent, body="Secret: the firewall rule", internal=True)
    ticket_reply(ticket=ticket, author=agent, body="We are on it")
    login(client, staff)
    page = client.get(reverse("it_support:ticket-mine-detail", args=[ticket.pk])).content.decode()
    assert "We are on it" in page and "firewall rule" not in page
    login(client, agent)
    page = client.get(reverse("it_support:ticket-detail", args=[ticket.pk])).content.decode()
    assert "firewall rule" in page


def test_staff_cannot_post_an_internal_note(desk, client, login):
    staff = desk["users"]["staff"]
    ticket = ticket_open(requester=staff, subject="VPN", actor=staff)
    login(client, staff)
    client.post(
        reverse("it_support:ticket-mine-reply", args=[ticket.pk]),
        {"body": "note?", "internal": "on"},
    )
    assert list(TicketMessage.objects.values_list("kind", flat=True)) == ["public"]


def test_a_manager_sees_their_reports_subjects_and_states_only(desk, client, login):
    staff, other, manager = desk["users"]["staff"], desk["users"]["other"], desk["users"]["manager"]
    report = ticket_open(
        requester=staff, subject="Report's ticket", description="private", actor=staff
    )
    ticket_open(requester=other, subject="Stranger's ticket", actor=other)
    login(client, manager)
    page = client.get(reverse("it_support:ticket-team")).content.decode()
    assert "Report&#x27;s ticket" in page and "Stranger" not in page and "private" not in page
    assert client.get(reverse("it_support:ticket-mine-detail", args=[report.pk])).status_code == 404
    login(client, staff)
    assert client.get(reverse("it_support:ticket-team")).status_code == 403


def test_the_portal_journey_from_a_phone(desk, client, login, django_capture_on_commit_callbacks):
    staff, agent = desk["users"]["staff"], desk["users"]["agent"]
    login(client, staff)
    response = client.post(
        reverse("it_support:ticket-create"),
        {"subject": "Outlook crashes", "description": "Since the update", "urgency": "2"},
    )
    ticket = Ticket.objects.get()
    assert response.url == reverse("it_support:ticket-mine-detail", args=[ticket.pk])
    login(client, agent)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("it_support:ticket-reply", args=[ticket.pk]),
            {"body": "Which version?", "status": "waiting_requester"},
        )
    ticket.refresh_from_db()
    assert ticket.status == "waiting_requester" and ticket.sla_paused
    login(client, staff)
    client.post(reverse("it_support:ticket-mine-reply", args=[ticket.pk]), {"body": "2024"})
    ticket.refresh_from_db()
    assert ticket.status == "open" and not ticket.sla_paused
    login(client, agent)
    client.post(reverse("it_support:ticket-status", args=[ticket.pk]), {"status": "resolved"})
    login(client, staff)
    client.post(reverse("it_support:ticket-rate", args=[ticket.pk]), {"rating": "5"})
    ticket.refresh_from_db()
    assert (ticket.status, ticket.rating) == ("resolved", 5)


def test_bad_input_on_the_portal_shows_the_error_and_writes_nothing(desk, client, login):
    login(client, desk["users"]["staff"])
    response = client.post(reverse("it_support:ticket-create"), {"subject": "", "urgency": "2"})
    assert response.status_code == 400
    assert "Say in a few words" in response.content.decode()
    response = client.post(
        reverse("it_support:ticket-create"), {"subject": "x", "urgency": "2", "attachments": []}
    )
    assert Ticket.objects.count() == 1
    response = client.post(
        reverse("it_support:ticket-mine-reply", args=[Ticket.objects.get().pk]), {"body": " "}
    )
    assert response.status_code == 400 and "Write a message." in response.content.decode()


def test_suggestions_while_typing_show_public_articles_only(desk, client, login):
    category = ArticleCategory.objects.create(name="FAQ")
    for title, public in (("Reset your VPN password", True), ("VPN server keys", False)):
        article = Article(title=title, category=category, body="vpn", public=public)
        article.refresh_search_text()
        article.save()
    login(client, desk["users"]["staff"])
    page = client.get(reverse("it_support:article-suggest"), {"subject": "my vpn"}).content.decode()
    assert "Reset your VPN password" in page and "server keys" not in page


def test_markdown_is_rendered_without_raw_html(desk, client, login):
    category = ArticleCategory.objects.create(name="FAQ")
    article = Article.objects.create(
        title="Tips",
        category=category,
        body="**bold** <script>alert(1)</script> [x](javascript:alert(1))",
    )
    login(client, desk["users"]["staff"])
    page = client.get(reverse("it_support:article-detail", args=[article.pk])).content.decode()
    assert "<strong>bold</strong>" in page
    assert "<script>alert(1)" not in page and 'href="javascript' not in page


def test_bulk_assignment(desk, client, login):
    staff, agent = desk["users"]["staff"], desk["users"]["agent"]
    tickets = [ticket_open(requester=staff, subject=f"T{n}", actor=staff) for n in range(3)]
    login(client, agent)
    client.post(
        reverse("it_support:ticket-bulk"),
        {"ids": [t.pk for t in tickets[:2]], "action": "assign", "value": agent.pk},
    )
    assert list(Ticket.objects.order_by("pk").values_list("assignee", flat=True)) == [
        agent.pk,
        agent.pk,
        None,
    ]
    client.post(reverse("it_support:ticket-bulk"), {"ids": [], "action": "assign", "value": ""})
    assert Ticket.objects.filter(assignee__isnull=True).count() == 1


def _queries(client, url) -> int:
    client.get(url)  # warm-up: the session's first request of a login does extra work
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_list_query_counts_do_not_grow_with_rows(desk, client, login):
    staff, agent = desk["users"]["staff"], desk["users"]["agent"]
    for n in range(3):
        ticket_open(requester=staff, subject=f"T{n}", actor=staff, category=desk["category"])
    login(client, agent)
    lists = [reverse("it_support:ticket-list") + "?state=all", reverse("it_support:it-dashboard")]
    before = [_queries(client, url) for url in lists]
    login(client, staff)
    portal_before = _queries(client, reverse("it_support:ticket-mine"))
    for n in range(12):
        ticket = ticket_open(requester=staff, subject=f"U{n}", actor=staff)
        ticket.assignee = agent
        ticket.save()
    assert _queries(client, reverse("it_support:ticket-mine")) == portal_before
    login(client, agent)
    assert [_queries(client, url) for url in lists] == before


def test_the_person_panel_shows_tickets_and_equipment_to_it_hr_and_the_person(desk):
    from django.test import RequestFactory

    from it_support.models import Asset
    from it_support.panels import person_it, person_it_visible
    from it_support.services import asset_check_out

    staff, agent = desk["users"]["staff"], desk["users"]["agent"]
    person = desk["people"]["staff"]
    ticket_open(requester=staff, subject="Mine", actor=staff)
    asset_check_out(
        asset=Asset.objects.create(tag="P-1", model="Laptop"), employee=person, actor=agent
    )
    visible = {
        name: person_it_visible(desk["users"][name], person)
        for name in ("agent", "hr", "staff", "other", "manager")
    }
    assert visible == {
        "agent": True,
        "hr": True,
        "staff": True,
        "other": False,
        "manager": False,
    }
    request = RequestFactory().get("/")
    request.user = desk["users"]["hr"]
    data = person_it(request, person)
    assert [t.subject for t in data["tickets"]] == ["Mine"]
    assert [row.asset.tag for row in data["held"]] == ["P-1"]
    assert not data["agent"] and not data["own"]


def test_the_panel_opens_on_the_hr_record(desk, client, login):
    staff = desk["users"]["staff"]
    ticket_open(requester=staff, subject="Panel ticket", actor=staff)
    login(client, desk["users"]["hr"])
    url = reverse("hr:employee-detail", args=[desk["people"]["staff"].pk]) + "?tab=it_support"
    page = client.get(url).content.decode()
    assert "Panel ticket" in page and "IT: tickets and equipment" in page

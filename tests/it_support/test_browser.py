"""In headless Chromium: staff opens a ticket from a phone-sized page (an article is suggested
while typing), the agent replies and waits on the requester (the clock pauses), staff replies
(it runs again), the agent resolves."""

from __future__ import annotations

from datetime import time

import pytest

from backoffice import roles
from it_support.models import (
    Article,
    ArticleCategory,
    BusinessHours,
    Queue,
    SlaPolicy,
    Ticket,
)
from tests.hr import factories as hr_factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _sign_in(page, base, username):
    page.goto(f"{base}/account/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-Secret-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def test_staff_opens_agent_pauses_staff_replies_agent_resolves(
    live_server, browser, make_user, settings
):
    settings.OTP_REQUIRED_ROLES = []
    roles.roles_sync()
    agent = make_user(roles.IT, roles.STAFF, username="ivan")
    staff = make_user(roles.STAFF, username="stefan")
    hr_factories.employee(user=staff, first_name="Стефан", last_name="Ангелов")
    for weekday in range(7):
        BusinessHours.objects.create(weekday=weekday, opens=time(0), closes=time(23, 59))
    queue = Queue.objects.create(code="helpdesk", name="Helpdesk", lead=agent)
    queue.agents.add(agent)
    for priority in range(1, 5):
        SlaPolicy.objects.create(
            queue=queue, priority=priority, first_response_minutes=60, resolution_minutes=480
        )
    article = Article(
        title="Outlook does not sync", category=ArticleCategory.objects.create(name="FAQ"), body="x"
    )
    article.refresh_search_text()
    article.save()

    phone = browser.new_context(viewport=PHONE).new_page()
    _sign_in(phone, live_server.url, "stefan")
    phone.goto(f"{live_server.url}/it/my/new/")
    phone.get_by_label("Subject").fill("Outlook stopped syncing")
    phone.get_by_role("link", name="Outlook does not sync").wait_for()
    phone.get_by_label("What happened?").fill("Since this morning.")
    phone.get_by_role("button", name="Send to IT").click()
    phone.get_by_text("IT will answer here").wait_for()
    ticket = Ticket.objects.get()

    desk = browser.new_context().new_page()
    _sign_in(desk, live_server.url, "ivan")
    desk.goto(f"{live_server.url}/it/tickets/{ticket.pk}/")
    desk.get_by_label("Message").fill("Which Outlook version do you use?")
    desk.get_by_label("Then set the status to").select_option("waiting_requester")
    desk.get_by_role("button", name="Send").click()
    desk.get_by_text("Your message was added.").wait_for()
    ticket.refresh_from_db()
    assert ticket.status == "waiting_requester" and ticket.sla_paused
    assert ticket.resolution_due_at is None

    phone.goto(f"{live_server.url}/it/my/{ticket.pk}/")
    phone.get_by_text("IT is waiting for your answer.").wait_for()
    phone.get_by_label("Message").fill("Version 2024.")
    phone.get_by_role("button", name="Reply").click()
    phone.get_by_text("Your message was added.").wait_for()
    ticket.refresh_from_db()
    assert ticket.status == "open" and not ticket.sla_paused
    assert ticket.resolution_due_at is not None

    desk.goto(f"{live_server.url}/it/tickets/{ticket.pk}/")
    desk.get_by_label("Status", exact=True).select_option("resolved")
    desk.get_by_role("button", name="Set", exact=True).click()
    desk.get_by_text("Status changed.").wait_for()
    ticket.refresh_from_db()
    assert ticket.status == "resolved" and ticket.sla_met is True
    phone.goto(f"{live_server.url}/it/my/{ticket.pk}/")
    phone.get_by_text("How did IT do?").wait_for()

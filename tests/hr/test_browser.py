"""In headless Chromium: staff asks for three days of leave, the manager approves, staff sees the balance."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backoffice import roles
from tests.hr import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_in(page, base, username):
    page.goto(f"{base}/account/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-Secret-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def test_leave_is_requested_approved_and_the_balance_follows(live_server, browser, make_user, org):
    from backoffice.roles import roles_sync

    roles_sync()
    manager_user = make_user(roles.MANAGER, roles.STAFF, username="boss", first_name="Мартин")
    staff_user = make_user(roles.STAFF, username="stefan", first_name="Стефан")
    dept = factories.department(code="OPS", name="Операции")
    manager = factories.employee(
        user=manager_user, dept=dept, first_name="Мартин", last_name="Колев"
    )
    factories.employee(
        user=staff_user, dept=dept, manager=manager, first_name="Стефан", last_name="Ангелов"
    )
    factories.paid_leave(code="PAID", name="Paid annual leave")
    today = timezone.localdate()
    monday = today + timedelta(days=(7 - today.weekday()) % 7 + 14)
    if monday.year != today.year:  # keep the three days inside this leave year
        monday = today + timedelta(days=(7 - today.weekday()) % 7)

    staff = browser.new_context().new_page()
    _sign_in(staff, live_server.url, "stefan")
    staff.goto(f"{live_server.url}/hr/leave/")
    before = float(staff.locator(".h1").first.inner_text().replace(",", "."))
    staff.get_by_role("link", name="Request leave").first.click()
    staff.get_by_label("First day").fill(monday.isoformat())
    staff.get_by_label("Last day").fill((monday + timedelta(days=2)).isoformat())
    staff.get_by_label("Last day").dispatch_event("change")
    staff.get_by_text("Working days asked").wait_for()
    staff.get_by_role("button", name="Send for approval").click()
    staff.get_by_text("Your request was sent for approval.").wait_for()

    manager_page = browser.new_context().new_page()
    _sign_in(manager_page, live_server.url, "boss")
    manager_page.goto(f"{live_server.url}/hr/leave/approvals/")
    manager_page.get_by_role("link", name="Paid annual leave").click()
    manager_page.get_by_role("button", name="Approve").click()
    manager_page.locator("#confirm-modal").get_by_role("button", name="Approve").click()
    manager_page.get_by_text("The leave was approved.").wait_for()

    staff.goto(f"{live_server.url}/hr/leave/")
    after = float(staff.locator(".h1").first.inner_text().replace(",", "."))
    assert before - after == 3
    assert staff.get_by_text("Approved").first.is_visible()

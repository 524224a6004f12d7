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


def test_hr_hires_a_candidate_and_the_onboarding_tasks_reach_home_pages(
    live_server, browser, make_user, org, settings
):
    settings.OTP_REQUIRED_ROLES = []  # two-factor has its own tests; here HR signs in with a password
    from backoffice.roles import roles_sync
    from hr.models import ChecklistTemplate, ChecklistTemplateTask, HiringStage, JobOpening
    from hr.services import candidate_add

    roles_sync()
    hr_user = make_user(roles.HR, roles.STAFF, username="hana")
    make_user(roles.IT, roles.STAFF, username="ivo")
    boss_user = make_user(roles.MANAGER, roles.STAFF, username="boss")
    dept = factories.department(code="OPS", name="Операции")
    factories.employee(user=hr_user, dept=factories.department(code="HR"))
    boss = factories.employee(user=boss_user, dept=dept, first_name="Мартин", last_name="Колев")
    dept.manager = boss
    dept.save()
    for i, name in enumerate(["Applied", "Interview", "Offer"]):
        HiringStage.objects.create(name=name, order=i, is_offer=name == "Offer")
    template = ChecklistTemplate.objects.create(name="Onboarding", kind="onboarding")
    ChecklistTemplateTask.objects.create(
        template=template, title="Prepare a laptop", responsible_role=roles.IT, due_offset_days=-2
    )
    ChecklistTemplateTask.objects.create(
        template=template, title="Plan the first week", responsible_manager=True
    )
    opening = JobOpening.objects.create(title="Cashier", department=dept)
    candidate_add(
        actor=hr_user,
        opening=opening,
        data={"first_name": "Яна", "last_name": "Стоева", "email": "yana@mail.example"},
    )

    page = browser.new_context().new_page()
    _sign_in(page, live_server.url, "hana")
    page.goto(f"{live_server.url}/hr/hiring/{opening.pk}/")
    page.get_by_role("button", name="Move Яна Стоева to Interview").click()
    page.get_by_role("button", name="Move Яна Стоева to Offer").click()
    page.get_by_role("link", name="Яна Стоева").click()
    page.get_by_label("Monthly salary").fill("1900")
    page.get_by_label("Start date").fill((timezone.localdate() + timedelta(days=10)).isoformat())
    page.get_by_role("button", name="Make the offer").click()
    page.get_by_text("The offer was made.").wait_for()
    page.get_by_role("button", name="Accepted: hire").click()
    page.locator("#confirm-modal").get_by_role("button", name="Hire").click()
    page.get_by_text("was hired; the onboarding checklist has started").wait_for()
    assert page.get_by_role("heading", name="Яна Стоева").is_visible()

    for username, task in (("ivo", "Prepare a laptop"), ("boss", "Plan the first week")):
        other = browser.new_context().new_page()
        _sign_in(other, live_server.url, username)
        assert other.get_by_text(task).is_visible(), username
        other.context.close()

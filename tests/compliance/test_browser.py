"""In headless Chromium: staff reads and acknowledges a policy on a phone-sized page; the
compliance officer runs the checks and accepts a finding with a reason."""

from __future__ import annotations

import pytest

from backoffice import roles
from compliance.models import Acknowledgement, Finding
from tests.compliance import factories
from tests.hr import factories as hr_factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _sign_in(page, base, username):
    page.goto(f"{base}/account/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-Secret-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def test_staff_acknowledges_on_a_phone_and_compliance_accepts_a_finding(
    live_server, browser, make_user, settings
):
    settings.OTP_REQUIRED_ROLES = []
    settings.CELERY_TASK_ALWAYS_EAGER = True
    roles.roles_sync()
    officer = make_user(roles.COMPLIANCE, username="kalina")
    staff = make_user(roles.STAFF, username="stefan")
    person = hr_factories.employee(user=staff, first_name="Стефан", last_name="Ангелов")
    hr_factories.employee(weekly_hours=None, first_name="Без", last_name="Договор")
    version = factories.policy(officer)

    phone = browser.new_context(viewport=PHONE).new_page()
    _sign_in(phone, live_server.url, "stefan")
    phone.goto(f"{live_server.url}/compliance/my/policies/")
    phone.get_by_role("link", name=version.policy.title).click()
    phone.get_by_role("button", name="I have read and accept it").click()
    phone.wait_for_url(f"{live_server.url}/compliance/my/policies/")
    assert phone.get_by_text("your acknowledgement is recorded").is_visible()
    assert Acknowledgement.objects.filter(version=version, employee=person).count() == 1

    desk = browser.new_context().new_page()
    _sign_in(desk, live_server.url, "kalina")
    desk.goto(f"{live_server.url}/compliance/findings/")
    desk.get_by_role("button", name="Run checks now").click()
    desk.wait_for_url("**/jobs/**")
    desk.goto(f"{live_server.url}/compliance/findings/")
    desk.get_by_role(
        "link", name="Без Договор works without an employment contract in force"
    ).click()
    desk.get_by_role("button", name="Accept with this reason").click()
    assert desk.get_by_text("Say why the finding is accepted.").is_visible()
    desk.get_by_label("Reason").fill("Signed on paper; the scan follows on Monday.")
    desk.get_by_role("button", name="Accept with this reason").click()
    assert desk.get_by_text("Finding accepted.").is_visible()
    finding = Finding.objects.get(key__startswith="no-contract:")
    assert finding.state == "accepted"
    assert finding.decided_by == officer

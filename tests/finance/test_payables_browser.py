"""In headless Chromium on a phone-sized screen: staff start a claim, add an expense with a photo
of the receipt and submit it; their manager opens it, sees the budget left and approves."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest

from backoffice import roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


def _sign_in(page, base, username):
    page.goto(f"{base}/account/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-Secret-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def test_staff_claim_on_a_phone_and_the_manager_approves(
    live_server, browser, make_user, settings, tmp_path
):
    settings.OTP_REQUIRED_ROLES = []
    from PIL import Image

    from backoffice.roles import roles_sync
    from finance.models import Account, Budget, ExpenseClaim
    from finance.services import chart_load_preset, fiscal_year_open
    from tests.hr.factories import department, employee

    roles_sync()
    chart_load_preset(preset="bg", actor=None)
    year = date.today().year  # noqa: DTZ011 (the browser's today)
    fiscal_year_open(year=year, actor=None)
    dept = department(code="SHOP", name="Shop")
    boss_user = make_user(roles.MANAGER, roles.STAFF, username="martin")
    boss = employee(user=boss_user, dept=dept)
    staff_user = make_user(roles.STAFF, username="stefan")
    employee(user=staff_user, dept=dept, manager=boss)
    travel = Account.objects.get(number="602")
    for month in range(1, 13):
        Budget.objects.create(
            department=dept, account=travel, month=date(year, month, 1), amount=Decimal("50.00")
        )
    receipt = tmp_path / "receipt.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (60, 80), (250, 250, 250)).save(buffer, format="JPEG")
    receipt.write_bytes(buffer.getvalue())

    base = live_server.url
    phone = browser.new_context(viewport=PHONE).new_page()
    _sign_in(phone, base, "stefan")
    phone.goto(f"{base}/finance/claims/")
    phone.get_by_role("link", name="New claim").first.click()
    phone.get_by_label("What is the claim for?").fill("Client visit to Plovdiv")
    phone.get_by_role("button", name="Continue").click()
    phone.get_by_text("now add your expenses").wait_for()
    phone.get_by_label("Expense type").select_option(label="602 External services")
    phone.get_by_label("What for").fill("Train tickets")
    phone.get_by_label("Amount (EUR)").fill("38.40")
    phone.get_by_label("Receipt").set_input_files(str(receipt))
    phone.get_by_role("button", name="Add expense").click()
    phone.get_by_text("The expense was added").wait_for()
    phone.get_by_role("button", name="Submit for approval").click()
    phone.locator("#confirm-modal").get_by_role("button", name="Yes, go ahead").click()
    phone.get_by_text("sent to your manager").wait_for()
    claim = ExpenseClaim.objects.get()
    assert claim.status == ExpenseClaim.Status.SUBMITTED
    assert claim.lines.get().receipt

    manager = browser.new_context(viewport=PHONE).new_page()
    _sign_in(manager, base, "martin")
    manager.goto(f"{base}/finance/claims/team/")
    manager.get_by_role("link", name="Client visit to Plovdiv").click()
    manager.get_by_text("Department budget left this year").wait_for()
    manager.get_by_text("€600.00").first.wait_for()
    manager.get_by_text("€561.60").wait_for()
    manager.get_by_role("button", name="Approve").click()
    manager.locator("#confirm-modal").get_by_role("button", name="Yes, go ahead").click()
    manager.get_by_text("finance will reimburse it").wait_for()
    claim.refresh_from_db()
    assert claim.status == ExpenseClaim.Status.APPROVED
    assert claim.decided_by == boss_user

"""In headless Chromium: staff on shift sees today's opening checks on the home page of a
phone-sized screen and ticks them off; operations confirms a suggested order."""

from __future__ import annotations

from datetime import time
from decimal import Decimal

import pytest
from django.utils import timezone

from backoffice import roles
from finance.models import Partner
from finance.services import chart_load_preset
from operations.models import DailyTask, PurchaseOrder, ReorderRule, TaskTemplate, TaskTemplateItem
from operations.services import reorder_suggestions_refresh, tasks_generate
from tests.operations.factories import employee, item, on_shift_today, warehouse
from tests.scheduling import factories as sched

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _sign_in(page, base, username):
    page.goto(f"{base}/account/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-Secret-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def test_staff_on_shift_ticks_off_the_opening_checks_on_a_phone(
    live_server, browser, make_user, settings
):
    settings.OTP_REQUIRED_ROLES = []
    roles.roles_sync()
    staff = make_user(roles.STAFF, username="stela")
    shop = sched.location(code="BRSHOP", name="Shop")
    on_shift_today(shop, employee(staff), start=time(0, 5), end=time(23, 55))
    template = TaskTemplate.objects.create(
        location=shop, title="Opening checks", title_en="Opening checks", due_time=time(12)
    )
    for order, text in enumerate(["Alarm off", "Tills counted"]):
        TaskTemplateItem.objects.create(template=template, text=text, text_en=text, order=order)
    tasks_generate(day=timezone.localdate())

    phone = browser.new_context(viewport=PHONE).new_page()
    _sign_in(phone, live_server.url, "stela")
    phone.get_by_role("link", name="Opening checks").click()
    for _ in range(2):
        phone.get_by_role("button", name="Done").first.click()
        phone.wait_for_load_state()
    assert phone.get_by_role("button", name="Done").count() == 0
    assert phone.get_by_text("Alarm off").is_visible()
    task = DailyTask.objects.get()
    assert task.completed_at is not None
    assert task.ticks.count() == 2


def test_operations_confirms_a_suggested_order(live_server, browser, make_user, settings):
    settings.OTP_REQUIRED_ROLES = []
    roles.roles_sync()
    make_user(roles.OPERATIONS, username="olga")
    make_user(roles.FINANCE, username="fiona")
    chart_load_preset(preset="bg", actor=None)
    supplier = Partner.objects.create(name="Paper Ltd", kind="supplier")
    wh = warehouse()
    paper = item(name="Paper", supplier=supplier, supplier_price=Decimal("2.50"))
    ReorderRule.objects.create(
        item=paper, warehouse=wh, level=Decimal("10"), quantity=Decimal("20")
    )
    reorder_suggestions_refresh()

    page = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    _sign_in(page, live_server.url, "olga")
    page.goto(f"{live_server.url}/operations/suggestions/")
    page.get_by_label("Quantity").fill("24")
    page.get_by_role("button", name="Confirm as draft orders").click()
    page.get_by_role("button", name="Confirm", exact=True).click()
    page.wait_for_url(f"{live_server.url}/operations/orders/")
    order = PurchaseOrder.objects.get()
    assert (order.status, order.lines.get().quantity) == ("draft", Decimal("24"))

    # Approve it, receive part of it, and find the draft supplier bill in finance
    page.goto(f"{live_server.url}/operations/orders/{order.pk}/")
    page.get_by_role("button", name="Approve").click()
    page.locator(".modal.show").get_by_role("button", name="Approve").click()
    page.get_by_role("link", name="Receive").click()
    page.get_by_label("Received now").fill("10")
    page.get_by_role("button", name="Receive").click()
    page.wait_for_url(f"{live_server.url}/operations/orders/{order.pk}/")
    order.refresh_from_db()
    assert order.status == "partly"
    receipt = order.receipts.get()
    assert receipt.bill_reference
    finance = browser.new_context(viewport={"width": 1366, "height": 900}).new_page()
    _sign_in(finance, live_server.url, "fiona")
    finance.goto(f"{live_server.url}/operations/orders/{order.pk}/")
    finance.get_by_role("link", name=f"supplier bill {receipt.bill_reference}").click()
    assert finance.url.endswith(f"/finance/bills/{receipt.bill_reference}/")
    assert finance.get_by_text("Paper Ltd").first.is_visible()

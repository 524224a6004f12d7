"""In headless Chromium: payroll creates this month's run and sees the pre-payroll check,
calculates it, reviews the highlighted changes, is refused approving their own calculation, a
second person approves, payroll posts it and downloads the bank file; then a person opens
their payslip on a phone-sized page and downloads it."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from backoffice import roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(browser, base, username, **context):
    page = browser.new_context(**context).new_page()
    page.goto(f"{base}/account/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-Secret-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")
    return page


def test_payroll_runs_the_month_and_staff_open_their_payslip(
    live_server, browser, make_user, settings
):
    settings.OTP_REQUIRED_ROLES = []  # two-factor has its own tests
    from backoffice.roles import roles_sync
    from finance.payroll import services
    from finance.payroll.models import PayrollRun, Payslip
    from finance.services import chart_load_preset, fiscal_year_open
    from tests.hr import factories as hr
    from tests.payroll import surface

    roles_sync()
    services.payroll_rules_load_preset()
    services.payroll_settings_save(data={"bank_iban": "BG80BNBG96611020345678"})
    chart_load_preset(preset="bg", actor=None)
    today = timezone.localdate()
    last_month = today.replace(day=1) - timedelta(days=1)
    for year in sorted({last_month.year, today.year}):
        fiscal_year_open(year=year, actor=None)
    make_user(roles.FINANCE, username="filip")
    make_user(roles.HR, username="hristina")
    staff_user = make_user(roles.STAFF, username="stoyan")
    team = surface.people(2)
    me = hr.employee(user=staff_user, dept=team[0].department, iban="BG89UNCR70001519562444")
    # Last month, posted: the person earned far less then, so this month is highlighted.
    previous = surface.paid_run(people=[me, *team], start=last_month.replace(day=1), end=last_month)
    Payslip.objects.filter(run=previous, employee=me).update(
        net=Decimal("300.00"), gross=Decimal("400.00")
    )
    PayrollRun.objects.filter(pk=previous.pk).update(status=PayrollRun.Status.POSTED)
    base = live_server.url

    page = _login(browser, base, "filip")
    page.goto(f"{base}/finance/payroll/runs/new/")
    page.get_by_label("Month").fill(today.strftime("%Y-%m"))
    page.get_by_role("button", name="Create the run").click()
    page.get_by_text("The run was created").wait_for()
    page.get_by_role("heading", name="Pre-payroll check").wait_for()
    run = PayrollRun.objects.get(period_start=today.replace(day=1))

    page.get_by_role("button", name="Calculate").click()
    page.get_by_text("The calculation started").wait_for()
    page.reload()
    page.get_by_role("heading", name="Payslips").wait_for()
    run.refresh_from_db()
    assert run.status == PayrollRun.Status.CALCULATED
    assert run.headcount == 3
    page.get_by_text("Changes against last month above").wait_for()
    assert page.locator("tr.table-warning").filter(has_text=me.full_name).count() >= 1

    page.get_by_role("button", name="Mark as reviewed").click()
    page.locator("#confirm-modal").get_by_role("button", name="Yes, go ahead").click()
    page.get_by_text("The run is marked as reviewed").wait_for()
    page.get_by_text("a second person to approve it").wait_for()
    assert page.get_by_role("button", name="Approve").is_disabled()

    second = _login(browser, base, "hristina")
    second.goto(f"{base}/finance/payroll/runs/{run.pk}/")
    # Nobody's timesheet is approved: approving asks to confirm the open items were seen.
    second.get_by_label("I have seen the 3 open items").check()
    second.get_by_role("button", name="Approve").click()
    second.locator("#confirm-modal").get_by_role("button", name="Yes, go ahead").click()
    second.get_by_text("The run is approved").wait_for()

    page.reload()
    page.get_by_label("I have seen the 3 open items").check()
    page.get_by_role("button", name="Post to the ledger").click()
    page.locator("#confirm-modal").get_by_role("button", name="Yes, go ahead").click()
    page.get_by_text("The run is posted to the ledger").wait_for()
    run.refresh_from_db()
    assert run.status == PayrollRun.Status.POSTED
    assert run.journal_entry_id is not None

    with page.expect_download() as download:
        page.get_by_role("link", name="Bank file (SEPA pain.001)").click()
    content = open(download.value.path(), "rb").read()  # noqa: PTH123, SIM115
    assert b"pain.001.001.03" in content
    assert f"<CtrlSum>{run.net:.2f}</CtrlSum>".encode() in content

    phone = _login(
        browser,
        base,
        "stoyan",
        viewport={"width": 390, "height": 844},
        is_mobile=True,
        has_touch=True,
    )
    phone.goto(f"{base}/finance/payroll/my/")
    phone.get_by_role("link", name=today.strftime("%B %Y")).click()
    phone.get_by_role("heading", name="How it was computed").wait_for()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    with phone.expect_download() as download:
        phone.get_by_role("link", name="Download PDF").click()
    assert open(download.value.path(), "rb").read(4) == b"%PDF"  # noqa: PTH123, SIM115

"""In headless Chromium: finance posts a manual entry watching the live balance, finds it in the
trial balance, drills down to the entry, reverses it and exports the balance sheet."""

from __future__ import annotations

from datetime import date

import pytest

from backoffice import roles

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_finance_posts_reverses_and_exports(live_server, browser, make_user, settings):
    settings.OTP_REQUIRED_ROLES = []  # two-factor has its own tests
    from backoffice.roles import roles_sync
    from finance.models import JournalEntry
    from finance.services import chart_load_preset, fiscal_year_open

    roles_sync()
    make_user(roles.FINANCE, roles.STAFF, username="filip")
    chart_load_preset(preset="bg", actor=None)
    year = date.today().year  # noqa: DTZ011 (the browser's today)
    fiscal_year_open(year=year, actor=None)

    page = browser.new_context().new_page()
    base = live_server.url
    page.goto(f"{base}/account/login/")
    page.get_by_label("Username").fill("filip")
    page.get_by_label("Password").fill("pw-Secret-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")

    page.goto(f"{base}/finance/entries/new/")
    page.get_by_label("Account 1").select_option(label="503 Bank current account")
    page.get_by_label("Debit 1").fill("250.00")
    page.get_by_text("Difference: 250.00").wait_for()
    page.get_by_label("Account 2").select_option(label="101 Share capital")
    page.get_by_label("Credit 2").fill("250.00")
    page.get_by_text("Balanced").wait_for()
    page.get_by_role("button", name="Post", exact=True).click()
    page.locator("#confirm-modal").get_by_role("button", name="Yes, go ahead").click()
    page.get_by_text("was posted").wait_for()
    entry = JournalEntry.objects.get()

    page.goto(f"{base}/finance/reports/trial-balance/")
    page.get_by_role("link", name="503 Bank current account").click()
    page.get_by_role("link", name=entry.reference).click()
    page.get_by_role("button", name="Reverse").click()
    page.locator("#confirm-modal").get_by_role("button", name="Yes, go ahead").click()
    page.get_by_text("was reversed by").wait_for()
    assert JournalEntry.objects.filter(reverses=entry).exists()

    page.goto(f"{base}/finance/reports/balance-sheet/")
    page.get_by_text("Assets = liabilities + equity").wait_for()
    page.get_by_role("button", name="Export XLSX").click()
    page.wait_for_url("**/jobs/**")

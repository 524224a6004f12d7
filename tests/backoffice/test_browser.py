"""In headless Chromium, as a person would: sign in, switch to Bulgarian, see the home page in it."""

from __future__ import annotations

import pytest

from backoffice.roles import STAFF

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_signs_in_switches_to_bulgarian_and_sees_home_translated(
    live_server, page, make_user
):
    make_user(STAFF, username="staffer", first_name="Stefan")
    page.goto(f"{live_server.url}/")
    assert "/account/login/" in page.url
    page.get_by_label("Username").fill("staffer")
    page.get_by_label("Password").fill("pw-Secret-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    assert page.get_by_role("heading", name="Good to see you, Stefan").is_visible()

    page.get_by_role("button", name="Language").click()
    page.get_by_role("button", name="Български").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "bg"
    assert page.get_by_role("heading", name="Радваме се да ви видим, Stefan").is_visible()
    assert (
        page.get_by_role("link", name="Начало").first.is_visible()
        or page.get_by_text("Начало").count() > 0
    )

    page.reload()  # the choice is the person's preference, not a one-off
    assert page.locator("html").get_attribute("lang") == "bg"


def test_the_shell_works_on_a_phone(live_server, browser, make_user):
    make_user(STAFF, username="phone", first_name="Petya")
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Username").fill("phone")
    page.get_by_label("Password").fill("pw-Secret-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    sidebar_link = page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="Jobs"
    )
    assert not sidebar_link.is_visible()  # the sidebar is folded away on a phone
    page.get_by_role("button", name="Open the menu").click()
    sidebar_link.click()
    page.wait_for_url(f"{live_server.url}/jobs/")
    assert page.get_by_role("heading", name="My jobs").is_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways ({width}px)"
    assert not errors, errors
    context.close()

"""In headless Chromium: the planner builds a week by hand, sees a rest violation appear and go,
publishes; staff sees the shift on a phone and asks for a swap; the manager approves it. Staff
clocks a day on a phone and submits the timesheet; the manager approves it."""

from __future__ import annotations

from datetime import datetime, time, timedelta

import pytest
from django.db.models import F
from django.utils import timezone

from backoffice import roles
from scheduling.models import BreakEntry, SchedulePeriod, Shift, TimeEntry, Timesheet
from scheduling.selectors.attendance import classified, pay_period
from scheduling.services.attendance import timesheet_for
from tests.hr import factories as hr_factories
from tests.scheduling import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def _sign_in(page, base, username):
    page.goto(f"{base}/account/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("pw-Secret-123")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/")


def _add_shift(page, name: str, weekday: int, template: str) -> None:
    page.locator("tr", has_text=name).locator(".roster-add").nth(weekday).click()
    modal = page.locator("#shift-modal")
    modal.get_by_label("Template").select_option(label=template)
    modal.get_by_text("No conflicts.").or_(modal.get_by_text("This shift would break")).wait_for()
    modal.get_by_role("button", name="Save").click()
    modal.wait_for(state="hidden")


def _confirm_warnings(page) -> None:
    """Tick each warning the publish page asks to confirm (coverage gaps, empty, over budget)."""
    for box in page.locator('input[name="confirm"]').all():
        box.check()


def test_planner_builds_and_publishes_staff_swaps_manager_approves(
    live_server, browser, make_user, settings
):
    settings.OTP_REQUIRED_ROLES = []
    roles.roles_sync()
    users = {
        "petya": make_user(roles.PLANNER, roles.STAFF, username="petya"),
        "boss": make_user(roles.MANAGER, roles.STAFF, username="boss"),
        "stefan": make_user(roles.STAFF, username="stefan"),
        "gergana": make_user(roles.STAFF, username="gergana"),
    }
    dept = hr_factories.department(code="OPS", name="Операции")
    boss = hr_factories.employee(
        user=users["boss"], dept=dept, first_name="Мартин", last_name="Колев"
    )
    stefan = hr_factories.employee(
        user=users["stefan"], dept=dept, manager=boss, first_name="Стефан", last_name="Ангелов"
    )
    gergana = hr_factories.employee(
        user=users["gergana"], dept=dept, manager=boss, first_name="Гергана", last_name="Димитрова"
    )
    shop = factories.location(code="VIT", name="Vitosha shop")
    shop.members.add(stefan, gergana)
    factories.template(shop, "M", time(7), time(15), 30, name="Morning")
    factories.template(shop, "N", time(22), time(6), 60, crosses=True, name="Night")
    monday = factories.next_monday()
    period = factories.period(shop, monday)

    planner = browser.new_context().new_page()
    _sign_in(planner, live_server.url, "petya")
    planner.goto(f"{live_server.url}/scheduling/periods/{period.pk}/")
    _add_shift(planner, "Стефан Ангелов", 0, "Night 22:00-06:00")
    planner.get_by_text("No conflicts: every shift on this page keeps the rules.").wait_for()
    _add_shift(planner, "Стефан Ангелов", 1, "Morning 07:00-15:00")
    conflicts = planner.locator("#conflicts-title")
    conflicts.wait_for()
    assert planner.get_by_text("Only 1 h rest between shifts (at least 12 h).").first.is_visible()

    # The morning after the night goes, and so does the violation.
    planner.locator("tr", has_text="Стефан Ангелов").locator("button.shift-block").nth(1).click()
    modal = planner.locator("#shift-modal")
    modal.get_by_text("Edit shift").wait_for()
    modal.get_by_role("button", name="Delete").click()
    modal.get_by_role("button", name="Delete the shift").click()
    modal.wait_for(state="hidden")
    planner.get_by_text("No conflicts: every shift on this page keeps the rules.").wait_for()
    _add_shift(planner, "Стефан Ангелов", 2, "Morning 07:00-15:00")
    _add_shift(planner, "Гергана Димитрова", 3, "Morning 07:00-15:00")
    assert Shift.objects.filter(period=period).count() == 3

    planner.get_by_role("link", name="Publish").click()
    planner.get_by_text("Every shift keeps the working-time rules.").wait_for()
    _confirm_warnings(planner)
    planner.get_by_role("button", name="Publish").click()
    planner.locator("#confirm-modal").get_by_role("button", name="Publish").click()
    planner.get_by_text("The schedule was published and everyone on it was told.").wait_for()
    period.refresh_from_db()
    assert period.status == SchedulePeriod.Status.PUBLISHED

    staff = browser.new_context(viewport=PHONE).new_page()
    _sign_in(staff, live_server.url, "stefan")
    staff.goto(f"{live_server.url}/scheduling/me/?date={monday.isoformat()}")
    wednesday = staff.locator("li.my-day").nth(2)
    assert "07:00–15:00" in wednesday.inner_text()
    wednesday.get_by_role("link", name="Swap or give away").click()
    staff.get_by_label("Colleague").select_option(label="Гергана Димитрова")
    staff.get_by_label("Their shift in exchange").select_option(index=1)
    staff.get_by_role("button", name="Send the request").click()
    staff.get_by_text("Your request was sent to your colleague and your manager.").wait_for()

    manager = browser.new_context().new_page()
    _sign_in(manager, live_server.url, "boss")
    manager.goto(f"{live_server.url}/scheduling/swaps/")
    manager.get_by_role("button", name="Approve").click()
    manager.locator("#confirm-modal").get_by_role("button", name="Approve").click()
    manager.get_by_text("The swap was approved and the roster changed.").wait_for()

    owners = {
        day: employee
        for employee, day in Shift.objects.filter(period=period).values_list("employee_id", "day")
    }
    assert owners[monday + timedelta(days=2)] == gergana.pk
    assert owners[monday + timedelta(days=3)] == stefan.pk


def test_planner_fills_the_demo_draft_week_accepts_and_publishes(live_server, browser, settings):
    """On the demo company: the auto-scheduler fills the empty draft week of the shop."""
    settings.OTP_REQUIRED_ROLES = []
    from backoffice.demo import seed_platform
    from hr.demo import seed_company
    from scheduling.demo import seed_scheduling

    seed_platform()
    seed_company()
    seed_scheduling()
    draft = SchedulePeriod.objects.get(location__code="VIT", status=SchedulePeriod.Status.DRAFT)
    assert not Shift.objects.filter(period=draft).exists()

    page = browser.new_context().new_page()
    page.goto(f"{live_server.url}/account/login/")
    page.get_by_label("Username").fill("planner")
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{live_server.url}/")
    page.goto(f"{live_server.url}/scheduling/periods/{draft.pk}/")
    page.get_by_role("link", name="Auto-schedule").click()
    page.get_by_label("Time limit (seconds)").fill("5")
    page.get_by_role("button", name="Start").click()
    page.get_by_text("Why slots stayed empty").wait_for(timeout=60_000)
    assert page.get_by_text("Coverage").first.is_visible()
    page.get_by_role("button", name="Accept").click()
    page.locator("#confirm-modal").get_by_role("button", name="Accept").click()
    page.get_by_text("shifts were added to the roster.").wait_for()
    assert Shift.objects.filter(period=draft).count() > 20

    page.get_by_role("link", name="Publish").click()
    _confirm_warnings(page)
    page.get_by_role("button", name="Publish").click()
    page.locator("#confirm-modal").get_by_role("button", name="Publish").click()
    page.get_by_text("The schedule was published and everyone on it was told.").wait_for()
    draft.refresh_from_db()
    assert draft.status == SchedulePeriod.Status.PUBLISHED


def test_staff_clocks_a_day_on_a_phone_and_the_manager_approves_the_timesheet(
    live_server, browser, make_user, settings
):
    settings.OTP_REQUIRED_ROLES = []
    roles.roles_sync()
    users = {
        "boss": make_user(roles.MANAGER, roles.STAFF, username="boss"),
        "stefan": make_user(roles.STAFF, username="stefan"),
    }
    dept = hr_factories.department(code="OPS", name="Операции")
    boss = hr_factories.employee(
        user=users["boss"], dept=dept, first_name="Мартин", last_name="Колев"
    )
    stefan = hr_factories.employee(
        user=users["stefan"], dept=dept, manager=boss, first_name="Стефан", last_name="Ангелов"
    )
    shop = factories.location(code="VIT", name="Vitosha shop")
    shop.members.add(stefan)
    # A four-hour shift that began half an hour ago (its template crosses midnight if need be).
    began = (
        (timezone.now() - timedelta(minutes=30))
        .astimezone(shop.zone)
        .replace(second=0, microsecond=0)
    )
    ends = (datetime.combine(began.date(), began.time()) + timedelta(hours=4)).time()
    now_shift = factories.template(
        shop, "D", began.time(), ends, 0, crosses=ends < began.time(), name="Now"
    )
    period = factories.period(shop, began.date(), days=1, status=SchedulePeriod.Status.PUBLISHED)
    shift = factories.shift(period, stefan, began.date(), now_shift)

    staff = browser.new_context(viewport=PHONE).new_page()
    _sign_in(staff, live_server.url, "stefan")
    staff.goto(f"{live_server.url}/scheduling/clock/")
    staff.get_by_text("Not clocked in").wait_for()
    assert staff.get_by_text(f"Shift {began:%H:%M}–{ends:%H:%M} · Vitosha shop").is_visible()
    staff.get_by_role("button", name="Clock in").click()
    staff.get_by_text("Clocked in.", exact=True).wait_for()
    staff.get_by_role("button", name="Start a break").click()
    staff.get_by_text("Break started.", exact=True).wait_for()
    staff.get_by_role("button", name="End the break").click()
    staff.get_by_text("Back from the break.", exact=True).wait_for()
    # An hour on the clock: a clock-out within the first minute would undo the clock-in.
    hour = timedelta(hours=1)
    TimeEntry.objects.update(clock_in=F("clock_in") - hour)
    BreakEntry.objects.update(start=F("start") - hour, end=F("end") - hour)
    staff.get_by_role("button", name="Clock out").click()
    staff.get_by_text("Clocked out.", exact=True).wait_for()

    entry = TimeEntry.objects.get()
    assert (entry.employee, entry.shift, entry.location) == (stefan, shift, shop)
    assert entry.clock_out is not None
    assert BreakEntry.objects.get().end is not None

    staff.get_by_role("link", name="My timesheet").click()
    # This period has not ended: Submit waits, and the page says from when.
    staff.get_by_text("after its period ends.").wait_for()
    assert staff.get_by_role("button", name="Submit").is_disabled()

    # The session moved to the last day of the previous period: that timesheet can be sent.
    previous_end = pay_period(timezone.localdate())[0] - timedelta(days=1)
    back = timedelta(days=(entry.day - previous_end).days)
    TimeEntry.objects.update(
        day=F("day") - back, clock_in=F("clock_in") - back, clock_out=F("clock_out") - back
    )
    BreakEntry.objects.update(start=F("start") - back, end=F("end") - back)
    sheet = timesheet_for(employee=stefan, day=previous_end)
    staff.goto(f"{live_server.url}/scheduling/timesheets/{sheet.pk}/")
    staff.get_by_role("button", name="Submit").click()
    staff.locator("#confirm-modal").get_by_role("button", name="Submit").click()
    staff.get_by_text("The timesheet was sent to your manager.").wait_for()
    sheet.refresh_from_db()
    assert sheet.status == Timesheet.Status.SUBMITTED

    manager = browser.new_context().new_page()
    _sign_in(manager, live_server.url, "boss")
    manager.goto(f"{live_server.url}/scheduling/timesheets/{sheet.pk}/")
    manager.get_by_role("button", name="Approve").click()
    manager.locator("#confirm-modal").get_by_role("button", name="Approve").click()
    manager.get_by_text("The timesheet was approved and locked.").wait_for()

    sheet.refresh_from_db()
    assert (sheet.status, sheet.approved_by) == (Timesheet.Status.APPROVED, users["boss"])
    worked = classified(employee_id=stefan.pk, start=sheet.start, end=sheet.end).total("worked")
    assert sheet.totals["worked"] == worked


def _drag(page, source, target) -> None:
    """Press, move in small steps (the drag library waits for real movement) and release; then
    wait for the server's answer, the redrawn grid."""
    start, end = source.bounding_box(), target.bounding_box()
    with page.expect_response(lambda response: "/move/" in response.url) as answer:
        page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
        page.mouse.down()
        page.mouse.move(end["x"] + end["width"] / 2, end["y"] + end["height"] / 2, steps=12)
        page.mouse.up()
    assert answer.value.status == 200
    page.wait_for_load_state("networkidle")


def test_planner_drags_a_shift_to_another_day_and_copies_one_with_the_switch(
    live_server, browser, make_user, settings
):
    settings.OTP_REQUIRED_ROLES = []
    roles.roles_sync()
    make_user(roles.PLANNER, roles.STAFF, username="petya")
    dept = hr_factories.department(code="OPS", name="Операции")
    stefan = hr_factories.employee(dept=dept, first_name="Стефан", last_name="Ангелов")
    shop = factories.location(code="VIT", name="Vitosha shop")
    shop.members.add(stefan)
    morning = factories.template(shop, "M", time(7), time(15), 30, name="Morning")
    monday = factories.next_monday()
    period = factories.period(shop, monday)
    shift = factories.shift(period, stefan, monday, morning)

    planner = browser.new_context(viewport={"width": 1440, "height": 900}).new_page()
    _sign_in(planner, live_server.url, "petya")
    planner.goto(f"{live_server.url}/scheduling/periods/{period.pk}/?view=period")
    row = planner.locator("tr", has_text="Стефан Ангелов")
    _drag(planner, row.locator(f"[data-shift='{shift.pk}']"), row.locator("td.roster-cell").nth(2))
    row.locator("td.roster-cell").nth(2).locator(f"[data-shift='{shift.pk}']").wait_for()
    assert Shift.objects.get(pk=shift.pk).day == monday + timedelta(days=2)
    assert Shift.objects.filter(period=period).count() == 1

    planner.get_by_label("Copy when dragging").check()
    row = planner.locator("tr", has_text="Стефан Ангелов")
    _drag(planner, row.locator(f"[data-shift='{shift.pk}']"), row.locator("td.roster-cell").nth(4))
    row.locator("td.roster-cell").nth(4).locator(".shift-block").wait_for()
    assert sorted(d for d in Shift.objects.filter(period=period).values_list("day", flat=True)) == [
        monday + timedelta(days=2),
        monday + timedelta(days=4),
    ]

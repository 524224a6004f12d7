"""Each role's home leads with what it must act on, in a number of queries that does not grow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from backoffice import roles
from scheduling.models import SchedulePeriod, Timesheet
from tests.hr import factories as hr
from tests.scheduling import factories as sch

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(make_user):
    """A planner, a manager with a report who has a shift tomorrow, and a draft period."""
    users = {
        "planner": make_user(roles.PLANNER, roles.STAFF, username="h-planner"),
        "manager": make_user(roles.MANAGER, roles.STAFF, username="h-manager"),
        "staff": make_user(roles.STAFF, username="h-staff"),
        "admin": make_user(roles.ADMINISTRATOR, username="h-admin"),
    }
    dept = hr.department(code="SHOP")
    boss = hr.employee(user=users["manager"], dept=dept, first_name="Мартин", last_name="Колев")
    me = hr.employee(user=users["staff"], dept=dept, manager=boss, first_name="Стефан")
    hr.employee(user=users["planner"], dept=dept, manager=boss, first_name="Петя")
    loc = sch.location(code="SHP", name="Shop")
    loc.members.add(me, boss)
    morning = sch.template(loc, "M")
    today = timezone.localdate()
    week = today - timedelta(days=today.weekday())
    published = sch.period(loc, week, days=14, status=SchedulePeriod.Status.PUBLISHED)
    sch.period(loc, week + timedelta(days=14))
    sch.shift(published, me, today + timedelta(days=1), morning)
    sch.shift(published, None, today + timedelta(days=2), morning)
    return {"users": users, "me": me, "published": published, "morning": morning, "loc": loc}


def _home(client, login, user) -> str:
    login(client, user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_staff_sees_the_next_shift_and_the_clock_first(shop, client, login):
    page = _home(client, login, shop["users"]["staff"])
    assert "Your next shift" in page and 'value="in"' in page
    assert page.index("Your next shift") < page.index("widget-notifications")
    assert page.index("Your next shift") < page.index("widget-me")  # the profile card comes last
    assert 'class="tabbar' in page  # the phone's tab bar: schedule, clock, requests, me
    for label in ("Shifts", "Clock", "Requests", "Me"):
        assert f"<span>{label}</span>" in page


def test_the_planner_sees_drafts_open_shifts_and_conflicts(shop, client, login):
    page = _home(client, login, shop["users"]["planner"])
    assert "Rosters to finish" in page
    assert "draft periods" in page and "open shifts" in page and "saved over a conflict" in page
    assert page.index("Rosters to finish") < page.index("widget-me")


def test_the_manager_sees_timesheets_swaps_and_missed_clock_ins(shop, client, login):
    today = timezone.localdate()
    Timesheet.objects.create(
        employee=shop["me"],
        start=today.replace(day=1),
        end=today.replace(day=28),
        status=Timesheet.Status.SUBMITTED,
    )
    page = _home(client, login, shop["users"]["manager"])
    assert 'id="widget-manager"' in page
    assert "timesheets to approve" in page and "missed clock-ins" in page
    assert "Стефан" in page


def test_nobody_else_sees_the_planner_or_manager_cards(shop, client, login):
    page = _home(client, login, shop["users"]["staff"])
    assert "Rosters to finish" not in page and 'id="widget-manager"' not in page
    admin = _home(client, login, shop["users"]["admin"])
    assert "Your next shift" not in admin and 'class="tabbar' not in admin


@pytest.mark.parametrize("who", ["planner", "manager", "staff"])
def test_home_queries_do_not_grow_with_the_company(
    who, shop, client, login, django_assert_max_num_queries
):
    login(client, shop["users"][who])
    with django_assert_max_num_queries(80) as few:
        client.get("/")
    boss = shop["me"].manager
    for n in range(15):
        person = hr.employee(dept=shop["me"].department, manager=boss, first_name=f"Иван{n}")
        sch.shift(
            shop["published"], person, timezone.localdate() + timedelta(days=1), shop["morning"]
        )
        sch.shift(
            shop["published"], None, timezone.localdate() + timedelta(days=3), shop["morning"]
        )
        Timesheet.objects.create(
            employee=person,
            start=timezone.localdate().replace(day=1),
            end=timezone.localdate().replace(day=28),
            status=Timesheet.Status.SUBMITTED,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")


def test_the_home_reads_in_bulgarian(shop, client, login):
    user = shop["users"]["staff"]
    user.language = "bg"
    user.save(update_fields=["language"])
    page = _home(client, login, user)
    assert 'lang="bg"' in page

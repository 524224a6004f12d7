"""A small shop to plan: a team with every role, one location with skills, templates and coverage,
and two future periods (next week published, the week after a draft).

The organisation is Bulgarian (the default), so the location runs on the Bulgarian preset: 12 h
daily rest, 8 h shifts, 7 h night shifts. The night template (22:00-06:00, 60 min break) is paid
exactly 7 h on an ordinary night, so a plain roster has no conflicts until a test makes one.
"""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from backoffice import roles
from backoffice.selectors import organisation_get
from scheduling.models import Coverage, SchedulePeriod, Skill
from tests.hr import factories as hr_factories
from tests.scheduling import factories


@pytest.fixture
def org(db):
    organisation = organisation_get()
    organisation.working_week = [0, 1, 2, 3, 4]
    organisation.leave_year_start_month = 1
    organisation.save()
    return organisation


@pytest.fixture
def team(org, make_user) -> dict:
    """Planner, manager with two reports (staff and a colleague), an outsider, HR and Finance."""
    users = {
        "planner": make_user(roles.PLANNER, roles.STAFF, username="s-planner"),
        "manager": make_user(roles.MANAGER, roles.STAFF, username="s-manager"),
        "staff": make_user(roles.STAFF, username="s-staff"),
        "colleague": make_user(roles.STAFF, username="s-colleague"),
        "outsider": make_user(roles.STAFF, username="s-outsider"),
        "hr": make_user(roles.HR, roles.STAFF, username="s-hr"),
        "finance": make_user(roles.FINANCE, roles.STAFF, username="s-finance"),
    }
    shop = hr_factories.department(code="SHOP", name="Магазини")
    office = hr_factories.department(code="OFF", name="Офис")
    people = {
        "planner": hr_factories.employee(
            user=users["planner"], dept=office, first_name="Петя", last_name="Планова"
        ),
        "manager": hr_factories.employee(
            user=users["manager"], dept=shop, first_name="Мартин", last_name="Колев"
        ),
    }
    people["staff"] = hr_factories.employee(
        user=users["staff"],
        dept=shop,
        manager=people["manager"],
        first_name="Стефан",
        last_name="Ангелов",
    )
    people["colleague"] = hr_factories.employee(
        user=users["colleague"],
        dept=shop,
        manager=people["manager"],
        first_name="Гергана",
        last_name="Димитрова",
    )
    people["outsider"] = hr_factories.employee(
        user=users["outsider"], dept=shop, first_name="Олег", last_name="Найденов"
    )
    people["hr"] = hr_factories.employee(
        user=users["hr"], dept=office, first_name="Христина", last_name="Иванова"
    )
    people["finance"] = hr_factories.employee(
        user=users["finance"], dept=office, first_name="Филип", last_name="Георгиев"
    )
    return {"users": users, "people": people}


@pytest.fixture
def shop(team) -> dict:
    """Vitosha shop (staff, colleague and manager; tills for all, first aid for the colleague),
    the Mall shop of the outsider, templates M 07-15, E 14-22 and N 22-06, one person on every
    morning, and two future periods: next week published, the week after a draft."""
    people = team["people"]
    location = factories.location(code="VIT", name="Vitosha shop")
    location.members.add(people["staff"], people["colleague"], people["manager"])
    other = factories.location(code="MALL", name="Mall shop")
    other.members.add(people["outsider"])
    till = Skill.objects.create(code="TILL", name="Till")
    till.employees.add(people["staff"], people["colleague"], people["manager"])
    first_aid = Skill.objects.create(code="AID", name="First aid")
    first_aid.employees.add(people["colleague"])
    morning = factories.template(location, "M", time(7), time(15), 30, name="Morning")
    evening = factories.template(location, "E", time(14), time(22), 30, name="Evening")
    night = factories.template(location, "N", time(22), time(6), 60, crosses=True, name="Night")
    for weekday in range(7):
        Coverage.objects.create(location=location, template=morning, weekday=weekday, count=1)
    monday = factories.next_monday()
    published = factories.period(location, monday, status=SchedulePeriod.Status.PUBLISHED)
    draft = factories.period(location, monday + timedelta(days=7))
    return {
        "location": location,
        "other": other,
        "till": till,
        "first_aid": first_aid,
        "morning": morning,
        "evening": evening,
        "night": night,
        "monday": monday,
        "published": published,
        "draft": draft,
    }


@pytest.fixture
def march(shop) -> SchedulePeriod:
    """A published roster for all of March 2026 at the Vitosha shop."""
    return factories.period(
        shop["location"], date(2026, 3, 1), days=31, status=SchedulePeriod.Status.PUBLISHED
    )

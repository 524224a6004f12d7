"""A small helpdesk: two queues (helpdesk, access) with an IT agent as lead, Monday-Friday
09:00-18:00 in Sofia, SLA targets per priority; staff with a manager; an outsider."""

from __future__ import annotations

from datetime import time

import pytest

from backoffice import roles
from backoffice.selectors import organisation_get
from it_support.models import BusinessHours, Category, Queue, SlaPolicy
from tests.hr import factories as hr_factories

TARGETS = {1: (30, 240), 2: (60, 480), 3: (240, 1440), 4: (480, 2880)}


@pytest.fixture
def desk(db, make_user) -> dict:
    organisation = organisation_get()
    organisation.time_zone = "Europe/Sofia"
    organisation.save()
    users = {
        "agent": make_user(roles.IT, roles.STAFF, username="it-agent"),
        "agent2": make_user(roles.IT, roles.STAFF, username="it-agent2"),
        "manager": make_user(roles.MANAGER, roles.STAFF, username="it-manager"),
        "staff": make_user(roles.STAFF, username="it-staff"),
        "other": make_user(roles.STAFF, username="it-other"),
        "hr": make_user(roles.HR, roles.STAFF, username="it-hr"),
    }
    dept = hr_factories.department(code="ITD", name="Офис")
    people = {
        "manager": hr_factories.employee(
            user=users["manager"], dept=dept, work_email="manager@example.com"
        )
    }
    people["staff"] = hr_factories.employee(
        user=users["staff"],
        dept=dept,
        manager=people["manager"],
        first_name="Стефан",
        work_email="staff@example.com",
    )
    people["other"] = hr_factories.employee(
        user=users["other"], dept=dept, first_name="Друг", work_email="other@example.com"
    )
    people["agent"] = hr_factories.employee(user=users["agent"], dept=dept, first_name="Иван")
    for weekday in range(5):
        BusinessHours.objects.create(weekday=weekday, opens=time(9), closes=time(18))
    queues = {}
    for code, name in (("helpdesk", "Helpdesk"), ("access", "Access"), ("hardware", "Hardware")):
        queue = Queue.objects.create(code=code, name=name, lead=users["agent"])
        queue.agents.add(users["agent"])
        for priority, (first, resolution) in TARGETS.items():
            SlaPolicy.objects.create(
                queue=queue,
                priority=priority,
                first_response_minutes=first,
                resolution_minutes=resolution,
            )
        queues[code] = queue
    category = Category.objects.create(name="Printers", queue=queues["helpdesk"])
    return {"users": users, "people": people, "queues": queues, "category": category}

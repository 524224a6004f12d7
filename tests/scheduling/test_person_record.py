"""What scheduling adds to a person's record through the platform's hooks: the panel on HR's
employee page (shown only to who may see the person's work data) and the personal-data provider
that, with HR's, makes up a subject-access export."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from backoffice.registry import PersonPanel, registry
from hr.models import EmployeeDocument, LeaveRequest
from scheduling.models import BreakEntry, TimeEntry, Timesheet
from scheduling.panels import person_work_visible
from tests.hr.factories import paid_leave
from tests.scheduling import factories

SOFIA = ZoneInfo("Europe/Sofia")


@pytest.fixture
def work(team, shop) -> dict:
    """Staff's published morning on next Tuesday, an approved timesheet of last March with one
    clocked session (and a break), and a pending timesheet of this month."""
    staff = team["people"]["staff"]
    tuesday = shop["monday"] + timedelta(days=1)
    shift = factories.shift(shop["published"], staff, tuesday, shop["morning"])
    clock_in = datetime(2026, 3, 10, 7, 2, tzinfo=SOFIA)
    entry = TimeEntry.objects.create(
        employee=staff,
        location=shop["location"],
        day=date(2026, 3, 10),
        clock_in=clock_in,
        clock_out=clock_in + timedelta(hours=8),
        ip_address="10.1.2.3",
    )
    BreakEntry.objects.create(
        entry=entry, start=clock_in + timedelta(hours=4), end=clock_in + timedelta(hours=4.5)
    )
    march = Timesheet.objects.create(
        employee=staff,
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        status=Timesheet.Status.APPROVED,
        totals={"regular": 450},
    )
    today = timezone.localdate()
    current = Timesheet.objects.create(
        employee=staff, start=today.replace(day=1), end=today.replace(day=28)
    )
    return {"shift": shift, "entry": entry, "march": march, "current": current}


def _page(client, login, viewer, employee, tab=None):
    login(client, viewer)
    url = reverse("hr:employee-detail", args=[employee.pk])
    return client.get(url, {"tab": tab} if tab else {})


@pytest.mark.parametrize("viewer", ["staff", "manager", "hr", "finance"])
def test_the_person_their_manager_hr_and_finance_see_the_work_panel(
    client, login, team, work, viewer
):
    staff = team["people"]["staff"]
    profile = _page(client, login, team["users"][viewer], staff).content.decode()
    assert 'href="?tab=scheduling"' in profile and "Shifts and timesheets" in profile
    response = _page(client, login, team["users"][viewer], staff, tab="scheduling")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Vitosha shop" in html
    assert work["shift"].local_start.strftime("%H:%M") == "07:00" and "07:00–15:00" in html
    assert reverse("scheduling:timesheet-detail", args=[work["march"].pk]) in html
    assert reverse("scheduling:timesheet-detail", args=[work["current"].pk]) in html


def test_the_panel_follows_the_timesheet_rule_not_the_directory(team, work):
    staff, users = team["people"]["staff"], team["users"]
    allowed = {name: person_work_visible(users[name], staff) for name in users}
    assert allowed == {
        "planner": False,
        "manager": True,
        "staff": True,
        "colleague": False,
        "outsider": False,
        "hr": True,
        "finance": True,
    }


def test_a_panel_the_viewer_may_not_see_has_no_tab_and_its_address_shows_the_profile(
    client, login, team, work, monkeypatch
):
    calls = []

    def context(request, employee):
        calls.append(employee.pk)
        return {}

    hidden = PersonPanel(
        "secret", "Secret", "scheduling/panels/person_work.html", context, lambda v, e: False
    )
    monkeypatch.setattr(registry, "person_panels", [*registry.person_panels, hidden])
    staff = team["people"]["staff"]
    html = _page(client, login, team["users"]["hr"], staff, tab="secret").content.decode()
    assert 'href="?tab=secret"' not in html and ">Secret<" not in html
    assert "Personal e-mail" in html  # the profile tab instead
    assert calls == []


def test_a_viewer_outside_the_chain_gets_no_record_at_all(client, login, team, work):
    response = _page(
        client, login, team["users"]["outsider"], team["people"]["staff"], "scheduling"
    )
    assert response.status_code == 404


def test_every_personal_data_provider_answers_for_a_person(team, work):
    staff = team["people"]["staff"]
    leave = LeaveRequest.objects.create(
        employee=staff,
        leave_type=paid_leave(),
        start_date=date(2026, 4, 6),
        end_date=date(2026, 4, 7),
        days=Decimal("2.0"),
        status=LeaveRequest.Status.APPROVED,
    )
    EmployeeDocument.objects.create(
        employee=staff,
        kind=EmployeeDocument.Kind.CERTIFICATE,
        title="First aid",
        file="hr/documents/first-aid.pdf",
        content_type="application/pdf",
        expires_on=date(2027, 1, 31),
    )

    found = {p.key: p.collect(staff) for p in registry.personal_data}

    assert {key: sorted(sections) for key, sections in found.items()} == {
        "hr": ["contracts", "documents", "leave", "record"],
        "scheduling": ["shifts", "time_entries", "timesheets"],
        "it_support": ["assets", "licence_seats", "security_incidents", "tickets"],
        "compliance": ["acknowledgements", "findings"],
        "finance": ["expense_claims", "expense_lines"],
        "payroll": ["payslip_lines", "payslips"],
    }
    hr, scheduling = found["hr"], found["scheduling"]
    [record] = hr["record"]
    assert (record["first_name"], record["last_name"], record["department"]) == (
        "Стефан",
        "Ангелов",
        "Магазини",
    )
    assert record["manager"] == "Мартин Колев"
    assert [(c["start"], c["amount"], c["weekly_hours"]) for c in hr["contracts"]] == [
        (date(2020, 1, 1), Decimal("2500.00"), Decimal("40.00"))
    ]
    assert [(r["start_date"], r["days"], r["status"]) for r in hr["leave"]] == [
        (leave.start_date, Decimal("2.0"), "approved")
    ]
    assert [(d["kind"], d["title"], d["expires_on"]) for d in hr["documents"]] == [
        ("certificate", "First aid", date(2027, 1, 31))
    ]
    assert [(s["day"], s["location"], s["paid_minutes"]) for s in scheduling["shifts"]] == [
        (work["shift"].day, "Vitosha shop", 450)
    ]
    [entry] = scheduling["time_entries"]
    assert (entry["day"], entry["clock_in"], entry["ip_address"], entry["source"]) == (
        date(2026, 3, 10),
        datetime(2026, 3, 10, 7, 2, tzinfo=SOFIA),
        "10.1.2.3",
        "clock",
    )
    assert entry["breaks"] == [
        (datetime(2026, 3, 10, 11, 2, tzinfo=SOFIA), datetime(2026, 3, 10, 11, 32, tzinfo=SOFIA))
    ]
    assert [(t["start"], t["status"], t["totals"]) for t in scheduling["timesheets"]] == [
        (date(2026, 3, 1), "approved", {"regular": 450}),
        (work["current"].start, "open", {}),
    ]


def test_a_person_with_nothing_recorded_gets_empty_sections(team):
    outsider = team["people"]["outsider"]
    found = {p.key: p.collect(outsider) for p in registry.personal_data}
    assert found["scheduling"] == {"shifts": [], "time_entries": [], "timesheets": []}
    assert (len(found["hr"]["record"]), found["hr"]["leave"], found["hr"]["documents"]) == (
        1,
        [],
        [],
    )

"""The team leave calendar: approved and pending leave told apart, public holidays shaded and
named, one page of people at a time with "Showing 1–40 of 62"."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from backoffice.i18n import date_text
from hr.models import CalendarDay, LeaveRequest
from tests.hr import factories

MONTH = "2027-03"


@pytest.fixture
def paid(db):
    return factories.paid_leave(name="Paid annual leave")


def _leave(person, leave_type, start, end, status):
    return LeaveRequest.objects.create(
        employee=person,
        leave_type=leave_type,
        start_date=start,
        end_date=end,
        days=Decimal((end - start).days + 1),
        status=status,
    )


def _cell_classes(html: str, person_name: str) -> list[str]:
    """The class of each day cell in the row of ``person_name``."""
    row = re.search(
        r"<tr>\s*<th scope=\"row\"[^>]*>" + person_name + r"</th>(.*?)</tr>", html, re.S
    )
    assert row, f"no row for {person_name}"
    return re.findall(r"<td class=\"([^\"]*)\"", row.group(1))


def test_pending_leave_is_shown_apart_from_approved_and_holidays_are_named(
    client, team, login, paid
):
    CalendarDay.objects.update_or_create(
        day=date(2027, 3, 3), defaults={"kind": "holiday", "name": "Liberation Day"}
    )
    staff, deep, outsider = (team["people"][k] for k in ("staff", "deep", "outsider"))
    _leave(staff, paid, date(2027, 3, 1), date(2027, 3, 2), LeaveRequest.Status.APPROVED)
    _leave(deep, paid, date(2027, 3, 8), date(2027, 3, 9), LeaveRequest.Status.PENDING)
    _leave(outsider, paid, date(2027, 3, 10), date(2027, 3, 10), LeaveRequest.Status.REJECTED)
    login(client, team["users"]["hr"])

    html = client.get(reverse("hr:leave-calendar"), {"month": MONTH}).content.decode()

    staff_cells = _cell_classes(html, staff.full_name)
    assert len(staff_cells) == 31
    assert staff_cells[0] == staff_cells[1] == "away"
    assert staff_cells[2] == "holiday"  # 3 March, not away
    deep_cells = _cell_classes(html, deep.full_name)
    assert deep_cells[7] == deep_cells[8] == "pending"
    assert "away" not in deep_cells
    assert outsider.full_name not in html  # rejected leave is nobody's absence
    assert 'title="Paid annual leave, pending"' in html
    assert 'title="Paid annual leave, approved"' in html
    assert re.search(
        r'<th scope="col"\s+class="text-center holiday"\s+title="Liberation Day"', html
    )
    assert f"{date_text(date(2027, 3, 3))} · Liberation Day" in html
    for legend in ("Approved leave", "Pending, not yet decided", "Public holiday"):
        assert legend in html
    assert "Showing 1–2 of 2" in html


def test_approved_leave_wins_a_day_a_pending_request_also_asks_for(client, team, login, paid):
    staff = team["people"]["staff"]
    _leave(staff, paid, date(2027, 3, 15), date(2027, 3, 17), LeaveRequest.Status.PENDING)
    _leave(staff, paid, date(2027, 3, 16), date(2027, 3, 16), LeaveRequest.Status.APPROVED)
    login(client, team["users"]["hr"])

    html = client.get(reverse("hr:leave-calendar"), {"month": MONTH}).content.decode()

    cells = _cell_classes(html, staff.full_name)
    assert cells[14:17] == ["pending", "away", "pending"]


def test_a_manager_sees_only_her_own_peoples_pending_leave(client, team, login, paid):
    _leave(team["people"]["staff"], paid, date(2027, 3, 8), date(2027, 3, 8), "pending")
    _leave(team["people"]["outsider"], paid, date(2027, 3, 8), date(2027, 3, 8), "pending")
    login(client, team["users"]["manager"])

    html = client.get(reverse("hr:leave-calendar"), {"month": MONTH}).content.decode()

    assert team["people"]["staff"].full_name in html
    assert team["people"]["outsider"].full_name not in html


@pytest.mark.parametrize(
    ("language", "first_page", "second_page"),
    [
        ("en", "Showing 1–40 of 62", "Showing 41–62 of 62"),
        ("bg", "Показани 1–40 от 62", "Показани 41–62 от 62"),
    ],
)
def test_the_calendar_pages_forty_people_at_a_time_and_says_so(
    client, team, login, paid, language, first_page, second_page
):
    dept = team["dept"]
    for i in range(62):
        person = factories.employee(dept=dept, first_name="Ана", last_name=f"Петрова{i:02d}")
        status = "pending" if i % 2 else "approved"
        _leave(person, paid, date(2027, 3, 22), date(2027, 3, 22), status)
    user = team["users"]["hr"]
    user.language = language
    user.save(update_fields=["language"])
    login(client, user)

    first = client.get(reverse("hr:leave-calendar"), {"month": MONTH}).content.decode()
    second = client.get(reverse("hr:leave-calendar"), {"month": MONTH, "page": 2}).content.decode()

    assert first_page in first
    assert first.count('<th scope="row"') == 40
    assert second_page in second
    assert second.count('<th scope="row"') == 22


def test_a_list_without_a_page_shows_no_empty_pagination_footer(client, team, login):
    login(client, team["users"]["hr"])

    html = client.get(reverse("hr:leave-calendar"), {"month": MONTH}).content.decode()

    assert "Nobody is away this month" in html
    assert "Showing" not in html

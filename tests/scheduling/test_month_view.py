"""The roster's month view (times kept, weekends and holidays shaded, constant queries), moving or
copying a shift by dragging it, and working on several selected shifts at once."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from backoffice.i18n import date_text
from backoffice.models import AuditEvent, Notification
from hr.models import CalendarDay
from scheduling import services
from scheduling.models import Shift
from tests.hr import factories as hr_factories
from tests.scheduling import factories

HTMX = {"HTTP_HX_REQUEST": "true"}

ALL_WARNINGS = {"empty", "gaps", "budget"}  # the publish checks, all confirmed


def _cell(html: str, employee_id, day: date) -> str:
    """The HTML of one roster cell: the person's row and the day's column."""
    found = re.search(
        rf'<td class="([^"]*)" data-day="{day.isoformat()}" data-employee="{employee_id or ""}">'
        r"(.*?)</td>",
        html,
        re.DOTALL,
    )
    assert found, f"no cell for {employee_id} on {day}"
    return found.group(1) + "|" + found.group(2)


# --- the month view --------------------------------------------------------------------------------


def test_the_month_view_shows_each_shifts_code_and_times_and_shades_weekends_and_holidays(
    client, login, team, shop, march
):
    CalendarDay.objects.update_or_create(
        day=date(2026, 3, 3), defaults={"kind": CalendarDay.Kind.HOLIDAY, "name": "Освобождение"}
    )
    staff = team["people"]["staff"]
    factories.shift(march, staff, date(2026, 3, 2), shop["morning"])
    factories.shift(march, staff, date(2026, 3, 28), shop["night"])
    login(client, team["users"]["planner"])

    response = client.get(reverse("scheduling:period-detail", args=[march.pk]), {"view": "period"})

    html = response.content.decode()
    assert response.status_code == 200
    assert response.context["month_view"] is True
    assert len(response.context["grid"].days) == 31
    assert "roster-month" in html
    monday = _cell(html, staff.pk, date(2026, 3, 2))
    assert '<span class="shift-time">07–15</span><span class="shift-code">M</span>' in monday
    night = _cell(html, staff.pk, date(2026, 3, 28))
    assert '<span class="shift-time">22–06</span><span class="shift-code">N</span>' in night
    assert night.split("|")[0] == "roster-cell roster-weekend"
    assert _cell(html, staff.pk, date(2026, 3, 3)).split("|")[0] == "roster-cell roster-holiday"
    assert _cell(html, staff.pk, date(2026, 3, 4)).split("|")[0] == "roster-cell"
    assert response.context["grid"].holidays == frozenset({date(2026, 3, 3)})
    assert html.count("public holiday") == 1
    assert "Morning" in html  # the coverage row is kept


def _count(client, url: str, data: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
    assert response.status_code == 200
    return len(queries.captured_queries)


def _people(shop, period, count: int) -> None:
    location = shop["location"]
    for n in range(count):
        person = hr_factories.employee(first_name=f"Човек{n}", last_name="Месечен")
        location.members.add(person)
        for offset in range(0, 31, 3):
            factories.shift(period, person, period.start + timedelta(days=offset), shop["morning"])


def test_the_month_view_costs_the_same_queries_for_3_and_for_30_people(
    client, login, team, shop, march
):
    for person in ("staff", "colleague", "manager"):
        factories.shift(march, team["people"][person], date(2026, 3, 2), shop["morning"])
    url = reverse("scheduling:period-detail", args=[march.pk])
    login(client, team["users"]["planner"])
    client.get(url, {"view": "period"})  # warm the session and the caches
    assert len(client.get(url, {"view": "period"}).context["grid"].rows) == 4  # open + 3 people

    few = _count(client, url, {"view": "period"})
    _people(shop, march, 27)
    assert len(client.get(url, {"view": "period"}).context["grid"].rows) == 31
    many = _count(client, url, {"view": "period"})

    assert many == few


# --- drag and drop: move or copy a shift ------------------------------------------------------------


def _move(client, period, shift_pk, **data):
    url = reverse("scheduling:shift-move", args=[period.pk, shift_pk])
    return client.post(f"{url}?week={period.start.isoformat()}", data, **HTMX)


def _state(period) -> list[tuple]:
    return list(
        Shift.objects.filter(period=period)
        .order_by("pk")
        .values_list("pk", "employee_id", "day", "start", "end")
    )


def test_dropping_a_shift_moves_it_to_the_other_person_and_day(client, login, team, shop):
    draft, staff = shop["draft"], team["people"]["staff"]
    colleague = team["people"]["colleague"]
    shift = factories.shift(draft, staff, draft.start, shop["morning"])
    login(client, team["users"]["planner"])

    response = _move(client, draft, shift.pk, employee=colleague.pk, day=draft.start + timedelta(1))

    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"]) == {"rosterSaved": "The shift was moved."}
    assert response["HX-Retarget"] == "#roster"
    moved = Shift.objects.get(pk=shift.pk)
    assert (moved.employee_id, moved.day) == (colleague.pk, draft.start + timedelta(1))
    assert (f"{moved.local_start:%H:%M}", f"{moved.local_end:%H:%M}") == ("07:00", "15:00")
    assert Shift.objects.filter(period=draft).count() == 1
    html = response.content.decode()
    assert f'data-shift="{shift.pk}"' in _cell(html, colleague.pk, draft.start + timedelta(1))


def test_dropping_with_copy_keeps_the_original(client, login, team, shop):
    draft, staff = shop["draft"], team["people"]["staff"]
    shift = factories.shift(draft, staff, draft.start, shop["evening"])
    login(client, team["users"]["planner"])

    response = _move(client, draft, shift.pk, employee="", day=draft.start + timedelta(2), copy="1")

    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"]) == {"rosterSaved": "The shift was copied."}
    rows = list(
        Shift.objects.filter(period=draft).order_by("pk").values_list("pk", "employee_id", "day")
    )
    assert rows[0] == (shift.pk, staff.pk, draft.start)
    assert rows[1][1:] == (None, draft.start + timedelta(2))
    assert len(rows) == 2


def test_a_move_into_a_conflict_shows_it_in_the_grid(client, login, team, shop):
    draft, staff = shop["draft"], team["people"]["staff"]
    factories.shift(draft, staff, draft.start, shop["night"])
    morning = factories.shift(draft, staff, draft.start + timedelta(3), shop["morning"])
    login(client, team["users"]["planner"])

    response = _move(client, draft, morning.pk, employee=staff.pk, day=draft.start + timedelta(1))

    html = response.content.decode()
    assert response.status_code == 200
    assert Shift.objects.get(pk=morning.pk).day == draft.start + timedelta(1)
    assert "Only 1 h rest between shifts (at least 12 h)." in html
    assert "shift-conflict" in _cell(html, staff.pk, draft.start + timedelta(1))


def test_staff_may_not_drag_shifts_and_nothing_changes(client, login, team, shop):
    draft, staff = shop["draft"], team["people"]["staff"]
    shift = factories.shift(draft, staff, draft.start, shop["morning"])
    before = _state(draft)
    for user in ("staff", "manager", "hr"):
        login(client, team["users"][user])
        response = _move(client, draft, shift.pk, employee=staff.pk, day=draft.start + timedelta(1))
        assert response.status_code == 403
    assert _state(draft) == before


def test_another_periods_shift_or_person_is_not_found_and_nothing_changes(
    client, login, team, shop
):
    draft, staff = shop["draft"], team["people"]["staff"]
    mall = factories.period(shop["other"], draft.start)
    theirs = factories.shift(mall, team["people"]["outsider"], draft.start, shop["morning"])
    ours = factories.shift(draft, staff, draft.start, shop["morning"])
    before, before_mall = _state(draft), _state(mall)
    login(client, team["users"]["planner"])

    day = draft.start + timedelta(1)
    assert _move(client, draft, theirs.pk, employee=staff.pk, day=day).status_code == 404
    assert _move(client, mall, ours.pk, employee=staff.pk, day=day).status_code == 404
    outsider = team["people"]["outsider"].pk
    assert _move(client, draft, ours.pk, employee=outsider, day=day).status_code == 404
    assert _move(client, draft, ours.pk, employee="1x", day=day).status_code == 404
    assert _move(client, draft, 10**17, employee=staff.pk, day=day).status_code == 404

    assert (_state(draft), _state(mall)) == (before, before_mall)


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-99-99", "Drop the shift on a day of the roster."),
        ("", "Drop the shift on a day of the roster."),
        ("2001-01-01", "The date must be within the period"),
    ],
)
def test_a_bad_day_answers_the_grid_with_the_reason_and_nothing_changes(
    client, login, team, shop, day, message
):
    draft, staff = shop["draft"], team["people"]["staff"]
    shift = factories.shift(draft, staff, draft.start, shop["morning"])
    before = _state(draft)
    login(client, team["users"]["planner"])

    response = _move(client, draft, shift.pk, employee=staff.pk, day=day)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "HX-Trigger" not in response
    assert _state(draft) == before


# --- several selected shifts ----------------------------------------------------------------------


def _bulk(client, period, **data):
    url = reverse("scheduling:shift-bulk", args=[period.pk])
    return client.post(f"{url}?week={period.start.isoformat()}", data, **HTMX)


def test_selected_shifts_are_copied_by_an_offset_and_each_person_is_told_once(
    client, login, team, shop, django_capture_on_commit_callbacks
):
    published, staff = shop["published"], team["people"]["staff"]
    colleague = team["people"]["colleague"]
    mine = [
        factories.shift(published, staff, published.start + timedelta(n), shop["morning"])
        for n in (0, 1)
    ]
    theirs = factories.shift(published, colleague, published.start, shop["evening"])
    login(client, team["users"]["planner"])

    with django_capture_on_commit_callbacks(execute=True):
        response = _bulk(
            client, published, action="copy", days="2", shift=[s.pk for s in [*mine, theirs]]
        )

    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"]) == {"rosterSaved": "3 shifts were copied."}
    days = sorted(
        (e, (d - published.start).days)
        for e, d in Shift.objects.planned()
        .filter(period=published)
        .values_list("employee_id", "day")
    )
    assert days == sorted(
        [
            (staff.pk, 0),
            (staff.pk, 1),
            (colleague.pk, 0),
            (staff.pk, 2),
            (staff.pk, 3),
            (colleague.pk, 2),
        ]
    )
    assert not Notification.objects.exists()  # unpublished changes: nobody is told yet
    with django_capture_on_commit_callbacks(execute=True):
        services.period_publish(
            actor=team["users"]["planner"], period=published, reasons={}, confirmed=ALL_WARNINGS
        )
    told = Notification.objects.filter(title="Your schedule changed")
    assert sorted((n.recipient.username, n.body[:16]) for n in told) == [
        ("s-colleague", "Added: " + date_text(published.start + timedelta(2))[:9]),
        ("s-staff", "2 added, 0 chang"),
    ]
    event = AuditEvent.objects.get(kind="scheduling.shifts_copied")
    assert event.actor == team["users"]["planner"]


def test_selected_shifts_are_deleted_together_and_each_person_is_told_once(
    client, login, team, shop, django_capture_on_commit_callbacks
):
    published, staff = shop["published"], team["people"]["staff"]
    doomed = [
        factories.shift(published, staff, published.start + timedelta(n), shop["morning"])
        for n in (0, 1)
    ]
    kept = factories.shift(published, staff, published.start + timedelta(4), shop["morning"])
    login(client, team["users"]["planner"])

    with django_capture_on_commit_callbacks(execute=True):
        response = _bulk(client, published, action="delete", shift=[s.pk for s in doomed])

    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"]) == {"rosterSaved": "2 shifts were deleted."}
    planned = Shift.objects.planned().filter(period=published)
    assert list(planned.values_list("pk", flat=True)) == [kept.pk]
    assert not Notification.objects.exists()  # staff still see both until publishing
    assert Shift.objects.published().filter(period=published).count() == 3
    with django_capture_on_commit_callbacks(execute=True):
        services.period_publish(
            actor=team["users"]["planner"], period=published, reasons={}, confirmed=ALL_WARNINGS
        )
    assert list(Shift.objects.filter(period=published).values_list("pk", flat=True)) == [kept.pk]
    told = Notification.objects.filter(recipient=team["users"]["staff"])
    assert [n.body[:29] for n in told] == ["0 added, 0 changed, 2 removed"]
    assert AuditEvent.objects.filter(kind="scheduling.shifts_deleted").count() == 1


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"action": "delete", "shift": ["x", "-1", "99999999999999999"]},
            "Select at least one shift.",
        ),
        ({"action": "nuke", "shift": ["OURS"]}, "Choose to copy or to delete the selected shifts."),
        (
            {"action": "copy", "days": "abc", "shift": ["OURS"]},
            "Give the number of days to copy by",
        ),
        ({"action": "copy", "days": "0", "shift": ["OURS"]}, "at least one day earlier or later"),
        ({"action": "copy", "days": "-30", "shift": ["OURS"]}, "None of the selected shifts"),
        ({"action": "delete", "shift": ["THEIRS"]}, "Select at least one shift."),
    ],
)
def test_bad_bulk_input_answers_the_grid_with_the_reason_and_nothing_changes(
    client, login, team, shop, data, message
):
    draft = shop["draft"]
    mall = factories.period(shop["other"], draft.start)
    theirs = factories.shift(mall, team["people"]["outsider"], draft.start, shop["morning"])
    ours = factories.shift(draft, team["people"]["staff"], draft.start, shop["morning"])
    ids = {"OURS": str(ours.pk), "THEIRS": str(theirs.pk)}
    data = {**data, "shift": [ids.get(v, v) for v in data["shift"]]}
    before, before_mall = _state(draft), _state(mall)
    login(client, team["users"]["planner"])

    response = _bulk(client, draft, **data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert (_state(draft), _state(mall)) == (before, before_mall)
    assert not AuditEvent.objects.filter(kind__startswith="scheduling.shifts_").exists()


def test_staff_may_not_act_on_selected_shifts_and_nothing_changes(client, login, team, shop):
    draft = shop["draft"]
    shift = factories.shift(draft, team["people"]["staff"], draft.start, shop["morning"])
    login(client, team["users"]["staff"])

    response = _bulk(client, draft, action="delete", shift=[shift.pk])

    assert response.status_code == 403
    assert Shift.objects.filter(pk=shift.pk).exists()

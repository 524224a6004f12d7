"""The planner's work: bad input refused on the page, the htmx editor, publishing with reasons,
changes after publishing, copying a week, rotations, clock-change nights and query counts."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import escape

from backoffice.i18n import date_text
from backoffice.models import AuditEvent, Notification
from scheduling import services
from scheduling.models import (
    ConflictAcceptance,
    Coverage,
    RotationPattern,
    SchedulePeriod,
    Shift,
    ShiftTemplate,
)
from scheduling.services.roster.common import (
    CLOSED,
    ENDS_BEFORE_START,
    NO_LENGTH,
    NOT_EMPLOYED,
    OUTSIDE_PERIOD,
)
from scheduling.services.roster.periods import PERIOD_OVERLAPS, REASON_NEEDED
from tests.hr import factories as hr_factories
from tests.scheduling import factories

HTMX = {"HTTP_HX_REQUEST": "true"}
SOFIA = ZoneInfo("Europe/Sofia")
REST = "Only 1 h rest between shifts (at least 12 h)."

ALL_WARNINGS = {"empty", "gaps", "budget"}  # the publish checks, all confirmed


def _form(
    *,
    day: date,
    employee=None,
    template=None,
    start: str = "",
    end: str = "",
    crosses: bool = False,
    breaks: str = "",
    note: str = "",
) -> dict:
    """The shift editor's fields as the browser posts them."""
    data = {
        "employee": employee.pk if employee else "",
        "day": day.isoformat(),
        "template": template.pk if template else "",
        "start_time": start,
        "end_time": end,
        "break_minutes": breaks,
        "skill": "",
        "note": note,
    }
    if crosses:
        data["crosses_midnight"] = "on"
    return data


def _local(moment: datetime) -> str:
    return moment.astimezone(SOFIA).strftime("%H:%M")


def _signed_in(client, login, team, name: str = "planner") -> None:
    login(client, team["users"][name])


# --- bad input: a field error on the page and nothing written -----------------------------------


def _bad_shift_cases(team, shop) -> dict:
    """Each case: the posted fields, the field that complains, and its exact message."""
    staff = team["people"]["staff"]
    monday = shop["monday"]
    published = shop["published"]
    leaver = hr_factories.employee(
        first_name="Лора", last_name="Напуска", end_date=monday + timedelta(days=1)
    )
    newcomer = hr_factories.employee(
        first_name="Нина", last_name="Нова", hire_date=monday + timedelta(days=3)
    )
    shop["location"].members.add(leaver, newcomer)
    tuesday, thursday = monday + timedelta(days=1), monday + timedelta(days=3)
    return {
        "ends before it starts": (
            _form(employee=staff, day=tuesday, start="22:00", end="06:00"),
            "end_time",
            str(ENDS_BEFORE_START),
        ),
        "no length": (
            _form(employee=staff, day=tuesday, start="08:00", end="08:00"),
            "end_time",
            str(NO_LENGTH),
        ),
        "after the last day": (
            _form(employee=leaver, day=thursday, template=shop["morning"]),
            "employee",
            str(NOT_EMPLOYED) % {"name": "Лора Напуска", "day": date_format(thursday)},
        ),
        "before the hire date": (
            _form(employee=newcomer, day=tuesday, template=shop["morning"]),
            "employee",
            str(NOT_EMPLOYED) % {"name": "Нина Нова", "day": date_format(tuesday)},
        ),
        "outside the period": (
            _form(employee=staff, day=published.end + timedelta(days=7), template=shop["morning"]),
            "day",
            str(OUTSIDE_PERIOD)
            % {"start": date_format(published.start), "end": date_format(published.end)},
        ),
    }


@pytest.mark.parametrize(
    "case",
    [
        "ends before it starts",
        "no length",
        "after the last day",
        "before the hire date",
        "outside the period",
    ],
)
def test_a_bad_shift_is_refused_on_its_field_and_nothing_is_saved(client, login, team, shop, case):
    data, field, message = _bad_shift_cases(team, shop)[case]
    _signed_in(client, login, team)
    before = Shift.objects.count()

    response = client.post(
        reverse("scheduling:shift-create", args=[shop["published"].pk]), data, **HTMX
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert escape(message) in response.content.decode()
    assert "HX-Trigger" not in response
    assert Shift.objects.count() == before
    assert not Notification.objects.exists()


def test_a_shift_in_a_closed_period_cannot_be_edited(client, login, team, shop):
    staff = team["people"]["staff"]
    tuesday = shop["monday"] + timedelta(days=1)
    shift = factories.shift(shop["published"], staff, tuesday, shop["morning"])
    services.period_close(actor=team["users"]["planner"], period=shop["published"])
    _signed_in(client, login, team)

    response = client.post(
        reverse("scheduling:shift-edit", args=[shop["published"].pk, shift.pk]),
        _form(employee=team["people"]["colleague"], day=tuesday, template=shop["evening"]),
        **HTMX,
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [str(CLOSED)]
    assert escape(str(CLOSED)) in response.content.decode()
    shift.refresh_from_db()
    assert (shift.employee, shift.template, _local(shift.start)) == (
        staff,
        shop["morning"],
        "07:00",
    )
    assert not Notification.objects.exists()


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("0", "Ensure this value is greater than or equal to 1."),
        ("-2", "Ensure this value is greater than or equal to 1."),
    ],
)
def test_coverage_needs_at_least_one_person(client, login, team, shop, count, message):
    _signed_in(client, login, team)
    before = Coverage.objects.count()

    response = client.post(
        reverse("scheduling:coverage-create", args=[shop["location"].pk]),
        {"template": shop["evening"].pk, "skill": "", "weekday": "5", "date": "", "count": count},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"count": [message]}
    assert escape(message) in response.content.decode()
    assert Coverage.objects.count() == before


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"start": "22:00", "end": "06:00"},
            "end",
            "The shift ends before it starts. Tick 'ends the next day' for a night shift.",
        ),
        ({"start": "09:00", "end": "09:00"}, "end", "The shift has no length."),
        (
            {"start": "09:00", "end": "17:00", "crosses_midnight": "on"},
            "crosses_midnight",
            "A shift that ends the next day must end earlier than it starts.",
        ),
    ],
)
def test_a_template_without_a_sensible_length_is_refused(
    client, login, team, shop, fields, field, message
):
    _signed_in(client, login, team)
    data = {"name": "Late", "code": "L", "location": shop["location"].pk, "break_minutes": "30"}
    data |= {"colour": "blue", "active": "on", **fields}

    response = client.post(reverse("scheduling:setup-create", args=["template"]), data)

    assert response.status_code == 200
    assert response.context["form"].errors == {field: [message]}
    assert escape(message) in response.content.decode()
    assert not ShiftTemplate.objects.filter(code="L").exists()


def test_a_period_may_not_overlap_another_of_the_same_location(client, login, team, shop):
    published = shop["published"]
    _signed_in(client, login, team)

    response = client.post(
        reverse("scheduling:period-create"),
        {
            "location": shop["location"].pk,
            "start": (published.start - timedelta(days=3)).isoformat(),
            "end": (published.start + timedelta(days=2)).isoformat(),
        },
    )

    message = str(PERIOD_OVERLAPS) % {
        "start": date_format(published.start),
        "end": date_format(published.end),
    }
    assert response.status_code == 200
    assert response.context["form"].errors == {"start": [message]}
    assert escape(message) in response.content.decode()
    assert SchedulePeriod.objects.count() == 2


def test_a_pattern_with_an_unknown_code_is_refused(client, login, team, shop):
    _signed_in(client, login, team)

    response = client.post(
        reverse("scheduling:setup-create", args=["pattern"]),
        {"name": "Two early, one late", "sequence": "M, M, X, -"},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"sequence": ["Unknown template codes: X"]}
    assert not RotationPattern.objects.exists()


def test_a_rotation_using_another_locations_template_writes_nothing(client, login, team, shop):
    factories.template(shop["other"], "L", time(10), time(18), 30, name="Mall late")
    pattern = RotationPattern.objects.create(name="Borrowed", sequence="M,L,-")
    draft = shop["draft"]
    _signed_in(client, login, team)

    response = client.post(
        reverse("scheduling:rotation-apply", args=[draft.pk]),
        {
            "pattern": pattern.pk,
            "employees": [team["people"]["staff"].pk],
            "start": draft.start.isoformat(),
        },
    )

    message = "The pattern uses 'L', which is not a shift template here."
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [message]
    assert escape(message) in response.content.decode()
    assert not Shift.objects.exists()
    assert not AuditEvent.objects.filter(kind="scheduling.rotation_applied").exists()


# --- the htmx editor -----------------------------------------------------------------------------


def test_the_editor_opens_in_place_with_the_day_and_person_filled_in(client, login, team, shop):
    draft = shop["draft"]
    staff = team["people"]["staff"]
    _signed_in(client, login, team)

    response = client.get(
        reverse("scheduling:shift-create", args=[draft.pk]),
        {"day": draft.start.isoformat(), "employee": staff.pk, "week": draft.start.isoformat()},
        **HTMX,
    )

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "scheduling/partials/shift_form.html"
    body = response.content.decode()
    assert "New shift" in body and "<html" not in body
    assert response.context["form"].initial == {
        "employee": str(staff.pk),
        "day": draft.start.isoformat(),
    }
    assert reverse("scheduling:shift-check", args=[draft.pk]) in body


def test_saving_a_shift_answers_with_the_grid_for_the_roster(client, login, team, shop):
    draft = shop["draft"]
    staff = team["people"]["staff"]
    tuesday = draft.start + timedelta(days=1)
    _signed_in(client, login, team)

    response = client.post(
        reverse("scheduling:shift-create", args=[draft.pk]) + f"?week={draft.start}",
        _form(employee=staff, day=tuesday, template=shop["night"]),
        **HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Retarget"] == "#roster"
    assert json.loads(response["HX-Trigger"]) == {"rosterSaved": "The shift was saved."}
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="roster"') and "<html" not in body
    shift = Shift.objects.get()
    assert (shift.employee, shift.day, shift.week, shift.template) == (
        staff,
        tuesday,
        draft.start,
        shop["night"],
    )
    assert (_local(shift.start), _local(shift.end), shift.paid_minutes) == ("22:00", "06:00", 420)
    assert shift.end.astimezone(shop["location"].zone).date() == tuesday + timedelta(days=1)
    assert "22–06" in body  # whole hours are shown short in the grid
    assert not Notification.objects.exists()  # a draft tells nobody


def test_the_live_check_lists_the_conflicts_of_the_shift_being_typed(client, login, team, shop):
    draft = shop["draft"]
    staff = team["people"]["staff"]
    tuesday = draft.start + timedelta(days=1)
    factories.shift(draft, staff, tuesday, shop["night"])
    _signed_in(client, login, team)

    response = client.post(
        reverse("scheduling:shift-check", args=[draft.pk]),
        _form(employee=staff, day=tuesday + timedelta(days=1), template=shop["morning"]),
        **HTMX,
    )

    assert response.status_code == 200
    assert [(c.key, c.code, c.message) for c in response.context["conflicts"]] == [
        ("draft", "daily_rest", REST)
    ]
    assert "This shift would break:" in response.content.decode()
    assert REST in response.content.decode()
    assert Shift.objects.count() == 1


def test_the_live_check_says_no_conflicts_and_shows_a_typing_problem(client, login, team, shop):
    draft = shop["draft"]
    staff = team["people"]["staff"]
    url = reverse("scheduling:shift-check", args=[draft.pk])
    _signed_in(client, login, team)

    fine = client.post(url, _form(employee=staff, day=draft.start, template=shop["morning"]))
    typo = client.post(url, _form(employee=staff, day=draft.start, start="22:00", end="06:00"))

    assert "No conflicts." in fine.content.decode()
    assert typo.context["problem"] == str(ENDS_BEFORE_START)
    assert not Shift.objects.exists()


def test_deleting_asks_first_then_removes_and_tells_the_person(client, login, team, shop):
    published = shop["published"]
    staff = team["people"]["staff"]
    shift = factories.shift(published, staff, published.start + timedelta(days=1), shop["morning"])
    url = reverse("scheduling:shift-delete", args=[published.pk, shift.pk])
    _signed_in(client, login, team)

    confirm = client.get(url, **HTMX)

    assert confirm.status_code == 200
    assert "Delete this shift?" in confirm.content.decode()
    assert Shift.objects.filter(pk=shift.pk).exists()

    response = client.post(url, **HTMX)

    assert response.status_code == 200
    assert json.loads(response["HX-Trigger"]) == {"rosterSaved": "The shift was deleted."}
    shift.refresh_from_db()  # staff keep it until the changes are published
    assert shift.draft == Shift.Draft.DELETED
    assert not Notification.objects.exists()
    services.period_publish(
        actor=team["users"]["planner"], period=published, reasons={}, confirmed=ALL_WARNINGS
    )
    assert not Shift.objects.filter(pk=shift.pk).exists()
    note = Notification.objects.get()
    assert (note.recipient, note.title) == (team["users"]["staff"], "Your schedule changed")
    assert note.body == f"Removed: {date_text(shift.day)}, 07:00–15:00, Vitosha shop"
    assert AuditEvent.objects.filter(kind="scheduling.shift_deleted").count() == 1


# --- publishing ----------------------------------------------------------------------------------


@pytest.fixture
def draft_with_rest_conflict(team, shop) -> dict:
    """In the draft week: staff works Tuesday night and Wednesday morning (1 h rest), the colleague
    Thursday morning, and Friday morning is open."""
    draft = shop["draft"]
    staff, colleague = team["people"]["staff"], team["people"]["colleague"]
    night = factories.shift(draft, staff, draft.start + timedelta(days=1), shop["night"])
    morning = factories.shift(draft, staff, draft.start + timedelta(days=2), shop["morning"])
    factories.shift(draft, colleague, draft.start + timedelta(days=3), shop["morning"])
    factories.shift(draft, None, draft.start + timedelta(days=4), shop["morning"])
    return {"period": draft, "night": night, "morning": morning}


def test_a_draft_with_a_conflict_is_not_published_without_a_reason_for_each(
    client, login, team, draft_with_rest_conflict
):
    period = draft_with_rest_conflict["period"]
    night, morning = draft_with_rest_conflict["night"], draft_with_rest_conflict["morning"]
    url = reverse("scheduling:period-publish", args=[period.pk])
    _signed_in(client, login, team)

    page = client.get(url)
    assert [(i["shift"], i["conflict"].code) for i in page.context["items"]] == [
        (night, "daily_rest"),
        (morning, "daily_rest"),
    ]

    for reasons in ({}, {f"reason_{night.pk}_daily_rest": "Stocktaking"}):
        response = client.post(url, reasons)

        assert response.status_code == 200
        body = response.content.decode()
        assert "Give a reason for each conflict below; nothing was published." in body
        assert body.count(str(REASON_NEEDED)) == (2 if not reasons else 1)
        period.refresh_from_db()
        assert (period.status, period.published_at) == (SchedulePeriod.Status.DRAFT, None)
        assert not ConflictAcceptance.objects.exists()
        assert not AuditEvent.objects.filter(kind__startswith="scheduling.").exists()
        assert not Notification.objects.exists()


def test_publishing_with_reasons_keeps_them_audits_and_tells_everyone_on_it(
    client, login, team, draft_with_rest_conflict
):
    period = draft_with_rest_conflict["period"]
    night, morning = draft_with_rest_conflict["night"], draft_with_rest_conflict["morning"]
    planner = team["users"]["planner"]
    _signed_in(client, login, team)

    response = client.post(
        reverse("scheduling:period-publish", args=[period.pk]),
        {
            f"reason_{night.pk}_daily_rest": "Stocktaking",
            f"reason_{morning.pk}_daily_rest": " Stocktaking, agreed with Stefan ",
            "confirm": "gaps",  # the morning coverage is not met on most days
        },
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("scheduling:period-detail", args=[period.pk])
    period.refresh_from_db()
    assert (period.status, period.published_by) == (SchedulePeriod.Status.PUBLISHED, planner)
    assert period.published_at is not None
    assert set(
        ConflictAcceptance.objects.values_list("shift", "code", "reason", "accepted_by")
    ) == {
        (night.pk, "daily_rest", "Stocktaking", planner.pk),
        (morning.pk, "daily_rest", "Stocktaking, agreed with Stefan", planner.pk),
    }
    accepted = {
        e.data["shift"]: e for e in AuditEvent.objects.filter(kind="scheduling.conflict_accepted")
    }
    assert {
        shift: (e.actor, e.object_id, e.data["code"], e.summary) for shift, e in accepted.items()
    } == {
        night.pk: (
            planner,
            str(period.pk),
            "daily_rest",
            f"Published despite '{REST}': Stocktaking",
        ),
        morning.pk: (
            planner,
            str(period.pk),
            "daily_rest",
            f"Published despite '{REST}': Stocktaking, agreed with Stefan",
        ),
    }
    published = AuditEvent.objects.get(kind="scheduling.period_published")
    assert (published.actor, published.object_type, published.object_id) == (
        planner,
        "scheduling.scheduleperiod",
        str(period.pk),
    )
    span = f"Vitosha shop, {date_text(period.start)} to {date_text(period.end)}"
    assert sorted(
        Notification.objects.values_list("recipient__username", "title", "body", "url")
    ) == [
        (
            "s-colleague",
            "Your schedule is published",
            f"{span}: 1 shift.",
            reverse("scheduling:schedule-mine"),
        ),
        (
            "s-staff",
            "Your schedule is published",
            f"{span}: 2 shifts.",
            reverse("scheduling:schedule-mine"),
        ),
    ]
    roster = client.get(reverse("scheduling:period-detail", args=[period.pk]))
    assert roster.context["grid"].conflicts == []  # accepted conflicts are no longer listed


def test_a_change_after_publishing_waits_and_reaches_each_person_once(client, login, team, shop):
    """Edits of a published week are unpublished changes: staff keep seeing the published shift,
    nobody is told, and publishing tells each person touched once, with their own changes."""
    published = shop["published"]
    staff, colleague = team["people"]["staff"], team["people"]["colleague"]
    tuesday = published.start + timedelta(days=1)
    shift = factories.shift(published, staff, tuesday, shop["morning"])
    url = reverse("scheduling:shift-edit", args=[published.pk, shift.pk])
    _signed_in(client, login, team)

    unchanged = _form(employee=staff, day=tuesday, template=shop["morning"], start="07:00")
    client.post(url, {**unchanged, "end_time": "15:00", "break_minutes": "30"}, **HTMX)
    shift.refresh_from_db()
    assert shift.draft == ""  # saving without a change is no change
    assert not Shift.objects.filter(published_copy_of=shift).exists()

    client.post(url, _form(employee=staff, day=tuesday, template=shop["evening"]), **HTMX)
    moved = _form(employee=colleague, day=tuesday, template=shop["evening"], start="14:00")
    response = client.post(url, {**moved, "end_time": "22:00", "break_minutes": "30"}, **HTMX)

    assert response["HX-Retarget"] == "#roster"
    assert not Notification.objects.exists()
    shift.refresh_from_db()
    assert (shift.employee, shift.draft) == (colleague, Shift.Draft.EDITED)
    (seen,) = Shift.objects.published().filter(period=published)  # what staff see
    assert (seen.employee, seen.local_start.hour, seen.published_copy_of) == (staff, 7, shift)
    roster = client.get(reverse("scheduling:period-detail", args=[published.pk]))
    assert roster.context["grid"].pending == {"edited": 1}
    assert "1 unpublished change" in roster.content.decode()

    services.period_publish(
        actor=team["users"]["planner"], period=published, reasons={}, confirmed=ALL_WARNINGS
    )

    before = f"{date_text(tuesday)}, 07:00–15:00, Vitosha shop"
    after = f"{date_text(tuesday)}, 14:00–22:00, Vitosha shop"
    assert sorted(Notification.objects.values_list("recipient__username", "title", "body")) == [
        ("s-colleague", "Your schedule changed", f"Added: {after}"),
        ("s-staff", "Your schedule changed", f"Removed: {before}"),
    ]
    (seen,) = Shift.objects.published().filter(period=published)
    assert (seen.pk, seen.employee, seen.draft) == (shift.pk, colleague, "")
    assert AuditEvent.objects.filter(kind="scheduling.shift_changed").count() == 2
    assert AuditEvent.objects.filter(kind="scheduling.changes_published").count() == 1


# --- copying a week and rotations ----------------------------------------------------------------


def test_copying_last_week_fills_the_free_days_only(client, login, team, shop):
    published, draft = shop["published"], shop["draft"]
    staff, colleague = team["people"]["staff"], team["people"]["colleague"]
    monday = published.start
    factories.shift(published, staff, monday + timedelta(days=1), shop["morning"])
    factories.shift(published, colleague, monday + timedelta(days=2), shop["evening"])
    factories.shift(published, staff, monday + timedelta(days=3), shop["night"])
    factories.shift(published, None, monday + timedelta(days=4), shop["morning"])
    kept = factories.shift(draft, staff, draft.start + timedelta(days=1), shop["evening"])
    _signed_in(client, login, team)

    response = client.post(
        reverse("scheduling:week-copy", args=[draft.pk]) + f"?week={draft.start}", follow=True
    )

    assert [str(m) for m in response.context["messages"]] == ["3 shifts were copied."]
    copied = Shift.objects.filter(period=draft).order_by("day")
    assert [(s.employee, s.day - draft.start, _local(s.start), _local(s.end)) for s in copied] == [
        (staff, timedelta(days=1), "14:00", "22:00"),
        (colleague, timedelta(days=2), "14:00", "22:00"),
        (staff, timedelta(days=3), "22:00", "06:00"),
        (None, timedelta(days=4), "07:00", "15:00"),
    ]
    assert copied[0] == kept
    assert [s.paid_minutes for s in copied] == [450, 450, 420, 450]
    assert AuditEvent.objects.get(kind="scheduling.week_copied").data["summary"]["params"] == {
        "count": "3",
        "week": draft.start.isoformat(),
        "location": "Vitosha shop",
    }


def test_copying_from_an_empty_week_says_so(client, login, team, shop):
    draft = shop["draft"]
    _signed_in(client, login, team)

    response = client.post(
        reverse("scheduling:week-copy", args=[draft.pk]) + f"?week={draft.start}", follow=True
    )

    assert [str(m) for m in response.context["messages"]] == [
        "The week before has no shifts to copy."
    ]
    assert not Shift.objects.exists()


def test_a_rotation_lays_the_pattern_over_free_days(client, login, team, shop):
    draft = shop["draft"]
    staff, colleague = team["people"]["staff"], team["people"]["colleague"]
    pattern = RotationPattern.objects.create(name="Early, late, off", sequence="M,E,-")
    kept = factories.shift(draft, staff, draft.start, shop["night"])
    _signed_in(client, login, team)

    response = client.post(
        reverse("scheduling:rotation-apply", args=[draft.pk]),
        {"pattern": pattern.pk, "employees": [staff.pk, colleague.pk], "start": draft.start},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == ["9 shifts were added."]

    def codes(person):
        return {
            (s.day - draft.start).days: s.template.code
            for s in Shift.objects.filter(employee=person).select_related("template")
        }

    assert codes(staff) == {0: "N", 1: "E", 3: "M", 4: "E", 6: "M"}
    assert codes(colleague) == {0: "M", 1: "E", 3: "M", 4: "E", 6: "M"}
    kept.refresh_from_db()
    assert (kept.template, kept.paid_minutes) == (shop["night"], 420)


def test_a_staggered_rotation_starts_each_person_one_step_later(team, shop):
    draft = shop["draft"]
    staff, colleague = team["people"]["staff"], team["people"]["colleague"]
    pattern = RotationPattern.objects.create(name="Early, late, off", sequence="M,E,-")

    made = services.rotation_apply(
        actor=team["users"]["planner"],
        period=draft,
        pattern=pattern,
        employees=[staff, colleague],
        start=draft.start + timedelta(days=2),
        stagger=True,
    )

    assert made.count == 7
    days = {
        (s.employee_id, (s.day - draft.start).days): s.template.code
        for s in Shift.objects.select_related("template")
    }
    assert days == {
        (staff.pk, 2): "M",
        (staff.pk, 3): "E",
        (staff.pk, 5): "M",
        (staff.pk, 6): "E",
        (colleague.pk, 2): "E",
        (colleague.pk, 4): "M",
        (colleague.pk, 5): "E",
    }


# --- clock-change nights (Europe/Sofia) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "at", "until", "crosses", "start_utc", "end_utc", "real"),
    [
        # 28 March 2027: 03:00 EET -> 04:00 EEST, the night is an hour short.
        (date(2027, 3, 27), "22:00", "06:00", True, (3, 27, 20, 0), (3, 28, 3, 0), 420),
        # 25 October 2026: 04:00 EEST -> 03:00 EET, the night is an hour long.
        (date(2026, 10, 24), "22:00", "06:00", True, (10, 24, 19, 0), (10, 25, 4, 0), 540),
        # 03:30 does not exist on 28 March 2027: read with the winter offset (04:30 on the clock).
        (date(2027, 3, 28), "03:30", "11:30", False, (3, 28, 1, 30), (3, 28, 8, 30), 420),
        # 03:30 happens twice on 25 October 2026: the first time (still summer time).
        (date(2026, 10, 25), "03:30", "11:30", False, (10, 25, 0, 30), (10, 25, 9, 30), 540),
    ],
)
def test_shift_times_are_real_minutes_on_clock_change_days(
    shop, day, at, until, crosses, start_utc, end_utc, real
):
    depot = factories.location(code="DEP", name="Night depot")
    night = factories.template(depot, "N", time(22), time(6), 60, crosses=True, name="Night")
    period = factories.period(depot, day - timedelta(days=day.weekday()))

    shift = services.shift_build(
        period=period,
        data=services.ShiftInput(
            day=day,
            template=night,
            start_time=time.fromisoformat(at),
            end_time=time.fromisoformat(until),
            crosses_midnight=crosses,
        ),
    )

    assert shift.start == datetime(day.year, *start_utc, tzinfo=UTC)
    assert shift.end == datetime(day.year, *end_utc, tzinfo=UTC)
    assert (shift.day, shift.week) == (day, day - timedelta(days=day.weekday()))
    assert (shift.break_minutes, shift.paid_minutes) == (60, real - 60)


def test_a_night_shift_from_its_template_on_both_clock_change_nights(shop):
    depot = factories.location(code="DEP", name="Night depot")
    night = factories.template(depot, "N", time(22), time(6), 60, crosses=True, name="Night")
    paid = {}
    for day in (date(2027, 3, 27), date(2026, 10, 24), date(2026, 6, 6)):
        period = factories.period(depot, day - timedelta(days=day.weekday()))
        shift = services.shift_build(
            period=period, data=services.ShiftInput(day=day, template=night)
        )
        paid[day] = (shift.day, shift.paid_minutes)
    assert paid == {
        date(2027, 3, 27): (date(2027, 3, 27), 360),
        date(2026, 10, 24): (date(2026, 10, 24), 480),
        date(2026, 6, 6): (date(2026, 6, 6), 420),
    }


# --- query counts --------------------------------------------------------------------------------


def _count_queries(client, method: str, url: str, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data or {})
    assert response.status_code == 200
    return len(queries.captured_queries)


def _crowd(team, shop, people: int = 10) -> None:
    """``people`` more members with a shift every day of both weeks (over 60 shifts, with
    conflicts: seven days in a row), plus an open shift a day."""
    location = shop["location"]
    templates = [shop["morning"], shop["evening"]]
    for n in range(people):
        person = hr_factories.employee(first_name=f"Човек{n}", last_name="Тестов")
        location.members.add(person)
        shop["till"].employees.add(person)
        for period in (shop["published"], shop["draft"]):
            for offset in range(7):
                factories.shift(
                    period, person, period.start + timedelta(days=offset), templates[n % 2]
                )
    for period in (shop["published"], shop["draft"]):
        for offset in range(7):
            factories.shift(period, None, period.start + timedelta(days=offset), shop["night"])
    staff = team["people"]["staff"]
    for offset in range(2, 7):
        factories.shift(
            shop["published"], staff, shop["published"].start + timedelta(days=offset), templates[0]
        )


@pytest.mark.parametrize("view", ["week", "period"])
def test_the_roster_page_costs_the_same_queries_at_3_and_at_150_shifts(
    client, login, team, shop, view
):
    published = shop["published"]
    staff, colleague = team["people"]["staff"], team["people"]["colleague"]
    factories.shift(published, staff, published.start, shop["night"])
    factories.shift(published, staff, published.start + timedelta(days=1), shop["morning"])
    factories.shift(published, colleague, published.start, shop["evening"])
    url = reverse("scheduling:period-detail", args=[published.pk])
    query = {"view": "period"} if view == "period" else {"week": published.start.isoformat()}
    _signed_in(client, login, team)
    client.get(url, query)  # warm the session and the caches

    few = _count_queries(client, "get", url, query)
    _crowd(team, shop)
    assert Shift.objects.filter(period=published).count() > 60
    many = _count_queries(client, "get", url, query)

    assert many == few


def test_the_live_check_costs_the_same_queries_at_3_and_at_150_shifts(client, login, team, shop):
    draft = shop["draft"]
    staff = team["people"]["staff"]
    factories.shift(draft, staff, draft.start, shop["night"])
    url = reverse("scheduling:shift-check", args=[draft.pk])
    data = _form(employee=staff, day=draft.start + timedelta(days=1), template=shop["morning"])
    _signed_in(client, login, team)
    client.post(url, data)

    few = _count_queries(client, "post", url, data)
    _crowd(team, shop)
    assert Shift.objects.count() > 150
    many = _count_queries(client, "post", url, data)

    assert many == few


def test_a_week_outside_the_period_shows_the_periods_first_week(client, login, team, shop):
    login(client, team["users"]["planner"])
    draft = shop["draft"]
    response = client.get(f"/scheduling/periods/{draft.pk}/?week=2001-01-01")
    assert response.status_code == 200
    assert response.context["grid"].days[0] == draft.start


def test_typed_times_win_over_the_template_and_empty_ones_take_its_times(client, login, team, shop):
    login(client, team["users"]["planner"])
    draft, staff = shop["draft"], team["people"]["staff"]
    url = f"/scheduling/periods/{draft.pk}/shifts/new/"
    base = {"employee": staff.pk, "template": shop["morning"].pk, "break_minutes": ""}
    client.post(url, {**base, "day": draft.start.isoformat(), "start_time": "", "end_time": ""})
    client.post(
        url,
        {
            **base,
            "day": (draft.start + timedelta(days=2)).isoformat(),
            "start_time": "09:00",
            "end_time": "12:00",
        },
    )
    from scheduling.models import Shift

    first, second = Shift.objects.filter(period=draft).order_by("day")
    assert (first.paid_minutes, first.break_minutes) == (450, 30)  # Morning 07-15, 30 min break
    assert (second.paid_minutes, second.template_id) == (180 - 30, shop["morning"].pk)


def test_copying_a_week_into_a_published_period_tells_the_people(client, login, team, shop):
    from backoffice.models import Notification
    from scheduling import services

    planner, staff = team["users"]["planner"], team["people"]["staff"]
    published = shop["published"]
    before = published.start - timedelta(days=7)
    earlier = factories.period(shop["location"], before, status="closed")
    factories.shift(earlier, staff, before, shop["morning"])
    factories.shift(earlier, staff, before + timedelta(days=2), shop["morning"])
    services.week_copy(actor=planner, period=published, week=published.start)
    assert not Notification.objects.exists()  # waiting to be published
    services.period_publish(actor=planner, period=published, reasons={}, confirmed=ALL_WARNINGS)
    (notice,) = Notification.objects.filter(recipient=staff.user)
    assert notice.title == "Your schedule changed"
    assert notice.body.startswith("2 added, 0 changed, 0 removed, from ")


def test_deleting_a_shift_of_a_closed_period_says_so_and_keeps_it(client, login, team, shop):
    from scheduling.models import SchedulePeriod, Shift

    login(client, team["users"]["planner"])
    published = shop["published"]
    shift = factories.shift(published, team["people"]["staff"], published.start, shop["morning"])
    SchedulePeriod.objects.filter(pk=published.pk).update(status="closed")
    response = client.post(
        f"/scheduling/periods/{published.pk}/shifts/{shift.pk}/delete/", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "This period is closed" in response.content.decode()
    assert Shift.objects.filter(pk=shift.pk).exists()

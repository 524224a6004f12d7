"""Edits of a published period wait as unpublished changes; bulk writes keep the hard rules; a
person's own limits are checked on the roster (scheduling.domain.personal)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from backoffice.models import AuditEvent, Notification
from hr.models import LeaveRequest
from scheduling import services
from scheduling.domain.personal import PersonalLimits, personal_conflicts
from scheduling.domain.rules import Slot
from scheduling.models import (
    SchedulePeriod,
    Shift,
    ShiftTypeLimit,
    StaffLimits,
    TimeEntry,
)
from scheduling.selectors import roster_check
from tests.hr import factories as hr_factories
from tests.scheduling import factories

ALL_WARNINGS = {"empty", "gaps", "budget"}
SOFIA = ZoneInfo("Europe/Sofia")


def _publish(team, period):
    services.period_publish(
        actor=team["users"]["planner"], period=period, reasons={}, confirmed=ALL_WARNINGS
    )


def _mine(client, login, user) -> list[tuple[int, int]]:
    """(day offset from the week's Monday, start hour) of each shift on the person's schedule."""
    login(client, user)
    page = client.get(reverse("scheduling:schedule-mine"), {"date": ""})
    return sorted(
        (item["shift"].day.weekday(), item["start"].hour)
        for _day, items in page.context["days"]
        for item in items
    )


def test_three_edits_are_seen_by_staff_only_once_published_and_each_person_is_told_once(
    client, login, team, shop, monkeypatch
):
    published, planner = shop["published"], team["users"]["planner"]
    staff, colleague = team["people"]["staff"], team["people"]["colleague"]
    monday = published.start
    moved = factories.shift(published, staff, monday, shop["morning"])
    doomed = factories.shift(published, staff, monday + timedelta(days=1), shop["morning"])
    factories.shift(published, colleague, monday + timedelta(days=2), shop["morning"])
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a: monday)

    # 1: Monday morning becomes an evening; 2: Tuesday goes; 3: a Thursday shift for the colleague
    services.shift_save(
        actor=planner,
        period=published,
        shift=moved,
        data=services.ShiftInput(day=monday, employee=staff, template=shop["evening"]),
    )
    services.shift_delete(actor=planner, shift=doomed)
    services.shift_save(
        actor=planner,
        period=published,
        data=services.ShiftInput(
            day=monday + timedelta(days=3), employee=colleague, template=shop["morning"]
        ),
    )

    assert not Notification.objects.exists()
    assert _mine(client, login, team["users"]["staff"]) == [(0, 7), (1, 7)]
    assert _mine(client, login, team["users"]["colleague"]) == [(2, 7)]
    login(client, planner)
    roster = client.get(reverse("scheduling:period-detail", args=[published.pk]))
    assert roster.context["grid"].pending == {"added": 1, "edited": 1, "deleted": 1}
    assert "3 unpublished changes" in roster.content.decode()
    assert "shift-draft-deleted" in roster.content.decode()

    _publish(team, published)

    assert _mine(client, login, team["users"]["staff"]) == [(0, 14)]
    assert _mine(client, login, team["users"]["colleague"]) == [(2, 7), (3, 7)]
    assert Notification.objects.filter(recipient=team["users"]["staff"]).count() == 1
    assert Notification.objects.filter(recipient=team["users"]["colleague"]).count() == 1
    body = Notification.objects.get(recipient=team["users"]["staff"]).body
    assert body.startswith("0 added, 1 changed, 1 removed, from ")
    assert not Shift.objects.filter(period=published).exclude(draft="").exists()
    assert not Shift.objects.filter(published_copy_of__isnull=False).exists()
    assert Shift.objects.filter(period=published).count() == 3


def test_publishing_with_no_changes_says_so(team, shop):
    with pytest.raises(ValidationError) as caught:
        _publish(team, shop["published"])
    assert "nothing to publish" in " ".join(caught.value.messages)


def test_discarding_puts_the_published_schedule_back(client, login, team, shop):
    published, planner = shop["published"], team["users"]["planner"]
    staff = team["people"]["staff"]
    kept = factories.shift(published, staff, published.start, shop["morning"])
    services.shift_save(
        actor=planner,
        period=published,
        shift=kept,
        data=services.ShiftInput(day=published.start, employee=staff, template=shop["night"]),
    )
    services.shift_save(
        actor=planner,
        period=published,
        data=services.ShiftInput(
            day=published.start + timedelta(days=2), employee=staff, template=shop["morning"]
        ),
    )
    login(client, planner)

    response = client.post(reverse("scheduling:period-changes-discard", args=[published.pk]))

    assert response.status_code == 302
    (only,) = Shift.objects.filter(period=published)
    assert (only.pk, only.template, only.draft, only.local_start.hour) == (
        kept.pk,
        shop["morning"],
        "",
        7,
    )
    assert AuditEvent.objects.filter(kind="scheduling.changes_discarded").count() == 1
    assert not Notification.objects.exists()


def test_time_clocked_against_the_published_form_stays_with_the_shift(team, shop):
    published, planner = shop["published"], team["users"]["planner"]
    staff = team["people"]["staff"]
    shift = factories.shift(published, staff, published.start, shop["morning"])
    services.shift_save(
        actor=planner,
        period=published,
        shift=shift,
        data=services.ShiftInput(day=published.start, employee=staff, template=shop["evening"]),
    )
    copy = Shift.objects.get(published_copy_of=shift)
    start = datetime.combine(published.start, datetime.min.time(), SOFIA).replace(hour=7)
    entry = TimeEntry.objects.create(
        employee=staff, shift=copy, day=published.start, clock_in=start
    )

    _publish(team, published)

    entry.refresh_from_db()
    assert entry.shift_id == shift.pk


def test_a_period_with_unpublished_changes_cannot_be_closed(team, shop):
    published, planner = shop["published"], team["users"]["planner"]
    services.shift_save(
        actor=planner,
        period=published,
        data=services.ShiftInput(
            day=published.start, employee=team["people"]["staff"], template=shop["morning"]
        ),
    )
    with pytest.raises(ValidationError):
        services.period_close(actor=planner, period=published)
    assert SchedulePeriod.objects.get(pk=published.pk).status == "published"


def test_a_shift_being_changed_cannot_be_claimed(team, shop, monkeypatch):
    published, planner = shop["published"], team["users"]["planner"]
    open_shift = factories.shift(published, None, published.start, shop["morning"])
    services.shift_save(
        actor=planner,
        period=published,
        shift=open_shift,
        data=services.ShiftInput(day=published.start, template=shop["evening"]),
    )
    open_shift.refresh_from_db()
    with pytest.raises(ValidationError) as caught:
        services.open_shift_claim(employee=team["people"]["colleague"], shift=open_shift)
    assert "planner is changing this shift" in " ".join(caught.value.messages)


# --- bulk writes keep the hard rules -------------------------------------------------------------


def test_copying_shifts_leaves_out_a_double_booking_and_a_day_of_leave(client, login, team, shop):
    """Copying Monday and Tuesday mornings two days on: Wednesday's copy would double-book the
    person (she already works Wednesday evening) and Thursday's falls on approved leave; neither
    is written and the grid says why."""
    draft, planner = shop["draft"], team["users"]["planner"]
    staff = team["people"]["staff"]
    monday = draft.start
    picked = [
        factories.shift(draft, staff, monday + timedelta(days=n), shop["morning"]) for n in (0, 1)
    ]
    factories.shift(draft, staff, monday + timedelta(days=2), shop["evening"])
    LeaveRequest.objects.create(
        employee=staff,
        leave_type=hr_factories.paid_leave(code="PAID"),
        start_date=monday + timedelta(days=3),
        end_date=monday + timedelta(days=3),
        days=1,
        status=LeaveRequest.Status.APPROVED,
    )
    login(client, planner)

    response = client.post(
        reverse("scheduling:shift-bulk", args=[draft.pk]) + "?week=" + monday.isoformat(),
        {"action": "copy", "days": "2", "shift": [s.pk for s in picked]},
        HTTP_HX_REQUEST="true",
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert "Not copied" in page
    assert "On approved leave." in page
    assert "Another shift overlaps or falls on the same day." in page
    assert Shift.objects.filter(period=draft).count() == 3


def test_copying_a_week_into_a_week_with_leave_skips_those_days(team, shop):
    draft, planner = shop["draft"], team["users"]["planner"]
    staff = team["people"]["staff"]
    for n in range(3):
        factories.shift(
            shop["published"], staff, shop["published"].start + timedelta(days=n), shop["morning"]
        )
    LeaveRequest.objects.create(
        employee=staff,
        leave_type=hr_factories.paid_leave(code="PAID"),
        start_date=draft.start + timedelta(days=1),
        end_date=draft.start + timedelta(days=1),
        days=1,
        status=LeaveRequest.Status.APPROVED,
    )

    result = services.week_copy(actor=planner, period=draft, week=draft.start)

    assert result.count == 2
    assert len(result.skipped) == 1
    assert sorted((s.day - draft.start).days for s in Shift.objects.filter(period=draft)) == [0, 2]


# --- a person's own limits -------------------------------------------------------------------------


def _slot(key, day: date, template=1, minutes=450) -> Slot:
    start = datetime(day.year, day.month, day.day, 7, tzinfo=SOFIA)
    return Slot(key, 1, day, start, start + timedelta(hours=8), minutes, template=template)


MONDAY = date(2026, 12, 7)


def _codes(slots, limits, **kwargs):
    found = personal_conflicts(
        slots, {1: limits}, start=MONDAY, end=MONDAY + timedelta(days=27), **kwargs
    )
    return sorted((c.key, c.code, dict(c.params).get("limit")) for c in found)


def test_most_shifts_of_a_kind_flags_the_first_one_over():
    """At most 2 nights (template 3): the third night, on Wednesday, carries the warning."""
    slots = [_slot(n, MONDAY + timedelta(days=n), template=3) for n in range(3)]
    assert _codes(slots, PersonalLimits(max_of_template={3: 2})) == [
        (2, "personal_of_template", "2")
    ]
    assert _codes(slots[:2], PersonalLimits(max_of_template={3: 2})) == []


def test_most_and_least_minutes_in_the_period():
    """Five shifts of 7:30 = 37:30. At most 30:00: the fifth crosses (30:00 -> 37:30). At least
    40:00 over 28 days with 7 days on leave: 40 h x 21/28 = 30:00, met; with no leave it is not,
    and the last shift carries the warning."""
    slots = [_slot(n, MONDAY + timedelta(days=n)) for n in range(5)]
    assert _codes(slots, PersonalLimits(max_minutes=30 * 60)) == [(4, "personal_max_minutes", "30")]
    assert _codes(slots, PersonalLimits(min_minutes=40 * 60), days_away={1: 7}) == []
    assert _codes(slots, PersonalLimits(min_minutes=40 * 60)) == [(4, "personal_min_minutes", "40")]


def test_most_weekends_and_least_days_off_in_a_row():
    """Shifts on Saturday 12th, Sunday 20th and Saturday 26th: three weekends, at most two, so the
    26th carries it. Days off between the 12th and the 14th: one (the 13th), at least two wanted."""
    weekends = [_slot(n, MONDAY + timedelta(days=d)) for n, d in enumerate((5, 13, 19))]
    assert _codes(weekends, PersonalLimits(max_weekends=2)) == [(2, "personal_weekends", "2")]
    short_rest = [_slot("sat", MONDAY + timedelta(days=5)), _slot("mon", MONDAY + timedelta(7))]
    assert _codes(short_rest, PersonalLimits(min_days_off_in_row=2)) == [
        ("mon", "personal_days_off", "2")
    ]
    assert _codes(short_rest, PersonalLimits(min_days_off_in_row=1)) == []


def test_the_roster_warns_of_a_broken_personal_limit_without_blocking_publishing(team, shop):
    """At most 1 night agreed; two nights in the draft show a warning that asks no reason."""
    draft, staff = shop["draft"], team["people"]["staff"]
    limits = StaffLimits.objects.create(employee=staff)
    ShiftTypeLimit.objects.create(limits=limits, template=shop["night"], max_shifts=1)
    factories.shift(draft, staff, draft.start, shop["night"])
    second = factories.shift(draft, staff, draft.start + timedelta(days=2), shop["night"])

    result = roster_check(period=draft)

    assert [c.code for c in result.conflicts[second.pk]] == ["personal_of_template"]
    assert result.conflicts[second.pk][0].message == (
        "2 Night shifts in the period (agreed at most 1)."
    )
    assert result.open_conflicts() == []
    _publish(team, draft)
    assert SchedulePeriod.objects.get(pk=draft.pk).status == "published"

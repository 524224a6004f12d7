"""Guard-rails on a published roster: a hard conflict (the person booked twice, or on approved
leave) is saved only on the planner's audited override, and a shift typed with its own times
counts in the coverage row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from backoffice.models import AuditEvent, Notification
from hr.models import LeaveRequest
from scheduling import services
from scheduling.models import ConflictAcceptance, Shift
from tests.hr import factories as hr_factories
from tests.scheduling import factories

HTMX = {"HTTP_HX_REQUEST": "true"}
BOOKED_TWICE = (
    "This shift cannot be saved as it is: Another shift overlaps or falls on the same day. "
    "Tick 'Override' and give a reason to save it anyway."
)
ON_LEAVE = (
    "This shift cannot be saved as it is: On approved leave. "
    "Tick 'Override' and give a reason to save it anyway."
)


def _ten_to_six(person, day, **extra) -> dict:
    return {
        "employee": person.pk,
        "day": day.isoformat(),
        "template": "",
        "start_time": "10:00",
        "end_time": "18:00",
        "break_minutes": "30",
        "skill": "",
        "note": "",
        **extra,
    }


@pytest.fixture
def booked(team, shop):
    """Staff works the published Monday's morning, 07:00-15:00."""
    return factories.shift(
        shop["published"], team["people"]["staff"], shop["monday"], shop["morning"]
    )


def test_a_double_booking_is_refused_without_an_override(client, login, team, shop, booked):
    login(client, team["users"]["planner"])

    response = client.post(
        reverse("scheduling:shift-create", args=[shop["published"].pk]),
        _ten_to_six(team["people"]["staff"], shop["monday"]),
        **HTMX,
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"override": [BOOKED_TWICE]}
    assert "HX-Trigger" not in response
    assert list(Shift.objects.values_list("pk", flat=True)) == [booked.pk]
    assert not Notification.objects.exists()
    assert not AuditEvent.objects.filter(kind="scheduling.shift_overridden").exists()


def test_an_override_needs_a_reason(client, login, team, shop, booked):
    login(client, team["users"]["planner"])

    response = client.post(
        reverse("scheduling:shift-create", args=[shop["published"].pk]),
        _ten_to_six(team["people"]["staff"], shop["monday"], override="on"),
        **HTMX,
    )

    assert response.context["form"].errors == {
        "override_reason": ["Give a reason for overriding the conflict."]
    }
    assert Shift.objects.count() == 1
    assert not AuditEvent.objects.filter(kind="scheduling.shift_overridden").exists()


def test_a_reason_without_the_override_tick_overrides_nothing(client, login, team, shop, booked):
    login(client, team["users"]["planner"])

    response = client.post(
        reverse("scheduling:shift-create", args=[shop["published"].pk]),
        _ten_to_six(team["people"]["staff"], shop["monday"], override_reason="Stocktaking"),
        **HTMX,
    )

    assert response.context["form"].errors == {"override": [BOOKED_TWICE]}
    assert Shift.objects.count() == 1


def test_an_override_with_a_reason_saves_and_is_audited(client, login, team, shop, booked):
    login(client, team["users"]["planner"])

    response = client.post(
        reverse("scheduling:shift-create", args=[shop["published"].pk]),
        _ten_to_six(
            team["people"]["staff"], shop["monday"], override="on", override_reason="Stocktaking"
        ),
        **HTMX,
    )

    assert response.status_code == 200
    assert "HX-Trigger" in response
    added = Shift.objects.exclude(pk=booked.pk).get()
    assert (added.employee, added.paid_minutes) == (team["people"]["staff"], 450)
    event = AuditEvent.objects.get(kind="scheduling.shift_overridden")
    assert (event.actor, event.object_id) == (team["users"]["planner"], str(added.pk))
    assert (event.data["shift"], event.data["code"]) == (added.pk, "double_booked")
    assert event.summary_display == (
        f"Shift of Стефан Ангелов on {shop['monday'].isoformat()} saved despite "
        "'Another shift overlaps or falls on the same day.': Stocktaking"
    )
    assert list(ConflictAcceptance.objects.values_list("shift", "code", "reason")) == [
        (added.pk, "double_booked", "Stocktaking")
    ]


def test_a_shift_on_approved_leave_is_refused_without_an_override(team, shop):
    staff = team["people"]["staff"]
    tuesday = shop["monday"] + timedelta(days=1)
    LeaveRequest.objects.create(
        employee=staff,
        leave_type=hr_factories.paid_leave(code="PAID"),
        start_date=tuesday,
        end_date=tuesday,
        days=1,
        status=LeaveRequest.Status.APPROVED,
    )
    data = services.ShiftInput(day=tuesday, employee=staff, template=shop["morning"])

    with pytest.raises(ValidationError) as caught:
        services.shift_save(actor=team["users"]["planner"], period=shop["published"], data=data)

    assert caught.value.message_dict == {"override": [ON_LEAVE]}
    assert not Shift.objects.exists()


def test_a_shift_with_its_own_times_counts_in_the_coverage_row(client, login, team, shop):
    """Morning needs one person; 10:00-18:00 overlaps the morning (5 h) more than the evening."""
    login(client, team["users"]["planner"])
    client.post(
        reverse("scheduling:shift-create", args=[shop["published"].pk]),
        _ten_to_six(team["people"]["colleague"], shop["monday"]),
        **HTMX,
    )
    assert Shift.objects.get().template is None

    page = client.get(
        reverse("scheduling:period-detail", args=[shop["published"].pk])
        + f"?week={shop['monday'].isoformat()}"
    )

    [(label, cells)] = page.context["grid"].coverage_rows
    monday_line = dict(cells)[shop["monday"]]
    assert (label, monday_line.needed, monday_line.planned) == ("Morning", 1, 1)
    assert dict(cells)[shop["monday"] + timedelta(days=1)].planned == 0


def test_the_shift_check_marks_a_hard_conflict(client, login, team, shop, booked):
    login(client, team["users"]["planner"])

    response = client.post(
        reverse("scheduling:shift-check", args=[shop["published"].pk]),
        _ten_to_six(team["people"]["staff"], shop["monday"]),
        **HTMX,
    )

    assert [c.code for c in response.context["conflicts"]] == ["double_booked"]
    assert "Saved only with Override" in response.content.decode()

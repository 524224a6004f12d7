"""Publishing lists what it leaves undone: coverage gaps, an empty roster, and the planned cost
against the budget (totals, for those who may see cost). Each warning needs its confirmation,
checked by the server."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from backoffice import roles
from backoffice.models import AuditEvent, Notification
from scheduling.models import SchedulePeriod
from scheduling.selectors import publish_checks
from tests.scheduling import factories

CONFIRM = "Tick this to publish anyway."
#: 14 shifts of 7.5 paid hours at 2,500.00 a month for 40 h a week, rounded per shift.
PLANNED = Decimal("1514.38")


@pytest.fixture
def empty_draft(shop):
    return shop["draft"]


def test_an_empty_draft_warns_and_lists_every_gap(client, login, team, shop, empty_draft):
    login(client, team["users"]["planner"])

    page = client.get(reverse("scheduling:period-publish", args=[empty_draft.pk]))

    checks = page.context["checks"]
    assert checks.shifts == 0
    assert [(g.day, g.label, g.short) for g in checks.gaps] == [
        (empty_draft.start + timedelta(days=n), "Morning", 1) for n in range(7)
    ]
    assert checks.warnings == ["empty", "gaps"]
    body = page.content.decode()
    assert "This schedule has no shifts" in body
    assert "Every shift keeps the working-time rules." not in body
    assert 'id="confirm_empty"' in body and 'id="confirm_gaps"' in body


def test_publishing_without_the_confirmations_is_refused(client, login, team, shop, empty_draft):
    login(client, team["users"]["planner"])

    response = client.post(
        reverse("scheduling:period-publish", args=[empty_draft.pk]), {"confirm": "gaps"}
    )

    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Confirm each warning below; nothing was published."
    ]
    assert [(c["code"], c["checked"], c["error"]) for c in response.context["confirmations"]] == [
        ("empty", False, [CONFIRM]),
        ("gaps", True, None),
    ]
    empty_draft.refresh_from_db()
    assert (empty_draft.status, empty_draft.published_at) == (SchedulePeriod.Status.DRAFT, None)
    assert not AuditEvent.objects.filter(kind="scheduling.period_published").exists()
    assert not Notification.objects.exists()


def test_publishing_with_every_confirmation_goes_through(client, login, team, shop, empty_draft):
    login(client, team["users"]["planner"])

    response = client.post(
        reverse("scheduling:period-publish", args=[empty_draft.pk]),
        {"confirm": ["empty", "gaps"]},
    )

    assert response.status_code == 302
    empty_draft.refresh_from_db()
    assert empty_draft.status == SchedulePeriod.Status.PUBLISHED


def test_a_covered_draft_has_no_gaps(team, shop):
    draft = shop["draft"]
    for n in range(7):
        factories.shift(
            draft, team["people"]["staff"], draft.start + timedelta(days=n), shop["morning"]
        )

    checks = publish_checks(period=draft, viewer=team["users"]["planner"])

    assert (checks.shifts, checks.gaps) == (7, [])


def test_cost_over_the_budget_is_a_warning_with_totals_only(team, shop):
    draft = shop["draft"]
    shop["location"].weekly_budget = Decimal("100.00")
    shop["location"].save(update_fields=["weekly_budget"])
    for n in range(7):
        day = draft.start + timedelta(days=n)
        factories.shift(draft, team["people"]["staff"], day, shop["morning"])
        factories.shift(draft, team["people"]["colleague"], day, shop["evening"])

    checks = publish_checks(period=draft, viewer=team["users"]["planner"])

    planned, budget = checks.cost
    assert budget == Decimal("100.00")
    assert planned == PLANNED
    assert checks.warnings == ["budget"]


def test_cost_is_not_shown_to_who_may_not_see_it(team, shop, make_user):
    draft = shop["draft"]
    shop["location"].weekly_budget = Decimal("100.00")
    shop["location"].save(update_fields=["weekly_budget"])
    factories.shift(draft, team["people"]["staff"], draft.start, shop["morning"])
    clerk = make_user(roles.STAFF, username="clerk")

    checks = publish_checks(period=draft, viewer=clerk)

    assert checks.cost is None
    assert "budget" not in checks.warnings

"""The data migration of 0005: the default rules' pay period becomes the organisation's, and the
night factor's extra minutes move from strings in JSON to a Decimal column (and back)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.hr import factories as hr_factories

BEFORE = [("scheduling", "0004_staff_limits_and_wish_weight"), ("backoffice", "0001_initial")]
AFTER = [
    ("scheduling", "0005_timesheet_history_night_bonus_pay_period"),
    ("backoffice", "0002_organisation_pay_period"),
]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_the_pay_period_and_night_minutes_are_moved_forwards_and_back():
    person = hr_factories.employee()
    old = _migrate(BEFORE)
    old.get_model("backoffice", "Organisation").objects.update_or_create(pk=1)
    old.get_model("scheduling", "WorkingTimeRules").objects.create(
        name="Default", preset="bg", is_default=True, pay_period="weekly"
    )
    sheets = old.get_model("scheduling", "Timesheet")
    march = sheets.objects.create(
        employee_id=person.pk,
        start=date(2026, 3, 1),
        end=date(2026, 3, 31),
        status="approved",
        totals={"worked": 480, "night": 420, "night_bonus": "60.060"},
    )
    april = sheets.objects.create(
        employee_id=person.pk, start=date(2026, 4, 1), end=date(2026, 4, 30)
    )
    old.get_model("scheduling", "TimesheetAdjustment").objects.create(
        timesheet=april, source=march, minutes={"worked": -30, "night_bonus": "-4.290"}, reason="x"
    )

    new = _migrate(AFTER)

    assert new.get_model("backoffice", "Organisation").objects.get().pay_period == "weekly"
    moved = new.get_model("scheduling", "Timesheet").objects.get(pk=march.pk)
    assert (moved.totals, moved.night_bonus_minutes) == (
        {"worked": 480, "night": 420},
        Decimal("60.060"),
    )
    adjustment = new.get_model("scheduling", "TimesheetAdjustment").objects.get()
    assert (adjustment.minutes, adjustment.night_bonus_minutes) == (
        {"worked": -30},
        Decimal("-4.290"),
    )

    back = _migrate(BEFORE)

    assert back.get_model("scheduling", "WorkingTimeRules").objects.get().pay_period == "weekly"
    assert back.get_model("scheduling", "Timesheet").objects.get(pk=march.pk).totals == {
        "worked": 480,
        "night": 420,
        "night_bonus": "60.060",
    }
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())  # every app as the other tests expect

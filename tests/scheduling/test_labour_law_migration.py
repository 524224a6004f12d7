"""The data migration of scheduling 0007: Bulgarian rule sets take the law's regime and caps, and
approved timesheets keep their locked figures, with the old single overtime figure kept as
working-day overtime under the thresholds regime they were counted by."""

from __future__ import annotations

from datetime import date, time

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from tests.hr import factories as hr_factories

BEFORE = [("scheduling", "0006_shift_unpublished_changes")]
AFTER = [("scheduling", "0007_working_time_regime")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_rules_and_approved_timesheets_are_migrated():
    person = hr_factories.employee()
    old = _migrate(BEFORE)
    rules = old.get_model("scheduling", "WorkingTimeRules")
    rules.objects.create(name="BG", preset="bg", is_default=True)
    rules.objects.create(name="Shifts", preset="bg_summarised")
    rules.objects.create(name="EU", preset="eu")
    sheets = old.get_model("scheduling", "Timesheet")
    locked = sheets.objects.create(
        employee_id=person.pk,
        start=date(2026, 2, 1),
        end=date(2026, 2, 28),
        status="approved",
        totals={"worked": 2700, "regular": 2400, "overtime": 300, "night": 0},
    )
    still_open = sheets.objects.create(
        employee_id=person.pk, start=date(2026, 3, 1), end=date(2026, 3, 31)
    )

    new = _migrate(AFTER)

    by_name = {r.name: r for r in new.get_model("scheduling", "WorkingTimeRules").objects.all()}
    assert (by_name["BG"].accounting, by_name["BG"].overtime_year_minutes) == ("daily", 9000)
    assert by_name["BG"].young_minor_night_start == time(20)
    assert by_name["Shifts"].accounting == "summarised"
    assert (by_name["EU"].accounting, by_name["EU"].overtime_year_minutes) == ("thresholds", None)
    moved = new.get_model("scheduling", "Timesheet")
    assert moved.objects.get(pk=locked.pk).totals == {
        "worked": 2700,
        "regular": 2400,
        "overtime": 300,
        "night": 0,
        "overtime_workday": 300,
        "overtime_rest_day": 0,
        "overtime_holiday": 0,
        "overtime_summarised": 0,
        "overtime_night": 0,
        "regime": "thresholds",
    }
    assert moved.objects.get(pk=still_open.pk).totals == {}

"""Scheduling in the admin: every model is listed and searchable, and what payroll pays from is
read-only there (an approved timesheet, every adjustment)."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib import admin
from django.urls import reverse

from backoffice import roles
from scheduling.models import Timesheet, TimesheetAdjustment
from tests.conftest import login_verified

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def superuser(make_user):
    return make_user(roles.ADMINISTRATOR, is_superuser=True, is_staff=True)


def _scheduling_models():
    return sorted(
        (model for model in admin.site._registry if model._meta.app_label == "scheduling"),
        key=lambda model: model.__name__,
    )


def test_every_scheduling_model_is_in_the_admin_with_its_list_and_search(client, superuser, team):
    from django.apps import apps

    registered = set(_scheduling_models())
    assert registered == {
        model
        for model in apps.get_app_config("scheduling").get_models()
        if not model.__name__.startswith("Historical")
    }
    login_verified(client, superuser)
    for model in registered:
        model_admin = admin.site._registry[model]
        assert model_admin.list_display != ("__str__",), model
        assert model_admin.search_fields, model
        url = reverse(f"admin:scheduling_{model._meta.model_name}_changelist")
        assert client.get(url, {"q": "Петров"}).status_code == 200, url


def test_an_approved_timesheet_and_its_adjustments_are_read_only_in_the_admin(
    client, superuser, team
):
    staff = team["people"]["staff"]
    locked = Timesheet.objects.create(
        employee=staff, start=MARCH[0], end=MARCH[1], status=Timesheet.Status.APPROVED
    )
    following = Timesheet.objects.create(
        employee=staff, start=date(2026, 4, 1), end=date(2026, 4, 30)
    )
    adjustment = TimesheetAdjustment.objects.create(
        timesheet=following, source=locked, minutes={"worked": 60}, reason="Late correction"
    )
    login_verified(client, superuser)

    change = client.post(
        reverse("admin:scheduling_timesheet_change", args=[locked.pk]),
        {"employee": staff.pk, "start": "2026-03-01", "end": "2026-03-15", "status": "open"},
    )
    delete = client.post(
        reverse("admin:scheduling_timesheet_delete", args=[locked.pk]), {"post": "yes"}
    )
    adjustment_change = client.post(
        reverse("admin:scheduling_timesheetadjustment_change", args=[adjustment.pk]),
        {"reason": "Changed"},
    )
    adjustment_delete = client.post(
        reverse("admin:scheduling_timesheetadjustment_delete", args=[adjustment.pk]),
        {"post": "yes"},
    )
    view = client.get(reverse("admin:scheduling_timesheet_change", args=[locked.pk]))
    open_page = client.get(reverse("admin:scheduling_timesheet_change", args=[following.pk]))

    assert [change.status_code, delete.status_code] == [403, 403]
    assert [adjustment_change.status_code, adjustment_delete.status_code] == [403, 403]
    assert view.status_code == 200
    assert view.context["has_change_permission"] is False
    assert open_page.context["has_change_permission"] is True
    locked.refresh_from_db()
    adjustment.refresh_from_db()
    assert (locked.end, locked.status) == (MARCH[1], Timesheet.Status.APPROVED)
    assert adjustment.reason == "Late correction"
    assert Timesheet.objects.count() == 2
    assert TimesheetAdjustment.objects.count() == 1

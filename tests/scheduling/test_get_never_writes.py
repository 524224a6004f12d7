"""A GET never writes: every HR and scheduling page of the role x URL matrix leaves the row count
of every table as it found it, for every role that may open it.

Rows are made by services on POST or by the nightly jobs; a page that needs a record that does
not exist yet (the current period's timesheet, the organisation's default working-time rules)
shows an unsaved one.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.urls import reverse

from backoffice import roles
from scheduling.models import Timesheet, WorkingTimeRules
from tests.backoffice.test_matrix import MATRIX, world  # noqa: F401  (world is a fixture)
from tests.conftest import login_verified

#: Sign-in bookkeeping, not the page's doing.
IGNORED_TABLES = ("django_session", "axes_")
PAGES = [row for row in MATRIX if row.name.startswith(("hr:", "scheduling:"))]


def _row_counts() -> dict[str, int]:
    tables = [
        name
        for name in connection.introspection.table_names()
        if not name.startswith(IGNORED_TABLES)
    ]
    union = " UNION ALL ".join(
        f"SELECT %s, COUNT(*) FROM {connection.ops.quote_name(name)}"  # noqa: S608 (introspected names)
        for name in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(union, tables)
        return dict(cursor.fetchall())


@pytest.mark.parametrize("role", roles.ROLES)
def test_no_hr_or_scheduling_page_writes_on_get(role, world, client):  # noqa: F811
    login_verified(client, world["people"][role])
    opened, changed = 0, []
    for row in PAGES:
        if row.expect[role] != 200:
            continue
        url = reverse(row.name, args=row.args(world))
        before = _row_counts()
        response = client.get(url)
        after = _row_counts()
        assert response.status_code == 200, url
        opened += 1
        grown = {t: after[t] - before[t] for t in after if after[t] != before.get(t)}
        if grown:
            changed.append(f"{row.name} ({url}): {grown}")
    assert opened > 0
    assert not changed, "\n".join(changed)


def test_the_clock_and_my_timesheets_show_the_current_period_without_saving_it(
    world,  # noqa: F811
    client,
):
    manager = world["people"][roles.MANAGER]
    login_verified(client, manager)
    before = Timesheet.objects.count()

    clock = client.get(reverse("scheduling:clock-detail"))
    mine = client.get(reverse("scheduling:timesheet-mine"))

    assert clock.status_code == 200
    assert mine.status_code == 200
    assert clock.context["sheet"].pk is None
    assert [sheet.pk for sheet in mine.context["page"].object_list][:1] in ([None], [])
    assert Timesheet.objects.count() == before


def test_the_set_up_page_lists_the_default_rules_unsaved_and_saving_the_form_makes_them(
    world,  # noqa: F811
    client,
):
    WorkingTimeRules.objects.all().delete()
    login_verified(client, world["people"][roles.PLANNER])

    page = client.get(reverse("scheduling:setup-list"))
    form = client.get(reverse("scheduling:setup-create", args=["rules"]) + "?default=1")

    assert [(r.pk, r.is_default) for r in page.context["rules"]] == [(None, True)]
    assert form.status_code == 200
    assert WorkingTimeRules.objects.count() == 0
    data = {
        name: value
        for name, value in form.context["form"].initial.items()
        if value is not None and name != "id"
    }
    response = client.post(reverse("scheduling:setup-create", args=["rules"]) + "?default=1", data)
    assert response.status_code == 302
    saved = WorkingTimeRules.objects.get()
    assert saved.is_default is True
    assert saved.name == page.context["rules"][0].name

"""The planner's set-up pages write through services: staff and skills, coverage, records, each
person's own limits; staff say how much a wish matters."""

from __future__ import annotations

from backoffice.models import AuditEvent
from scheduling.models import Availability, Coverage, ShiftTypeLimit, Skill, StaffLimits
from tests.scheduling import factories


def test_the_staff_grid_sets_skills_and_removes_people(client, login, team, shop):
    people, location = team["people"], shop["location"]
    login(client, team["users"]["planner"])
    till, aid = shop["till"], shop["first_aid"]
    response = client.post(
        f"/scheduling/locations/{location.pk}/skills/",
        {
            f"skill_{aid.pk}_{people['staff'].pk}": "on",
            f"skill_{till.pk}_{people['outsider'].pk}": "on",  # not staff here: ignored
            "remove": [str(people["manager"].pk)],
        },
    )
    assert response.status_code == 302
    assert set(people["staff"].skills.all()) == {aid}
    assert not people["colleague"].skills.exists()  # unticked: removed
    assert not people["outsider"].skills.filter(pk=till.pk).exists()
    assert set(location.members.all()) == {people["staff"], people["colleague"]}
    assert AuditEvent.objects.filter(kind="scheduling.setup_changed").count() == 1


def test_people_are_added_by_employee_number(client, login, team, shop):
    outsider, location = team["people"]["outsider"], shop["location"]
    login(client, team["users"]["planner"])
    client.post(
        f"/scheduling/locations/{location.pk}/",
        {"add_members": "1", "numbers": outsider.employee_number},
    )
    assert location.members.filter(pk=outsider.pk).exists()
    response = client.post(
        f"/scheduling/locations/{location.pk}/", {"add_members": "1", "numbers": "NOPE-1"}
    )
    assert response.status_code == 200
    assert "No current employee has the number NOPE-1." in response.content.decode()


def test_a_template_in_use_cannot_be_deleted_and_coverage_lines_can(client, login, team, shop):
    login(client, team["users"]["planner"])
    factories.shift(shop["draft"], team["people"]["staff"], shop["draft"].start, shop["morning"])
    response = client.post(f"/scheduling/setup/template/{shop['night'].pk}/delete/", follow=True)
    assert "Deleted." in response.content.decode()
    line = Coverage.objects.filter(location=shop["location"]).first()
    client.post(f"/scheduling/locations/{shop['location'].pk}/coverage/{line.pk}/delete/")
    assert not Coverage.objects.filter(pk=line.pk).exists()
    skill = Skill.objects.create(code="X", name="Spare")
    client.post(f"/scheduling/setup/skill/{skill.pk}/delete/")
    assert not Skill.objects.filter(pk=skill.pk).exists()


def _limits_form(**values) -> dict:
    data = {
        "min_hours": "",
        "max_hours": "",
        "max_weekends": "",
        "min_days_off_in_row": "",
        "caps-TOTAL_FORMS": "2",
        "caps-INITIAL_FORMS": "0",
        "caps-MIN_NUM_FORMS": "0",
        "caps-MAX_NUM_FORMS": "20",
        "caps-0-template": "",
        "caps-0-max_shifts": "",
        "caps-1-template": "",
        "caps-1-max_shifts": "",
    }
    data.update(values)
    return data


def test_own_limits_are_set_in_hours_and_kept_in_minutes(client, login, team, shop):
    colleague, location = team["people"]["colleague"], shop["location"]
    login(client, team["users"]["planner"])
    url = f"/scheduling/people/{colleague.pk}/limits/?location={location.pk}"
    assert client.get(url).status_code == 200

    response = client.post(
        url,
        _limits_form(
            min_hours="10",
            max_hours="37.5",
            max_weekends="2",
            min_days_off_in_row="2",
            **{"caps-0-template": str(shop["night"].pk), "caps-0-max_shifts": "4"},
        ),
    )

    assert response.status_code == 302 and response["Location"].endswith(f"/{location.pk}/")
    limits = StaffLimits.objects.get(employee=colleague)
    assert (limits.min_period_minutes, limits.max_period_minutes) == (600, 2250)
    assert (limits.max_weekends, limits.min_days_off_in_row) == (2, 2)
    assert [(c.template_id, c.max_shifts) for c in limits.shift_limits.all()] == [
        (shop["night"].pk, 4)
    ]
    assert AuditEvent.objects.filter(kind="scheduling.setup_changed").count() == 1
    page = client.get(f"/scheduling/locations/{location.pk}/").content.decode()
    assert "at least 10:00 h, at most 37:30 h, at most 2 weekends" in page
    assert "Night at most 4" in page

    again = client.post(url, _limits_form(max_hours="40"))  # the night limit row emptied

    assert again.status_code == 302
    limits.refresh_from_db()
    assert (limits.min_period_minutes, limits.max_period_minutes) == (None, 2400)
    assert not ShiftTypeLimit.objects.exists()


def test_own_limits_that_contradict_each_other_save_nothing(client, login, team, shop):
    colleague, night = team["people"]["colleague"], shop["night"]
    login(client, team["users"]["planner"])
    url = f"/scheduling/people/{colleague.pk}/limits/?location=99999999999999999999"

    wrong = client.post(url, _limits_form(min_hours="40", max_hours="20"))
    twice = client.post(
        url,
        _limits_form(
            **{
                "caps-0-template": str(night.pk),
                "caps-0-max_shifts": "4",
                "caps-1-template": str(night.pk),
                "caps-1-max_shifts": "2",
            }
        ),
    )
    half = client.post(url, _limits_form(**{"caps-0-template": str(night.pk)}))
    hostile = client.post(
        url,
        _limits_form(
            min_hours="NaN",
            max_hours="1e999",
            **{"caps-0-template": "99999999999999999999", "caps-0-max_shifts": "-1"},
        ),
    )

    assert wrong.status_code == twice.status_code == half.status_code == 200
    assert hostile.status_code == 200
    assert "The most hours cannot be fewer than the least." in wrong.content.decode()
    assert "Each shift may be limited once." in twice.content.decode()
    assert "Say how many shifts at most." in half.content.decode()
    assert not StaffLimits.objects.exists()


def test_only_planners_set_own_limits(client, login, team, shop):
    colleague = team["people"]["colleague"]
    login(client, team["users"]["manager"])
    url = f"/scheduling/people/{colleague.pk}/limits/"

    assert client.get(url).status_code == 403
    assert client.post(url, _limits_form(max_hours="10")).status_code == 403
    assert not StaffLimits.objects.exists()
    login(client, team["users"]["planner"])
    assert client.get("/scheduling/people/999999/limits/").status_code == 404


def test_a_wish_says_how_much_it_matters(client, login, team, shop):
    login(client, team["users"]["staff"])
    response = client.post(
        "/scheduling/me/availability/",
        {
            "kind": "avoided",
            "weekday": "4",
            "template": str(shop["evening"].pk),
            "weight": "20",
            "note": "",
        },
    )
    assert response.status_code == 302
    wish = Availability.objects.get(employee=team["people"]["staff"])
    assert (wish.kind, wish.weekday, wish.template_id, wish.weight) == (
        "avoided",
        4,
        shop["evening"].pk,
        20,
    )
    page = client.get("/scheduling/me/availability/").content.decode()
    assert "matters: Very much" in page

"""The planner's set-up pages write through services: staff and skills, coverage, records."""

from __future__ import annotations

from backoffice.models import AuditEvent
from scheduling.models import Coverage, Skill
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

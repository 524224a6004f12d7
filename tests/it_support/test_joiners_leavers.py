"""HR's events open IT's tickets: a joiner's access and equipment (from the position's access
profile), a leaver's revocation and the collection of each asset they hold; resolving the
revocation frees their licence seats. Running a reaction twice opens nothing new."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from hr.models import Position
from hr.services import employee_create, employment_end
from it_support.models import AccessProfile, Asset, Licence, LicenceSeat, Ticket
from it_support.services import (
    asset_check_out,
    joiner_tickets_open,
    leaver_tickets_open,
    licence_save,
    seat_assign,
    ticket_status_set,
)


def test_a_hire_opens_the_positions_access_and_equipment_tickets(
    desk, django_capture_on_commit_callbacks
):
    position = Position.objects.create(title="Касиер")
    AccessProfile.objects.create(position=position, systems=["ERP", "Поща"], equipment=["Лаптоп"])
    with django_capture_on_commit_callbacks(execute=True):
        employee = employee_create(
            actor=desk["users"]["hr"],
            data={
                "employee_number": "J-1",
                "first_name": "Нина",
                "last_name": "Нова",
                "hire_date": timezone.localdate() + timedelta(days=7),
                "department": desk["people"]["staff"].department,
                "position": position,
            },
        )
    tickets = Ticket.objects.filter(person=employee).order_by("pk")
    assert [(t.action, t.action_target) for t in tickets] == [
        ("grant_access", "ERP"),
        ("grant_access", "Поща"),
        ("issue_equipment", "Лаптоп"),
    ]
    assert {t.queue.code for t in tickets} == {"access"}
    assert tickets[0].subject == "Access for Нина Нова: ERP"
    joiner_tickets_open(employee_id=employee.pk)
    assert Ticket.objects.filter(person=employee).count() == 3


def test_a_leaver_gets_revoke_and_collect_tickets_and_seats_free_on_resolution(
    desk, django_capture_on_commit_callbacks
):
    agent = desk["users"]["agent"]
    person = desk["people"]["other"]
    asset = Asset.objects.create(tag="BR-7", model="ThinkPad")
    asset_check_out(asset=asset, employee=person, actor=agent)
    acrobat = licence_save(licence=Licence(name="Acrobat"), seats_total=2, actor=agent)
    seat_assign(licence=acrobat, actor=agent, employee=person)
    with django_capture_on_commit_callbacks(execute=True):
        employment_end(
            actor=desk["users"]["hr"],
            employee=person,
            last_day=timezone.localdate() + timedelta(days=14),
            reason="resignation",
        )
    tickets = {t.action: t for t in Ticket.objects.filter(person=person)}
    assert set(tickets) == {"revoke_access", "collect_asset"}
    assert "Acrobat" in tickets["revoke_access"].description
    assert tickets["collect_asset"].queue.code == "hardware"
    assert list(tickets["collect_asset"].assets.all()) == [asset]
    assert (
        leaver_tickets_open(employee_id=person.pk)
        and Ticket.objects.filter(person=person).count() == 2
    )
    assert LicenceSeat.objects.filter(employee=person).count() == 1
    ticket_status_set(ticket=tickets["revoke_access"], status="resolved", actor=agent)
    assert not LicenceSeat.objects.filter(employee=person).exists()


def test_no_tickets_for_a_person_who_is_not_leaving(desk):
    assert leaver_tickets_open(employee_id=desk["people"]["staff"].pk) == []
    assert leaver_tickets_open(employee_id=999999) == []
    assert not Ticket.objects.exists()

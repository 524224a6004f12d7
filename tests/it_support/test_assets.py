"""Assets and licence seats: check-out of a deployed asset refused, acknowledgement by the person,
check-in with history; seat capacity held by the database, also under concurrency."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from it_support.models import Asset, AssetAssignment, Licence, LicenceSeat
from it_support.services import (
    asset_acknowledge,
    asset_check_in,
    asset_check_out,
    licence_save,
    seat_assign,
    seat_free,
)


def laptop(tag: str = "BR-1") -> Asset:
    return Asset.objects.create(tag=tag, model="ThinkPad T14")


def licence(seats: int, actor, name: str = "Acrobat") -> Licence:
    return licence_save(licence=Licence(name=name), seats_total=seats, actor=actor)


def test_check_out_acknowledge_and_check_in_keep_the_history(desk):
    agent, staff = desk["users"]["agent"], desk["users"]["staff"]
    person = desk["people"]["staff"]
    asset = laptop()
    assignment = asset_check_out(
        asset=asset,
        employee=person,
        actor=agent,
        expected_return=timezone.localdate() + timedelta(days=30),
    )
    asset.refresh_from_db()
    assert (asset.status, asset.holder) == ("deployed", person)
    with pytest.raises(ValidationError, match="only an asset in stock"):
        asset_check_out(asset=asset, employee=desk["people"]["other"], actor=agent)
    assert AssetAssignment.objects.count() == 1
    with pytest.raises(ValidationError):
        asset_acknowledge(assignment=assignment, actor=desk["users"]["other"])
    asset_acknowledge(assignment=assignment, actor=staff)
    assignment.refresh_from_db()
    assert assignment.acknowledged_at is not None
    asset_check_in(asset=asset, actor=agent)
    asset.refresh_from_db()
    assignment.refresh_from_db()
    assert (asset.status, asset.holder) == ("in_stock", None)
    assert assignment.checked_in_at is not None
    with pytest.raises(ValidationError, match="not checked out"):
        asset_check_in(asset=asset, actor=agent)


def test_a_return_date_in_the_past_is_refused(desk):
    asset = laptop()
    with pytest.raises(ValidationError):
        asset_check_out(
            asset=asset,
            employee=desk["people"]["staff"],
            actor=desk["users"]["agent"],
            expected_return=timezone.localdate() - timedelta(days=1),
        )
    asset.refresh_from_db()
    assert asset.status == "in_stock" and not AssetAssignment.objects.exists()


def test_seats_beyond_capacity_are_refused(desk):
    agent = desk["users"]["agent"]
    acrobat = licence(1, agent)
    seat_assign(licence=acrobat, actor=agent, employee=desk["people"]["staff"])
    with pytest.raises(ValidationError, match="All 1 seats"):
        seat_assign(licence=acrobat, actor=agent, employee=desk["people"]["other"])
    with pytest.raises(ValidationError, match="already holds"):
        seat_assign(licence=acrobat, actor=agent, employee=desk["people"]["staff"])
    assert LicenceSeat.objects.filter(employee__isnull=False).count() == 1
    with pytest.raises(ValidationError, match="in use"):
        licence_save(licence=acrobat, seats_total=0, actor=agent)
    seat_free(seat=LicenceSeat.objects.get(licence=acrobat), actor=agent)
    seat_assign(licence=acrobat, actor=agent, employee=desk["people"]["other"])


def test_growing_and_shrinking_a_licence_keeps_used_seats(desk):
    agent = desk["users"]["agent"]
    office = licence(3, agent, name="Office")
    seat_assign(licence=office, actor=agent, employee=desk["people"]["staff"])
    licence_save(licence=office, seats_total=5, actor=agent)
    assert office.seats.count() == 5
    licence_save(licence=office, seats_total=1, actor=agent)
    assert list(office.seats.values_list("employee", flat=True)) == [desk["people"]["staff"].pk]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_tabs_at_once_cannot_both_take_the_last_seat(desk):
    agent = desk["users"]["agent"]
    acrobat = licence(1, agent)
    people = [desk["people"]["staff"], desk["people"]["other"]]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def take(person):
        try:
            barrier.wait(timeout=5)
            seat_assign(licence=acrobat, actor=agent, employee=person)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=take, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[0].startswith("All 1 seats")
    assert outcomes.count("ok") == 1
    assert LicenceSeat.objects.filter(employee__isnull=False).count() == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_person_from_two_tabs_gets_one_seat(desk):
    agent = desk["users"]["agent"]
    acrobat = licence(5, agent)
    person = desk["people"]["staff"]
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def take():
        try:
            barrier.wait(timeout=5)
            seat_assign(licence=acrobat, actor=agent, employee=person)
            outcomes.append("ok")
        except ValidationError as exc:
            outcomes.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=take) for _n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcomes.count("ok") == 1
    assert LicenceSeat.objects.filter(employee=person).count() == 1


def test_a_licence_renewal_reminder_is_sent_once_per_expiry(desk):
    from backoffice.models import Notification
    from it_support.services import licences_remind

    agent = desk["users"]["agent"]
    today = timezone.localdate()
    office = licence(2, agent, name="Office")
    office.expires_on = today + timedelta(days=10)
    office.save()
    licence(2, agent, name="Later").__class__.objects.filter(name="Later").update(
        expires_on=today + timedelta(days=90)
    )
    Notification.objects.all().delete()
    assert licences_remind(today=today) == 1
    assert licences_remind(today=today) == 0
    office.refresh_from_db()
    office.expires_on = today + timedelta(days=20)
    office.save()
    assert licences_remind(today=today) == 1
    assert Notification.objects.filter(recipient=agent).count() == 2

"""Assets (check-out, acknowledgement, check-in, audit) and licence seats (capacity held by the
seat rows themselves: a seat is taken by an UPDATE of a free row under a lock, so two tabs at
once cannot both take the last one)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record, notification_send
from hr.models import Employee
from it_support.audit import ItAudit
from it_support.models import Asset, AssetAssignment, Licence, LicenceSeat, Queue, Ticket

NOT_IN_STOCK = _("%(tag)s is %(status)s; only an asset in stock can be checked out.")
NOT_DEPLOYED = _("%(tag)s is not checked out.")
NEXT_AUDIT_FUTURE = _("The next audit must fall after today.")
NOT_YOURS = _("This asset is not checked out to you.")
NO_SEAT_LEFT = _("All %(total)s seats of %(name)s are taken; free one or buy more.")
ALREADY_HOLDS = _("%(name)s already holds a seat of this licence.")
PERSON_OR_ASSET = _("Choose a person or an asset, not both.")
SEATS_IN_USE = _("%(used)s seats are in use; the licence cannot have fewer.")
RETURN_BEFORE_OUT = _("The expected return cannot be before today.")
LEFT_PERSON = _("%(name)s no longer works here.")


def _later(message, **params):
    return lazy(lambda: str(message) % params, str)()


@transaction.atomic
def asset_check_out(
    *,
    asset: Asset,
    employee: Employee,
    actor: User,
    expected_return: date | None = None,
    note: str = "",
    now: datetime | None = None,
) -> AssetAssignment:
    now = now or timezone.now()
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    if asset.status != Asset.Status.IN_STOCK:
        raise ValidationError(
            _later(NOT_IN_STOCK, tag=asset.tag, status=Asset.Status(asset.status).label)
        )
    if expected_return is not None and expected_return < timezone.localdate(now):
        raise ValidationError({"expected_return": RETURN_BEFORE_OUT})
    if employee.end_date is not None and employee.end_date < timezone.localdate(now):
        raise ValidationError({"employee": _later(LEFT_PERSON, name=employee.full_name)})
    assignment = AssetAssignment.objects.create(
        asset=asset,
        employee=employee,
        checked_out_at=now,
        expected_return=expected_return,
        checked_out_by=actor,
        note=(note or "")[:300],
    )
    asset.status = Asset.Status.DEPLOYED
    asset.holder = employee
    asset.save(update_fields=["status", "holder"])
    action_record(
        kind=ItAudit.ASSET_CHECKED_OUT,
        summary=gettext_noop("%(tag)s checked out to %(name)s"),
        params={"tag": asset.tag, "name": employee.full_name},
        actor=actor,
        target=asset,
    )
    if employee.user_id and employee.user.is_active:
        notification_send(
            recipient=employee.user,
            title=_later(_("Please confirm you received %(asset)s"), asset=str(asset)),
            url=reverse("it_support:asset-mine"),
            email=True,
        )
    return assignment


@transaction.atomic
def asset_acknowledge(*, assignment: AssetAssignment, actor: User) -> AssetAssignment:
    assignment = (
        AssetAssignment.objects.select_for_update().select_related("employee").get(pk=assignment.pk)
    )
    if assignment.employee.user_id != actor.pk or assignment.checked_in_at is not None:
        raise ValidationError(NOT_YOURS)
    if assignment.acknowledged_at is None:
        assignment.acknowledged_at = timezone.now()
        assignment.save(update_fields=["acknowledged_at"])
    return assignment


@transaction.atomic
def asset_check_in(
    *,
    asset: Asset,
    actor: User,
    status: str = Asset.Status.IN_STOCK,
    now: datetime | None = None,
) -> Asset:
    now = now or timezone.now()
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    if asset.status != Asset.Status.DEPLOYED:
        raise ValidationError(_later(NOT_DEPLOYED, tag=asset.tag))
    if status == Asset.Status.DEPLOYED or status not in Asset.Status.values:
        status = Asset.Status.IN_STOCK
    holder = asset.holder
    AssetAssignment.objects.filter(asset=asset, checked_in_at__isnull=True).update(
        checked_in_at=now
    )
    asset.status, asset.holder = status, None
    asset.save(update_fields=["status", "holder"])
    action_record(
        kind=ItAudit.ASSET_CHECKED_IN,
        summary=gettext_noop("%(tag)s checked in from %(name)s"),
        params={"tag": asset.tag, "name": holder.full_name if holder else ""},
        actor=actor,
        target=asset,
    )
    return asset


@transaction.atomic
def asset_audit(
    *, asset: Asset, actor: User, next_audit: date | None, location: str | None = None
) -> Asset:
    """Record that the asset was seen today (where, when given) and when to look again."""
    today = timezone.localdate()
    if next_audit is not None and next_audit <= today:
        raise ValidationError({"next_audit": NEXT_AUDIT_FUTURE})
    asset.last_audit = today
    asset.next_audit = next_audit
    fields = ["last_audit", "next_audit"]
    if location is not None:
        asset.location = location.replace("\x00", "").strip()[:150]
        fields.append("location")
    asset.save(update_fields=fields)
    action_record(
        kind=ItAudit.ASSET_AUDITED,
        summary=gettext_noop("%(tag)s audited; next audit %(next)s"),
        params={"tag": asset.tag, "next": next_audit.isoformat() if next_audit else "-"},
        actor=actor,
        target=asset,
    )
    return asset


@transaction.atomic
def licence_save(*, licence: Licence, seats_total: int, actor: User) -> Licence:
    """Create or update a licence; its seat rows follow ``seats_total`` (free seats only go)."""
    creating = licence.pk is None
    if not creating:
        Licence.objects.select_for_update().get(pk=licence.pk)
        used = licence.seats.filter(employee__isnull=True, asset__isnull=True).count()
        used = licence.seats.count() - used
        if seats_total < used:
            raise ValidationError({"seats_total": _later(SEATS_IN_USE, used=used)})
    licence.seats_total = seats_total
    licence.save()
    count = licence.seats.count()
    if seats_total > count:
        top = licence.seats.aggregate(top=Max("number"))["top"] or 0
        LicenceSeat.objects.bulk_create(
            LicenceSeat(licence=licence, number=top + n + 1) for n in range(seats_total - count)
        )
    elif seats_total < count:
        free = list(
            licence.seats.filter(employee__isnull=True, asset__isnull=True)
            .order_by("-number")
            .values_list("pk", flat=True)[: count - seats_total]
        )
        LicenceSeat.objects.filter(pk__in=free).delete()
    action_record(
        kind=ItAudit.LICENCE_CHANGED,
        summary=gettext_noop("Licence %(name)s: %(seats)s seats"),
        params={"name": licence.name, "seats": seats_total},
        actor=actor,
        target=licence,
    )
    return licence


def seat_assign(
    *,
    licence: Licence,
    actor: User,
    employee: Employee | None = None,
    asset: Asset | None = None,
) -> LicenceSeat:
    """Take one free seat for a person or an asset. Capacity: the seat rows; a free row is
    locked with SKIP LOCKED so concurrent requests take different rows or none."""
    if (employee is None) == (asset is None):
        raise ValidationError(PERSON_OR_ASSET)
    try:
        with transaction.atomic():
            holder = {"employee": employee} if employee is not None else {"asset": asset}
            if licence.seats.filter(**holder).exists():
                raise ValidationError(
                    _later(ALREADY_HOLDS, name=employee.full_name if employee else str(asset))
                )
            seat = (
                LicenceSeat.objects.select_for_update(skip_locked=True)
                .filter(licence=licence, employee__isnull=True, asset__isnull=True)
                .order_by("number")
                .first()
            )
            if seat is None:
                raise ValidationError(
                    _later(NO_SEAT_LEFT, total=licence.seats_total, name=licence.name)
                )
            seat.employee, seat.asset, seat.assigned_at = employee, asset, timezone.now()
            seat.save(update_fields=["employee", "asset", "assigned_at"])
            action_record(
                kind=ItAudit.SEAT_ASSIGNED,
                summary=gettext_noop("Seat %(number)s of %(name)s assigned"),
                params={"number": seat.number, "name": licence.name},
                actor=actor,
                target=licence,
            )
            _alert_low_seats(licence)
    except IntegrityError:
        raise ValidationError(
            _later(ALREADY_HOLDS, name=employee.full_name if employee else str(asset))
        ) from None
    return seat


def _alert_low_seats(licence: Licence) -> None:
    free = licence.seats.filter(employee__isnull=True, asset__isnull=True).count()
    low = free < licence.alert_free_below
    if low and not licence.low_seats_notified:
        Licence.objects.filter(pk=licence.pk).update(low_seats_notified=True)
        for queue in Queue.objects.filter(active=True, lead__isnull=False).select_related("lead"):
            notification_send(
                recipient=queue.lead,
                title=_later(_("%(name)s: only %(free)s seats left"), name=licence.name, free=free),
                url=reverse("it_support:licence-detail", args=[licence.pk]),
            )
            break
    elif not low and licence.low_seats_notified:
        Licence.objects.filter(pk=licence.pk).update(low_seats_notified=False)


@transaction.atomic
def seat_free(*, seat: LicenceSeat, actor: User | None) -> LicenceSeat:
    seat = LicenceSeat.objects.select_for_update().select_related("licence").get(pk=seat.pk)
    if seat.employee_id is None and seat.asset_id is None:
        return seat
    seat.employee = seat.asset = None
    seat.assigned_at = None
    seat.save(update_fields=["employee", "asset", "assigned_at"])
    action_record(
        kind=ItAudit.SEAT_FREED,
        summary=gettext_noop("Seat %(number)s of %(name)s freed"),
        params={"number": seat.number, "name": seat.licence.name},
        actor=actor,
        target=seat.licence,
    )
    _alert_low_seats(seat.licence)
    return seat


def seats_free_for_leaver(*, ticket: Ticket, actor: User | None) -> int:
    """A leaver's revocation ticket was resolved: their licence seats go back to the pool."""
    if ticket.person_id is None:
        return 0
    seats = list(LicenceSeat.objects.filter(employee_id=ticket.person_id))
    for seat in seats:
        seat_free(seat=seat, actor=actor)
    return len(seats)


REMIND_DAYS = 30


def licences_remind(*, today: date | None = None) -> int:
    """Tell the queue leads once about each licence that expires within ``REMIND_DAYS`` (again
    only after it was renewed to a new expiry date)."""
    today = today or timezone.localdate()
    due = Licence.objects.filter(
        expires_on__gte=today, expires_on__lte=today + timedelta(days=REMIND_DAYS)
    ).exclude(expiry_notified_on=F("expires_on"))
    leads = {
        queue.lead_id: queue.lead
        for queue in Queue.objects.filter(active=True, lead__is_active=True).select_related("lead")
    }
    count = 0
    for licence in due:
        with transaction.atomic():
            claimed = (
                Licence.objects.filter(pk=licence.pk)
                .exclude(expiry_notified_on=F("expires_on"))
                .update(expiry_notified_on=F("expires_on"))
            )
            if not claimed:
                continue
            for lead in leads.values():
                notification_send(
                    recipient=lead,
                    title=_later(
                        _("%(name)s expires on %(date)s: renew it"),
                        name=licence.name,
                        date=licence.expires_on.isoformat(),
                    ),
                    url=reverse("it_support:licence-detail", args=[licence.pk]),
                    email=True,
                )
            count += 1
    return count

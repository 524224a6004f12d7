"""IT's settings pages, read: SLA policies, business hours, access profiles, kept-aside mail,
assets due for an audit, and what a ticket may be linked to."""

from __future__ import annotations

from datetime import date, timedelta

from django.db.models import Q, QuerySet

from hr.models import Employee
from hr.selectors import department_choices, directory, employee_for_user
from it_support.models import AccessProfile, Asset, BusinessHours, InboundMail, SlaPolicy, Ticket


def sla_policies() -> QuerySet[SlaPolicy]:
    return SlaPolicy.objects.select_related("queue").order_by("queue__name", "queue", "priority")


def business_hours() -> dict[int, BusinessHours]:
    return {row.weekday: row for row in BusinessHours.objects.all()}


def access_profiles() -> QuerySet[AccessProfile]:
    return AccessProfile.objects.select_related("position").order_by("position__title", "pk")


def positions_without_profile(*, keep: int | None = None) -> list[tuple[int, str]]:
    """(id, title) of the positions HR knows (in a department, or held by someone) that have no
    access profile yet; ``keep`` is the position of the profile being edited."""
    taken = set(
        AccessProfile.objects.exclude(position_id=keep).values_list("position_id", flat=True)
    )
    found: dict[int, str] = {}
    for department in department_choices().prefetch_related("positions"):
        for position in department.positions.all():
            found[position.pk] = position.title
    for pk, title in directory().values_list("position_id", "position__title"):
        if pk is not None:
            found.setdefault(pk, title)
    if keep is not None and keep not in found:
        for pk, title in AccessProfile.objects.filter(position_id=keep).values_list(
            "position_id", "position__title"
        ):
            found[pk] = title
    return sorted(
        ((pk, title) for pk, title in found.items() if pk not in taken),
        key=lambda item: (item[1].casefold(), item[0]),
    )


def mail_kept_aside() -> QuerySet[InboundMail]:
    return InboundMail.objects.filter(outcome=InboundMail.Outcome.REJECTED).defer("raw")


def assets_for_audit(*, today: date, within_days: int = 30) -> QuerySet[Asset]:
    """Assets in use or in stock that were never audited or are due within ``within_days``:
    overdue first, then never audited."""
    due = today + timedelta(days=within_days)
    return (
        Asset.objects.exclude(status=Asset.Status.RETIRED)
        .filter(Q(next_audit__isnull=True) | Q(next_audit__lte=due))
        .select_related("holder")
        .order_by("next_audit", "tag")
    )


def linkable_assets(*, ticket: Ticket) -> QuerySet[Asset]:
    """The assets the ticket's requester (or the person concerned) holds, not yet linked."""
    holders = [ticket.person_id] if ticket.person_id else []
    employee = employee_for_user(user=ticket.requester)
    if employee is not None:
        holders.append(employee.pk)
    return (
        Asset.objects.filter(holder_id__in=holders)
        .exclude(pk__in=ticket.assets.values("pk"))
        .order_by("tag")
    )


def incident_people_choices() -> QuerySet[Employee]:
    return directory()


def incident_asset_choices() -> QuerySet[Asset]:
    return Asset.objects.exclude(status=Asset.Status.RETIRED).order_by("tag")

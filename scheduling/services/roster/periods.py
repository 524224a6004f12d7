"""Schedule periods: create, publish (the first time, and each batch of changes after), discard
unpublished changes, close.

Publishing is the one moment staff learn of their schedule: the first publication tells each
person how many shifts they have; publishing later changes tells each person touched once, with
their own shifts added, changed and removed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext_lazy

from backoffice.models import User
from backoffice.services import action_record
from hr.selectors import employees_with_login
from scheduling.audit import SchedulingAudit
from scheduling.models import ConflictAcceptance, Location, SchedulePeriod, Shift, TimeEntry
from scheduling.selectors import publish_checks, roster_check
from scheduling.selectors.grid import pending_changes
from scheduling.services.roster.common import _my_schedule_url, _tell
from scheduling.services.roster.shifts import COPIED

PERIOD_ORDER = _("The last day is before the first day.")
PERIOD_TOO_LONG = _("A period is at most 62 days.")
PERIOD_OVERLAPS = _("This location already has a period from %(start)s to %(end)s.")
REASON_NEEDED = _("Give a reason for publishing despite this conflict.")
CONFIRM_NEEDED = _("Tick this to publish anyway.")
NOTHING_TO_PUBLISH = _("There is nothing to publish: the period has no unpublished changes.")
NOTHING_TO_DISCARD = _("There are no unpublished changes to discard.")


@transaction.atomic
def period_create(*, actor: User, location: Location, start: date, end: date) -> SchedulePeriod:
    if end < start:
        raise ValidationError({"end": PERIOD_ORDER})
    if (end - start).days > 61:
        raise ValidationError({"end": PERIOD_TOO_LONG})
    Location.objects.select_for_update().get(pk=location.pk)
    clash = SchedulePeriod.objects.filter(location=location, start__lte=end, end__gte=start).first()
    if clash is not None:
        raise ValidationError(
            {
                "start": format_lazy(
                    "{}",
                    PERIOD_OVERLAPS
                    % {"start": date_format(clash.start), "end": date_format(clash.end)},
                )
            }
        )
    period = SchedulePeriod.objects.create(location=location, start=start, end=end)
    action_record(
        kind=SchedulingAudit.PERIOD_CREATED,
        summary=gettext_noop("Schedule period %(location)s from %(start)s created"),
        params={"location": location.name, "start": start.isoformat()},
        actor=actor,
        target=period,
    )
    return period


def has_changes(period: SchedulePeriod) -> bool:
    return (
        period.status == SchedulePeriod.Status.PUBLISHED
        and Shift.objects.filter(period=period).exclude(draft="").exists()
    )


def _accept(actor: User, period: SchedulePeriod, reasons, confirmed) -> None:
    """Every open conflict needs a reason and every warning of the publish checks (an empty
    roster, coverage gaps, cost over budget) a tick; the reasons are stored and audited."""
    result = roster_check(period=period)
    missing = {}
    accepted = []
    for shift_id, conflict in result.open_conflicts():
        reason = (reasons.get((shift_id, conflict.code)) or "").strip()
        if not reason:
            missing[f"reason_{shift_id}_{conflict.code}"] = REASON_NEEDED
        else:
            accepted.append((shift_id, conflict, reason))
    for code in publish_checks(period=period, viewer=actor).warnings:
        if code not in confirmed:
            missing[f"confirm_{code}"] = CONFIRM_NEEDED
    if missing:
        raise ValidationError(missing)
    for shift_id, conflict, reason in accepted:
        ConflictAcceptance.objects.update_or_create(
            shift_id=shift_id,
            code=conflict.code,
            defaults={"reason": reason[:300], "accepted_by": actor},
        )
        action_record(
            kind=SchedulingAudit.CONFLICT_ACCEPTED,
            summary=gettext_noop("Published despite '%(conflict)s': %(reason)s"),
            params={"conflict": conflict.message, "reason": reason},
            actor=actor,
            target=period,
            data={"shift": shift_id, "code": conflict.code},
        )


@transaction.atomic
def period_publish(
    *,
    actor: User,
    period: SchedulePeriod,
    reasons: dict[tuple[int, str], str],
    confirmed: Collection[str] = (),
) -> SchedulePeriod:
    """Publish a draft, or the unpublished changes of a published period, in one step. Each open
    conflict needs a reason in ``reasons[(shift_id, code)]``, and each warning of the publish
    checks its code in ``confirmed``; then each person concerned is told once."""
    period = (
        SchedulePeriod.objects.select_for_update(of=("self",))
        .select_related("location")
        .get(pk=period.pk)
    )
    if period.status == SchedulePeriod.Status.CLOSED:
        raise ValidationError(_("This period is closed; its shifts can no longer be changed."))
    if period.status == SchedulePeriod.Status.PUBLISHED:
        if not has_changes(period):
            raise ValidationError(NOTHING_TO_PUBLISH)
        _accept(actor, period, reasons, confirmed)
        _publish_changes(actor, period)
        return period
    _accept(actor, period, reasons, confirmed)
    period.status = SchedulePeriod.Status.PUBLISHED
    period.published_at = timezone.now()
    period.published_by = actor
    period.save(update_fields=["status", "published_at", "published_by"])
    action_record(
        kind=SchedulingAudit.PERIOD_PUBLISHED,
        summary=gettext_noop("Schedule %(location)s from %(start)s to %(end)s published"),
        params={
            "location": period.location.name,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
        },
        actor=actor,
        target=period,
    )
    counts = defaultdict(int)
    for employee_id in Shift.objects.filter(period=period, employee__isnull=False).values_list(
        "employee_id", flat=True
    ):
        counts[employee_id] += 1
    for employee in employees_with_login(ids=list(counts)):
        _tell(
            employee,
            gettext_noop("Your schedule is published"),
            ngettext_lazy(
                "%(place)s, %(start)s to %(end)s: %(count)s shift.",
                "%(place)s, %(start)s to %(end)s: %(count)s shifts.",
                "count",
            ),
            _my_schedule_url(),
            kind="scheduling.schedule_published",
            params={
                "place": period.location.name,
                "start": period.start,
                "end": period.end,
                "count": counts[employee.pk],
            },
        )
    return period


@dataclass
class _Change:
    """One line of a person's changes: what happened to which shift (as staff knew or will know it)."""

    what: str  # "added", "changed", "removed"
    shift: Shift


def _changes_by_person(period: SchedulePeriod) -> dict[int, list[_Change]]:
    """Per person, what the publication changes in their schedule."""
    lines: dict[int, list[_Change]] = defaultdict(list)
    changed = (
        Shift.objects.filter(period=period, published_copy_of__isnull=True)
        .exclude(draft="")
        .select_related("location")
        .prefetch_related("published_copies__location")
        .order_by("start")
    )
    for shift in changed:
        if shift.draft == Shift.Draft.ADDED and shift.employee_id:
            lines[shift.employee_id].append(_Change("added", shift))
        elif shift.draft == Shift.Draft.DELETED and shift.employee_id:
            lines[shift.employee_id].append(_Change("removed", shift))
        elif shift.draft == Shift.Draft.EDITED:
            before = next(iter(shift.published_copies.all()), None)
            if before is None:
                continue
            if before.employee_id == shift.employee_id and shift.employee_id:
                lines[shift.employee_id].append(_Change("changed", shift))
                continue
            if before.employee_id:
                lines[before.employee_id].append(_Change("removed", before))
            if shift.employee_id:
                lines[shift.employee_id].append(_Change("added", shift))
    return lines


ONE_CHANGE = {
    "added": gettext_noop("Added: %(day)s, %(start)s–%(end)s, %(location)s"),
    "changed": gettext_noop("Changed: %(day)s, now %(start)s–%(end)s, %(location)s"),
    "removed": gettext_noop("Removed: %(day)s, %(start)s–%(end)s, %(location)s"),
}
SEVERAL_CHANGES = gettext_noop(
    "%(added)s added, %(changed)s changed, %(removed)s removed, from %(first)s to %(last)s."
)


def _tell_changes(employee, changes: list[_Change]) -> None:
    """One notification per person: the change itself when there is one, else a summary."""
    if len(changes) == 1:
        shift = changes[0].shift
        body = ONE_CHANGE[changes[0].what]
        params = {
            "day": shift.day,
            "start": shift.local_start.time(),
            "end": shift.local_end.time(),
            "location": shift.location.name,
        }
    else:
        body = SEVERAL_CHANGES
        days = [change.shift.day for change in changes]
        params = {
            what: sum(1 for change in changes if change.what == what)
            for what in ("added", "changed", "removed")
        } | {"first": min(days), "last": max(days)}
    _tell(
        employee,
        gettext_noop("Your schedule changed"),
        body,
        _my_schedule_url(),
        kind="scheduling.schedule_changed",
        params=params,
    )


def _publish_changes(actor: User, period: SchedulePeriod) -> None:
    lines = _changes_by_person(period)
    copies = Shift.objects.filter(period=period, published_copy_of__isnull=False)
    # Time already clocked against the published form stays with the shift: one UPDATE.
    TimeEntry.objects.filter(shift__in=copies).update(
        shift_id=Subquery(
            Shift.objects.filter(pk=OuterRef("shift_id")).values("published_copy_of_id")[:1]
        )
    )
    counts = pending_changes(period=period)
    copies.delete()
    Shift.objects.filter(period=period, draft=Shift.Draft.DELETED).delete()
    Shift.objects.filter(period=period).exclude(draft="").update(draft="")
    action_record(
        kind=SchedulingAudit.CHANGES_PUBLISHED,
        summary=gettext_noop(
            "Changes to the schedule %(location)s from %(start)s published: %(added)s added, "
            "%(edited)s changed, %(deleted)s deleted"
        ),
        params={
            "location": period.location.name,
            "start": period.start.isoformat(),
            "added": counts.get(Shift.Draft.ADDED, 0),
            "edited": counts.get(Shift.Draft.EDITED, 0),
            "deleted": counts.get(Shift.Draft.DELETED, 0),
        },
        actor=actor,
        target=period,
    )
    for employee in employees_with_login(ids=list(lines)):
        _tell_changes(employee, lines[employee.pk])


@transaction.atomic
def changes_discard(*, actor: User, period: SchedulePeriod) -> int:
    """Undo every unpublished change of a published period: edited shifts go back to their
    published form, added ones go, deleted ones stay. Nobody is told: nobody saw them."""
    period = SchedulePeriod.objects.select_for_update(of=("self",)).get(pk=period.pk)
    changed = list(
        Shift.objects.select_for_update(of=("self",))
        .filter(period=period, published_copy_of__isnull=True)
        .exclude(draft="")
    )
    if period.status != SchedulePeriod.Status.PUBLISHED or not changed:
        raise ValidationError(NOTHING_TO_DISCARD)
    copies = {
        c.published_copy_of_id: c
        for c in Shift.objects.filter(period=period, published_copy_of__isnull=False)
    }
    for shift in changed:
        if shift.draft == Shift.Draft.ADDED:
            shift.delete()
            continue
        copy = copies.get(shift.pk)
        if copy is not None:
            for name in COPIED:
                setattr(shift, name, getattr(copy, name))
            TimeEntry.objects.filter(shift=copy).update(shift_id=shift.pk)
            copy.delete()
        shift.draft = Shift.Draft.NONE
        shift.save()
    action_record(
        kind=SchedulingAudit.CHANGES_DISCARDED,
        summary=gettext_noop("%(count)s unpublished changes discarded at %(location)s"),
        params={"count": len(changed), "location": str(period.location)},
        actor=actor,
        target=period,
    )
    return len(changed)


@transaction.atomic
def period_close(*, actor: User, period: SchedulePeriod) -> SchedulePeriod:
    period = SchedulePeriod.objects.select_for_update().get(pk=period.pk)
    if period.status != SchedulePeriod.Status.PUBLISHED:
        raise ValidationError(_("Only a published period can be closed."))
    if has_changes(period):
        raise ValidationError(
            _("Publish or discard the unpublished changes before closing the period.")
        )
    period.status = SchedulePeriod.Status.CLOSED
    period.save(update_fields=["status"])
    action_record(
        kind=SchedulingAudit.PERIOD_CLOSED,
        summary=gettext_noop("Schedule period %(period)s closed"),
        params={"period": str(period)},
        actor=actor,
        target=period,
    )
    return period

"""Writing shifts: one at a time (add, edit, drag, delete) or in bulk (copy a week, a rotation,
several selected shifts).

Every write validates first and raises ``ValidationError`` with field errors, so a page shows the
message and nothing is written. Rule conflicts are not errors: a shift may break a rule while the
planner works, and publishing asks for a reason for each one still open. Hard conflicts (a person
booked twice, or at work on approved leave) are refused unless overridden with a reason (one
shift), or left out with the reason said (bulk writes).

In a published period a write does not reach staff at once: it is an unpublished change
(``Shift.draft``), an edited shift keeps its published form in a copy row until the planner
publishes the changes (``scheduling.services.roster.periods``), and nobody is told before that.
"""

from __future__ import annotations

from contextlib import suppress
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.formats import date_format
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record
from hr.models import Employee
from scheduling.audit import SchedulingAudit
from scheduling.domain.rules import Slot
from scheduling.domain.times import monday
from scheduling.models import (
    ConflictAcceptance,
    RotationPattern,
    SchedulePeriod,
    Shift,
    ShiftTemplate,
)
from scheduling.selectors import draft_conflicts, roster_check
from scheduling.services.roster.common import (
    BulkResult,
    ShiftInput,
    is_live,
    period_editable,
    shift_build,
)

NOTHING_TO_COPY = _("The week before has no shifts to copy.")
UNKNOWN_CODE = _("The pattern uses '%(code)s', which is not a shift template here.")
HARD_CONFLICT = _(
    "This shift cannot be saved as it is: %(conflicts)s Tick 'Override' and give a reason to "
    "save it anyway."
)
NOTHING_SELECTED = _("Select at least one shift.")
NONE_COPIED = _("None of the selected shifts could be copied: the days fall outside the period.")
NO_OFFSET = _("Copy the shifts at least one day earlier or later.")
LEFT_OUT = _("%(name)s on %(day)s: %(conflicts)s")

#: The fields a published copy keeps of the shift as it was published.
COPIED = (
    "period_id",
    "location_id",
    "employee_id",
    "template_id",
    "skill_id",
    "day",
    "week",
    "start",
    "end",
    "break_minutes",
    "paid_minutes",
    "note",
    "released",
    "flag",
)


def _lock_period(period: SchedulePeriod) -> SchedulePeriod:
    period = (
        SchedulePeriod.objects.select_for_update(of=("self",))
        .select_related("location")
        .get(pk=period.pk)
    )
    period_editable(period)
    return period


def _values(shift: Shift) -> tuple:
    return tuple(getattr(shift, name) for name in COPIED)


def _keep_published(shift: Shift, values: tuple) -> None:
    """Before the first change of a published shift: keep its published form for staff."""
    Shift.objects.create(**dict(zip(COPIED, values, strict=True)), published_copy_of_id=shift.pk)
    shift.draft = Shift.Draft.EDITED


def _restore_published(shift: Shift) -> None:
    """Put an edited shift back as it was published and drop its copy."""
    copy = shift.published_copies.first()
    if copy is not None:
        for name in COPIED:
            setattr(shift, name, getattr(copy, name))
        copy.delete()


def _hard_conflicts(period: SchedulePeriod, shift: Shift, stored_pk: int | None) -> list:
    """The hard conflicts (double booking, approved leave) the built shift would have."""
    if shift.employee_id is None:
        return []
    replacing = Shift(pk=stored_pk) if stored_pk else None
    return [c for c in draft_conflicts(period=period, draft=shift, replacing=replacing) if c.hard]


@transaction.atomic
def shift_save(
    *,
    actor: User,
    period: SchedulePeriod,
    data: ShiftInput,
    shift: Shift | None = None,
    override_reason: str = "",
) -> Shift:
    """Save one shift. A hard conflict (the person is booked twice, or on approved leave) is
    refused unless the planner overrides it with a reason; the override is audited and counts
    as the conflict's reason at publishing. In a published period the change waits to be
    published."""
    period = _lock_period(period)
    live = is_live(period)
    published_values = None
    if shift is not None:
        shift = (
            Shift.objects.select_for_update(of=("self",))
            .select_related("employee__user")
            .get(pk=shift.pk)
        )
        if shift.period_id != period.pk or shift.published_copy_of_id is not None:
            raise ValidationError(_("This shift belongs to another period."))
        if shift.draft == Shift.Draft.DELETED:
            raise ValidationError(
                _("This shift is deleted and waits for publishing; it cannot be edited.")
            )
        published_values = _values(shift)
    stored_pk = shift.pk if shift is not None else None
    shift = shift_build(period=period, data=data, shift=shift)
    shift.period = period
    hard = _hard_conflicts(period, shift, stored_pk)
    override_reason = override_reason.strip()
    if hard and not override_reason:
        raise ValidationError(
            {
                "override": format_lazy(
                    "{}",
                    HARD_CONFLICT % {"conflicts": " ".join(c.message for c in hard)},
                )
            }
        )
    if shift.employee is not None:
        shift.released = ""
    changed = published_values is None or published_values != _values(shift)
    if live and stored_pk is None:
        shift.draft = Shift.Draft.ADDED
    elif live and changed and shift.draft == Shift.Draft.NONE:
        _keep_published(shift, published_values)
    shift.save()
    ConflictAcceptance.objects.filter(shift=shift).delete()
    for conflict in {c.code: c for c in hard}.values():
        ConflictAcceptance.objects.create(
            shift=shift, code=conflict.code, reason=override_reason[:300], accepted_by=actor
        )
        action_record(
            kind=SchedulingAudit.SHIFT_OVERRIDDEN,
            summary=gettext_noop(
                "Shift of %(name)s on %(day)s saved despite '%(conflict)s': %(reason)s"
            ),
            params={
                "name": shift.employee.full_name,
                "day": shift.day.isoformat(),
                "conflict": conflict.message,
                "reason": override_reason,
            },
            actor=actor,
            target=shift,
            data={"shift": shift.pk, "code": conflict.code},
        )
    if live and changed:
        action_record(
            kind=SchedulingAudit.SHIFT_CHANGED,
            summary=gettext_noop("Published shift on %(day)s at %(location)s changed"),
            params={"day": shift.day.isoformat(), "location": period.location.name},
            actor=actor,
            target=shift,
        )
    return shift


def _delete(shift: Shift, *, live: bool) -> None:
    """Delete a shift; in a published period mark it, so staff keep it until publishing."""
    if not live or shift.draft == Shift.Draft.ADDED:
        shift.delete()
        return
    if shift.draft == Shift.Draft.EDITED:
        _restore_published(shift)
    shift.draft = Shift.Draft.DELETED
    shift.save()


@transaction.atomic
def shift_delete(*, actor: User, shift: Shift) -> None:
    shift = (
        Shift.objects.select_for_update(of=("self",))
        .select_related("period", "location")
        .get(pk=shift.pk)
    )
    period_editable(shift.period)
    live = is_live(shift.period)
    if live:
        action_record(
            kind=SchedulingAudit.SHIFT_DELETED,
            summary=gettext_noop("Published shift on %(day)s at %(location)s deleted"),
            params={"day": shift.day.isoformat(), "location": shift.location.name},
            actor=actor,
        )
    _delete(shift, live=live)


@transaction.atomic
def shift_move(
    *,
    actor: User,
    period: SchedulePeriod,
    shift: Shift,
    employee: Employee | None,
    day: date,
    copy: bool = False,
) -> Shift:
    """A shift dragged to another person or day: moved, or copied when ``copy``. It goes through
    ``shift_save``, the dialog's own write, so a published period treats it as any other edit."""
    data = ShiftInput.of(shift, day=day, employee=employee)
    return shift_save(actor=actor, period=period, data=data, shift=None if copy else shift)


# --- bulk writes ------------------------------------------------------------------------------


def _copy_of(shift: Shift, *, period: SchedulePeriod, day: date) -> Shift | None:
    try:
        return shift_build(period=period, data=ShiftInput.of(shift, day=day))
    except ValidationError:
        return None  # the person has left, or the day is outside the period: not copied


def _without_hard_conflicts(period: SchedulePeriod, made: list[Shift]) -> BulkResult:
    """Keep the new shifts that would double-book nobody and put nobody to work on leave; say
    why each other one is left out. One rule check for all of them."""
    slots = [
        Slot(
            key=("new", index),
            employee=shift.employee_id,
            day=shift.day,
            start=shift.start,
            end=shift.end,
            paid_minutes=shift.paid_minutes,
            skill=shift.skill_id,
            template=shift.template_id,
        )
        for index, shift in enumerate(made)
        if shift.employee_id is not None
    ]
    if not slots:
        return BulkResult(count=0)
    found = roster_check(
        period=period, employee_ids={slot.employee for slot in slots}, extra=slots
    ).conflicts
    skipped, bad = [], set()
    for slot in slots:
        hard = [c for c in found.get(slot.key, []) if c.hard]
        if hard:
            shift = made[slot.key[1]]
            bad.add(slot.key[1])
            skipped.append(
                format_lazy(
                    "{}",
                    LEFT_OUT
                    % {
                        "name": shift.employee.full_name,
                        "day": date_format(shift.day),
                        "conflicts": " ".join(dict.fromkeys(c.message for c in hard)),
                    },
                )
            )
    made[:] = [shift for index, shift in enumerate(made) if index not in bad]
    return BulkResult(count=0, skipped=skipped)


def _create(period: SchedulePeriod, made: list[Shift]) -> BulkResult:
    """Write the new shifts that keep the hard rules, as unpublished additions when the period is
    published."""
    result = _without_hard_conflicts(period, made)
    if is_live(period):
        for shift in made:
            shift.draft = Shift.Draft.ADDED
    Shift.objects.bulk_create(made)
    result.count = len(made)
    return result


@transaction.atomic
def week_copy(*, actor: User, period: SchedulePeriod, week: date) -> BulkResult:
    """Copy the seven days before ``week`` (a Monday) into it, where the person has no shift yet."""
    period = _lock_period(period)
    week = monday(week)
    source = list(
        Shift.objects.planned()
        .filter(location=period.location, day__gte=week - timedelta(days=7), day__lt=week)
        .select_related("employee", "template", "skill")
    )
    if not source:
        raise ValidationError(NOTHING_TO_COPY)
    taken = set(
        Shift.objects.planned()
        .filter(day__gte=week, day__lt=week + timedelta(days=7), employee__isnull=False)
        .values_list("employee_id", "day")
    )
    made = []
    for shift in source:
        day = shift.day + timedelta(days=7)
        if shift.employee_id is not None and (shift.employee_id, day) in taken:
            continue
        copy = _copy_of(shift, period=period, day=day)
        if copy is not None:
            made.append(copy)
    result = _create(period, made)
    action_record(
        kind=SchedulingAudit.WEEK_COPIED,
        summary=gettext_noop("%(count)s shifts copied into the week of %(week)s at %(location)s"),
        params={"count": result.count, "week": week.isoformat(), "location": period.location.name},
        actor=actor,
        target=period,
    )
    return result


@transaction.atomic
def rotation_apply(
    *,
    actor: User,
    period: SchedulePeriod,
    pattern: RotationPattern,
    employees: list[Employee],
    start: date,
    stagger: bool = False,
) -> BulkResult:
    """Lay ``pattern`` over the period from ``start`` for each person (offset by one step each when
    ``stagger``), leaving days on which the person already has a shift."""
    period = _lock_period(period)
    offered = ShiftTemplate.objects.filter(
        Q(location__isnull=True) | Q(location=period.location), active=True
    )
    # The location's own template wins over a shared one with the same code.
    templates = {t.code: t for t in sorted(offered, key=lambda t: t.location_id is not None)}
    steps = pattern.steps
    for code in steps:
        if code != "-" and code not in templates:
            raise ValidationError(format_lazy("{}", UNKNOWN_CODE % {"code": code}))
    taken = set(
        Shift.objects.planned()
        .filter(employee__in=employees, day__gte=start, day__lte=period.end)
        .values_list("employee_id", "day")
    )
    made = []
    for index, employee in enumerate(employees):
        day = max(start, period.start)
        while day <= period.end:
            step = steps[((day - start).days + (index if stagger else 0)) % len(steps)]
            if step != "-" and (employee.pk, day) not in taken:
                with suppress(ValidationError):  # not employed that day: no shift
                    made.append(
                        shift_build(
                            period=period,
                            data=ShiftInput(day=day, employee=employee, template=templates[step]),
                        )
                    )
            day += timedelta(days=1)
    result = _create(period, made)
    action_record(
        kind=SchedulingAudit.ROTATION_APPLIED,
        summary=gettext_noop("Rotation %(pattern)s applied to %(count)s people at %(location)s"),
        params={
            "pattern": pattern.name,
            "count": len(employees),
            "location": period.location.name,
        },
        actor=actor,
        target=period,
    )
    return result


def _selected(period: SchedulePeriod, ids: list[int]) -> list[Shift]:
    shifts = list(
        Shift.objects.planned()
        .select_for_update(of=("self",))
        .filter(period=period, pk__in=ids)
        .select_related("employee__user", "template", "skill", "location")
        .order_by("start")
    )
    if not shifts:
        raise ValidationError(NOTHING_SELECTED)
    return shifts


@transaction.atomic
def shifts_copy(*, actor: User, period: SchedulePeriod, ids: list[int], days: int) -> BulkResult:
    """Copy the selected shifts ``days`` later (or earlier), in one transaction; a copy whose day
    falls outside the period or after the person has left is skipped, and so is one that would
    double-book the person or fall on their approved leave (the result says which and why)."""
    period = _lock_period(period)
    if not days:
        raise ValidationError(NO_OFFSET)
    made = []
    for shift in _selected(period, ids):
        copy = _copy_of(shift, period=period, day=shift.day + timedelta(days=days))
        if copy is not None:
            made.append(copy)
    if not made:
        raise ValidationError(NONE_COPIED)
    result = _create(period, made)
    action_record(
        kind=SchedulingAudit.SHIFTS_COPIED,
        summary=gettext_noop("%(count)s shifts copied %(days)s days on at %(location)s"),
        params={"count": result.count, "days": days, "location": period.location.name},
        actor=actor,
        target=period,
    )
    return result


@transaction.atomic
def shifts_delete(*, actor: User, period: SchedulePeriod, ids: list[int]) -> int:
    """Delete the selected shifts in one transaction; after publishing they wait, like any change,
    for the changes to be published."""
    period = _lock_period(period)
    shifts = _selected(period, ids)
    live = is_live(period)
    for shift in shifts:
        _delete(shift, live=live)
    action_record(
        kind=SchedulingAudit.SHIFTS_DELETED,
        summary=gettext_noop("%(count)s shifts deleted at %(location)s"),
        params={"count": len(shifts), "location": period.location.name},
        actor=actor,
        target=period,
    )
    return len(shifts)

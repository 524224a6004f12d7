"""Building a roster: periods, shifts (add, edit, move, delete), copying a week, rotations, publish.

Every write validates first and raises ``ValidationError`` with field errors, so a page shows the
message and nothing is written. Rule conflicts are not errors: a shift may break a rule while the
planner works; publishing asks for a reason for each one still open.
"""

from __future__ import annotations

from collections.abc import Collection
from contextlib import suppress
from dataclasses import dataclass
from datetime import date, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext

from backoffice import roles
from backoffice.models import User
from backoffice.selectors import users_with_role
from backoffice.services import action_record, notification_send
from hr.models import Employee
from hr.selectors import employees_with_login
from scheduling.audit import SchedulingAudit
from scheduling.domain.times import minutes, monday, shift_bounds
from scheduling.models import (
    ConflictAcceptance,
    Location,
    RotationPattern,
    SchedulePeriod,
    Shift,
    ShiftTemplate,
    Skill,
)
from scheduling.selectors import draft_conflicts, publish_checks, roster_check

CLOSED = _("This period is closed; its shifts can no longer be changed.")
OUTSIDE_PERIOD = _("The date must be within the period (%(start)s to %(end)s).")
ENDS_BEFORE_START = _(
    "The shift ends before it starts. Tick 'ends the next day' for a shift over midnight."
)
NO_LENGTH = _("The shift has no length.")
BREAK_TOO_LONG = _("The break is as long as the shift or longer.")
NOT_EMPLOYED = _("%(name)s is not employed on %(day)s.")
PERIOD_ORDER = _("The last day is before the first day.")
PERIOD_TOO_LONG = _("A period is at most 62 days.")
PERIOD_OVERLAPS = _("This location already has a period from %(start)s to %(end)s.")
REASON_NEEDED = _("Give a reason for publishing despite this conflict.")
CONFIRM_NEEDED = _("Tick this to publish anyway.")
NOT_DRAFT = _("Only a draft period can be published.")
NOTHING_TO_COPY = _("The week before has no shifts to copy.")
UNKNOWN_CODE = _("The pattern uses '%(code)s', which is not a shift template here.")
HARD_CONFLICT = _(
    "This shift cannot be saved as it is: %(conflicts)s Tick 'Override' and give a reason to "
    "save it anyway."
)


def planners() -> list[User]:
    return list(users_with_role(role=roles.PLANNER))


def _tell(employee: Employee | None, title, body="", url: str = "") -> None:
    if employee is not None and employee.user_id and employee.user.is_active:
        notification_send(recipient=employee.user, title=title, body=body, url=url)


def _my_schedule_url() -> str:
    return reverse("scheduling:schedule-mine")


def period_editable(period: SchedulePeriod) -> None:
    if period.status == SchedulePeriod.Status.CLOSED:
        raise ValidationError(CLOSED)


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


@dataclass
class ShiftInput:
    """What a planner types for one shift; ``start_time``/``end_time`` default to the template's."""

    day: date
    employee: Employee | None = None
    template: ShiftTemplate | None = None
    start_time: time | None = None
    end_time: time | None = None
    crosses_midnight: bool | None = None
    break_minutes: int | None = None
    skill: Skill | None = None
    note: str = ""

    @classmethod
    def of(cls, shift: Shift, **changes) -> ShiftInput:
        """An existing shift as typed input (its local times), with ``changes`` applied."""
        values = {
            "day": shift.day,
            "employee": shift.employee,
            "template": shift.template,
            "start_time": shift.local_start.time(),
            "end_time": shift.local_end.time(),
            "crosses_midnight": shift.local_end.date() > shift.day,
            "break_minutes": shift.break_minutes,
            "skill": shift.skill,
            "note": shift.note,
        }
        return cls(**{**values, **changes})


def shift_build(*, period: SchedulePeriod, data: ShiftInput, shift: Shift | None = None) -> Shift:
    """A validated, unsaved shift (also used by the live check while the planner types)."""
    template = data.template
    start_time = data.start_time or (template.start if template else None)
    end_time = data.end_time or (template.end if template else None)
    crosses = data.crosses_midnight
    if crosses is None:
        crosses = bool(template and template.crosses_midnight)
    breaks = data.break_minutes
    if breaks is None:
        breaks = template.break_minutes if template else 0
    errors: dict[str, list] = {}
    if not period.start <= data.day <= period.end:
        errors["day"] = [
            format_lazy(
                "{}",
                OUTSIDE_PERIOD
                % {"start": date_format(period.start), "end": date_format(period.end)},
            )
        ]
    if start_time is None:
        errors["start_time"] = [_("Choose a template or give a start time.")]
    if end_time is None:
        errors["end_time"] = [_("Choose a template or give an end time.")]
    if errors:
        raise ValidationError(errors)
    if start_time == end_time and not crosses:
        raise ValidationError({"end_time": NO_LENGTH})
    if end_time < start_time and not crosses:
        raise ValidationError({"end_time": ENDS_BEFORE_START})
    if end_time > start_time and crosses:
        raise ValidationError(
            {"crosses_midnight": _("A shift that ends the next day must end before it starts.")}
        )
    start, end = shift_bounds(
        data.day, start_time, end_time, crosses_midnight=crosses, zone=period.location.zone
    )
    length = minutes(start, end)
    if length <= 0:
        raise ValidationError({"end_time": NO_LENGTH})
    if breaks >= length:
        raise ValidationError({"break_minutes": BREAK_TOO_LONG})
    employee = data.employee
    if employee is not None and (
        data.day < employee.hire_date or (employee.end_date and data.day > employee.end_date)
    ):
        raise ValidationError(
            {
                "employee": format_lazy(
                    "{}", NOT_EMPLOYED % {"name": employee.full_name, "day": date_format(data.day)}
                )
            }
        )
    shift = shift or Shift(period=period, location=period.location)
    shift.employee = employee
    shift.template = template
    shift.skill = data.skill
    shift.day = data.day
    shift.week = monday(data.day)
    shift.start, shift.end = start, end
    shift.break_minutes = breaks
    shift.paid_minutes = length - breaks
    shift.note = data.note.strip()
    return shift


def _describe(shift: Shift) -> str:
    local, end = shift.local_start, shift.local_end
    return f"{date_format(shift.day)} {local:%H:%M}-{end:%H:%M}, {shift.location.name}"


def _tell_change(shift: Shift, before: tuple[Employee | None, str] | None) -> None:
    """After publishing, each change reaches the people it touches (DESIGN.md flow 1)."""
    if shift.period.status == SchedulePeriod.Status.DRAFT:
        return
    now = (shift.employee, _describe(shift))
    if before is not None and before[0] is not None and before[0] != shift.employee:
        _tell(before[0], _("A shift was taken off your schedule"), before[1], _my_schedule_url())
    if shift.employee is not None and before != now:
        _tell(shift.employee, _("Your schedule changed"), now[1], _my_schedule_url())


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
    as the conflict's reason at publishing."""
    period = (
        SchedulePeriod.objects.select_for_update(of=("self",))
        .select_related("location")
        .get(pk=period.pk)
    )
    period_editable(period)
    before = None
    if shift is not None:
        shift = (
            Shift.objects.select_for_update(of=("self",))
            .select_related("employee__user")
            .get(pk=shift.pk)
        )
        if shift.period_id != period.pk:
            raise ValidationError(_("This shift belongs to another period."))
        before = (shift.employee, _describe(shift))
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
    _tell_change(shift, before)
    if period.status != SchedulePeriod.Status.DRAFT:
        action_record(
            kind=SchedulingAudit.SHIFT_CHANGED,
            summary=gettext_noop("Published shift on %(day)s at %(location)s changed"),
            params={"day": shift.day.isoformat(), "location": period.location.name},
            actor=actor,
            target=shift,
        )
    return shift


@transaction.atomic
def shift_delete(*, actor: User, shift: Shift) -> None:
    shift = (
        Shift.objects.select_for_update(of=("self",))
        .select_related("period", "location")
        .get(pk=shift.pk)
    )
    period_editable(shift.period)
    if shift.period.status != SchedulePeriod.Status.DRAFT:
        if shift.employee is not None:
            _tell(
                shift.employee,
                _("A shift was taken off your schedule"),
                _describe(shift),
                _my_schedule_url(),
            )
        action_record(
            kind=SchedulingAudit.SHIFT_DELETED,
            summary=gettext_noop("Published shift on %(day)s at %(location)s deleted"),
            params={"day": shift.day.isoformat(), "location": shift.location.name},
            actor=actor,
        )
    shift.delete()


def _copy_of(shift: Shift, *, period: SchedulePeriod, day: date) -> Shift | None:
    try:
        return shift_build(period=period, data=ShiftInput.of(shift, day=day))
    except ValidationError:
        return None  # the person has left, or the day is outside the period: not copied


def _tell_added(period: SchedulePeriod, made: list[Shift]) -> None:
    """Shifts added in bulk to a published period reach each person once."""
    if period.status == SchedulePeriod.Status.DRAFT:
        return
    people = {shift.employee for shift in made if shift.employee is not None}
    for employee in people:
        count = sum(1 for shift in made if shift.employee == employee)
        body = lazy(  # rendered in the recipient's language
            lambda count=count: (
                ngettext("%(count)s shift was added.", "%(count)s shifts were added.", count)
                % {"count": count}
            ),
            str,
        )()
        _tell(employee, _("Your schedule changed"), body, _my_schedule_url())


@transaction.atomic
def week_copy(*, actor: User, period: SchedulePeriod, week: date) -> int:
    """Copy the seven days before ``week`` (a Monday) into it, where the person has no shift yet."""
    period = (
        SchedulePeriod.objects.select_for_update(of=("self",))
        .select_related("location")
        .get(pk=period.pk)
    )
    period_editable(period)
    week = monday(week)
    source = list(
        Shift.objects.filter(
            location=period.location,
            day__gte=week - timedelta(days=7),
            day__lt=week,
        ).select_related("employee", "template", "skill")
    )
    if not source:
        raise ValidationError(NOTHING_TO_COPY)
    taken = set(
        Shift.objects.filter(
            day__gte=week, day__lt=week + timedelta(days=7), employee__isnull=False
        ).values_list("employee_id", "day")
    )
    made = []
    for shift in source:
        day = shift.day + timedelta(days=7)
        if shift.employee_id is not None and (shift.employee_id, day) in taken:
            continue
        copy = _copy_of(shift, period=period, day=day)
        if copy is not None:
            made.append(copy)
    Shift.objects.bulk_create(made)
    _tell_added(period, made)
    action_record(
        kind=SchedulingAudit.WEEK_COPIED,
        summary=gettext_noop("%(count)s shifts copied into the week of %(week)s at %(location)s"),
        params={"count": len(made), "week": week.isoformat(), "location": period.location.name},
        actor=actor,
        target=period,
    )
    return len(made)


@transaction.atomic
def rotation_apply(
    *,
    actor: User,
    period: SchedulePeriod,
    pattern: RotationPattern,
    employees: list[Employee],
    start: date,
    stagger: bool = False,
) -> int:
    """Lay ``pattern`` over the period from ``start`` for each person (offset by one step each when
    ``stagger``), leaving days on which the person already has a shift."""
    period = (
        SchedulePeriod.objects.select_for_update(of=("self",))
        .select_related("location")
        .get(pk=period.pk)
    )
    period_editable(period)
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
        Shift.objects.filter(
            employee__in=employees, day__gte=start, day__lte=period.end
        ).values_list("employee_id", "day")
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
    Shift.objects.bulk_create(made)
    _tell_added(period, made)
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
    return len(made)


@transaction.atomic
def period_publish(
    *,
    actor: User,
    period: SchedulePeriod,
    reasons: dict[tuple[int, str], str],
    confirmed: Collection[str] = (),
) -> SchedulePeriod:
    """Publish a draft. Each open conflict needs a reason in ``reasons[(shift_id, code)]``, and
    each warning of the publish checks (an empty roster, coverage gaps, cost over the budget) its
    code in ``confirmed``; the reasons are stored and audited, then everyone with a shift in the
    period is told."""
    period = (
        SchedulePeriod.objects.select_for_update(of=("self",))
        .select_related("location")
        .get(pk=period.pk)
    )
    if period.status != SchedulePeriod.Status.DRAFT:
        raise ValidationError(NOT_DRAFT)
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
        ConflictAcceptance.objects.create(
            shift_id=shift_id, code=conflict.code, reason=reason[:300], accepted_by=actor
        )
        action_record(
            kind=SchedulingAudit.CONFLICT_ACCEPTED,
            summary=gettext_noop("Published despite '%(conflict)s': %(reason)s"),
            params={"conflict": conflict.message, "reason": reason},
            actor=actor,
            target=period,
            data={"shift": shift_id, "code": conflict.code},
        )
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
    people = employees_with_login(ids=Shift.objects.filter(period=period).values("employee_id"))
    body = f"{period.location.name}: {date_format(period.start)} - {date_format(period.end)}"
    for employee in people:
        _tell(employee, _("Your schedule is published"), body, _my_schedule_url())
    return period


@transaction.atomic
def period_close(*, actor: User, period: SchedulePeriod) -> SchedulePeriod:
    period = SchedulePeriod.objects.select_for_update().get(pk=period.pk)
    if period.status != SchedulePeriod.Status.PUBLISHED:
        raise ValidationError(_("Only a published period can be closed."))
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


# --- the grid's direct handling: drag a shift, or act on several selected ones ---------------------

NOTHING_SELECTED = _("Select at least one shift.")
NONE_COPIED = _("None of the selected shifts could be copied: the days fall outside the period.")
NO_OFFSET = _("Copy the shifts at least one day earlier or later.")


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


def _selected(period: SchedulePeriod, ids: list[int]) -> list[Shift]:
    shifts = list(
        Shift.objects.select_for_update(of=("self",))
        .filter(period=period, pk__in=ids)
        .select_related("employee__user", "template", "skill", "location")
        .order_by("start")
    )
    if not shifts:
        raise ValidationError(NOTHING_SELECTED)
    return shifts


@transaction.atomic
def shifts_copy(*, actor: User, period: SchedulePeriod, ids: list[int], days: int) -> int:
    """Copy the selected shifts ``days`` later (or earlier), in one transaction; a copy whose day
    falls outside the period or after the person has left is skipped. Each person is told once."""
    period = (
        SchedulePeriod.objects.select_for_update(of=("self",))
        .select_related("location")
        .get(pk=period.pk)
    )
    period_editable(period)
    if not days:
        raise ValidationError(NO_OFFSET)
    made = []
    for shift in _selected(period, ids):
        copy = _copy_of(shift, period=period, day=shift.day + timedelta(days=days))
        if copy is not None:
            made.append(copy)
    if not made:
        raise ValidationError(NONE_COPIED)
    Shift.objects.bulk_create(made)
    _tell_added(period, made)
    action_record(
        kind=SchedulingAudit.SHIFTS_COPIED,
        summary=gettext_noop("%(count)s shifts copied %(days)s days on at %(location)s"),
        params={"count": len(made), "days": days, "location": period.location.name},
        actor=actor,
        target=period,
    )
    return len(made)


@transaction.atomic
def shifts_delete(*, actor: User, period: SchedulePeriod, ids: list[int]) -> int:
    """Delete the selected shifts in one transaction; after publishing each person is told once."""
    period = (
        SchedulePeriod.objects.select_for_update(of=("self",))
        .select_related("location")
        .get(pk=period.pk)
    )
    period_editable(period)
    shifts = _selected(period, ids)
    if period.status != SchedulePeriod.Status.DRAFT:
        people = {s.employee for s in shifts if s.employee is not None}
        for employee in people:
            count = sum(1 for s in shifts if s.employee == employee)
            body = lazy(  # rendered in the recipient's language
                lambda count=count: (
                    ngettext(
                        "%(count)s shift was taken off your schedule.",
                        "%(count)s shifts were taken off your schedule.",
                        count,
                    )
                    % {"count": count}
                ),
                str,
            )()
            _tell(employee, _("Your schedule changed"), body, _my_schedule_url())
    Shift.objects.filter(pk__in=[s.pk for s in shifts]).delete()
    action_record(
        kind=SchedulingAudit.SHIFTS_DELETED,
        summary=gettext_noop("%(count)s shifts deleted at %(location)s"),
        params={"count": len(shifts), "location": period.location.name},
        actor=actor,
        target=period,
    )
    return len(shifts)

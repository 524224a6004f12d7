"""What every roster write shares: its messages, who is told and how, the typed shift input and
the validated build of a shift from it."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from backoffice import roles
from backoffice.models import User
from backoffice.selectors import users_with_role
from backoffice.services import notification_send
from hr.models import Employee
from scheduling.domain.times import minutes, monday, shift_bounds
from scheduling.models import SchedulePeriod, Shift, ShiftTemplate, Skill

CLOSED = _("This period is closed; its shifts can no longer be changed.")
OUTSIDE_PERIOD = _("The date must be within the period (%(start)s to %(end)s).")
ENDS_BEFORE_START = _(
    "The shift ends before it starts. Tick 'ends the next day' for a shift over midnight."
)
NO_LENGTH = _("The shift has no length.")
BREAK_TOO_LONG = _("The break is as long as the shift or longer.")
NOT_EMPLOYED = _("%(name)s is not employed on %(day)s.")


def planners() -> list[User]:
    return list(users_with_role(role=roles.PLANNER))


def _tell(employee: Employee | None, title, body="", url: str = "", **templated) -> None:
    """Notify the person, if they have an active login; ``templated`` is ``kind`` and ``params``
    of a notification rendered in the reader's language (``notification_send``)."""
    if employee is not None and employee.user_id and employee.user.is_active:
        notification_send(recipient=employee.user, title=title, body=body, url=url, **templated)


def _my_schedule_url() -> str:
    return reverse("scheduling:schedule-mine")


def _describe(shift: Shift) -> str:
    """The shift in a line, rendered when shown: in the reader's language and date format."""
    day, start, end, place = shift.day, shift.local_start, shift.local_end, shift.location.name
    return lazy(lambda: f"{date_format(day)} {start:%H:%M}-{end:%H:%M}, {place}", str)()


def period_editable(period: SchedulePeriod) -> None:
    if period.status == SchedulePeriod.Status.CLOSED:
        raise ValidationError(CLOSED)


def is_live(period: SchedulePeriod) -> bool:
    """Staff already see this period: edits wait as unpublished changes."""
    return period.status != SchedulePeriod.Status.DRAFT


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


@dataclass
class BulkResult:
    """What a bulk write did: how many shifts it wrote and, for each one it left out because it
    would double-book someone or put them to work on approved leave, why."""

    count: int
    skipped: list[str] = field(default_factory=list)


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

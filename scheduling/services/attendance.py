"""Time clock, corrections and timesheets.

The time of a punch is the server's. Each punch locks the person's row first, and a database
constraint allows one open entry per person, so two clicks in two tabs make one punch. A timesheet
is submitted by its owner (or automatically after the period), approved by the person's manager
and so locked: a correction in a locked period is an adjustment carried into the next open one.
"""

from __future__ import annotations

import ipaddress
from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import User
from backoffice.services import action_record, notification_send
from hr.models import Employee
from hr.selectors import approver_for, employee_lock, employees_by_id
from scheduling.audit import SchedulingAudit
from scheduling.models import (
    BreakEntry,
    CorrectionRequest,
    Location,
    TimeEntry,
    Timesheet,
    TimesheetAdjustment,
)
from scheduling.selectors.attendance import (
    classified,
    current_shift,
    may_approve,
    may_correct,
    night_bonus,
    pay_period,
    timesheet_figures,
    timesheet_not_ready,
)

ALREADY_IN = _("You are already clocked in (since %(time)s).")
NOT_IN = _("You are not clocked in.")
STILL_OPEN_UNTIL = _("Your last session runs until %(time)s; clock in after it.")
ON_BREAK = _("You are already on a break.")
NOT_ON_BREAK = _("You are not on a break.")
OUTSIDE_ALLOW_LIST = _("Clocking in is only possible from the location's network.")
TOO_EARLY = _("Too early: clocking in opens %(minutes)s minutes before the shift (%(time)s).")
ENDS_BEFORE = _("The end is before the start.")
OVERLAPS = _("This overlaps another entry from %(start)s to %(end)s.")
REASON_NEEDED = _("Say why the time is corrected.")
NOT_YOURS = _("Only the person's manager can correct their time.")
OWN_TIMESHEET = _("You cannot approve your own timesheet.")
NOT_SUBMITTED = _("Only a submitted timesheet can be approved.")
LOCKED = _("This timesheet is approved and locked; it can no longer change.")
IN_FUTURE = _("A correction cannot be in the future.")


def _lock_person(employee: Employee) -> None:
    employee_lock(employee_id=employee.pk)


def _allowed(location: Location | None, ip: str | None) -> bool:
    if location is None or not location.ip_allow_list.strip():
        return True
    if not ip:
        return False
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    return any(
        address in ipaddress.ip_network(line.strip(), strict=False)
        for line in location.ip_allow_list.split()
    )


def _open(employee: Employee) -> TimeEntry | None:
    return TimeEntry.objects.filter(employee=employee, clock_out__isnull=True).first()


@transaction.atomic
def clock_in(*, employee: Employee, ip: str | None, now: datetime | None = None) -> TimeEntry:
    now = now or timezone.now()
    _lock_person(employee)
    existing = _open(employee)
    if existing is not None:
        raise ValidationError(
            ALREADY_IN % {"time": time_format(timezone.localtime(existing.clock_in))}
        )
    shift = current_shift(employee=employee, now=now)
    location = shift.location if shift else employee.schedule_locations.first()
    if not _allowed(location, ip):
        raise ValidationError(OUTSIDE_ALLOW_LIST)
    window = location.clock_window_minutes if location else None
    if shift and window is not None and now < shift.start - timedelta(minutes=window):
        raise ValidationError(
            TOO_EARLY
            % {"minutes": window, "time": time_format(shift.start.astimezone(shift.location.zone))}
        )
    last_end = (
        TimeEntry.objects.filter(employee=employee, clock_out__gt=now)
        .order_by("-clock_out")
        .values_list("clock_out", flat=True)
        .first()
    )
    if last_end is not None:  # a corrected session ends later: a new one would overlap it
        raise ValidationError(
            STILL_OPEN_UNTIL % {"time": time_format(timezone.localtime(last_end))}
        )
    zone = location.zone if location else timezone.get_current_timezone()
    try:
        with transaction.atomic():
            entry = TimeEntry.objects.create(
                employee=employee,
                location=location,
                shift=shift,
                day=now.astimezone(zone).date(),
                clock_in=now,
                ip_address=ip or None,
                created_by=employee.user,
            )
    except IntegrityError:  # the other tab was quicker
        raise ValidationError(ALREADY_IN % {"time": ""}) from None
    timesheet_for(employee=employee, day=entry.day)  # the period's timesheet exists from now on
    return entry


@transaction.atomic
def clock_out(*, employee: Employee, now: datetime | None = None) -> TimeEntry | None:
    """End the open session at the server's time, never later.

    A session ended within its first minute is a mistaken tap, worth 0 minutes: it is undone (the
    entry and its breaks removed) and ``None`` is returned. Ending it a
    minute later instead would put its end in the future, and clocking straight back in would
    then overlap it.
    """
    now = now or timezone.now()
    _lock_person(employee)
    entry = _open(employee)
    if entry is None:
        raise ValidationError(NOT_IN)
    if now < entry.clock_in + timedelta(minutes=1):
        BreakEntry.objects.filter(entry=entry).delete()
        entry.delete()
        return None
    BreakEntry.objects.filter(entry=entry, end__isnull=True).update(end=now)
    entry.clock_out = now
    entry.save(update_fields=["clock_out", "updated_at"])
    # A break never outlasts its session.
    BreakEntry.objects.filter(entry=entry, end__gt=entry.clock_out).update(end=entry.clock_out)
    return entry


@transaction.atomic
def break_start(*, employee: Employee, now: datetime | None = None) -> BreakEntry:
    now = now or timezone.now()
    _lock_person(employee)
    entry = _open(employee)
    if entry is None:
        raise ValidationError(NOT_IN)
    if entry.breaks.filter(end__isnull=True).exists():
        raise ValidationError(ON_BREAK)
    return BreakEntry.objects.create(entry=entry, start=now)


@transaction.atomic
def break_end(*, employee: Employee, now: datetime | None = None) -> BreakEntry:
    now = now or timezone.now()
    _lock_person(employee)
    entry = _open(employee)
    current = entry.breaks.filter(end__isnull=True).first() if entry else None
    if current is None:
        raise ValidationError(NOT_ON_BREAK)
    current.end = max(now, current.start)
    current.save(update_fields=["end"])
    return current


def correction_request_create(*, employee: Employee, day: date, comment: str) -> CorrectionRequest:
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should change.")})
    if day > timezone.localdate():
        raise ValidationError({"day": IN_FUTURE})
    request = CorrectionRequest.objects.create(employee=employee, day=day, comment=comment.strip())
    approver = approver_for(employee=employee)
    if approver is not None:
        from django.urls import reverse

        sheet = timesheet_for(employee=employee, day=day)
        notification_send(
            recipient=approver,
            kind="scheduling.correction_asked",
            title=gettext_noop("A time correction is asked"),
            body=gettext_noop("%(name)s, %(day)s: %(comment)s"),
            params={"name": employee.full_name, "day": day, "comment": comment.strip()},
            url=reverse("scheduling:timesheet-detail", args=[sheet.pk]),
        )
    return request


def timesheet_for(*, employee: Employee, day: date) -> Timesheet:
    """The timesheet of the pay period holding ``day``, saved now if it was not yet (clock-in,
    corrections and the nightly submission make them; pages only read)."""
    start, end = pay_period(day)
    sheet, _created = Timesheet.objects.get_or_create(
        employee=employee, start=start, defaults={"end": end}
    )
    return sheet


def _next_open_timesheet(sheet: Timesheet) -> Timesheet:
    day = sheet.end + timedelta(days=1)
    while True:
        following = timesheet_for(employee=sheet.employee, day=day)
        if following.status != Timesheet.Status.APPROVED:
            return following
        day = following.end + timedelta(days=1)


@transaction.atomic
def entry_correct(
    *,
    actor: User,
    employee: Employee,
    clock_in: datetime,
    clock_out: datetime,
    break_minutes: int,
    reason: str,
    entry: TimeEntry | None = None,
) -> TimeEntry:
    """A manager adds or fixes a session. In a locked period the timesheet keeps its figures and
    the difference goes into the next open timesheet as an adjustment."""
    if not may_correct(viewer=actor, employee=employee):
        raise PermissionDenied(NOT_YOURS)
    if not reason.strip():
        raise ValidationError({"reason": REASON_NEEDED})
    if clock_out <= clock_in:
        raise ValidationError({"clock_out": ENDS_BEFORE})
    if clock_out > timezone.now():
        raise ValidationError({"clock_out": IN_FUTURE})
    if break_minutes < 0 or timedelta(minutes=break_minutes) >= clock_out - clock_in:
        raise ValidationError({"break_minutes": _("The break is as long as the work or longer.")})
    _lock_person(employee)
    clash = (
        TimeEntry.objects.filter(employee=employee, clock_in__lt=clock_out)
        .filter(Q(clock_out__gt=clock_in) | Q(clock_out__isnull=True))
        .exclude(pk=entry.pk if entry else None)
        .first()
    )
    if clash is not None:
        zone = timezone.get_current_timezone()
        raise ValidationError(
            OVERLAPS
            % {
                "start": clash.clock_in.astimezone(zone).strftime("%d.%m %H:%M"),
                "end": clash.clock_out.astimezone(zone).strftime("%d.%m %H:%M")
                if clash.clock_out
                else "…",
            }
        )
    location = entry.location if entry else employee.schedule_locations.first()
    zone = location.zone if location else timezone.get_current_timezone()
    day = clock_in.astimezone(zone).date()
    days = {day} | ({entry.day} if entry else set())
    locked = {
        d: sheet
        for d in days
        if (sheet := timesheet_for(employee=employee, day=d)).status == Timesheet.Status.APPROVED
    }
    before = {sheet.pk: _figures(sheet) for sheet in locked.values()}
    if entry is None:
        entry = TimeEntry(employee=employee, location=location, created_by=actor)
    entry.day, entry.clock_in, entry.clock_out = day, clock_in, clock_out
    entry.source = TimeEntry.Source.CORRECTION
    entry.reason = reason.strip()[:300]
    entry.save()
    entry.breaks.all().delete()
    if break_minutes:
        middle = clock_in + (clock_out - clock_in) / 2
        half = timedelta(minutes=break_minutes) / 2
        BreakEntry.objects.create(entry=entry, start=middle - half, end=middle + half)
    for sheet in {s.pk: s for s in locked.values()}.values():
        after = _figures(sheet)
        delta = {k: after[k] - before[sheet.pk][k] for k in after}
        if any(delta.values()):
            TimesheetAdjustment.objects.create(
                timesheet=_next_open_timesheet(sheet),
                source=sheet,
                minutes={k: v for k, v in delta.items() if k != "night_bonus"},
                night_bonus_minutes=delta["night_bonus"],
                reason=reason.strip()[:300],
                created_by=actor,
            )
    action_record(
        kind=SchedulingAudit.TIME_CORRECTED,
        summary=gettext_noop("Time of %(name)s on %(day)s corrected: %(reason)s"),
        params={"name": employee.full_name, "day": day.isoformat(), "reason": reason.strip()},
        actor=actor,
        target=entry,
    )
    CorrectionRequest.objects.filter(
        employee=employee, day=day, status=CorrectionRequest.Status.OPEN
    ).update(status=CorrectionRequest.Status.DONE, answered_by=actor, answer=reason.strip()[:300])
    return entry


def _figures(sheet: Timesheet) -> dict:
    """Current classified minutes of a locked timesheet's period, plus earlier adjustments."""
    result = classified(employee_id=sheet.employee_id, start=sheet.start, end=sheet.end)
    return {**result.totals(), "night_bonus": night_bonus(result)}


@transaction.atomic
def timesheet_submit(
    *, actor: User, timesheet: Timesheet, automatic: bool = False, today: date | None = None
) -> Timesheet:
    sheet = (
        Timesheet.objects.select_for_update(of=("self",))
        .select_related("employee")
        .get(pk=timesheet.pk)
    )
    if sheet.status == Timesheet.Status.APPROVED:
        raise ValidationError(LOCKED)
    if not automatic and (sheet.employee.user_id != actor.pk):
        raise PermissionDenied
    if sheet.status == Timesheet.Status.SUBMITTED:
        return sheet
    if reason := timesheet_not_ready(timesheet=sheet, today=today):
        raise ValidationError(reason)
    sheet.status = Timesheet.Status.SUBMITTED
    sheet.submitted_at = timezone.now()
    sheet.save(update_fields=["status", "submitted_at"])
    approver = approver_for(employee=sheet.employee)
    if approver is not None:
        from django.urls import reverse

        notification_send(
            recipient=approver,
            kind="scheduling.timesheet_submitted",
            title=gettext_noop("A timesheet waits for your approval"),
            body=gettext_noop("%(name)s: %(start)s – %(end)s"),
            params={"name": sheet.employee.full_name, "start": sheet.start, "end": sheet.end},
            url=reverse("scheduling:timesheet-detail", args=[sheet.pk]),
        )
    return sheet


@transaction.atomic
def timesheet_approve(*, actor: User, timesheet: Timesheet) -> Timesheet:
    sheet = (
        Timesheet.objects.select_for_update(of=("self",))
        .select_related("employee")
        .get(pk=timesheet.pk)
    )
    if sheet.status == Timesheet.Status.APPROVED:
        raise ValidationError(LOCKED)
    if sheet.employee.user_id == actor.pk:
        raise ValidationError(OWN_TIMESHEET)
    if not may_approve(viewer=actor, timesheet=sheet):
        raise PermissionDenied
    if sheet.status != Timesheet.Status.SUBMITTED:
        raise ValidationError(NOT_SUBMITTED)
    if reason := timesheet_not_ready(timesheet=sheet):
        raise ValidationError(reason)
    if TimeEntry.objects.filter(
        employee=sheet.employee, day__gte=sheet.start, day__lte=sheet.end, clock_out__isnull=True
    ).exists():
        raise ValidationError(_("A session of this period is still open; close it first."))
    result = classified(employee_id=sheet.employee_id, start=sheet.start, end=sheet.end)
    sheet.totals, sheet.night_bonus_minutes = timesheet_figures(result), night_bonus(result)
    sheet.status = Timesheet.Status.APPROVED
    sheet.approved_at, sheet.approved_by = timezone.now(), actor
    sheet.save(
        update_fields=["totals", "night_bonus_minutes", "status", "approved_at", "approved_by"]
    )
    action_record(
        kind=SchedulingAudit.TIMESHEET_APPROVED,
        summary=gettext_noop("Timesheet of %(name)s from %(start)s approved and locked"),
        params={"name": sheet.employee.full_name, "start": sheet.start.isoformat()},
        actor=actor,
        target=sheet,
    )
    if sheet.employee.user_id:
        notification_send(
            recipient=sheet.employee.user,
            kind="scheduling.timesheet_approved",
            title=gettext_noop("Your timesheet was approved"),
            body=gettext_noop("%(start)s – %(end)s"),
            params={"start": sheet.start, "end": sheet.end},
        )
    return sheet


def timesheets_submit_due(*, today: date | None = None) -> int:
    """After a period ends, submit the open timesheets of everyone who worked in it (idempotent).

    A timesheet whose period has not ended (a leaver's final one counts from the last working
    day) stays open: the same rule as for a person submitting by hand."""
    today = today or timezone.localdate()
    start, _end = pay_period(today)
    previous_start, previous_end = pay_period(start - timedelta(days=1))
    worked = set(
        TimeEntry.objects.filter(day__gte=previous_start, day__lte=previous_end).values_list(
            "employee_id", flat=True
        )
    )
    count = 0
    for employee in employees_by_id(ids=sorted(worked)).values():
        sheet = timesheet_for(employee=employee, day=previous_start)
        if sheet.status == Timesheet.Status.OPEN and not timesheet_not_ready(
            timesheet=sheet, today=today
        ):
            timesheet_submit(actor=None, timesheet=sheet, automatic=True, today=today)
            count += 1
    return count

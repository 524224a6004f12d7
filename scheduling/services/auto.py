"""Starting the auto-scheduler, accepting (for everybody or some people) or discarding what it
proposes, and the per-person limits it plans with."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from backoffice.models import Job, User
from backoffice.services import action_record, job_start
from hr.models import Employee
from hr.selectors import employees_by_id
from scheduling.audit import SchedulingAudit
from scheduling.models import (
    AutoScheduleRun,
    SchedulePeriod,
    Shift,
    ShiftTemplate,
    ShiftTypeLimit,
    Skill,
    StaffLimits,
)
from scheduling.selectors import roster_check
from scheduling.services.roster import ShiftInput, shift_build, shift_save

JOB_KIND = "scheduling.autoschedule"
FILL_NEEDS_DRAFT = _("Only a draft period can be filled; for a published one fill its open shifts.")
OPEN_NEEDS_PUBLISHED = _("Open shifts are filled in a published period.")
NOT_READY = _("This run has no proposal to accept (yet).")
DECIDED = _("This run has already been decided.")
PERIOD_CHANGED = _("The period is no longer in the state the run was made for.")
NOBODY_CHOSEN = _("Tick at least one person whose shifts to accept, or discard the proposal.")
LIMIT_FIELDS = ("min_period_minutes", "max_period_minutes", "max_weekends", "min_days_off_in_row")


@transaction.atomic
def autoschedule_start(
    *, actor: User, period: SchedulePeriod, mode: str, time_limit: int, weights: dict
) -> AutoScheduleRun:
    """Start a run, or return the same run still queued or running (a second click)."""
    period = SchedulePeriod.objects.select_for_update(of=("self",)).get(pk=period.pk)
    if mode == AutoScheduleRun.Mode.FILL and period.status != SchedulePeriod.Status.DRAFT:
        raise ValidationError({"mode": FILL_NEEDS_DRAFT})
    if mode == AutoScheduleRun.Mode.OPEN_ONLY and period.status != SchedulePeriod.Status.PUBLISHED:
        raise ValidationError({"mode": OPEN_NEEDS_PUBLISHED})
    same = (
        AutoScheduleRun.objects.filter(
            period=period,
            mode=mode,
            time_limit=time_limit,
            weights=weights,
            job__status__in=[Job.Status.QUEUED, Job.Status.RUNNING],
        )
        .order_by("-pk")
        .first()
    )
    if same is not None:
        return same
    run = AutoScheduleRun.objects.create(
        period=period, mode=mode, time_limit=time_limit, weights=weights, requested_by=actor
    )
    run.job = job_start(kind=JOB_KIND, params={"run": run.pk}, requested_by=actor)
    run.save(update_fields=["job"])
    return run


def _lock(run: AutoScheduleRun) -> AutoScheduleRun:
    run = (
        AutoScheduleRun.objects.select_for_update(of=("self",))
        .select_related("period__location", "job")
        .get(pk=run.pk)
    )
    if run.decision:
        raise ValidationError(DECIDED)
    return run


@transaction.atomic
def autoschedule_discard(*, actor: User, run: AutoScheduleRun) -> AutoScheduleRun:
    run = _lock(run)
    run.decision = AutoScheduleRun.Decision.DISCARDED
    run.decided_at, run.decided_by = timezone.now(), actor
    run.save(update_fields=["decision", "decided_at", "decided_by"])
    return run


@transaction.atomic
def autoschedule_accept(
    *, actor: User, run: AutoScheduleRun, employees: Collection[int] | None = None
) -> tuple[int, int]:
    """Write the proposal as shifts; answer (shifts written, conflicts found afterwards).

    ``employees`` (ids) accepts the proposal for those people only; their colleagues' proposed
    shifts are discarded with the run. A proposal for a person who meanwhile got a shift that day
    is skipped. Every shift is built in the location's zone and the period is checked like after
    a hand edit, so the rule engine sees a partly accepted proposal as it would any roster.
    """
    run = _lock(run)
    if (
        not run.result
        or run.job is None
        or run.job.status != Job.Status.SUCCEEDED
        or run.result.get("status") in ("infeasible", "cancelled", "unknown")
        or run.result.get("violations")
    ):
        raise ValidationError(NOT_READY)
    period = (
        SchedulePeriod.objects.select_for_update(of=("self",))
        .select_related("location")
        .get(pk=run.period_id)
    )
    wanted = (
        SchedulePeriod.Status.DRAFT
        if run.mode == AutoScheduleRun.Mode.FILL
        else SchedulePeriod.Status.PUBLISHED
    )
    if period.status != wanted:
        raise ValidationError(PERIOD_CHANGED)
    rows = run.result.get("assignments", [])
    if employees is not None:
        chosen = set(employees)
        if not chosen & {row[0] for row in rows}:
            raise ValidationError(NOBODY_CHOSEN)
        rows = [row for row in rows if row[0] in chosen]
    people = employees_by_id(ids={row[0] for row in rows})
    templates = ShiftTemplate.objects.in_bulk({row[2] for row in rows})
    skills = Skill.objects.in_bulk({int(row[3]) for row in rows if row[3]})
    taken = set(
        Shift.objects.planned()
        .filter(employee_id__in=people, day__gte=period.start, day__lte=period.end)
        .values_list("employee_id", "day")
    )
    written = 0
    if run.mode == AutoScheduleRun.Mode.FILL:
        made = []
        for employee_id, ordinal, template_id, skill in rows:
            day = date.fromordinal(ordinal)
            if (employee_id, day) in taken or employee_id not in people:
                continue
            made.append(
                shift_build(
                    period=period,
                    data=ShiftInput(
                        day=day,
                        employee=people[employee_id],
                        template=templates[template_id],
                        skill=skills.get(int(skill)) if skill else None,
                    ),
                )
            )
            taken.add((employee_id, day))
        Shift.objects.bulk_create(made)
        written = len(made)
    else:
        for employee_id, ordinal, template_id, skill in rows:
            day = date.fromordinal(ordinal)
            if (employee_id, day) in taken:
                continue
            shift = (
                Shift.objects.planned()
                .filter(
                    period=period,
                    employee__isnull=True,
                    day=day,
                    template_id=template_id,
                    skill_id=int(skill) if skill else None,
                )
                .order_by("pk")
                .first()
            )
            if shift is None:
                continue
            shift_save(
                actor=actor,
                period=period,
                shift=shift,
                data=ShiftInput.of(shift, employee=people[employee_id]),
            )
            taken.add((employee_id, day))
            written += 1
    run.decision = AutoScheduleRun.Decision.ACCEPTED
    run.decided_at, run.decided_by = timezone.now(), actor
    run.save(update_fields=["decision", "decided_at", "decided_by"])
    # The same check as after a hand edit, here and in the periods on either side (rest and
    # consecutive days look across the edges).
    neighbours = SchedulePeriod.objects.filter(location=period.location).filter(
        end=period.start - timedelta(days=1)
    ) | SchedulePeriod.objects.filter(
        location=period.location, start=period.end + timedelta(days=1)
    )
    conflicts = sum(len(roster_check(period=p).open_conflicts()) for p in [period, *neighbours])
    action_record(
        kind=SchedulingAudit.AUTOSCHEDULE_ACCEPTED,
        summary=gettext_noop("Auto-scheduler proposal accepted: %(count)s shifts at %(location)s"),
        params={"count": written, "location": period.location.name},
        actor=actor,
        target=period,
        data={
            "run": run.pk,
            "conflicts": conflicts,
            "people": sorted(people) if employees is not None else "all",
        },
    )
    return written, conflicts


@transaction.atomic
def staff_limits_save(
    *, actor: User, employee: Employee, values: dict, shift_limits: dict[ShiftTemplate, int]
) -> StaffLimits:
    """Set a person's own limits (``LIMIT_FIELDS`` from ``values``; None: no limit) and the
    most shifts per template, exactly ``shift_limits``; audited like any set-up change."""
    limits, _created = StaffLimits.objects.get_or_create(employee=employee)
    for name in LIMIT_FIELDS:
        setattr(limits, name, values.get(name))
    limits.save()
    limits.shift_limits.exclude(template__in=list(shift_limits)).delete()
    for template, most in shift_limits.items():
        ShiftTypeLimit.objects.update_or_create(
            limits=limits, template=template, defaults={"max_shifts": most}
        )
    action_record(
        kind=SchedulingAudit.SETUP_CHANGED,
        summary=gettext_noop("Scheduling set-up saved: %(what)s %(name)s"),
        params={"what": "limits", "name": str(employee)},
        actor=actor,
        target=limits,
    )
    return limits

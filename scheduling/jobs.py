"""Scheduling's background jobs: the auto-scheduler."""

from __future__ import annotations

import hashlib
import json
import threading
import time
from typing import Any

from django.utils.translation import gettext as _

from backoffice.models import Job, User
from backoffice.services.jobs import JobCancelled, JobContext
from scheduling.domain.solver import solve
from scheduling.models import AutoScheduleRun
from scheduling.selectors.autoschedule import instance_for, proposal

#: Seconds the solver may use at most; below the task's soft time limit (TRAPS.md, Celery).
MAX_TIME_LIMIT = 600


def autoschedule(*, job: Job, context: JobContext) -> None:
    """Solve the run's period and keep the proposal on the run; nothing is written to the roster.

    The solver runs in a thread of its own and never touches the database; this thread reports
    its progress every half second and stops it when the job is cancelled. Running the job again
    (a redelivered task) solves again and replaces the proposal: the result is the same kind.
    """
    run = AutoScheduleRun.objects.select_related("period__location").get(pk=job.params["run"])
    built = instance_for(run.period, mode=run.mode, weights=run.weights)
    limit = min(run.time_limit, MAX_TIME_LIMIT)
    context.progress(0, limit, _("Building the model"), force=True)
    latest: dict = {}
    stop = threading.Event()
    box: dict = {}

    def work() -> None:
        box["result"] = solve(
            built.instance,
            time_limit_s=limit,
            on_progress=lambda p: latest.update(progress=p),
            should_stop=stop.is_set,
        )

    worker = threading.Thread(target=work, name=f"autoschedule-{run.pk}", daemon=True)
    started = time.monotonic()
    worker.start()
    try:
        while worker.is_alive():
            worker.join(0.5)
            progress = latest.get("progress")
            message = (
                _("Improving the roster: %(count)s rosters found so far")
                % {"count": progress.solutions}
                if progress
                else _("Looking for a good roster")
            )
            context.progress(min(limit, int(time.monotonic() - started)), limit, message)
    except JobCancelled:
        stop.set()
        worker.join()
        raise
    run.result = proposal(built, box["result"], start=run.period.start)
    run.save(update_fields=["result"])
    context.progress(limit, limit, _("Done"), force=True)


def timesheets_export_version(params: dict[str, Any], user: User | None) -> str:
    """What the export is built from, as the requester sees it: the period's timesheets (status,
    approval, locked totals, names), the clocked work and breaks classified into them, the
    adjustments carried in, the public holidays and the working-time rules. The same state gives
    the same file; any change to it makes asking again new work."""
    from datetime import date

    from django.db.models import Count, Max

    from scheduling.domain.times import monday
    from scheduling.models import (
        BreakEntry,
        Location,
        TimeEntry,
        TimesheetAdjustment,
        WorkingTimeRules,
    )
    from scheduling.selectors.attendance import holidays, pay_period, thresholds, timesheet_list

    start, end = pay_period(date.fromisoformat(params["start"]))
    sheets = timesheet_list(viewer=user).filter(start=start)
    entries = TimeEntry.objects.filter(
        employee_id__in=sheets.values("employee_id"),
        day__gte=monday(start),
        day__lte=end,
        clock_out__isnull=False,
    )
    state = {
        "sheets": list(
            sheets.order_by("pk").values_list(
                "pk",
                "status",
                "submitted_at",
                "approved_at",
                "totals",
                "night_bonus_minutes",
                "employee__first_name",
                "employee__last_name",
            )
        ),
        "entries": entries.aggregate(count=Count("pk"), changed=Max("updated_at")),
        "breaks": BreakEntry.objects.filter(entry__in=entries).aggregate(
            count=Count("pk"), last=Max("pk"), ended=Max("end")
        ),
        "adjustments": TimesheetAdjustment.objects.filter(timesheet__in=sheets).aggregate(
            count=Count("pk"), last=Max("pk")
        ),
        "holidays": sorted(holidays(start, end)),
        "rules": repr(thresholds()),
        # Each location classifies by its own rules: any change to them changes the figures.
        "all_rules": list(WorkingTimeRules.objects.order_by("pk").values_list()),
        "locations": list(Location.objects.order_by("pk").values_list("pk", "rules_id")),
    }
    encoded = json.dumps(state, default=str, sort_keys=True).encode()
    return hashlib.sha256(encoded).hexdigest()[:16]


#: The figures a timesheet export shows, in its columns' order (buckets: KT art. 262(1)).
EXPORT_FIGURES = (
    "worked",
    "regular",
    "overtime",
    "overtime_workday",
    "overtime_rest_day",
    "overtime_holiday",
    "overtime_summarised",
    "night",
    "weekend",
    "holiday",
)


def timesheets_export(*, job: Job, context: JobContext) -> None:
    """A pay period's timesheets (those the requester may see) as XLSX or PDF, with progress."""
    from datetime import date

    from django.utils import timezone

    from scheduling.domain.classify import to_hours
    from scheduling.selectors.attendance import (
        classified,
        night_bonus,
        pay_period,
        payroll_time_bulk,
        timesheet_list,
    )

    start, end = pay_period(date.fromisoformat(job.params["start"]))
    sheets = list(
        timesheet_list(viewer=job.requested_by)
        .filter(start=start)
        .order_by("employee__last_name", "employee__first_name")
    )
    context.progress(0, len(sheets) + 1, _("Reading timesheets"), force=True)
    paid = payroll_time_bulk(
        employee_ids=[sheet.employee_id for sheet in sheets if sheet.locked], start=start, end=end
    )
    rows = []
    for done, sheet in enumerate(sheets, start=1):
        if sheet.locked:  # what payroll takes: the locked figures plus adjustments carried in
            hours = paid[sheet.employee_id].hours
            bonus = hours["night_bonus"]
        else:
            result = classified(employee_id=sheet.employee_id, start=sheet.start, end=sheet.end)
            hours = {c: to_hours(minutes) for c, minutes in result.totals().items()}
            bonus = to_hours(night_bonus(result))
        values = [hours.get(figure, to_hours(0)) for figure in EXPORT_FIGURES]
        rows.append({"sheet": sheet, "hours": hours, "bonus": bonus, "values": values})
        context.progress(done)
    labels = [
        _("Employee"),
        _("Status"),
        _("Worked"),
        _("Regular"),
        _("Overtime"),
        _("Overtime on working days"),
        _("Overtime on rest days"),
        _("Overtime on official holidays"),
        _("Overtime, summarised"),
        _("Night"),
        _("Rest days"),
        _("Official holiday"),
        _("Night factor extra"),
    ]
    name = f"timesheets-{start:%Y-%m-%d}"
    if job.params.get("format") == "pdf":
        from backoffice.pdf import render_pdf

        today = timezone.localdate()
        content = render_pdf(
            "scheduling/pdf/timesheets.html",
            {
                "rows": rows,
                "labels": labels,
                "start": start,
                "end": end,
                "today": today,
                "reference": f"TS-{start:%Y%m%d}-{job.pk}",
            },
        )
        context.save_result(f"{name}.pdf", content)
    else:
        from backoffice.exports import xlsx_bytes

        content = xlsx_bytes(
            header=labels,
            rows=(
                [
                    row["sheet"].employee.full_name,
                    row["sheet"].get_status_display(),
                    *row["values"],
                    row["bonus"],
                ]
                for row in rows
            ),
            title=f"{start:%Y-%m-%d}",
        )
        context.save_result(f"{name}.xlsx", content)
    context.progress(
        len(sheets) + 1, message=_("%(count)s timesheets") % {"count": len(rows)}, force=True
    )

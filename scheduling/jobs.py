"""Scheduling's background jobs: the auto-scheduler."""

from __future__ import annotations

import threading
import time
from decimal import Decimal

from django.utils.translation import gettext as _

from backoffice.models import Job
from backoffice.services.jobs import JobCancelled, JobContext
from scheduling.autoschedule import instance_for
from scheduling.models import AutoScheduleRun
from scheduling.solver import solve, validate
from scheduling.solver.explain import Reason, explain_unfilled

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
                _("Best so far: %(objective)s points (bound %(bound)s), %(count)s solutions")
                % {
                    "objective": f"{progress.objective:g}",
                    "bound": f"{progress.bound:g}",
                    "count": progress.solutions,
                }
                if progress
                else _("Searching for a first roster")
            )
            context.progress(min(limit, int(time.monotonic() - started)), limit, message)
    except JobCancelled:
        stop.set()
        worker.join()
        raise
    result = box["result"]
    violations = validate(built.instance, result.assignments) if result.assignments else []
    reasons = explain_unfilled(built.instance, result) if result.unfilled else {}
    for slot in result.unfilled:
        if not reasons.get(slot):  # every qualified person is already on this very shift
            qualified = sum(
                1 for e in built.instance.employees if slot.skill is None or slot.skill in e.skills
            )
            reasons[slot] = [Reason("all_on_slot", qualified, (), {"qualified": qualified})]
    pinned = {(a.employee, a.day, a.shift_type) for a in built.instance.pinned}
    start = run.period.start
    run.result = {
        "status": str(result.status),
        "objective": result.objective,
        "bound": result.best_bound,
        "gap": result.gap,
        "seconds": round(result.wall_time_s, 1),
        "solutions": result.solutions,
        "coverage": round(result.coverage_pct, 1),
        "overtime_minutes": result.overtime_minutes,
        "fairness": {k: round(v, 2) for k, v in result.fairness.items()},
        "violations": [v.message for v in violations],
        "assignments": [
            [a.employee, (start.toordinal() + a.day), a.shift_type, a.skill]
            for a in result.assignments
            if (a.employee, a.day, a.shift_type) not in pinned
        ],
        "pinned": len(pinned),
        "unfilled": [
            {
                "day": start.toordinal() + slot.day,
                "template": slot.shift_type,
                "skill": slot.skill,
                "missing": slot.missing,
                "reasons": [{"code": r.code, "count": r.count, "params": r.params} for r in found],
            }
            for slot, found in ((s, reasons.get(s, [])) for s in result.unfilled)
        ],
        "conflicting_pins": [
            [a.employee, start.toordinal() + a.day, a.shift_type] for a in result.conflicting_pins
        ],
    }
    run.save(update_fields=["result"])
    context.progress(limit, limit, _("Done"), force=True)


def timesheets_export(*, job: Job, context: JobContext) -> None:
    """A pay period's timesheets (those the requester may see) as XLSX or PDF, with progress."""
    from datetime import date
    from io import BytesIO

    from django.utils import timezone

    from scheduling.attendance import CATEGORIES, to_hours
    from scheduling.timesheets import (
        classified,
        pay_period,
        payroll_time,
        timesheet_list,
        totals_with_bonus,
    )

    start, end = pay_period(date.fromisoformat(job.params["start"]))
    sheets = list(
        timesheet_list(viewer=job.requested_by)
        .filter(start=start)
        .order_by("employee__last_name", "employee__first_name")
    )
    context.progress(0, len(sheets) + 1, _("Reading timesheets"), force=True)
    rows = []
    for done, sheet in enumerate(sheets, start=1):
        if sheet.locked:  # what payroll takes: the locked figures plus adjustments carried in
            paid = payroll_time(employee=sheet.employee, start=sheet.start, end=sheet.end)
            hours, bonus = paid.hours, paid.hours["night_bonus"]
        else:
            totals = totals_with_bonus(
                classified(employee_id=sheet.employee_id, start=sheet.start, end=sheet.end)
            )
            hours = {c: to_hours(int(totals.get(c, 0))) for c in CATEGORIES}
            bonus = to_hours(Decimal(str(totals.get("night_bonus", "0"))))
        rows.append({"sheet": sheet, "hours": hours, "bonus": bonus})
        context.progress(done)
    labels = [
        _("Employee"),
        _("Status"),
        _("Worked"),
        _("Regular"),
        _("Overtime"),
        _("Night"),
        _("Weekend"),
        _("Public holiday"),
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
        from openpyxl import Workbook

        book = Workbook()
        sheet_ = book.active
        sheet_.title = f"{start:%Y-%m-%d}"
        sheet_.append([str(label) for label in labels])
        for row in rows:
            sheet_.append(
                [
                    row["sheet"].employee.full_name,
                    str(row["sheet"].get_status_display()),
                    *[row["hours"][c] for c in CATEGORIES],
                    row["bonus"],
                ]
            )
        buffer = BytesIO()
        book.save(buffer)
        context.save_result(f"{name}.xlsx", buffer.getvalue())
    context.progress(
        len(sheets) + 1, message=_("%(count)s timesheets") % {"count": len(rows)}, force=True
    )

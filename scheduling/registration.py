"""What scheduling contributes to the platform's registry: pages, widgets, roles, demo, bench."""

from django.utils.translation import gettext_lazy as _

from backoffice import roles
from backoffice.registry import BenchPage, JobKind, NavEntry, NavSection, Widget, registry

MODELS = [
    "workingtimerules",
    "location",
    "skill",
    "shifttemplate",
    "coverage",
    "rotationpattern",
    "scheduleperiod",
    "shift",
    "availability",
    "swaprequest",
    "autoschedulerun",
]

AUDIT_KINDS = {
    "scheduling.period_created": _("Schedule period created"),
    "scheduling.shift_changed": _("Published shift changed"),
    "scheduling.shift_deleted": _("Published shift deleted"),
    "scheduling.week_copied": _("Week copied"),
    "scheduling.rotation_applied": _("Rotation applied"),
    "scheduling.conflict_accepted": _("Conflict accepted at publishing"),
    "scheduling.period_published": _("Schedule published"),
    "scheduling.period_closed": _("Schedule period closed"),
    "scheduling.open_shift_claimed": _("Open shift taken"),
    "scheduling.swap_approved": _("Shift swap approved"),
    "scheduling.shifts_released": _("Shifts opened for leave"),
    "scheduling.setup_changed": _("Scheduling set-up changed"),
    "scheduling.autoschedule_accepted": _("Auto-scheduler proposal accepted"),
    "scheduling.time_corrected": _("Time corrected"),
    "scheduling.timesheet_approved": _("Timesheet approved"),
}


def _is_employee(user) -> bool:
    return hasattr(user, "employee")


def _plans(user) -> bool:
    return user.has_perm("scheduling.plan")


def register() -> None:
    from scheduling import demo, widgets
    from scheduling.jobs import autoschedule, timesheets_export, timesheets_export_version

    registry.urls("scheduling/", "scheduling.urls")
    registry.section(NavSection("scheduling", _("Shifts"), "calendar-time", order=20))
    entries = [
        NavEntry(
            "scheduling",
            _("My schedule"),
            "scheduling:my-schedule",
            "calendar-user",
            None,
            0,
            _is_employee,
        ),
        NavEntry(
            "scheduling",
            _("Open shifts"),
            "scheduling:open-shifts",
            "hand-grab",
            None,
            5,
            _is_employee,
        ),
        NavEntry(
            "scheduling",
            _("My availability"),
            "scheduling:my-availability",
            "calendar-off",
            None,
            8,
            _is_employee,
        ),
        NavEntry(
            "scheduling",
            _("Rosters"),
            "scheduling:periods",
            "layout-grid",
            None,
            10,
            lambda u: _plans(u) or _is_employee(u),
        ),
        NavEntry(
            "scheduling",
            _("Swap approvals"),
            "scheduling:swap-approvals",
            "arrows-exchange",
            None,
            20,
            lambda u: _plans(u) or u.has_perm("hr.view_team"),
        ),
        NavEntry(
            "scheduling",
            _("Labour cost"),
            "scheduling:cost",
            "coin",
            None,
            30,
            lambda u: (
                _plans(u) or u.has_perm("hr.view_team") or u.has_perm("scheduling.view_shift_cost")
            ),
        ),
        NavEntry("scheduling", _("Set-up"), "scheduling:setup", "settings", "scheduling.plan", 40),
        NavEntry(
            "scheduling", _("Time clock"), "scheduling:clock", "clock-play", None, 1, _is_employee
        ),
        NavEntry(
            "scheduling",
            _("My timesheets"),
            "scheduling:my-timesheets",
            "clock-hour-4",
            None,
            2,
            _is_employee,
        ),
        NavEntry(
            "scheduling",
            _("Timesheets"),
            "scheduling:timesheets",
            "clipboard-check",
            None,
            25,
            lambda u: u.has_perm("hr.view_team") or u.has_perm("hr.view_employee"),
        ),
        NavEntry(
            "scheduling",
            _("Attendance"),
            "scheduling:attendance",
            "chart-dots",
            None,
            26,
            lambda u: _plans(u) or u.has_perm("hr.view_team") or u.has_perm("hr.view_employee"),
        ),
    ]
    for entry in entries:
        registry.nav_entry(entry)

    registry.widget(
        Widget(
            "scheduling-next-shift",
            "scheduling/widgets/next_shift.html",
            widgets.next_shift,
            order=3,
            width="col-12 col-lg-4",
        )
    )
    registry.widget(
        Widget(
            "scheduling-swaps",
            "scheduling/widgets/swaps.html",
            widgets.swaps_waiting,
            order=8,
            width="col-12 col-lg-4",
        )
    )
    registry.job_kind(
        JobKind(
            "scheduling.autoschedule",
            _("Auto-scheduler"),
            autoschedule,
            permission="scheduling.plan",
        )
    )
    # The auto-scheduler needs no version: every run is a new AutoScheduleRun with its own job.
    registry.job_kind(
        JobKind(
            "scheduling.timesheets_export",
            _("Timesheets (XLSX or PDF)"),
            timesheets_export,
            version=timesheets_export_version,
        )
    )
    registry.periodic_task(
        "scheduling: submit the timesheets of the period that ended",
        {"task": "scheduling.timesheets_submit_due_task", "crontab": {"minute": "15", "hour": "2"}},
    )
    for code, label in AUDIT_KINDS.items():
        registry.audit_kind(code, label)

    every = [f"scheduling.{a}_{m}" for m in MODELS for a in ("view", "add", "change", "delete")]
    registry.grant(roles.PLANNER, ["scheduling.plan"])
    registry.grant(roles.HR, ["scheduling.view_shift_cost"])
    registry.grant(roles.FINANCE, ["scheduling.view_shift_cost"])
    registry.grant(roles.ADMINISTRATOR, every)

    registry.seed_step(20, demo.seed_scheduling)
    registry.seed_step(21, demo.seed_attendance)
    registry.bench_fill_step(20, demo.bench_roster)
    registry.bench_page(
        BenchPage("scheduling: roster month", lambda: demo.bench_roster_path("period"), "planner")
    )
    registry.bench_page(
        BenchPage("scheduling: roster week", lambda: demo.bench_roster_path("week"), "planner")
    )
    registry.bench_page(
        BenchPage(
            "scheduling: edit + check",
            demo.bench_edit_path,
            "planner",
            data=demo.bench_edit_data,
        )
    )
    registry.bench_page(BenchPage("scheduling: my schedule", lambda: "/scheduling/me/", "staff"))
    registry.bench_page(
        BenchPage("scheduling: open shifts", lambda: "/scheduling/open-shifts/", "staff")
    )
    registry.bench_page(BenchPage("scheduling: time clock", lambda: "/scheduling/clock/", "staff"))
    registry.bench_page(
        BenchPage("scheduling: timesheets", lambda: "/scheduling/timesheets/", "hr")
    )
    registry.bench_page(
        BenchPage("scheduling: attendance", lambda: "/scheduling/attendance/", "planner")
    )
    registry.bench_page(BenchPage("scheduling: a timesheet", demo.bench_timesheet_path, "hr"))

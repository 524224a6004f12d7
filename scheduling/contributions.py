"""What scheduling contributes to the platform's registry, as data: pages, widgets, job kinds,
audit kinds, role grants, the panel on a person's record, personal data, periodic tasks, demo
data and benchmarks."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from backoffice import roles
from backoffice.registry import (
    AllModels,
    BenchPage,
    Contributions,
    JobKind,
    LeaveImpactProvider,
    NavEntry,
    NavSection,
    PersonalDataProvider,
    PersonPanel,
    Widget,
)
from hr.permissions import manages_team, sees_everyone
from scheduling import demo, widgets
from scheduling.audit import SchedulingAudit
from scheduling.jobs import autoschedule, timesheets_export, timesheets_export_version
from scheduling.panels import person_work, person_work_visible
from scheduling.personal_data import personal_data
from scheduling.selectors.leave import leave_impact_lines


def _is_employee(user) -> bool:
    return hasattr(user, "employee")


def _plans(user) -> bool:
    return user.has_perm("scheduling.plan")


def _sees_rosters(user) -> bool:
    return _plans(user) or _is_employee(user)


def _decides_swaps(user) -> bool:
    return _plans(user) or manages_team(user)


def _sees_cost(user) -> bool:
    return _plans(user) or manages_team(user) or user.has_perm("scheduling.view_shift_cost")


def _sees_timesheets(user) -> bool:
    return manages_team(user) or sees_everyone(user)


def _sees_attendance(user) -> bool:
    return _plans(user) or _sees_timesheets(user)


def _roster_month() -> str:
    return demo.bench_roster_path("period")


def _roster_week() -> str:
    return demo.bench_roster_path("week")


S = "scheduling"

CONTRIBUTIONS = Contributions(
    app="scheduling",
    urls=("scheduling/", "scheduling.urls"),
    sections=(NavSection(S, _("Shifts"), "calendar-time", order=20),),
    nav=(
        NavEntry(
            S, _("My schedule"), "scheduling:schedule-mine", "calendar-user", None, 0, _is_employee
        ),
        NavEntry(
            S, _("Open shifts"), "scheduling:open-shift-list", "hand-grab", None, 5, _is_employee
        ),
        NavEntry(
            S,
            _("My availability"),
            "scheduling:availability-mine",
            "calendar-off",
            None,
            8,
            _is_employee,
        ),
        NavEntry(S, _("Rosters"), "scheduling:period-list", "layout-grid", None, 10, _sees_rosters),
        NavEntry(
            S,
            _("Swap approvals"),
            "scheduling:swap-list",
            "arrows-exchange",
            None,
            20,
            _decides_swaps,
        ),
        NavEntry(S, _("Labour cost"), "scheduling:cost-report", "coin", None, 30, _sees_cost),
        NavEntry(S, _("Set-up"), "scheduling:setup-list", "settings", "scheduling.plan", 40),
        NavEntry(
            S, _("Time clock"), "scheduling:clock-detail", "clock-play", None, 1, _is_employee
        ),
        NavEntry(
            S,
            _("My timesheets"),
            "scheduling:timesheet-mine",
            "clock-hour-4",
            None,
            2,
            _is_employee,
        ),
        NavEntry(
            S,
            _("Timesheets"),
            "scheduling:timesheet-list",
            "clipboard-check",
            None,
            25,
            _sees_timesheets,
        ),
        NavEntry(
            S,
            _("Attendance"),
            "scheduling:attendance-dashboard",
            "chart-dots",
            None,
            26,
            _sees_attendance,
        ),
    ),
    tabs=(
        NavEntry(
            S, _("Shifts"), "scheduling:schedule-mine", "calendar-week", None, 10, _is_employee
        ),
        NavEntry(S, _("Clock"), "scheduling:clock-detail", "clock-play", None, 20, _is_employee),
    ),
    widgets=(
        Widget(
            "scheduling-now",
            "scheduling/widgets/now.html",
            widgets.now_and_clock,
            order=1,
            width="col-12 col-lg-4",
        ),
        Widget(
            "scheduling-planner",
            "scheduling/widgets/planner.html",
            widgets.planner_todo,
            order=2,
            width="col-12 col-lg-8",
        ),
        Widget(
            "scheduling-manager",
            "scheduling/widgets/manager.html",
            widgets.manager_todo,
            order=2,
            width="col-12 col-lg-8",
        ),
        Widget(
            "scheduling-next-shift",
            "scheduling/widgets/next_shift.html",
            widgets.next_shift,
            order=3,
            width="col-12 col-lg-4",
        ),
    ),
    job_kinds=(
        # The auto-scheduler needs no version: every run is a new AutoScheduleRun with its own job.
        JobKind(
            "scheduling.autoschedule",
            _("Auto-scheduler"),
            autoschedule,
            permission="scheduling.plan",
        ),
        JobKind(
            "scheduling.timesheets_export",
            _("Timesheets (XLSX or PDF)"),
            timesheets_export,
            version=timesheets_export_version,
        ),
    ),
    periodic_tasks={
        "scheduling: submit the timesheets of the period that ended": {
            "task": "scheduling.timesheets_submit_due_task",
            "crontab": {"minute": "15", "hour": "2"},
        },
    },
    audit_kinds=SchedulingAudit,
    grants={
        roles.PLANNER: ("scheduling.plan",),
        roles.HR: ("scheduling.view_shift_cost",),
        roles.FINANCE: ("scheduling.view_shift_cost",),
        roles.ADMINISTRATOR: (AllModels("scheduling"),),
    },
    person_panels=(
        PersonPanel(
            "scheduling",
            _("Shifts and timesheets"),
            "scheduling/panels/person_work.html",
            person_work,
            person_work_visible,
            icon="calendar-time",
            order=20,
        ),
    ),
    personal_data=(PersonalDataProvider("scheduling", _("Shift scheduling"), personal_data),),
    leave_impact=(LeaveImpactProvider("scheduling", leave_impact_lines),),
    seed_steps=((20, demo.seed_scheduling), (21, demo.seed_attendance)),
    bench_fill_steps=((20, demo.bench_roster),),
    bench_pages=(
        BenchPage("scheduling: roster month", _roster_month, "planner"),
        BenchPage("scheduling: roster week", _roster_week, "planner"),
        BenchPage(
            "scheduling: edit + check", demo.bench_edit_path, "planner", data=demo.bench_edit_data
        ),
        BenchPage("scheduling: my schedule", lambda: "/scheduling/me/", "staff"),
        BenchPage("scheduling: open shifts", lambda: "/scheduling/open-shifts/", "staff"),
        BenchPage("scheduling: time clock", lambda: "/scheduling/clock/", "staff"),
        BenchPage("scheduling: timesheets", lambda: "/scheduling/timesheets/", "hr"),
        BenchPage("scheduling: attendance", lambda: "/scheduling/attendance/", "planner"),
        BenchPage("scheduling: a timesheet", demo.bench_timesheet_path, "hr"),
    ),
)

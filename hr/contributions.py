"""What HR contributes to the platform's registry, as data: pages, widgets, search, job kinds,
audit kinds, role grants, personal data, periodic tasks, demo data and benchmarks."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from backoffice import roles
from backoffice.registry import (
    AllModels,
    BenchJob,
    BenchPage,
    Contributions,
    JobKind,
    NavEntry,
    NavSection,
    PersonalDataProvider,
    SearchProvider,
    Widget,
)
from hr import demo, search, widgets
from hr.audit import HrAudit
from hr.jobs import employees_import_run, headcount_report, headcount_report_version
from hr.personal_data import personal_data


def _is_employee(user) -> bool:
    return hasattr(user, "employee")


def _sees_training(user) -> bool:
    return user.has_perm("hr.view_trainingassignment") or user.has_perm("hr.view_team")


def _sees_hiring(user) -> bool:
    return user.has_perm("hr.view_jobopening") or user.has_perm("hr.view_team")


def _decides_leave(user) -> bool:
    return user.has_perm("hr.view_team") or user.has_perm("hr.change_leaverequest")


def _sees_team_leave(user) -> bool:
    return user.has_perm("hr.view_team") or user.has_perm("hr.view_leaverequest")


def _manages_without_hr(user) -> bool:
    return user.has_perm("hr.view_team") and not user.has_perm("hr.view_employee")


def _bench_path(path: str):
    return lambda: path


CONTRIBUTIONS = Contributions(
    app="hr",
    urls=("hr/", "hr.urls"),
    sections=(NavSection("hr", _("People"), "users-group", order=10),),
    nav=(
        NavEntry("hr", _("Directory"), "hr:employee-directory", icon="address-book", order=0),
        NavEntry(
            "hr", _("My tasks"), "hr:task-mine", icon="checklist", order=12, test=_is_employee
        ),
        NavEntry(
            "hr", _("My trainings"), "hr:training-mine", icon="school", order=13, test=_is_employee
        ),
        NavEntry("hr", _("Reviews"), "hr:review-list", icon="star", order=14, test=_is_employee),
        NavEntry(
            "hr",
            _("Training"),
            "hr:training-list",
            icon="certificate",
            order=36,
            test=_sees_training,
        ),
        NavEntry(
            "hr", _("Hiring"), "hr:opening-list", icon="user-search", order=35, test=_sees_hiring
        ),
        NavEntry("hr", _("Organisation chart"), "hr:org-chart", icon="sitemap", order=5),
        NavEntry("hr", _("My leave"), "hr:leave-mine", icon="beach", order=10, test=_is_employee),
        NavEntry("hr", _("My profile"), "hr:profile-mine", icon="id", order=15, test=_is_employee),
        NavEntry(
            "hr",
            _("Approvals"),
            "hr:leave-list",
            icon="checkbox",
            order=20,
            test=_decides_leave,
        ),
        NavEntry(
            "hr",
            _("Team calendar"),
            "hr:leave-calendar",
            icon="calendar",
            order=25,
            test=_sees_team_leave,
        ),
        NavEntry(
            "hr",
            _("HR dashboard"),
            "hr:workforce-dashboard",
            icon="chart-bar",
            order=30,
            permission="hr.view_employee",
        ),
        NavEntry(
            "hr",
            _("My team"),
            "hr:workforce-dashboard",
            icon="chart-bar",
            order=30,
            test=_manages_without_hr,
        ),
        NavEntry(
            "hr",
            _("Employees"),
            "hr:employee-list",
            icon="users",
            permission="hr.view_employee",
            order=40,
        ),
        NavEntry(
            "hr",
            _("Departments"),
            "hr:department-list",
            icon="building-community",
            permission="hr.view_department",
            order=45,
        ),
        NavEntry(
            "hr",
            _("Holidays"),
            "hr:holiday-list",
            icon="calendar-event",
            permission="hr.view_calendarday",
            order=50,
        ),
    ),
    tabs=(
        NavEntry("hr", _("Requests"), "hr:leave-mine", icon="beach", order=30, test=_is_employee),
        NavEntry("hr", _("Me"), "hr:profile-mine", icon="user", order=40, test=_is_employee),
    ),
    widgets=(
        Widget(
            "hr-tasks", "hr/widgets/tasks.html", widgets.tasks, order=4, width="col-12 col-lg-4"
        ),
        Widget(
            "hr-my-leave",
            "hr/widgets/my_leave.html",
            widgets.my_leave,
            order=5,
            width="col-12 col-lg-4",
        ),
        Widget(
            "hr-approvals",
            "hr/widgets/approvals.html",
            widgets.approvals,
            order=3,
            width="col-12 col-lg-4",
        ),
        Widget(
            "hr-away", "hr/widgets/away.html", widgets.away_today, order=7, width="col-12 col-lg-4"
        ),
    ),
    search_providers=(SearchProvider("people", _("People"), search.people),),
    job_kinds=(
        JobKind(
            "hr.headcount_report",
            _("Headcount report (PDF)"),
            headcount_report,
            permission="hr.view_employee",
            version=headcount_report_version,
        ),
        JobKind(
            "hr.employees_import",
            _("Employee import"),
            employees_import_run,
            permission="hr.add_employee",
        ),
    ),
    periodic_tasks={
        "hr: close leavers' accounts and remind of expiring documents": {
            "task": "hr.daily_housekeeping_task",
            "crontab": {"minute": "30", "hour": "1"},
        },
        "hr: next year's calendar, made in December for HR to review": {
            "task": "hr.calendar_next_year_task",
            "crontab": {"minute": "40", "hour": "1"},
        },
    },
    audit_kinds=HrAudit,
    grants={
        roles.HR: (AllModels("hr"), "hr.view_team", "hr.view_pay", "backoffice.access_admin"),
        roles.FINANCE: (
            "hr.view_employee",
            "hr.view_employmentcontract",
            "hr.view_pay",
            "hr.view_department",
        ),
        roles.MANAGER: ("hr.view_team",),
        roles.ADMINISTRATOR: ("hr.view_department", "hr.view_calendarday"),
    },
    personal_data=(PersonalDataProvider("hr", _("Human resources"), personal_data),),
    seed_steps=((10, demo.seed_company), (11, demo.seed_talent), (12, demo.seed_development)),
    seed_arguments={
        "--employees": {
            "type": int,
            "default": 0,
            "help": "Also build a large company of N employees (benchmarks).",
        },
    },
    bench_fill_steps=((10, demo.bench_company),),
    bench_pages=(
        BenchPage("hr: employee list", _bench_path("/hr/employees/"), "hr"),
        BenchPage("hr: employee search", _bench_path("/hr/employees/?q=ива"), "hr"),
        BenchPage("hr: directory", _bench_path("/hr/directory/"), "staff"),
        BenchPage("hr: org chart", _bench_path("/hr/org/"), "staff"),
        BenchPage("hr: leave calendar", _bench_path("/hr/leave/calendar/"), "hr"),
        BenchPage("hr: dashboard", _bench_path("/hr/"), "hr"),
        BenchPage("hr: my leave", _bench_path("/hr/leave/"), "staff"),
        BenchPage("hr: hiring", _bench_path("/hr/hiring/"), "hr"),
        BenchPage("hr: training", _bench_path("/hr/training/"), "hr"),
        BenchPage("hr: reviews", _bench_path("/hr/reviews/"), "hr"),
    ),
    bench_jobs=(BenchJob("hr: headcount PDF", demo.bench_headcount_job),),
)

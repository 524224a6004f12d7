"""What HR contributes to the platform's registry: pages, widgets, search, roles, jobs, demo data."""

from django.utils.translation import gettext_lazy as _

from backoffice import roles
from backoffice.registry import (
    BenchJob,
    BenchPage,
    JobKind,
    NavEntry,
    NavSection,
    SearchProvider,
    Widget,
    registry,
)

HR_MODELS = [
    "course",
    "trainingassignment",
    "reviewcycle",
    "review",
    "goal",
    "hiringstage",
    "jobopening",
    "candidate",
    "application",
    "interview",
    "interviewfeedback",
    "offer",
    "checklisttemplate",
    "checklisttemplatetask",
    "checklist",
    "checklisttask",
    "department",
    "position",
    "employee",
    "employmentcontract",
    "employeedocument",
    "calendarday",
    "leavetype",
    "leaveentitlement",
    "leaverequest",
]

AUDIT_KINDS = {
    "hr.department_created": _("Department created"),
    "hr.department_updated": _("Department changed"),
    "hr.employee_created": _("Employee created"),
    "hr.employee_updated": _("Employee changed"),
    "hr.profile_updated": _("Contact details changed"),
    "hr.contract_added": _("Contract added"),
    "hr.document_uploaded": _("Document added"),
    "hr.document_deleted": _("Document removed"),
    "hr.holidays_generated": _("Holidays added"),
    "hr.calendar_changed": _("Calendar changed"),
    "hr.leave_requested": _("Leave requested"),
    "hr.leave_approved": _("Leave approved"),
    "hr.leave_rejected": _("Leave rejected"),
    "hr.leave_cancelled": _("Leave cancelled"),
    "hr.employees_imported": _("Employees imported"),
    "hr.opening_saved": _("Opening saved"),
    "hr.candidate_added": _("Candidate added"),
    "hr.candidate_rejected": _("Candidate rejected"),
    "hr.offer_made": _("Offer made"),
    "hr.offer_accepted": _("Offer accepted"),
    "hr.checklist_started": _("Checklist started"),
    "hr.course_saved": _("Course saved"),
    "hr.training_completed": _("Training completed"),
    "hr.review_cycle_opened": _("Review round opened"),
    "hr.review_assessed": _("Review assessed"),
    "hr.review_cycle_closed": _("Review round closed"),
}


def _is_employee(user) -> bool:
    return hasattr(user, "employee")


def register() -> None:
    from hr import demo, search, widgets
    from hr.jobs import employees_import_run, headcount_report, headcount_report_version

    registry.urls("hr/", "hr.urls")
    registry.section(NavSection("hr", _("People"), "users-group", order=10))
    registry.nav_entry(NavEntry("hr", _("Directory"), "hr:directory", icon="address-book", order=0))
    registry.nav_entry(
        NavEntry("hr", _("My tasks"), "hr:my-tasks", icon="checklist", order=12, test=_is_employee)
    )
    registry.nav_entry(
        NavEntry(
            "hr", _("My trainings"), "hr:my-trainings", icon="school", order=13, test=_is_employee
        )
    )
    registry.nav_entry(
        NavEntry("hr", _("Reviews"), "hr:reviews", icon="star", order=14, test=_is_employee)
    )
    registry.nav_entry(
        NavEntry(
            "hr",
            _("Training"),
            "hr:training",
            icon="certificate",
            order=36,
            test=lambda u: u.has_perm("hr.view_trainingassignment") or u.has_perm("hr.view_team"),
        )
    )
    registry.nav_entry(
        NavEntry(
            "hr",
            _("Hiring"),
            "hr:opening-list",
            icon="user-search",
            order=35,
            test=lambda u: u.has_perm("hr.view_jobopening") or u.has_perm("hr.view_team"),
        )
    )
    registry.nav_entry(
        NavEntry("hr", _("Organisation chart"), "hr:org-chart", icon="sitemap", order=5)
    )
    registry.nav_entry(
        NavEntry("hr", _("My leave"), "hr:my-leave", icon="beach", order=10, test=_is_employee)
    )
    registry.nav_entry(
        NavEntry("hr", _("My profile"), "hr:my-profile", icon="id", order=15, test=_is_employee)
    )
    registry.nav_entry(
        NavEntry(
            "hr",
            _("Approvals"),
            "hr:leave-approvals",
            icon="checkbox",
            order=20,
            test=lambda u: u.has_perm("hr.view_team") or u.has_perm("hr.change_leaverequest"),
        )
    )
    registry.nav_entry(
        NavEntry(
            "hr",
            _("Team calendar"),
            "hr:leave-calendar",
            icon="calendar",
            order=25,
            test=lambda u: u.has_perm("hr.view_team") or u.has_perm("hr.view_leaverequest"),
        )
    )
    registry.nav_entry(
        NavEntry(
            "hr",
            _("HR dashboard"),
            "hr:dashboard",
            icon="chart-bar",
            order=30,
            permission="hr.view_employee",
        )
    )
    registry.nav_entry(
        NavEntry(
            "hr",
            _("My team"),
            "hr:dashboard",
            icon="chart-bar",
            order=30,
            test=lambda u: u.has_perm("hr.view_team") and not u.has_perm("hr.view_employee"),
        )
    )
    registry.nav_entry(
        NavEntry(
            "hr",
            _("Employees"),
            "hr:employee-list",
            icon="users",
            permission="hr.view_employee",
            order=40,
        )
    )
    registry.nav_entry(
        NavEntry(
            "hr",
            _("Departments"),
            "hr:department-list",
            icon="building-community",
            permission="hr.view_department",
            order=45,
        )
    )
    registry.nav_entry(
        NavEntry(
            "hr",
            _("Holidays"),
            "hr:holidays",
            icon="calendar-event",
            permission="hr.view_calendarday",
            order=50,
        )
    )

    registry.widget(
        Widget("hr-tasks", "hr/widgets/tasks.html", widgets.tasks, order=4, width="col-12 col-lg-4")
    )
    registry.widget(
        Widget(
            "hr-my-leave",
            "hr/widgets/my_leave.html",
            widgets.my_leave,
            order=5,
            width="col-12 col-lg-4",
        )
    )
    registry.widget(
        Widget(
            "hr-approvals",
            "hr/widgets/approvals.html",
            widgets.approvals,
            order=6,
            width="col-12 col-lg-4",
        )
    )
    registry.widget(
        Widget(
            "hr-away", "hr/widgets/away.html", widgets.away_today, order=7, width="col-12 col-lg-4"
        )
    )

    registry.search_provider(SearchProvider("people", _("People"), search.people))

    registry.job_kind(
        JobKind(
            "hr.headcount_report",
            _("Headcount report (PDF)"),
            headcount_report,
            permission="hr.view_employee",
            version=headcount_report_version,
        )
    )
    registry.job_kind(
        JobKind(
            "hr.employees_import",
            _("Employee import"),
            employees_import_run,
            permission="hr.add_employee",
        )
    )
    for code, label in AUDIT_KINDS.items():
        registry.audit_kind(code, label)

    hr_all = [
        f"hr.{action}_{model}"
        for model in HR_MODELS
        for action in ("view", "add", "change", "delete")
    ]
    registry.grant(roles.HR, [*hr_all, "hr.view_team", "hr.view_pay", "backoffice.access_admin"])
    registry.grant(
        roles.FINANCE,
        ["hr.view_employee", "hr.view_employmentcontract", "hr.view_pay", "hr.view_department"],
    )
    registry.grant(roles.MANAGER, ["hr.view_team"])
    registry.grant(roles.ADMINISTRATOR, ["hr.view_department", "hr.view_calendarday"])

    registry.periodic_task(
        "hr: close leavers' accounts and remind of expiring documents",
        {"task": "hr.daily_housekeeping_task", "crontab": {"minute": "30", "hour": "1"}},
    )

    registry.seed_step(10, demo.seed_company)
    registry.seed_step(11, demo.seed_talent)
    registry.seed_step(12, demo.seed_development)
    registry.seed_argument(
        "--employees",
        type=int,
        default=0,
        help="Also build a large company of N employees (benchmarks).",
    )
    registry.bench_fill_step(10, demo.bench_company)
    registry.bench_page(BenchPage("hr: employee list", lambda: "/hr/employees/", "hr"))
    registry.bench_page(BenchPage("hr: employee search", lambda: "/hr/employees/?q=ива", "hr"))
    registry.bench_page(BenchPage("hr: directory", lambda: "/hr/directory/", "staff"))
    registry.bench_page(BenchPage("hr: org chart", lambda: "/hr/org/", "staff"))
    registry.bench_page(BenchPage("hr: leave calendar", lambda: "/hr/leave/calendar/", "hr"))
    registry.bench_page(BenchPage("hr: dashboard", lambda: "/hr/", "hr"))
    registry.bench_page(BenchPage("hr: my leave", lambda: "/hr/leave/", "staff"))
    registry.bench_page(BenchPage("hr: hiring", lambda: "/hr/hiring/", "hr"))
    registry.bench_page(BenchPage("hr: training", lambda: "/hr/training/", "hr"))
    registry.bench_page(BenchPage("hr: reviews", lambda: "/hr/reviews/", "hr"))
    registry.bench_job(BenchJob("hr: headcount PDF", demo.bench_headcount_job))

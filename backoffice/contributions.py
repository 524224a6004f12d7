"""What the platform itself contributes to the registry: its pages, widgets, search, job kinds,
audit kinds, the Administrator's permissions, periodic tasks, demo data and benchmarks."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from backoffice import demo, roles, search, widgets
from backoffice.audit import PlatformAudit
from backoffice.jobs import audit_export, audit_export_version
from backoffice.registry import (
    BenchJob,
    BenchPage,
    Contributions,
    JobKind,
    NavEntry,
    NavSection,
    SearchProvider,
    Widget,
)
from backoffice.tasks import PERIODIC_TASKS

ADMIN_PERMISSIONS = (
    "backoffice.access_admin",
    "backoffice.add_user",
    "backoffice.change_user",
    "backoffice.view_user",
    "auth.view_group",
    "auth.change_group",
    "backoffice.manage_organisation",
    "backoffice.view_organisation",
    "backoffice.change_organisation",
    "backoffice.view_job",
    "backoffice.view_all_jobs",
    "backoffice.view_auditevent",
    "backoffice.export_auditevent",
    "backoffice.view_notification",
    "axes.view_accessattempt",
    "axes.delete_accessattempt",
    "axes.view_accesslog",
    "axes.view_accessfailurelog",
    "otp_totp.view_totpdevice",
    "otp_totp.delete_totpdevice",
    "otp_static.view_staticdevice",
    "otp_static.delete_staticdevice",
    "django_celery_beat.view_periodictask",
    "django_celery_beat.change_periodictask",
)

CONTRIBUTIONS = Contributions(
    app="backoffice",
    sections=(
        NavSection("home", _("Workspace"), "home", order=0),
        NavSection("platform", _("Administration"), "settings", order=900),
    ),
    nav=(
        NavEntry("home", _("Home"), "home", icon="home", order=0),
        NavEntry("home", _("Jobs"), "backoffice:job-list", icon="list-check", order=10),
        NavEntry("home", _("Notifications"), "backoffice:notification-list", icon="bell", order=20),
        NavEntry(
            "platform",
            _("Organisation"),
            "backoffice:organisation-edit",
            icon="building",
            permission="backoffice.manage_organisation",
            order=10,
        ),
        NavEntry(
            "platform",
            _("Audit trail"),
            "backoffice:audit-list",
            icon="shield-check",
            permission="backoffice.view_auditevent",
            order=20,
        ),
        NavEntry(
            "platform",
            _("Users"),
            "backoffice:user-list",
            icon="users",
            permission="backoffice.change_user",
            order=25,
        ),
        NavEntry(
            "platform",
            _("Roles"),
            "backoffice:role-list",
            icon="lock-access",
            permission="backoffice.view_user",
            order=26,
        ),
        NavEntry(
            "platform",
            _("Advanced settings"),
            "admin:index",
            icon="adjustments",
            permission="backoffice.access_admin",
            order=30,
        ),
    ),
    widgets=(
        Widget("me", "backoffice/widgets/me.html", widgets.me, order=90, width="col-12 col-lg-4"),
        Widget(
            "jobs",
            "backoffice/widgets/jobs.html",
            widgets.recent_jobs,
            order=85,
            width="col-12 col-lg-4",
        ),
        Widget(
            "notifications",
            "backoffice/widgets/notifications.html",
            widgets.recent_notifications,
            order=9,
            width="col-12 col-lg-4",
        ),
        Widget(
            "security",
            "backoffice/widgets/security.html",
            widgets.security_summary,
            permission="backoffice.view_auditevent",
            order=30,
            width="col-12",
        ),
    ),
    search_providers=(
        SearchProvider("pages", _("Pages"), search.pages),
        SearchProvider("users", _("Users"), search.users, permission="backoffice.view_user"),
    ),
    job_kinds=(
        JobKind(
            "backoffice.audit_export",
            _("Audit trail export"),
            audit_export,
            permission="backoffice.export_auditevent",
            version=audit_export_version,
        ),
    ),
    periodic_tasks=PERIODIC_TASKS,
    audit_kinds=PlatformAudit,
    grants={roles.ADMINISTRATOR: ADMIN_PERMISSIONS},
    seed_steps=((0, demo.seed_platform), (990, demo.names_in_both_languages)),
    bench_fill_steps=((0, demo.bench_fill),),
    bench_pages=(
        BenchPage("home", lambda: "/", "admin"),
        BenchPage("jobs list", lambda: "/jobs/", "admin"),
        BenchPage("notifications", lambda: "/notifications/", "staff"),
        BenchPage("audit trail", lambda: "/audit/", "admin"),
        BenchPage("search", lambda: "/search/?q=user", "admin"),
    ),
    bench_jobs=(BenchJob("audit export (month)", demo.bench_audit_export),),
)

"""What the platform itself contributes to the registry: its pages, widgets, roles, job kinds."""

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

AUDIT_KINDS = {
    "auth.login": _("Signed in"),
    "auth.logout": _("Signed out"),
    "auth.login_failed": _("Sign-in failed"),
    "auth.lockout": _("Sign-in locked"),
    "auth.otp_enrolled": _("Two-factor enrolled"),
    "auth.otp_failed": _("Two-factor code rejected"),
    "auth.otp_disabled": _("Two-factor turned off"),
    "auth.otp_reset": _("Two-factor reset by an administrator"),
    "auth.password_changed": _("Password changed"),
    "role.granted": _("Role granted"),
    "role.revoked": _("Role revoked"),
    "organisation.updated": _("Organisation settings changed"),
    "audit.exported": _("Audit trail exported"),
}

ADMIN_PERMISSIONS = [
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
]


def register() -> None:
    from backoffice import search, widgets
    from backoffice.demo import bench_fill, seed_platform
    from backoffice.jobs import audit_export, audit_export_version
    from backoffice.tasks import PERIODIC_TASKS

    registry.section(NavSection("home", _("Workspace"), "home", order=0))
    registry.section(NavSection("platform", _("Administration"), "settings", order=900))
    registry.nav_entry(NavEntry("home", _("Home"), "home", icon="home", order=0))
    registry.nav_entry(
        NavEntry("home", _("Jobs"), "backoffice:job-list", icon="list-check", order=10)
    )
    registry.nav_entry(
        NavEntry("home", _("Notifications"), "backoffice:notification-list", icon="bell", order=20)
    )
    registry.nav_entry(
        NavEntry(
            "platform",
            _("Organisation"),
            "backoffice:organisation-edit",
            icon="building",
            permission="backoffice.manage_organisation",
            order=10,
        )
    )
    registry.nav_entry(
        NavEntry(
            "platform",
            _("Audit trail"),
            "backoffice:audit-list",
            icon="shield-check",
            permission="backoffice.view_auditevent",
            order=20,
        )
    )
    registry.nav_entry(
        NavEntry(
            "platform",
            _("Users and settings"),
            "admin:index",
            icon="users",
            permission="backoffice.access_admin",
            order=30,
        )
    )

    registry.widget(
        Widget("me", "backoffice/widgets/me.html", widgets.me, order=0, width="col-12 col-lg-4")
    )
    registry.widget(
        Widget(
            "jobs",
            "backoffice/widgets/jobs.html",
            widgets.recent_jobs,
            order=10,
            width="col-12 col-lg-4",
        )
    )
    registry.widget(
        Widget(
            "notifications",
            "backoffice/widgets/notifications.html",
            widgets.recent_notifications,
            order=20,
            width="col-12 col-lg-4",
        )
    )
    registry.widget(
        Widget(
            "security",
            "backoffice/widgets/security.html",
            widgets.security_summary,
            permission="backoffice.view_auditevent",
            order=30,
            width="col-12",
        )
    )

    registry.search_provider(SearchProvider("pages", _("Pages"), search.pages))
    registry.search_provider(
        SearchProvider("users", _("Users"), search.users, permission="backoffice.view_user")
    )

    registry.job_kind(
        JobKind(
            "backoffice.audit_export",
            _("Audit trail export"),
            audit_export,
            permission="backoffice.export_auditevent",
            version=audit_export_version,
        )
    )
    for code, label in AUDIT_KINDS.items():
        registry.audit_kind(code, label)

    registry.grant(roles.ADMINISTRATOR, ADMIN_PERMISSIONS)
    for name, spec in PERIODIC_TASKS.items():
        registry.periodic_task(name, spec)

    registry.seed_step(0, seed_platform)
    registry.bench_fill_step(0, bench_fill)
    registry.bench_page(BenchPage("home", lambda: "/", "admin"))
    registry.bench_page(BenchPage("jobs list", lambda: "/jobs/", "admin"))
    registry.bench_page(BenchPage("notifications", lambda: "/notifications/", "staff"))
    registry.bench_page(BenchPage("audit trail", lambda: "/audit/", "admin"))
    registry.bench_page(BenchPage("search", lambda: "/search/?q=user", "admin"))
    registry.bench_job(BenchJob("audit export (month)", _bench_audit_export))


def _bench_audit_export() -> None:
    from datetime import timedelta

    from django.utils import timezone

    from backoffice.models import Job, User
    from backoffice.services import job_run, job_start

    admin = User.objects.get(username="admin")
    today = timezone.localdate()
    job = job_start(
        kind="backoffice.audit_export",
        params={
            "date_from": (today - timedelta(days=30)).isoformat(),
            "date_to": today.isoformat(),
        },
        requested_by=admin,
        idempotency_key=f"bench:{timezone.now().timestamp()}",
    )
    job_run(job_id=job.pk)
    if Job.objects.get(pk=job.pk).status != Job.Status.SUCCEEDED:
        raise RuntimeError("the audit export did not succeed")

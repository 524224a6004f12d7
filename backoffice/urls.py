from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import TemplateView

from backoffice.registry import registry
from backoffice.views import audit, auth, home, jobs, notifications, organisation, users

app_name = "backoffice"

# An unreachable database answers 503 "temporarily unavailable" instead of the generic 500.
handler500 = "backoffice.views.home.server_error"

platform_patterns = [
    path("jobs/", jobs.job_list_view, name="job-list"),
    path("jobs/<uuid:uuid>/", jobs.job_detail, name="job-detail"),
    path("jobs/<uuid:uuid>/cancel/", jobs.job_cancel_view, name="job-cancel"),
    path("jobs/<uuid:uuid>/download/", jobs.job_download, name="job-download"),
    path("notifications/", notifications.notification_list_view, name="notification-list"),
    path("notifications/bell/", notifications.notification_bell, name="notification-bell"),
    path(
        "notifications/read-all/", notifications.notification_mark_all, name="notification-read-all"
    ),
    path("notifications/<int:pk>/open/", notifications.notification_open, name="notification-open"),
    path("audit/", audit.audit_list, name="audit-list"),
    path("audit/export/", audit.audit_export, name="audit-export"),
    path("settings/organisation/", organisation.organisation_edit, name="organisation-edit"),
    path("settings/organisation/logo/", organisation.organisation_logo, name="organisation-logo"),
    path("settings/users/", users.user_list_view, name="user-list"),
    path("settings/users/invite/", users.user_invite_view, name="user-invite"),
    path("settings/users/<int:pk>/", users.user_detail, name="user-detail"),
    path("settings/users/<int:pk>/close/", users.user_deactivate_view, name="user-deactivate"),
    path(
        "settings/users/<int:pk>/two-factor-reset/",
        users.user_otp_reset_view,
        name="user-otp-reset",
    ),
    path("settings/roles/", users.role_list, name="role-list"),
]

account_patterns = [
    path("login/", auth.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", auth.account, name="account"),
    path("password/", auth.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/reset/",
        auth_views.PasswordResetView.as_view(
            template_name="registration/password_reset_form.html",
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_done.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("two-factor/setup/", auth.otp_setup, name="otp-setup"),
    path("two-factor/verify/", auth.otp_verify, name="otp-verify"),
    path("two-factor/backup-codes/", auth.otp_backup_codes, name="otp-backup-codes"),
    path("two-factor/disable/", auth.otp_disable_view, name="otp-disable"),
]

urlpatterns = [
    path("", home.home, name="home"),
    path("search/", home.search, name="search"),
    path("language/", home.language_set, name="set-language"),
    path("healthz", home.healthz, name="healthz"),
    path("account/", include(account_patterns)),
    path("", include((platform_patterns, "backoffice"))),
    *(path(prefix, include(module)) for prefix, module in registry.url_includes),
    path("admin/", admin.site.urls),
    path(
        "robots.txt",
        login_not_required(
            TemplateView.as_view(template_name="robots.txt", content_type="text/plain")
        ),
        name="robots",
    ),
]

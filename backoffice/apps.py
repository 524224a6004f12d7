from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _

#: Readable names for the sections of Django's admin that third-party apps leave as bare labels.
ADMIN_SECTION_NAMES = {
    "auth": _("Roles and permissions"),
    "axes": _("Sign-in protection"),
    "otp_totp": _("Two-factor: authenticator apps"),
    "otp_static": _("Two-factor: backup codes"),
    "django_otp": _("Two-factor sign-in"),
    "django_celery_beat": _("Scheduled tasks"),
}


def _name_admin_sections() -> None:
    from django.apps import apps

    for label, name in ADMIN_SECTION_NAMES.items():
        if label in apps.app_configs:
            apps.get_app_config(label).verbose_name = name


def _sync_roles(sender, **kwargs):
    from backoffice.roles import roles_sync

    roles_sync()


class BackofficeConfig(AppConfig):
    """The platform: users and roles, organisation, jobs, notifications, audit, PDFs, the shell."""

    name = "backoffice"
    verbose_name = _("Platform")

    def ready(self) -> None:
        from backoffice import signals  # noqa: F401  (connects the audit receivers)
        from backoffice.contributions import CONTRIBUTIONS
        from backoffice.registry import registry

        registry.contribute(CONTRIBUTIONS)
        _name_admin_sections()
        post_migrate.connect(_sync_roles, dispatch_uid="backoffice_roles_sync")

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


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
        post_migrate.connect(_sync_roles, dispatch_uid="backoffice_roles_sync")

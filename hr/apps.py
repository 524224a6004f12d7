from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HRConfig(AppConfig):
    """Human resources: the hub every other department points at."""

    name = "hr"
    verbose_name = _("Human resources")

    def ready(self) -> None:
        from backoffice.registry import registry
        from hr.contributions import CONTRIBUTIONS
        from hr.services import accounts

        registry.contribute(CONTRIBUTIONS)
        accounts.connect()

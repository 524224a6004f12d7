from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ItSupportConfig(AppConfig):
    """IT support: helpdesk with SLA clocks, knowledge base, assets and licences; reacts to
    HR's joiners and leavers."""

    name = "it_support"
    verbose_name = _("IT support")

    def ready(self) -> None:
        from backoffice.registry import registry
        from it_support import receivers  # noqa: F401  (connects the receivers of HR's events)
        from it_support.contributions import CONTRIBUTIONS

        registry.contribute(CONTRIBUTIONS)

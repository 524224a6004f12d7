from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    """Compliance: contracts, policies, risks, legal matters and the nightly checks that read
    every department's records."""

    name = "compliance"
    verbose_name = _("Compliance")

    def ready(self) -> None:
        from backoffice.registry import registry
        from compliance import receivers  # noqa: F401  (connects the receivers of HR's events)
        from compliance.contributions import CONTRIBUTIONS

        registry.contribute(CONTRIBUTIONS)

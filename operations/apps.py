from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Operations: items and warehouses, the stock ledger, buying, counts and daily tasks."""

    name = "operations"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from backoffice.registry import registry
        from operations.contributions import CONTRIBUTIONS

        registry.contribute(CONTRIBUTIONS)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    """Finance: the ledger, periods, statements and budgets (invoicing and payroll post to it)."""

    name = "finance"
    verbose_name = _("Finance and payroll")

    def ready(self) -> None:
        from backoffice.registry import registry
        from finance.contributions import CONTRIBUTIONS

        registry.contribute(CONTRIBUTIONS)

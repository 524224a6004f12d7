from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayrollConfig(AppConfig):
    """Payroll: rules as effective-dated data, pay components, runs, payslips whose every line
    explains itself, and one journal entry per posted run."""

    name = "finance.payroll"
    label = "payroll"
    verbose_name = _("Payroll")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from backoffice.registry import registry
        from finance.payroll.contributions import CONTRIBUTIONS

        registry.contribute(CONTRIBUTIONS)

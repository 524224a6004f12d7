from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinanceConfig(AppConfig):
    """Finance and payroll: installed from the start so that later work adds to a known place."""

    name = "finance"
    verbose_name = _("Finance and payroll")

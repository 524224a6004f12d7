from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ComplianceConfig(AppConfig):
    """Compliance: installed from the start so that later work adds to a known place."""

    name = "compliance"
    verbose_name = _("Compliance")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    """Operations: installed from the start so that later work adds to a known place."""

    name = "operations"
    verbose_name = _("Operations")

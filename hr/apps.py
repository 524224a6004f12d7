from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HRConfig(AppConfig):
    """Human resources: installed from the start so that later work adds to a known place."""

    name = "hr"
    verbose_name = _("Human resources")

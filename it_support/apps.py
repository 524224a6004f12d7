from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ItSupportConfig(AppConfig):
    """IT support: installed from the start so that later work adds to a known place."""

    name = "it_support"
    verbose_name = _("IT support")

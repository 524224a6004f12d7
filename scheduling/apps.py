from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    """Shift scheduling: installed from the start so that later work adds to a known place."""

    name = "scheduling"
    verbose_name = _("Shift scheduling")

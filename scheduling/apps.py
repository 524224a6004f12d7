from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    """Shift scheduling: locations, rules, rosters, staff self-service; reacts to HR's events."""

    name = "scheduling"
    verbose_name = _("Shift scheduling")

    def ready(self) -> None:
        from backoffice.registry import registry
        from scheduling import receivers  # noqa: F401  (connects the receivers of HR's events)
        from scheduling.contributions import CONTRIBUTIONS

        registry.contribute(CONTRIBUTIONS)

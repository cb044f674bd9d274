from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublicationsConfig(AppConfig):
    name = "diplomatie.publications"
    label = "publications"
    verbose_name = _("Publications")

    def ready(self) -> None:
        from diplomatie.core.periodic import register_sweep
        from diplomatie.publications.actions import escalate_due

        # Immediate and flash telegrams not acknowledged in time escalate.
        register_sweep("escalations", escalate_due)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SignaturesConfig(AppConfig):
    name = "diplomatie.signatures"
    label = "signatures"
    verbose_name = _("Signatures")

    def ready(self) -> None:
        from diplomatie.signatures import signals, speedups  # noqa: F401

        speedups.install()

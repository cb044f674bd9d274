from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParapheurConfig(AppConfig):
    name = "diplomatie.parapheur"
    label = "parapheur"
    verbose_name = _("Parapheur")

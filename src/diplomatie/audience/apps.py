from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class AudienceConfig(AppConfig):
    name = "diplomatie.audience"
    label = "audience"
    verbose_name = pgettext_lazy("readership", "Audience")

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "diplomatie.core"
    label = "core"

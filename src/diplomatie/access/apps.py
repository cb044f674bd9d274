from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "diplomatie.access"
    label = "access"

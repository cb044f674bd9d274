from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo ministry and its commands (`demo`, `loaddemo`): above every domain app."""

    name = "diplomatie.demo"
    label = "demo"

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection

from diplomatie.env import describe_database


class Command(BaseCommand):
    help = "Check the configuration and that the database answers."

    def handle(self, *args: Any, **options: Any) -> None:
        connection.ensure_connection()
        self.stdout.write(f"Database: {describe_database(settings.DATABASES['default'])} — OK")
        self.stdout.write(f"Data directory: {settings.DATA_DIR}")
        self.stdout.write(f"Cache: {settings.CACHES['default']['BACKEND']}")
        self.stdout.write(f"E-mail: {settings.EMAIL_BACKEND}")
        self.stdout.write(f"Debug: {'on' if settings.DEBUG else 'off'}")

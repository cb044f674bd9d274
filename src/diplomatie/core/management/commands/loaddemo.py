from typing import Any

from django.core.management.base import BaseCommand

from diplomatie.demo.ministry import load_demo


class Command(BaseCommand):
    help = "Load the demo ministry. Idempotent: a second run changes nothing."

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo(stdout=self.stdout.write)
        summary = ", ".join(f"{count} {name}" for name, count in created.items())
        self.stdout.write(f"Demo ministry loaded ({summary} created).")

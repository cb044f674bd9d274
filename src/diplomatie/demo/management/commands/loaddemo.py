from typing import Any

from django.core.management.base import BaseCommand

from diplomatie.demo.accreditations import load_demo_accreditations
from diplomatie.demo.audience import load_demo_audience
from diplomatie.demo.communities import load_demo_communities
from diplomatie.demo.ministry import load_demo
from diplomatie.demo.parapheur import load_demo_parapheur
from diplomatie.demo.publications import load_demo_publications
from diplomatie.demo.second_factor import load_demo_second_factor


class Command(BaseCommand):
    help = (
        "Load the demo ministry and two years of its publications. "
        "Idempotent: a second run changes nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        created = load_demo(stdout=self.stdout.write)
        summary = ", ".join(f"{count} {name}" for name, count in created.items())
        self.stdout.write(f"Demo ministry loaded ({summary} created).")
        published = load_demo_publications(stdout=self.stdout.write)
        summary = ", ".join(f"{count} {name}" for name, count in published.items())
        self.stdout.write(f"Demo publications loaded ({summary} created).")
        load_demo_communities(stdout=self.stdout.write)
        audience = ", ".join(f"{n} {name}" for name, n in load_demo_audience().items())
        self.stdout.write(f"Demo audience loaded ({audience} created).")
        load_demo_parapheur(stdout=self.stdout.write)
        load_demo_accreditations(stdout=self.stdout.write)
        load_demo_second_factor(stdout=self.stdout.write)

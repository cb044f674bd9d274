from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from diplomatie.core.worker import run_forever, run_once


class Command(BaseCommand):
    help = "Run background work: queued tasks, escalations of unacknowledged publications."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--interval", type=float, default=5.0, help="seconds between rounds")
        parser.add_argument("--once", action="store_true", help="one round, then stop")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["interval"] <= 0:
            self.stderr.write("--interval must be positive.")
            raise SystemExit(2)
        if options["once"]:
            summary = run_once("once")
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in summary.items()))
            return
        run_forever(interval=options["interval"])

import os
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from diplomatie.core.server import serve


def default_bind() -> str:
    return f"127.0.0.1:{os.environ.get('PORT', '8000')}"


class Command(BaseCommand):
    help = "Serve the platform with gunicorn (static files included, through WhiteNoise)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=default_bind(), help="address:port to listen on")
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "2")),
            help="number of worker processes (default: WEB_CONCURRENCY or 2)",
        )
        parser.add_argument("--threads", type=int, default=4, help="threads per worker")
        parser.add_argument("--no-access-log", action="store_true")
        parser.add_argument(
            "--no-collectstatic", action="store_true", help="skip collecting static files"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["workers"] < 1 or options["threads"] < 1:
            self.stderr.write("--workers and --threads must be at least 1.")
            raise SystemExit(2)
        connection.ensure_connection()
        connection.close()
        if not options["no_collectstatic"]:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"Diplomatie listening on http://{options['bind']}/")
        serve(
            bind=options["bind"],
            workers=options["workers"],
            threads=options["threads"],
            access_log=not options["no_access_log"],
        )

import os
import subprocess  # nosec B404  # starts the worker, a fixed command line
import sys
from typing import Any

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection

from diplomatie.core.server import serve
from diplomatie.demo.ministry import DEMO_PASSWORD, FEATURED_ACCOUNTS
from diplomatie.demo.second_factor import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Migrate, load the demo ministry and serve it."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--no-serve", action="store_true", help="prepare the data and stop, without serving"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        connection.ensure_connection()
        self.stdout.write("Preparing the database…")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("loaddemo", verbosity=0, stdout=self.stdout)
        connection.close()
        address = f"http://{options['host']}:{options['port']}/"
        lines = [
            "",
            f"Diplomatie demo: open {address}",
            f"Sign in with any demo account; every password is “{DEMO_PASSWORD}”. For example:",
            *(f"  {email:<45} {role}" for role, email in FEATURED_ACCOUNTS),
            "Administrators and signers then give a second factor: add the key",
            f"  {DEMO_TOTP_SECRET} to an authenticator app",
            f"  (or type the code of: oathtool --totp -b {DEMO_TOTP_SECRET}).",
            "Stop with Ctrl+C.",
            "",
        ]
        self.stdout.write("\n".join(lines))
        if options["no_serve"]:
            return
        # Background work runs beside the server, as `diplomatie worker` would.
        worker = subprocess.Popen(  # nosec B603  # our own interpreter and module, no input
            [sys.executable, "-m", "diplomatie.cli", "worker"], env={**os.environ}
        )
        try:
            serve(
                bind=f"{options['host']}:{options['port']}",
                workers=1,
                threads=8,
                access_log=False,
            )
        finally:
            worker.terminate()

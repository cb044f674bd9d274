"""The `diplomatie` command: the platform's own commands plus Django's.

`diplomatie demo`, `serve`, `createadmin` and `loaddemo` are management commands of
the `core` app; every Django management command is reachable the same way
(`diplomatie migrate`, `diplomatie shell`, …). Configuration and database errors end
in one sentence on standard error, not a traceback.
"""

from __future__ import annotations

import os
import sys

HELP = """usage: diplomatie COMMAND [options]

  demo          migrate, load the demo ministry and serve it (http://127.0.0.1:8000)
  serve         run the production web server (gunicorn)
  createadmin   create an administrator account
  worker        run background work (escalations, queued tasks)
  loaddemo      load the demo ministry (idempotent)
  check_config  check the configuration and the database connection
  audit-verify  verify the audit log's hash chain (exit code 1 if it was tampered with)
  verify FILE   check the signatures of a signed PDF (exit 0 valid, 1 invalid, 2 unreadable)

Every Django management command is available too: diplomatie help lists them all.
"""

ALIASES = {"audit-verify": "audit_verify"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv if argv is None else argv)
    command = args[1] if len(args) > 1 else ""
    if command in {"", "-h", "--help"}:
        sys.stdout.write(HELP)
        return 0
    if command in ALIASES:
        args[1] = command = ALIASES[command]
    if command == "demo":
        os.environ["DIPLOMATIE_DEMO"] = "1"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomatie.settings")

    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    try:
        import django

        django.setup()
        from django.core.management import execute_from_command_line

        execute_from_command_line(["diplomatie", *args[1:]])
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"diplomatie: configuration error: {exc}\n")
        return 2
    except DatabaseError as exc:
        from diplomatie.core.database import explain_database_error

        sys.stderr.write(f"diplomatie: {explain_database_error(exc)}\n")
        return 3
    return 0


if __name__ == "__main__":
    sys.exit(main())

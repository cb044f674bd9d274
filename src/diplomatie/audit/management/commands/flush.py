"""Django's `flush`, able to empty the audit log on PostgreSQL despite its trigger.

Emptying every table is an administrator's deliberate act (and what the test runner does
between transactional tests); the trigger is there against an UPDATE, DELETE or TRUNCATE
of the log alone. It is disabled inside flush's own transaction and enabled again before
the commit, so no other connection ever sees the table unguarded.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands import flush
from django.db import connections, transaction

TRIGGERS = ("audit_event_no_truncate", "audit_event_append_only")


class Command(flush.Command):
    def handle(self, **options: Any) -> None:
        database = options["database"]
        connection = connections[database]
        if connection.vendor != "postgresql" or not _has_triggers(database):
            super().handle(**options)
            return
        with transaction.atomic(using=database):
            with connection.cursor() as cursor:
                for name in TRIGGERS:
                    cursor.execute(f"ALTER TABLE audit_event DISABLE TRIGGER {name}")
            super().handle(**options)
            with connection.cursor() as cursor:
                for name in TRIGGERS:
                    cursor.execute(f"ALTER TABLE audit_event ENABLE TRIGGER {name}")


def _has_triggers(database: str) -> bool:
    with connections[database].cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_trigger WHERE tgrelid = to_regclass('audit_event') "
            "AND tgname = ANY(%s)",
            [list(TRIGGERS)],
        )
        row = cursor.fetchone()
    return bool(row and row[0] == len(TRIGGERS))

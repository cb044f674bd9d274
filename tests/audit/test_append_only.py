"""On PostgreSQL a trigger refuses UPDATE, DELETE and TRUNCATE on the audit log."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction

from diplomatie.audit.models import Event
from diplomatie.audit.recorder import record_event
from diplomatie.directory.models import Agent

pytestmark = pytest.mark.django_db

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the append-only trigger exists on PostgreSQL only (SQLite has no such guard)",
)


@needs_postgres
@pytest.mark.postgres
@pytest.mark.parametrize(
    ("sql", "operation"),
    [
        ("UPDATE audit_event SET action = 'x'", "UPDATE"),
        ("DELETE FROM audit_event", "DELETE"),
        ("TRUNCATE audit_event", "TRUNCATE"),
    ],
)
def test_the_trigger_refuses_changes(desk_officer: Agent, sql: str, operation: str) -> None:
    record_event("test.kept", actor=desk_officer)
    count = Event.objects.count()
    with connection.cursor() as cursor:
        # Check the pending foreign keys now: PostgreSQL refuses a TRUNCATE before that.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with (
        pytest.raises(DatabaseError) as raised,
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(sql)
    message = str(raised.value)
    assert f"The audit log is append-only: {operation} on table audit_event is refused" in message
    assert Event.objects.count() == count


@needs_postgres
@pytest.mark.postgres
def test_the_orm_cannot_change_an_event_either(desk_officer: Agent) -> None:
    event = record_event("test.kept", actor=desk_officer)
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(action="test.changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        event.delete()


@needs_postgres
@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_flush_still_empties_the_database_and_keeps_the_trigger() -> None:
    """`flush` (an administrator emptying every table, and the test runner) still works;
    the trigger is back on afterwards."""
    record_event("test.kept")
    call_command("flush", interactive=False, verbosity=0)
    assert not Event.objects.exists()
    record_event("test.after")
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.all().delete()

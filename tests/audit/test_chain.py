"""The audit log is a hash chain: each event hashes its content and its predecessor's hash,
and `audit-verify` names every row altered, deleted, inserted or reordered."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import RequestFactory

from diplomatie.audit.chain import (
    GENESIS,
    compute_hash,
    iter_rows,
    row_hash,
    verify_chain,
    verify_rows,
)
from diplomatie.audit.models import Event
from diplomatie.audit.recorder import record_event
from diplomatie.directory.models import Agent

pytestmark = pytest.mark.django_db


@contextmanager
def as_database_administrator() -> Iterator[None]:
    """Raw SQL the way someone with the database's keys would tamper with it: on
    PostgreSQL triggers are switched off for the session first (a superuser's power; the
    test role is one), and back on afterwards."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = replica")
        yield
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL session_replication_role = DEFAULT")


def execute(sql: str, params: list[Any] | None = None) -> None:
    with as_database_administrator(), connection.cursor() as cursor:
        cursor.execute(sql, params or [])


def record_some(agent: Agent, count: int = 6) -> list[Event]:
    return [
        record_event(f"test.event{n}", actor=agent, target=agent, details={"n": n, "tags": ["a"]})
        for n in range(count)
    ]


def verify_command() -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("audit_verify", stdout=out, stderr=err)
    except SystemExit as exc:
        return int(exc.code or 0), out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def test_events_form_a_chain(desk_officer: Agent) -> None:
    events = record_some(desk_officer)
    first = Event.objects.order_by("sequence").first()
    assert first is not None
    rows = list(Event.objects.order_by("sequence").values())
    assert [r["sequence"] for r in rows] == list(range(1, len(rows) + 1))
    assert rows[0]["prev_hash"] == GENESIS
    for before, after in itertools.pairwise(rows):
        assert after["prev_hash"] == before["hash"]
    for row in rows:
        # The stored values (read back from the database) give the stored hash.
        assert row_hash(row) == row["hash"]
    assert events[-1].hash == rows[-1]["hash"]
    report = verify_chain(batch=4)  # several batches
    assert report.intact, report.problems
    assert report.checked == len(rows)


def test_hash_covers_every_field_and_the_time_to_the_microsecond() -> None:
    base: dict[str, Any] = {
        "sequence": 7,
        "at": dt.datetime(2026, 11, 22, 3, 4, 5, 123456, tzinfo=dt.UTC),
        "actor_id": 3,
        "action": "auth.login",
        "target_type": "directory.agent",
        "target_id": "3",
        "ip_address": "10.0.0.1",
        "details": {"b": 1, "a": [1, 2]},
        "prev_hash": GENESIS,
    }
    reference = compute_hash(**base)
    # Same instant in another time zone: same hash.
    paris = dt.timezone(dt.timedelta(hours=1))
    same = {**base, "at": base["at"].astimezone(paris)}
    assert compute_hash(**same) == reference
    changes = {
        "sequence": 8,
        "at": base["at"] + dt.timedelta(microseconds=1),
        "actor_id": 4,
        "action": "auth.logout",
        "target_type": "directory.membership",
        "target_id": "4",
        "ip_address": "10.0.0.2",
        "details": {"b": 2, "a": [1, 2]},
        "prev_hash": "1" * 64,
    }
    for name, value in changes.items():
        assert compute_hash(**{**base, name: value}) != reference, name


def test_recorder_stores_plain_details_and_a_checked_address(desk_officer: Agent) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR="not an address")
    odd: dict[Any, Any] = {"when": dt.date(2026, 1, 2), "ratio": 0.1, "ids": (1, 2), 3: "x"}
    event = record_event("test.details", details=odd, request=request)
    stored = Event.objects.get(pk=event.pk)
    assert stored.details == {"when": "2026-01-02", "ratio": "0.1", "ids": [1, 2], "3": "x"}
    assert stored.ip_address is None
    assert stored.hash == event.hash
    ipv6 = RequestFactory().get("/", REMOTE_ADDR="2001:DB8:0:0:0:0:0:1")
    assert record_event("test.ip", request=ipv6).ip_address == "2001:db8::1"
    assert verify_chain().intact


def test_an_event_rolls_back_with_the_action(desk_officer: Agent) -> None:
    record_some(desk_officer, 2)
    count = Event.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        record_event("test.lost")
        raise RuntimeError
    event = record_event("test.kept")
    assert event.sequence == count + 1  # no gap: the rolled-back event took no number
    assert verify_chain().intact


def test_verify_command_says_intact(desk_officer: Agent) -> None:
    record_some(desk_officer)
    code, out, err = verify_command()
    assert code == 0, err
    assert "intact" in out
    assert f"sequence 1 to {Event.objects.count()}" in out


def test_a_changed_row_is_reported(desk_officer: Agent) -> None:
    record_some(desk_officer)
    execute("UPDATE audit_event SET details = %s WHERE sequence = 3", [json.dumps({"n": 99})])
    report = verify_chain()
    assert [(p.kind, p.sequences) for p in report.problems] == [("altered", (3,))]
    code, _out, err = verify_command()
    assert code == 1
    assert "Event 3 was altered" in err
    assert "tampered" in err


def test_a_changed_row_with_its_hash_recomputed_breaks_the_next_link(desk_officer: Agent) -> None:
    record_some(desk_officer)
    row = Event.objects.filter(sequence=3).values().get()
    row["action"] = "test.innocent"
    execute(
        "UPDATE audit_event SET action = %s, hash = %s WHERE sequence = 3",
        [row["action"], row_hash(row)],
    )
    report = verify_chain()
    assert [(p.kind, p.sequences) for p in report.problems] == [("inserted", (4,))]
    assert "Event 4 does not follow event 3" in report.problems[0].message


def test_a_deleted_row_is_reported(desk_officer: Agent) -> None:
    record_some(desk_officer)
    execute("DELETE FROM audit_event WHERE sequence IN (3, 4)")
    report = verify_chain()
    assert [(p.kind, p.sequences) for p in report.problems] == [("deleted", (3, 4))]
    code, _out, err = verify_command()
    assert code == 1
    assert "Events 3 to 4 missing: deleted" in err


def test_deleting_the_first_row_is_reported(desk_officer: Agent) -> None:
    record_some(desk_officer)
    execute("DELETE FROM audit_event WHERE sequence = 1")
    report = verify_chain()
    assert [(p.kind, p.sequences) for p in report.problems] == [("deleted", (1,))]


def _forge(*, sequence: int, prev_hash: str, hash_: str | None) -> None:
    at = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)
    row = {
        "sequence": sequence,
        "at": at,
        "actor_id": None,
        "action": "test.forged",
        "target_type": "",
        "target_id": "",
        "ip_address": None,
        "details": {},
        "prev_hash": prev_hash,
    }
    execute(
        "INSERT INTO audit_event (sequence, at, actor_id, action, target_type, target_id,"
        " ip_address, details, prev_hash, hash) VALUES (%s, %s, %s, %s, '', '', NULL, %s, %s, %s)",
        [
            sequence,
            at,
            None,
            "test.forged",
            "{}",
            prev_hash,
            hash_ if hash_ is not None else row_hash(row),
        ],
    )


def test_an_inserted_row_with_a_made_up_hash_is_reported(desk_officer: Agent) -> None:
    record_some(desk_officer)
    last = Event.objects.order_by("-sequence").values_list("sequence", "hash").first()
    assert last is not None
    _forge(sequence=last[0] + 1, prev_hash=last[1], hash_="f" * 64)
    report = verify_chain()
    assert [(p.kind, p.sequences) for p in report.problems] == [("altered", (last[0] + 1,))]


def test_an_inserted_row_that_does_not_link_is_reported(desk_officer: Agent) -> None:
    """A forger who knows the hash function still cannot splice a row in the middle."""
    record_some(desk_officer)
    second = Event.objects.get(sequence=2)
    last = Event.objects.order_by("-sequence").values_list("sequence", flat=True).first()
    assert last is not None
    # A row claiming to follow event 2, slipped in at the end with a valid hash of its own.
    _forge(sequence=last + 1, prev_hash=second.hash, hash_=None)
    report = verify_chain()
    assert [(p.kind, p.sequences) for p in report.problems] == [("inserted", (last + 1,))]
    code, _out, err = verify_command()
    assert code == 1
    assert f"Event {last + 1} does not follow event {last}" in err


def test_a_duplicated_sequence_is_reported(desk_officer: Agent) -> None:
    """The table refuses a duplicate sequence; an administrator who dropped that
    constraint and copied a row would still be caught."""
    record_some(desk_officer)
    rows = list(iter_rows())
    forged = {**rows[2], "pk": 10_000, "action": "test.forged"}
    forged["hash"] = row_hash(forged)
    report = verify_rows([*rows[:3], forged, *rows[3:]])
    kinds = [(p.kind, p.sequences) for p in report.problems]
    assert kinds == [("inserted", (3,)), ("inserted", (4,))]
    assert "Event 3 appears more than once" in report.problems[0].message


def test_reordered_rows_are_reported(desk_officer: Agent) -> None:
    record_some(desk_officer)
    execute("UPDATE audit_event SET sequence = 1000 WHERE sequence = 3")
    execute("UPDATE audit_event SET sequence = 3 WHERE sequence = 4")
    execute("UPDATE audit_event SET sequence = 4 WHERE sequence = 1000")
    report = verify_chain()
    flagged = {s for p in report.problems for s in p.sequences}
    assert {3, 4} <= flagged
    assert {p.kind for p in report.problems} >= {"altered"}
    assert any("reordered" in p.message for p in report.problems)

"""The hash chain of the audit log: how an event is hashed, and how the chain is checked.

The serialisation below is a stored format: every hash already written depends on it, so
it must never change. It is JSON with sorted keys and no spaces over the sequence, the
time (UTC, ISO 8601 with microseconds — what both SQLite and PostgreSQL give back), the
actor's id, the action, the object, the IP address, the details and the previous hash.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

GENESIS = "0" * 64
"""The previous hash of the first event."""

BATCH = 2000
"""Rows read at a time when walking the chain: memory stays bounded whatever its length."""

MAX_PROBLEMS = 1000
"""Problems kept for the report; beyond that only their number is counted."""

ROW_FIELDS = (
    "pk",
    "sequence",
    "at",
    "actor_id",
    "action",
    "target_type",
    "target_id",
    "ip_address",
    "details",
    "prev_hash",
    "hash",
)


def canonical_time(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).isoformat(timespec="microseconds")


def plain_details(details: Any) -> Any:
    """Details as plain JSON that reads back identically from both databases.

    Values JSON does not know (dates, decimals, objects) become their text; floats too,
    because PostgreSQL's jsonb may print a float differently from Python."""
    if isinstance(details, dict):
        return {str(key): plain_details(value) for key, value in details.items()}
    if isinstance(details, list | tuple | set | frozenset):
        items = [plain_details(value) for value in details]
        return sorted(items, key=repr) if isinstance(details, set | frozenset) else items
    if details is None or isinstance(details, bool | int | str):
        return details
    return str(details)


def compute_hash(
    *,
    sequence: int,
    at: dt.datetime,
    actor_id: int | None,
    action: str,
    target_type: str,
    target_id: str,
    ip_address: str | None,
    details: Any,
    prev_hash: str,
) -> str:
    payload = {
        "sequence": sequence,
        "at": canonical_time(at),
        "actor": actor_id,
        "action": action,
        "object": {"type": target_type, "id": target_id},
        "ip": ip_address or None,
        "details": details,
        "prev_hash": prev_hash,
    }
    text = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def row_hash(row: Mapping[str, Any]) -> str:
    return compute_hash(
        sequence=row["sequence"],
        at=row["at"],
        actor_id=row["actor_id"],
        action=row["action"],
        target_type=row["target_type"],
        target_id=row["target_id"],
        ip_address=row["ip_address"],
        details=row["details"],
        prev_hash=row["prev_hash"],
    )


@dataclass(frozen=True)
class Problem:
    kind: str  # altered, deleted, inserted, broken_link
    sequences: tuple[int, ...]
    message: str


@dataclass
class ChainReport:
    checked: int = 0
    last_sequence: int = 0
    last_hash: str = GENESIS
    problems: list[Problem] = field(default_factory=list)
    problem_count: int = 0

    @property
    def intact(self) -> bool:
        return self.problem_count == 0

    def add(self, kind: str, sequences: Iterable[int], message: str) -> None:
        self.problem_count += 1
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(kind, tuple(sequences), message))

    def summary(self) -> str:
        if self.checked == 0:
            return "The audit log is empty: nothing to verify."
        if self.intact:
            return (
                f"The audit log is intact: {self.checked} events, sequence 1 to "
                f"{self.last_sequence}, every hash and every link verified. "
                f"Last hash: {self.last_hash}."
            )
        return (
            f"The audit log has been tampered with: {self.problem_count} problem(s) found "
            f"in {self.checked} events."
        )


def _span(first: int, last: int) -> str:
    return f"event {first}" if first == last else f"events {first} to {last}"


def verify_rows(rows: Iterable[Mapping[str, Any]]) -> ChainReport:
    """Walk rows sorted by (sequence, pk) and say what breaks the chain, and where.

    - a row whose content does not give its hash was altered (or forged by hand);
    - a hole in the sequence means rows were deleted;
    - a sequence seen twice means a row was inserted;
    - a row whose previous hash is not the hash of the row before it (with no hole and
      no alteration to explain it) was inserted, or the rows were reordered."""
    report = ChainReport()
    previous: Mapping[str, Any] | None = None
    for row in rows:
        report.checked += 1
        sequence = int(row["sequence"])
        altered = row_hash(row) != row["hash"]
        if altered:
            report.add(
                "altered",
                [sequence],
                f"Event {sequence} was altered: its content no longer matches its hash "
                "(a changed, forged or reordered row).",
            )
        expected = 1 if previous is None else int(previous["sequence"]) + 1
        expected_prev = GENESIS if previous is None else str(previous["hash"])
        if previous is not None and sequence == int(previous["sequence"]):
            report.add(
                "inserted",
                [sequence],
                f"Event {sequence} appears more than once: a row was inserted.",
            )
        elif sequence > expected:
            report.add(
                "deleted",
                range(expected, sequence),
                f"{_span(expected, sequence - 1).capitalize()} missing: deleted "
                f"(the chain jumps from {expected - 1} to {sequence}).",
            )
        elif row["prev_hash"] != expected_prev:
            before = "the start of the log" if previous is None else f"event {expected - 1}"
            report.add(
                "inserted",
                [sequence],
                f"Event {sequence} does not follow {before}: its previous hash does not "
                "match, so a row was inserted or replaced, or the rows were reordered.",
            )
        previous = row
        report.last_sequence = sequence
        report.last_hash = str(row["hash"])
    return report


def iter_rows(batch: int = BATCH) -> Iterator[dict[str, Any]]:
    """Every event in chain order, read in keyset batches so memory stays bounded."""
    from diplomatie.audit.models import Event

    last: tuple[int, int] | None = None
    while True:
        rows = Event.objects.order_by("sequence", "pk")
        if last is not None:
            rows = rows.filter(sequence__gte=last[0]).exclude(sequence=last[0], pk__lte=last[1])
        chunk = list(rows.values(*ROW_FIELDS)[:batch])
        if not chunk:
            return
        yield from chunk
        last = (int(chunk[-1]["sequence"]), int(chunk[-1]["pk"]))


def verify_chain(batch: int = BATCH) -> ChainReport:
    return verify_rows(iter_rows(batch))

"""Time to append to and to verify the audit log's hash chain.

    .venv/bin/python -m bench.audit_verify [--events N] [--appends A]

Works in a database of its own, like `bench.journal` (a temporary SQLite file, or the
database `diplomatie_bench_audit` on the PostgreSQL server of DATABASE_URL, dropped at
the end).
It times A calls of `record_event` one after the other (each in its own transaction, as a
service's would be), then fills the log to N events with a valid chain (bulk inserts),
and times `verify_chain()` — what `diplomatie audit-verify` runs — over all of them,
with the peak resident memory of the process before and after.
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import time

import bench.journal
from bench.journal import benchmark_database

# A database of its own, so that a journal benchmark running at the same time is not touched.
bench.journal.BENCH_DATABASE = "diplomatie_bench_audit"

BULK = 5000


def fill(total: int) -> None:
    from django.utils import timezone

    from diplomatie.audit.chain import GENESIS, compute_hash, plain_details
    from diplomatie.audit.models import Event

    head = Event.objects.order_by("-sequence").values_list("sequence", "hash").first()
    sequence, previous = head if head else (0, GENESIS)
    start = timezone.now()
    batch: list[Event] = []
    while sequence < total:
        sequence += 1
        details = plain_details({"n": sequence, "organisation": sequence % 97, "role": "member"})
        at = start + dt.timedelta(milliseconds=sequence)
        event = Event(
            sequence=sequence,
            at=at,
            actor_id=None,
            action="bench.event",
            target_type="directory.membership",
            target_id=str(sequence),
            ip_address="10.0.0.1",
            details=details,
            prev_hash=previous,
        )
        event.hash = compute_hash(
            sequence=sequence,
            at=at,
            actor_id=None,
            action=event.action,
            target_type=event.target_type,
            target_id=event.target_id,
            ip_address=event.ip_address,
            details=details,
            prev_hash=previous,
        )
        previous = event.hash
        batch.append(event)
        if len(batch) >= BULK:
            Event.objects.bulk_create(batch)
            batch = []
    if batch:
        Event.objects.bulk_create(batch)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--appends", type=int, default=2000)
    args = parser.parse_args()
    with benchmark_database() as where:
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        from diplomatie.audit.chain import verify_chain
        from diplomatie.audit.recorder import record_event

        print(f"bench: {where}")
        call_command("migrate", verbosity=0)
        times = []
        for n in range(args.appends):
            started = time.perf_counter()
            record_event("bench.append", details={"n": n})
            times.append(time.perf_counter() - started)
        print(
            f"record_event ({connection.vendor}): {args.appends} appends, median "
            f"{statistics.median(times) * 1000:.2f} ms, total {sum(times):.2f} s"
        )
        started = time.perf_counter()
        fill(args.events)
        print(f"filled to {args.events} events in {time.perf_counter() - started:.1f} s")
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        for run in (1, 2):
            started = time.perf_counter()
            report = verify_chain()
            elapsed = time.perf_counter() - started
            print(
                f"verify run {run} ({connection.vendor}): {report.checked} events in "
                f"{elapsed:.2f} s ({report.checked / elapsed:,.0f} events/s), "
                f"intact={report.intact}"
            )
        rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        print(f"peak RSS: {rss_before / 1024:.0f} MB before, {rss_after / 1024:.0f} MB after")
        connection.close()


if __name__ == "__main__":
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomatie.settings")
    main()

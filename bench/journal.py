"""Server time of the journal page, on the demo data and then on a large data set.

    .venv/bin/python -m bench.journal [--publications N] [--requests R]

Without DATABASE_URL the benchmark works in a fresh SQLite file in a temporary
directory, deleted at the end. With a PostgreSQL DATABASE_URL it creates its own
database, `diplomatie_bench`, on that server (dropping a leftover one of that name
first), and drops it at the end; no other database is touched. A SQLite DATABASE_URL is
used only if the file does not exist yet, and is kept.

For each data set (the demo, then the demo plus N generated publications) it signs in
each featured account in turn with `django.test.Client.force_login`, requests "/" three
times to warm up, then R times, and reports the median and 99th percentile of the time
`Client.get` takes (the whole Django stack, no network) and the SQL queries per request.
"""

from __future__ import annotations

import argparse
import math
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BENCH_DATABASE = "diplomatie_bench"
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}
WARM_UP = 3


@dataclass
class Sample:
    dataset: str
    account: str
    times: list[float]  # seconds
    queries: list[int]


@dataclass
class Row:
    dataset: str
    vendor: str
    publications: int
    median_ms: float
    p99_ms: float
    queries: str


def percentile(values: list[float], fraction: float) -> float:
    """Nearest-rank percentile."""
    ordered = sorted(values)
    rank = max(1, math.ceil(fraction * len(ordered)))
    return ordered[rank - 1]


def query_range(counts: list[int]) -> str:
    low, high = min(counts), max(counts)
    return str(low) if low == high else f"{low}-{high}"


# --- The database ----------------------------------------------------------------------------


def server_url(url: str, database: str) -> str:
    """The same server and credentials, another database."""
    parts = urlsplit(url)
    scheme = "postgresql" if parts.scheme == "pgsql" else parts.scheme
    return parts._replace(scheme=scheme, path=f"/{database}").geturl()


@contextmanager
def own_postgres_database(url: str) -> Iterator[str]:
    """Create `diplomatie_bench` on the server of `url`, yield its address, drop it."""
    import psycopg
    from psycopg import sql

    given = urlsplit(url).path.lstrip("/") or "postgres"
    maintenance = server_url(url, "postgres" if given == BENCH_DATABASE else given)
    name = sql.Identifier(BENCH_DATABASE)

    def drop(connection: psycopg.Connection[Any]) -> None:
        try:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        except psycopg.errors.SyntaxError:  # PostgreSQL before 13
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(name))

    with psycopg.connect(maintenance, autocommit=True) as connection:
        drop(connection)
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))
    try:
        yield server_url(url, BENCH_DATABASE)
    finally:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(maintenance, autocommit=True) as connection:
            drop(connection)


@contextmanager
def benchmark_database() -> Iterator[str]:
    """Point the settings at a database of the benchmark's own; yield a description."""
    data_dir = Path(tempfile.mkdtemp(prefix="diplomatie-bench-"))
    os.environ["DIPLOMATIE_DATA_DIR"] = str(data_dir)
    url = os.environ.get("DATABASE_URL", "").strip()
    try:
        scheme = urlsplit(url).scheme.lower()
        if not url:
            yield f"SQLite file {data_dir / 'diplomatie.sqlite3'} (temporary)"
        elif scheme in POSTGRES_SCHEMES:
            with own_postgres_database(url) as bench_url:
                os.environ["DATABASE_URL"] = bench_url
                parts = urlsplit(bench_url)
                yield f"PostgreSQL database {BENCH_DATABASE!r} on {parts.hostname}:{parts.port}"
        else:
            path = Path(urlsplit(url).path)
            if path.exists() and path.stat().st_size > 0:
                raise SystemExit(
                    f"bench: {path} exists; the benchmark only writes to a new database. "
                    "Unset DATABASE_URL to use a temporary SQLite file."
                )
            yield f"SQLite file {path}"
    finally:
        shutil.rmtree(data_dir, ignore_errors=True)


# --- Measuring -----------------------------------------------------------------------------------


class QueryCounter:
    """Counts the SQL statements Django sends, at the cost of one function call each."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(
        self, execute: Callable[..., Any], sql: str, params: Any, many: bool, context: Any
    ) -> Any:
        self.count += 1
        return execute(sql, params, many, context)


def measure(dataset: str, requests: int) -> list[Sample]:
    from django.db import connection
    from django.test import Client

    from diplomatie.demo.ministry import FEATURED_ACCOUNTS
    from diplomatie.directory.models import Agent

    samples: list[Sample] = []
    for _role, email in FEATURED_ACCOUNTS:
        agent = Agent.objects.get(email=email)
        client = Client()
        client.force_login(agent, backend="django.contrib.auth.backends.ModelBackend")
        times: list[float] = []
        queries: list[int] = []
        for index in range(WARM_UP + requests):
            counter = QueryCounter()
            with connection.execute_wrapper(counter):
                start = time.perf_counter()
                response = client.get("/")
                elapsed = time.perf_counter() - start
            if response.status_code != 200:
                raise SystemExit(f"bench: GET / answered {response.status_code} for {email}")
            if index >= WARM_UP:
                times.append(elapsed)
                queries.append(counter.count)
        samples.append(Sample(dataset, email.split("@")[0], times, queries))
    return samples


def summarise(samples: list[Sample], vendor: str, publications: int) -> Row:
    times = [t for s in samples for t in s.times]
    queries = [q for s in samples for q in s.queries]
    return Row(
        samples[0].dataset,
        vendor,
        publications,
        statistics.median(times) * 1000,
        percentile(times, 0.99) * 1000,
        query_range(queries),
    )


def print_table(rows: list[Row], details: list[Sample]) -> None:
    header = f"{'dataset':<18} {'database':<11} {'publications':>12} {'median ms':>10} "
    header += f"{'p99 ms':>8} {'queries':>8}"
    print()
    print(header)
    print("-" * len(header))
    for row in rows:
        print(
            f"{row.dataset:<18} {row.vendor:<11} {row.publications:>12,} "
            f"{row.median_ms:>10.1f} {row.p99_ms:>8.1f} {row.queries:>8}"
        )
    print()
    print(f"{'dataset':<18} {'account':<18} {'median ms':>10} {'p99 ms':>8} {'queries':>8}")
    for sample in details:
        print(
            f"{sample.dataset:<18} {sample.account:<18} "
            f"{statistics.median(sample.times) * 1000:>10.1f} "
            f"{percentile(sample.times, 0.99) * 1000:>8.1f} {query_range(sample.queries):>8}"
        )


def run(publications: int, requests: int, seed: int) -> None:
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import override_settings

    from bench.generate import generate
    from diplomatie.demo.audience import load_demo_audience
    from diplomatie.demo.ministry import load_demo
    from diplomatie.demo.publications import load_demo_publications
    from diplomatie.publications.models import Publication

    vendor = connection.vendor
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    load_demo()
    load_demo_publications()
    load_demo_audience()  # follows of the featured accounts widen their interests
    print(f"Migrated and loaded the demo in {time.perf_counter() - started:.1f} s.")

    # The test client speaks to "testserver"; static files are not collected.
    plain_static = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    overrides = override_settings(
        ALLOWED_HOSTS=[*settings.ALLOWED_HOSTS, "testserver"], STORAGES=plain_static
    )
    rows: list[Row] = []
    details: list[Sample] = []
    with overrides:
        samples = measure("demo", requests)
        rows.append(summarise(samples, vendor, Publication.objects.count()))
        details += samples
        if publications > 0:
            started = time.perf_counter()
            counts = generate(publications, seed=seed, stdout=print)
            took = time.perf_counter() - started
            summary = ", ".join(f"{n:,} {name}" for name, n in counts.items())
            print(f"Generated {summary} in {took:.1f} s.")
            if vendor == "postgresql":
                # What autovacuum would do within a minute: fresh planner statistics.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
            samples = measure(f"demo + {publications:,}", requests)
            rows.append(summarise(samples, vendor, Publication.objects.count()))
            details += samples
    print_table(rows, details)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.journal",
        description="Server time of the journal page, on the demo data and on a large data set.",
    )
    parser.add_argument(
        "--publications",
        type=int,
        default=100_000,
        help="publications generated on top of the demo (default 100000; 0 to skip)",
    )
    parser.add_argument(
        "--requests", type=int, default=20, help="measured requests per account (default 20)"
    )
    parser.add_argument("--seed", type=int, default=7, help="seed of the generator (default 7)")
    args = parser.parse_args(argv)
    if args.requests < 1:
        parser.error("--requests must be at least 1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomatie.settings")
    # Production settings: no debug page, no query log.
    os.environ["DEBUG"] = "0"
    os.environ.pop("DIPLOMATIE_DEMO", None)
    with benchmark_database() as where:
        print(f"Benchmark database: {where}")
        run(args.publications, args.requests, args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Time to sign (per signature, PAdES B-T) and to verify a sealed file with 5 and 20 signatures.

    .venv/bin/python -m bench.signatures [--runs N]

Works in a database of its own, as `bench.journal` does: without DATABASE_URL a fresh
SQLite file in a temporary directory (deleted at the end); with a PostgreSQL DATABASE_URL
the database `diplomatie_bench_signatures` on that server, created and dropped. It creates a service
with twenty agents, renders a letter with its signature fields, has the seal certify it,
then the agents sign one after the other.

Printed (medians of the runs):
- per signature: `sign()` as the parapheur calls it — re-authentication (the Argon2
  password check) included — and the same without the password check, i.e. the
  signature itself (PAdES B-T: CMS signature, RFC 3161 timestamp, incremental update);
- `verify()` of the file with the seal and 5 signatures, and with the seal and 20.
Every agent's certificate is issued before timing (first use costs one key generation).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from bench import journal

AGENTS = 20
PASSWORD = "bench password for the signatures"


def timed(function: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


@dataclass
class Setup:
    agents: list[Any]
    base5: bytes
    base20: bytes


def prepare() -> Setup:
    """The authority, a service of twenty agents with certificates, two certified letters."""
    from django.contrib.auth.hashers import make_password

    from diplomatie.directory.actions import do_add_membership, do_create_organisation
    from diplomatie.directory.models import Agent, OrganisationKind
    from diplomatie.publications.actions import DraftData, do_create_draft
    from diplomatie.signatures.services import (
        SignatureSlot,
        authority,
        certify,
        ensure_certificate,
        render_pdf,
    )

    started = time.perf_counter()
    authority()
    print(f"Authority created in {time.perf_counter() - started:.2f} s.")
    ministry = do_create_organisation(
        code="bench-ministere", name="Ministère", kind=OrganisationKind.MINISTRY, parent=None
    )
    service = do_create_organisation(
        code="bench-service",
        name="Service des traités",
        kind=OrganisationKind.DIRECTORATE,
        parent=ministry,
    )
    hashed = make_password(PASSWORD)
    agents = []
    for index in range(AGENTS):
        agent = Agent.objects.create_user(
            f"signataire{index}@bench.example", None, display_name=f"Signataire {index:02d}"
        )
        agent.password = hashed
        agent.save(update_fields=["password"])
        do_add_membership(agent=agent, organisation=service, role="member")
        agents.append(agent)
    started = time.perf_counter()
    for agent in agents:
        ensure_certificate(agent)
    took = (time.perf_counter() - started) / AGENTS * 1000
    print(f"Issued {AGENTS} agent certificates ({took:.1f} ms each).")
    letter = do_create_draft(
        agents[0],
        DraftData(
            kind="letter",
            subject="Accord de coopération",
            issuer=service,
            body="Le présent accord...\n\n" + "Article. Texte de l'accord.\n\n" * 30,
        ),
    )

    def certified(signatures: int) -> bytes:
        slots = [SignatureSlot(f"sig-{i}", f"Signature {i}") for i in range(signatures)]
        return certify(render_pdf(letter, slots))

    started = time.perf_counter()
    base5, base20 = certified(5), certified(AGENTS)
    print(f"Rendered and certified two letters in {time.perf_counter() - started:.2f} s.")
    return Setup(agents, base5, base20)


def measure_signing(setup: Setup, runs: int) -> tuple[list[float], list[float], bytes, bytes]:
    """Twenty signatures per run: even runs through `sign()`, odd runs the signature alone."""
    from diplomatie.signatures import signing
    from diplomatie.signatures.pki import authority, ensure_certificate, keypair
    from diplomatie.signatures.services import sign

    full: list[float] = []
    bare: list[float] = []
    auth = authority()
    file20 = setup.base20
    for run_index in range(runs):
        pdf = setup.base20
        for index, agent in enumerate(setup.agents):
            field = f"sig-{index}"
            if run_index % 2 == 0:
                elapsed, pdf = timed(
                    lambda pdf=pdf, agent=agent, field=field: sign(
                        pdf, agent=agent, password=PASSWORD, field=field
                    )
                )
                full.append(elapsed)
            else:
                pair = keypair(ensure_certificate(agent))
                elapsed, pdf = timed(
                    lambda pdf=pdf, pair=pair, agent=agent, field=field: signing._sign_with(
                        pdf, pair=pair, auth=auth, field=field, reason="", name=agent.display_name
                    )
                )
                bare.append(elapsed)
        file20 = pdf
    file5 = setup.base5
    for index, agent in enumerate(setup.agents[:5]):
        file5 = sign(file5, agent=agent, password=PASSWORD, field=f"sig-{index}")
    return full, bare, file5, file20


def measure_verify(pdf: bytes, runs: int) -> list[float]:
    from diplomatie.signatures.services import verify

    report = verify(pdf)  # warm-up: validation context, CRLs
    if not report.valid:
        raise SystemExit(f"bench: the file does not verify: {report.explanation}")
    return [timed(lambda: verify(pdf))[0] for _ in range(runs)]


def run(runs: int) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    setup = prepare()
    full, bare, file5, file20 = measure_signing(setup, runs)
    verify5 = measure_verify(file5, runs)
    verify20 = measure_verify(file20, runs)

    def line(label: str, values: list[float], note: str) -> None:
        median = f"{statistics.median(values) * 1000:8.1f} ms" if values else "       -"
        print(f"  {label:<40} {median}  {note}")

    print()
    print(f"Database: {connection.vendor}; {runs} runs; medians.")
    line("sign(), re-authentication included", full, "per signature")
    line("signature alone (B-T, no password)", bare, "per signature")
    line("verify: seal + 5 signatures", verify5, f"({len(file5):,} bytes)")
    line("verify: seal + 20 signatures", verify20, f"({len(file20):,} bytes)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.signatures",
        description="Time to sign and to verify PAdES signatures.",
    )
    parser.add_argument("--runs", type=int, default=6, help="runs of each measure (default 6)")
    args = parser.parse_args(argv)
    if args.runs < 2:
        parser.error("--runs must be at least 2")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "diplomatie.settings")
    os.environ["DEBUG"] = "0"
    os.environ.pop("DIPLOMATIE_DEMO", None)
    # A database name of its own, so that it never drops the journal benchmark's.
    journal.BENCH_DATABASE = "diplomatie_bench_signatures"
    with journal.benchmark_database() as where:
        print(f"Benchmark database: {where}")
        run(args.runs)
    return 0


if __name__ == "__main__":
    sys.exit(main())

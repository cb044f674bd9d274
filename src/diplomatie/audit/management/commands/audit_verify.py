"""`diplomatie audit-verify`: walk the audit log's hash chain and say whether it is intact."""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from diplomatie.audit.chain import BATCH, verify_chain


class Command(BaseCommand):
    help = (
        "Verify the audit log's hash chain: report every event altered, deleted, inserted "
        "or reordered. Exit code 0 when the log is intact, 1 when it is not."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", type=int, default=BATCH, help="events read at a time (memory bound)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        report = verify_chain(batch=max(1, int(options["batch"])))
        elapsed = time.perf_counter() - started
        for problem in report.problems:
            self.stderr.write(problem.message)
        if report.problem_count > len(report.problems):
            hidden = report.problem_count - len(report.problems)
            self.stderr.write(f"… and {hidden} more problems not listed.")
        summary = f"{report.summary()} ({elapsed:.2f} s)"
        if report.intact:
            self.stdout.write(summary)
            return
        self.stderr.write(summary)
        raise SystemExit(1)

"""`diplomatie verify FILE.pdf`: the signatures of a PDF, as on the verification page.

Exit status: 0 every signature valid, 1 invalid (or no signature), 2 unreadable file.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from diplomatie.core.errors import InvalidInput
from diplomatie.signatures.verification import SignatureReport, verify

KINDS = {"certification": "certification", "approval": "signature", "timestamp": "timestamp"}


def _time(report: SignatureReport) -> str:
    if report.timestamp_time is not None:
        return f"{timezone.localtime(report.timestamp_time):%Y-%m-%d %H:%M:%S %Z} (timestamp)"
    if report.signing_time is not None:
        return f"{timezone.localtime(report.signing_time):%Y-%m-%d %H:%M:%S %Z} (claimed)"
    return "unknown"


def describe(report: SignatureReport) -> list[str]:
    signer = report.signer_name + (f" <{report.signer_email}>" if report.signer_email else "")
    if report.revocation == "revoked" and report.revoked_at is not None:
        revocation = f"revoked on {timezone.localtime(report.revoked_at):%Y-%m-%d %H:%M:%S %Z}"
    else:
        revocation = {"good": "not revoked", "unknown": "unknown"}.get(report.revocation, "?")
    if not report.modified_after:
        changes = "none"
    elif report.modification == "other":
        changes = "changes NOT permitted"
    else:
        changes = f"{report.modification} (permitted)"
    lines = [
        f"{report.field} [{KINDS.get(report.kind, report.kind)}]: "
        f"{'VALID' if report.valid else 'INVALID'}",
        f"  signer:     {signer}" + (f", {report.signer_unit}" if report.signer_unit else ""),
        f"  chain:      {' -> '.join(report.chain) or '?'}"
        + ("" if report.trusted or not report.intact else " (not trusted)"),
        f"  revocation: {revocation}",
        f"  time:       {_time(report)}",
        f"  integrity:  {'intact' if report.intact else 'ALTERED'}",
        f"  afterwards: {changes}",
    ]
    if report.reason_given:
        lines.append(f"  reason:     {report.reason_given}")
    lines.append(f"  {report.explanation}")
    return lines


class Command(BaseCommand):
    help = "Verify the signatures of a PDF (exit 0 valid, 1 invalid, 2 unreadable)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help="the signed PDF")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            data = path.read_bytes()
        except OSError as exc:
            self.stderr.write(f"verify: cannot read {path}: {exc.strerror}")
            sys.exit(2)
        try:
            report = verify(data)
        except InvalidInput as exc:
            self.stderr.write(f"verify: {path}: {exc.message}")
            sys.exit(2)
        for signature in report.signatures:
            self.stdout.write("\n".join(describe(signature)))
        for warning in report.warnings:
            self.stdout.write(f"warning: {warning}")
        self.stdout.write(("VALID: " if report.valid else "INVALID: ") + report.explanation)
        sys.exit(0 if report.valid else 1)

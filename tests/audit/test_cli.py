"""`diplomatie audit-verify` from the command line, on its own SQLite file: exit status 0
for an intact log, 1 with the sequence named after a row was changed by hand."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.core.test_cli import run


def test_audit_verify_command_exit_status(tmp_path: Path) -> None:
    assert run(tmp_path, "migrate", "-v0").returncode == 0
    recorded = run(
        tmp_path,
        "shell",
        "-c",
        "from diplomatie.audit.recorder import record_event\n"
        "for n in range(5): record_event('test.cli', details={'n': n})",
    )
    assert recorded.returncode == 0, recorded.stderr
    intact = run(tmp_path, "audit-verify")
    assert intact.returncode == 0, intact.stderr
    assert "The audit log is intact: 5 events" in intact.stdout

    with sqlite3.connect(tmp_path / "diplomatie.sqlite3") as database:
        database.execute("UPDATE audit_event SET details = '{\"n\": 9}' WHERE sequence = 2")
        database.execute("DELETE FROM audit_event WHERE sequence = 4")
    broken = run(tmp_path, "audit-verify")
    assert broken.returncode == 1
    assert "Event 2 was altered" in broken.stderr
    assert "Event 4 missing: deleted" in broken.stderr
    assert "tampered with: 2 problem(s)" in broken.stderr
    assert "audit-verify" in run(tmp_path, "--help").stdout

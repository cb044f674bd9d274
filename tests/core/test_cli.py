"""The `diplomatie` command: createadmin, serve (a real gunicorn), loaddemo, help."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def cli_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE", "DIPLOMATIE_DEMO"}
    }
    environment.update({"DIPLOMATIE_DATA_DIR": str(tmp_path), **extra})
    return environment


def run(tmp_path: Path, *args: str, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "diplomatie.cli", *args],
        capture_output=True,
        text=True,
        env=cli_env(tmp_path, **extra),
        timeout=300,
        check=False,
    )


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@pytest.fixture
def migrated(tmp_path: Path) -> Path:
    if connection.vendor != "sqlite":
        pytest.skip("these commands are exercised on the embedded default (SQLite)")
    result = run(tmp_path, "migrate", "-v0")
    assert result.returncode == 0, result.stderr
    return tmp_path


def test_help_lists_the_commands(tmp_path: Path) -> None:
    result = run(tmp_path, "--help")
    assert result.returncode == 0
    for command in ("demo", "serve", "createadmin", "loaddemo"):
        assert command in result.stdout


def test_createadmin(migrated: Path) -> None:
    ok = run(
        migrated,
        "createadmin",
        "--email",
        "Chief@Diplomatie.example",
        DIPLOMATIE_ADMIN_PASSWORD="a long enough passphrase",
    )
    assert ok.returncode == 0, ok.stderr
    assert "chief@diplomatie.example" in ok.stdout
    again = run(
        migrated,
        "createadmin",
        "--email",
        "chief@diplomatie.example",
        DIPLOMATIE_ADMIN_PASSWORD="a long enough passphrase",
    )
    assert again.returncode != 0
    assert "already exists" in again.stderr
    weak = run(migrated, "createadmin", "--email", "x@d.example", DIPLOMATIE_ADMIN_PASSWORD="demo")
    assert weak.returncode != 0
    assert "too short" in weak.stderr or "trop court" in weak.stderr
    no_tty = run(migrated, "createadmin", "--email", "y@d.example")
    assert "DIPLOMATIE_ADMIN_PASSWORD" in no_tty.stderr
    bad = run(migrated, "createadmin", "--email", "not-an-address", DIPLOMATIE_ADMIN_PASSWORD="x")
    assert "not a valid e-mail address" in bad.stderr


def test_serve_runs_gunicorn_with_static_files(migrated: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "diplomatie.cli",
            "serve",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--no-access-log",
        ],
        env=cli_env(migrated),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/sante/", timeout=2) as response:
                    assert response.status == 200
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        with urllib.request.urlopen(f"{base}/compte/connexion/", timeout=5) as response:
            page = response.read().decode()
            assert response.headers["Content-Security-Policy"]
        # Production serves hashed, compressed static files collected at start-up.
        css = page.split('href="/static/css/', 1)[1].split('"', 1)[0]
        assert css != "app.css" and css.startswith("app.")
        with urllib.request.urlopen(f"{base}/static/css/{css}", timeout=5) as response:
            assert response.status == 200
            assert "immutable" in response.headers["Cache-Control"]
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_loaddemo_twice_changes_nothing(migrated: Path) -> None:
    first = run(migrated, "loaddemo")
    assert first.returncode == 0, first.stderr
    assert "organisations" in first.stdout
    second = run(migrated, "loaddemo")
    assert second.returncode == 0, second.stderr
    assert "(0 organisations, 0 agents, 0 memberships created)" in second.stdout


def test_demo_prepares_and_prints_how_to_sign_in(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the demo runs on the embedded default (SQLite)")
    result = run(tmp_path, "demo", "--no-serve")
    assert result.returncode == 0, result.stderr
    assert "http://127.0.0.1:8000/" in result.stdout
    assert "camille.laurent@diplomatie.example" in result.stdout
    assert "“demo”" in result.stdout

"""Configuration defaults and the messages for a bad configuration."""

from __future__ import annotations

import os
import socket
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse

from diplomatie import env
from diplomatie.directory.models import Agent
from tests.conftest import signed_in


def run_cli(*args: str, tmp_path: Path, **extra_env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "SECRET_KEY", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update({"DIPLOMATIE_DATA_DIR": str(tmp_path), **extra_env})
    return subprocess.run(
        [sys.executable, "-m", "diplomatie.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )


def test_default_database_is_sqlite_in_the_data_directory(tmp_path: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("DATABASE_URL", raising=False)
        config = env.database(tmp_path)
    assert config["ENGINE"] == "django.db.backends.sqlite3"
    assert config["NAME"] == str(tmp_path / "diplomatie.sqlite3")
    assert "journal_mode = WAL" in config["OPTIONS"]["init_command"]
    assert "busy_timeout" in config["OPTIONS"]["init_command"]
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db
def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(tmp_path: Path) -> None:
    if connection.vendor != "sqlite":
        pytest.skip("the suite runs on PostgreSQL: SQLite pragmas do not apply")
    result = run_cli(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection as c; cur=c.cursor(); "
        "print(cur.execute('PRAGMA journal_mode').fetchone()[0], "
        "cur.execute('PRAGMA busy_timeout').fetchone()[0])",
        tmp_path=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "20000"]


def test_postgres_url_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgres://me:secret@db.internal:6543/diplo")
    config = env.database(tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"]) == ("db.internal", 6543, "diplo")


def test_secret_key_is_generated_once_with_mode_0600(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = env.secret_key(tmp_path)
    assert len(first) >= 50
    assert stat.S_IMODE((tmp_path / "secret_key").stat().st_mode) == 0o600
    assert env.secret_key(tmp_path) == first
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    assert env.secret_key(tmp_path) == "from-the-environment"


def test_production_defaults() -> None:
    assert settings.DEBUG is False
    assert settings.SESSION_COOKIE_SECURE is True
    assert settings.CSRF_COOKIE_SECURE is True
    assert settings.SESSION_COOKIE_HTTPONLY is True
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_demo_mode_relaxes_cookies_and_turns_debug_on(tmp_path: Path) -> None:
    code = (
        "from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.EMAIL_BACKEND.rsplit('.', 2)[-2])"
    )
    result = run_cli("shell", "--no-imports", "-c", code, tmp_path=tmp_path, DIPLOMATIE_DEMO="1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "False", "filebased"]


def test_redis_url_moves_the_cache_to_redis(tmp_path: Path) -> None:
    redis_url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/3")
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=2).close()
    except OSError:
        pytest.skip("no Redis server answers on 127.0.0.1:6379")
    code = (
        "from django.conf import settings as s; from django.core.cache import cache; "
        "cache.set('probe', 'through-redis', 30); "
        "print(s.CACHES['default']['BACKEND'], cache.get('probe'))"
    )
    result = run_cli("shell", "--no-imports", "-c", code, tmp_path=tmp_path, REDIS_URL=redis_url)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "through-redis",
    ]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("mysql-ish:/nothing", "is not a database address this platform reads"),
        ("postgres://", "names no database"),
        ("sqlite://", "names no SQLite file"),
    ],
)
def test_malformed_database_url_stops_with_one_sentence(
    tmp_path: Path, url: str, message: str
) -> None:
    result = run_cli("check", tmp_path=tmp_path, DATABASE_URL=url)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_unreachable_database_stops_with_one_sentence(tmp_path: Path) -> None:
    result = run_cli(
        "migrate", tmp_path=tmp_path, DATABASE_URL="postgres://nobody@127.0.0.1:1/none"
    )
    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert "cannot use the PostgreSQL database 'none' on 127.0.0.1:1" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_bad_boolean_is_explained(tmp_path: Path) -> None:
    result = run_cli("check", tmp_path=tmp_path, DEBUG="maybe")
    assert result.returncode == 2
    assert "DEBUG='maybe' is not a yes/no value" in result.stderr


def test_security_headers(client: Client, desk_officer: Agent) -> None:
    signed_in(client, desk_officer)
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_cookie_flags(client: Client, desk_officer: Agent) -> None:
    from tests.factories import PASSWORD

    response = client.post(
        reverse("accounts:login"), {"username": desk_officer.email, "password": PASSWORD}
    )
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie["httponly"]
    assert cookie["secure"]
    assert cookie["samesite"] == "Lax"


def test_health_needs_no_sign_in(client: Client, db: None) -> None:
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}

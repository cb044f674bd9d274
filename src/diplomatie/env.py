"""Typed helpers that read the configuration from the environment.

Every setting the platform reads comes through here, so that a wrong value stops
start-up with one sentence a person understands rather than a traceback.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import environ
from django.core.exceptions import ImproperlyConfigured

_env = environ.Env()

SQLITE_SCHEMES = {"sqlite"}
POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


class ConfigurationError(ImproperlyConfigured):
    """A configuration value is missing or malformed; the message says which and how to fix it."""


def get_str(name: str, default: str) -> str:
    return str(os.environ.get(name, default))


def get_bool(name: str, *, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigurationError(f"{name}={raw!r} is not a yes/no value: use 1, true, 0 or false.")


def get_int(name: str, *, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigurationError(f"{name}={raw!r} is not a whole number.") from None


def get_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return list(default)
    return [item.strip() for item in raw.split(",") if item.strip()]


def data_dir() -> Path:
    """The folder that holds the embedded database, files and generated secrets."""
    path = Path(get_str("DIPLOMATIE_DATA_DIR", "var")).expanduser().resolve()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ConfigurationError(
            f"DIPLOMATIE_DATA_DIR={path} cannot be created ({exc.strerror})."
        ) from None
    return path


def secret_key(directory: Path) -> str:
    """`SECRET_KEY` from the environment, else one generated once and kept with mode 0600."""
    from_env = os.environ.get("SECRET_KEY", "").strip()
    if from_env:
        return from_env
    path = directory / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        value = path.read_text(encoding="ascii").strip()
        if not value:
            raise ConfigurationError(f"The secret key file {path} is empty: delete it.") from None
        return value
    value = secrets.token_urlsafe(50)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value)
    return value


def signature_key(directory: Path) -> str:
    """`SIGNATURE_KEY` from the environment, else one generated once and kept with mode 0600.

    The master key under which the signature authority's private keys are encrypted in the
    database: losing it makes every stored key unusable; whoever holds it and the database
    holds the keys.
    """
    from_env = os.environ.get("SIGNATURE_KEY", "").strip()
    if from_env:
        if len(from_env) < 32:
            raise ConfigurationError("SIGNATURE_KEY is too short: use at least 32 characters.")
        return from_env
    path = directory / "signature_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        value = path.read_text(encoding="ascii").strip()
        if not value:
            raise ConfigurationError(
                f"The signature key file {path} is empty: restore it from a backup "
                "(deleting it makes the stored signing keys unusable)."
            ) from None
        return value
    value = secrets.token_urlsafe(48)
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(value)
    return value


def database(directory: Path) -> dict[str, Any]:
    """The default database from `DATABASE_URL`, or the embedded SQLite file."""
    raw = os.environ.get("DATABASE_URL", "").strip()
    url = raw or f"sqlite:///{directory / 'diplomatie.sqlite3'}"
    scheme = urlsplit(url).scheme.lower()
    if scheme not in SQLITE_SCHEMES | POSTGRES_SCHEMES:
        raise ConfigurationError(
            f"DATABASE_URL={redact(url)!r} is not a database address this platform reads: "
            "use sqlite:////absolute/path.sqlite3 or postgres://user:password@host:5432/name."
        )
    try:
        config: dict[str, Any] = dict(_env.db_url_config(url))
    except (ValueError, KeyError, ImproperlyConfigured) as exc:
        raise ConfigurationError(f"DATABASE_URL={redact(url)!r} is malformed ({exc}).") from None
    if scheme in SQLITE_SCHEMES:
        if config.get("NAME") in (None, "", ":memory:"):
            raise ConfigurationError(
                "DATABASE_URL names no SQLite file: use sqlite:////absolute/path.sqlite3."
            )
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA foreign_keys = ON;"
                "PRAGMA journal_mode = WAL;"
                "PRAGMA synchronous = NORMAL;"
                "PRAGMA busy_timeout = 20000;"
                "PRAGMA temp_store = MEMORY;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        # Tests use a file too (not memory), so that concurrent connections really
        # compete for the lock as they do in production; one file per test run.
        config["TEST"] = {"NAME": str(directory / f"test-{os.getpid()}.sqlite3")}
    else:
        if not config.get("NAME"):
            raise ConfigurationError(
                f"DATABASE_URL={redact(url)!r} names no database: add /name at the end."
            )
        config.setdefault("CONN_MAX_AGE", get_int("DATABASE_CONN_MAX_AGE", default=60))
        config["CONN_HEALTH_CHECKS"] = True
        options = config.setdefault("OPTIONS", {})
        options.setdefault("connect_timeout", 5)
    return config


def redact(url: str) -> str:
    """The address with its password hidden, fit for a message."""
    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return parts._replace(netloc=netloc).geturl()
    return url


def describe_database(config: dict[str, Any]) -> str:
    if "sqlite" in str(config.get("ENGINE", "")):
        return f"the SQLite file {config.get('NAME')}"
    host = config.get("HOST") or "localhost"
    port = config.get("PORT") or 5432
    return f"the PostgreSQL database {config.get('NAME')!r} on {host}:{port}"


def email(demo: bool, directory: Path) -> dict[str, Any]:
    """E-mail settings: `EMAIL_URL` (smtp://…) when set, else files (demo) or the console."""
    raw = os.environ.get("EMAIL_URL", "").strip()
    if raw:
        try:
            config = dict(_env.email_url_config(raw))
        except (ValueError, KeyError, ImproperlyConfigured) as exc:
            raise ConfigurationError(f"EMAIL_URL={redact(raw)!r} is malformed ({exc}).") from None
        return config
    if demo:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(directory / "mail"),
        }
    return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}


def oidc_enabled(
    *, client_id: str, client_secret: str, issuer: str, endpoints: dict[str, str]
) -> bool:
    """Whether single sign-on is configured; half a configuration stops start-up."""
    if not client_id:
        return False
    if not client_secret:
        raise ConfigurationError("OIDC_RP_CLIENT_ID is set but OIDC_RP_CLIENT_SECRET is not.")
    if issuer and not urlsplit(issuer).scheme.startswith("http"):
        raise ConfigurationError(f"OIDC_ISSUER={issuer!r} is not an http(s) address.")
    missing = [name for name, value in endpoints.items() if not value]
    if not issuer and missing:
        raise ConfigurationError(
            "Single sign-on needs OIDC_ISSUER (the provider's address, its endpoints are then "
            f"discovered) or every endpoint: {', '.join(missing)} missing."
        )
    return True

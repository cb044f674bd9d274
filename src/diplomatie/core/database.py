"""Turning database failures at start-up into one sentence."""

from __future__ import annotations

from django.conf import settings

from diplomatie.env import describe_database


def explain_database_error(exc: BaseException) -> str:
    where = describe_database(settings.DATABASES["default"])
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return f"cannot use {where}: {reason}. Check DATABASE_URL and that the server is running."

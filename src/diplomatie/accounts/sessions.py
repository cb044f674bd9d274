"""The sessions of an account: opened at sign-in, kept alive, timed out, ended.

A session is ended through the session engine (`SessionStore(key).delete()`), so this
works whether sessions live in the database or in the cache; the `AccountSession` row
that describes it goes at the same time. Every ending is audited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from importlib import import_module
from typing import TYPE_CHECKING

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.base import SessionBase
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from diplomatie.accounts.models import AccountSession, SignInMethod
from diplomatie.audit.recorder import client_ip, record_event
from diplomatie.core.errors import NotFound

if TYPE_CHECKING:
    from django.http import HttpRequest

    from diplomatie.directory.models import Agent

# Keys this module keeps in the session itself (seconds since the epoch).
STARTED_KEY = "_diplomatie_started"
SEEN_KEY = "_diplomatie_seen"
# The last-seen time is written at most this often (seconds), not on every request.
TOUCH_INTERVAL = 60

SSO_BACKEND = "diplomatie.accounts.sso.MinistryOIDCBackend"
USER_AGENT_MAX = 300

# A password change by the person themselves keeps the session they made it from.
_kept_session: ContextVar[str | None] = ContextVar("diplomatie_kept_session", default=None)


def session_store(session_key: str | None = None) -> SessionBase:
    engine = import_module(settings.SESSION_ENGINE)
    store: SessionBase = engine.SessionStore(session_key)
    return store


def sign_in_method(request: HttpRequest) -> str:
    backend = str(request.session.get(BACKEND_SESSION_KEY) or "")
    return SignInMethod.SSO if backend == SSO_BACKEND else SignInMethod.PASSWORD


def idle_timeout() -> int:
    return int(settings.SESSION_IDLE_TIMEOUT)


def absolute_timeout() -> int:
    return int(settings.SESSION_ABSOLUTE_TIMEOUT)


def do_open_session(agent: Agent, *, request: HttpRequest) -> AccountSession | None:
    """Describe the session a sign-in just opened (Django has already given it a new key)."""
    session = request.session
    if session.session_key is None:
        # Engines that only allocate the key when saving (signed cookies) are not listed.
        session.save()
    key = session.session_key
    if key is None:
        return None
    now = timezone.now()
    session[STARTED_KEY] = now.timestamp()
    session[SEEN_KEY] = now.timestamp()
    with transaction.atomic():
        row, _ = AccountSession.objects.update_or_create(
            session_key=key,
            defaults={
                "agent": agent,
                "created_at": now,
                "last_seen_at": now,
                "ip_address": client_ip(request),
                "user_agent": str(request.META.get("HTTP_USER_AGENT", ""))[:USER_AGENT_MAX],
                "method": sign_in_method(request),
            },
        )
    return row


def touch_session(request: HttpRequest, *, now: dt.datetime) -> None:
    """Note that the session is in use: once a minute at most, in the session and its row."""
    session = request.session
    session[SEEN_KEY] = now.timestamp()
    key = session.session_key
    if key is None or not request.user.is_authenticated:
        return
    updated = AccountSession.objects.filter(session_key=key).update(last_seen_at=now)
    if not updated:
        # A session opened before sessions were described, or whose key was cycled.
        started = dt.datetime.fromtimestamp(float(session.get(STARTED_KEY, 0)), tz=dt.UTC)
        AccountSession.objects.update_or_create(
            session_key=key,
            defaults={
                "agent_id": request.user.pk,
                "created_at": started,
                "last_seen_at": now,
                "ip_address": client_ip(request),
                "user_agent": str(request.META.get("HTTP_USER_AGENT", ""))[:USER_AGENT_MAX],
                "method": sign_in_method(request),
            },
        )


def follow_session_key(*, old_key: str, new_key: str) -> None:
    """The engine gave the same session a new key (password change): the row follows it."""
    if old_key == new_key:
        return
    if AccountSession.objects.filter(session_key=new_key).exists():
        AccountSession.objects.filter(session_key=old_key).delete()
    else:
        AccountSession.objects.filter(session_key=old_key).update(session_key=new_key)


def forget_session(session_key: str | None) -> None:
    """The session is ending by itself (sign-out): its row goes."""
    if session_key:
        AccountSession.objects.filter(session_key=session_key).delete()


def live_sessions_of(agent: Agent) -> list[AccountSession]:
    """The account's sessions that are still open (not timed out, still in the engine)."""
    now = timezone.now()
    rows = AccountSession.objects.filter(
        agent=agent,
        last_seen_at__gt=now - dt.timedelta(seconds=idle_timeout() + TOUCH_INTERVAL),
        created_at__gt=now - dt.timedelta(seconds=absolute_timeout()),
    ).order_by("-last_seen_at", "-pk")
    store = session_store()
    return [row for row in rows if store.exists(row.session_key)]


def _end(rows: list[AccountSession]) -> int:
    for row in rows:
        session_store(row.session_key).delete()
    AccountSession.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)


def end_sessions_of(agent: Agent, *, reason: str, except_key: str | None = None) -> int:
    """End every session of an account (but `except_key`), audited; how many were ended."""
    keep = except_key or _kept_session.get()
    with transaction.atomic():
        rows = list(AccountSession.objects.filter(agent=agent).exclude(session_key=keep or ""))
        count = _end(rows)
        record_event(
            "auth.sessions_ended",
            target=agent,
            details={"reason": reason, "count": count, "kept_current": bool(keep)},
        )
    return count


def access_own_session(agent: Agent, session_id: int, *, current_key: str | None) -> AccountSession:
    """One of the agent's other sessions, or NotFound (another's, the current one, missing)."""
    row = (
        AccountSession.objects.filter(agent=agent, pk=session_id)
        .exclude(session_key=current_key or "")
        .first()
    )
    if row is None:
        raise NotFound("session")
    return row


def do_end_session(agent: Agent, session_id: int, *, request: HttpRequest) -> None:
    with transaction.atomic():
        row = access_own_session(agent, session_id, current_key=request.session.session_key)
        _end([row])
        record_event(
            "auth.session_ended",
            actor=agent,
            target=agent,
            details={"reason": "ended_by_owner", "method": row.method},
            request=request,
        )


def do_end_other_sessions(agent: Agent, *, request: HttpRequest) -> int:
    with transaction.atomic():
        current = request.session.session_key or ""
        rows = list(AccountSession.objects.filter(agent=agent).exclude(session_key=current))
        count = _end(rows)
        record_event(
            "auth.sessions_ended",
            actor=agent,
            target=agent,
            details={"reason": "ended_by_owner", "count": count, "kept_current": True},
            request=request,
        )
    return count


def do_time_out_session(request: HttpRequest, *, reason: str) -> None:
    """Audit a session that reached its idle or absolute limit; the caller signs out."""
    with transaction.atomic():
        forget_session(request.session.session_key)
        record_event(
            "auth.session_timeout",
            actor=request.user if request.user.is_authenticated else None,
            target=request.user if request.user.is_authenticated else None,
            details={"reason": reason},
            request=request,
        )


@contextmanager
def keeping_session(session_key: str | None) -> Iterator[None]:
    """Within this block, ending an account's sessions spares `session_key`."""
    token = _kept_session.set(session_key)
    try:
        yield
    finally:
        _kept_session.reset(token)


def sweep_stale_sessions(batch: int = 500) -> int:
    """End the sessions past their limits that nobody came back to, and forget their rows.

    Idempotent: a worker that dies half-way leaves rows that the next round ends.
    """
    now = timezone.now()
    stale = AccountSession.objects.filter(
        Q(last_seen_at__lt=now - dt.timedelta(seconds=idle_timeout() + TOUCH_INTERVAL))
        | Q(created_at__lt=now - dt.timedelta(seconds=absolute_timeout()))
    ).order_by("pk")[:batch]
    return _end(list(stale))

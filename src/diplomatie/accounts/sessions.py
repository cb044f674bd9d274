"""Ending an account's sessions (database session engine)."""

from __future__ import annotations

from django.contrib.sessions.models import Session
from django.utils import timezone

from diplomatie.directory.models import Agent


def end_sessions_of(agent: Agent, *, reason: str) -> int:
    """Delete every unexpired session signed in as `agent`; return how many were ended.

    `reason` says why (accreditation expired, revoked…) for the callers' audit events."""
    ids = [
        session.pk
        for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if str(session.get_decoded().get("_auth_user_id")) == str(agent.pk)
    ]
    Session.objects.filter(pk__in=ids).delete()
    return len(ids)

"""The one hook every service calls to record a security-relevant event.

It writes inside the caller's transaction, so the event and the action it records
are committed together or not at all.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

from diplomatie.audit.models import Event

if TYPE_CHECKING:
    from django.http import HttpRequest

    from diplomatie.directory.models import Agent


def client_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    address = request.META.get("REMOTE_ADDR")
    return str(address) if address else None


def record_event(
    action: str,
    *,
    actor: Agent | None = None,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> Event:
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    return Event.objects.create(
        actor_id=actor_id,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        ip_address=client_ip(request),
        details=details or {},
    )

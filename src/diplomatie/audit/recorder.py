"""The one hook every service calls to record a security-relevant event.

It writes inside the caller's transaction, so the event and the action it records are
committed together or not at all; called outside a transaction, it opens one. Appending
is serialised so that concurrent writers never fork the chain or share a sequence number:
on PostgreSQL by a transaction-level advisory lock, on SQLite by the immediate
transactions the settings ask for (the database is locked for writing from BEGIN).
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

from django.db import connections, models, router, transaction
from django.utils import timezone

from diplomatie.audit.chain import GENESIS, compute_hash, plain_details
from diplomatie.audit.models import Event

if TYPE_CHECKING:
    from django.http import HttpRequest

    from diplomatie.directory.models import Agent

CHAIN_LOCK = 0x61756469745F6C67  # "audit_lg": the advisory lock key of the chain head


def client_ip(request: HttpRequest | None) -> str | None:
    """The client's address, normalised; None when absent or not an address."""
    if request is None:
        return None
    raw = str(request.META.get("REMOTE_ADDR") or "").strip()
    try:
        return str(ipaddress.ip_address(raw)) if raw else None
    except ValueError:
        return None


def _lock_chain(using: str) -> None:
    connection = connections[using]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK])
    # SQLite: the transaction began with BEGIN IMMEDIATE (settings: transaction_mode), so
    # this connection already holds the database's write lock until it commits.


def record_event(
    action: str,
    *,
    actor: Agent | None = None,
    target: models.Model | None = None,
    details: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> Event:
    using = router.db_for_write(Event)
    plain = plain_details(details or {})
    event = Event(
        actor_id=actor.pk if actor is not None and actor.is_authenticated else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        ip_address=client_ip(request),
        details=plain,
    )
    with transaction.atomic(using=using, savepoint=False):
        _lock_chain(using)
        head = Event.objects.using(using).order_by("-sequence").values_list("sequence", "hash")
        last = head.first()
        event.sequence = last[0] + 1 if last else 1
        event.prev_hash = last[1] if last else GENESIS
        event.at = timezone.now()
        event.hash = compute_hash(
            sequence=event.sequence,
            at=event.at,
            actor_id=event.actor_id,
            action=event.action,
            target_type=event.target_type,
            target_id=event.target_id,
            ip_address=event.ip_address,
            details=plain,
            prev_hash=event.prev_hash,
        )
        event.save(using=using, force_insert=True)
    return event

"""Writers of in-app notifications."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from diplomatie.directory.models import Agent
from diplomatie.notifications.models import Notification


def do_notify(agents: Iterable[Agent | int], *, kind: str, text: str, url: str = "") -> int:
    """One notification per distinct agent, written in the caller's transaction."""
    if url and (not url.startswith("/") or url.startswith("//")):
        raise ValueError("A notification links only to a page of the platform.")
    ids = {a if isinstance(a, int) else a.pk for a in agents}
    Notification.objects.bulk_create(
        [Notification(agent_id=i, kind=kind, text=text[:500], url=url) for i in sorted(ids)]
    )
    return len(ids)


@transaction.atomic
def do_mark_notifications_read(agent: Agent, ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(agent=agent, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.update(read_at=timezone.now())

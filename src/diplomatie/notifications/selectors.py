from __future__ import annotations

from django.db.models import QuerySet

from diplomatie.directory.models import Agent
from diplomatie.notifications.models import Notification


def notifications_for(agent: Agent) -> QuerySet[Notification]:
    """An agent's own notifications; nobody else's are ever listed."""
    return Notification.objects.filter(agent=agent)


def unread_count_for(agent: Agent) -> int:
    return notifications_for(agent).filter(read_at__isnull=True).count()

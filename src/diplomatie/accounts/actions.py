"""Writers for accounts."""

from __future__ import annotations

from django.db import transaction

from diplomatie.audit.recorder import record_event
from diplomatie.directory.models import Agent


@transaction.atomic
def do_create_admin(*, email: str, display_name: str, password: str) -> Agent:
    agent = Agent.objects.create_superuser(email, password, display_name=display_name)
    record_event("agent.create_admin", actor=None, target=agent, details={"email": email})
    return agent

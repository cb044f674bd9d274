"""Visibility as predicates: may this agent see this object? Mirrors `querysets.py`."""

from __future__ import annotations

from diplomatie.access.perimeter import INSTITUTIONAL_SECTORS, perimeter_of
from diplomatie.directory.models import Agent, Membership, Organisation


def can_view_organisation(agent: Agent | None, organisation: Organisation) -> bool:
    perimeter = perimeter_of(agent)
    if perimeter.agent_id is None or not perimeter.belongs:
        return False
    if perimeter.internal:
        return True
    if organisation.sector in INSTITUTIONAL_SECTORS:
        return True
    return any(organisation.path.startswith(path) for path in perimeter.paths)


def can_view_agent(agent: Agent | None, other: Agent) -> bool:
    perimeter = perimeter_of(agent)
    if perimeter.agent_id is None or not other.is_active:
        return False
    if perimeter.internal or other.pk == perimeter.agent_id:
        return True
    return (
        Membership.objects.active()
        .filter(agent=other, organisation_id__in=perimeter.organisation_ids)
        .exists()
    )

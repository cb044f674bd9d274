"""Visibility as querysets: what an agent may list, search or count."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from diplomatie.access.perimeter import INSTITUTIONAL_SECTORS, perimeter_of
from diplomatie.directory.models import Agent, Membership, Organisation


def visible_organisations(agent: Agent | None) -> QuerySet[Organisation]:
    """Internal agents see the whole directory; externals see the institutional tree
    (the ministry and partner administrations) and their own organisations, never
    other external organisations. An agent who belongs nowhere today sees nothing."""
    perimeter = perimeter_of(agent)
    qs: QuerySet[Organisation] = Organisation.objects.all()
    if perimeter.agent_id is None or not perimeter.belongs:
        return qs.none()
    if perimeter.internal:
        return qs
    return qs.filter(perimeter.subtree_q() | Q(sector__in=INSTITUTIONAL_SECTORS))


def visible_agents(agent: Agent | None) -> QuerySet[Agent]:
    """Internal agents see every active agent; externals see themselves and the
    members of their own organisations only."""
    perimeter = perimeter_of(agent)
    qs = Agent.objects.filter(is_active=True)
    if perimeter.agent_id is None:
        return qs.none()
    if perimeter.internal:
        return qs
    colleagues = Membership.objects.active().filter(
        agent=OuterRef("pk"), organisation_id__in=perimeter.organisation_ids
    )
    return qs.filter(Exists(colleagues)) | qs.filter(pk=perimeter.agent_id)

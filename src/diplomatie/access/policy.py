"""Visibility as predicates: may this agent see this object? Mirrors `querysets.py`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils import timezone

from diplomatie.access.perimeter import perimeter_of
from diplomatie.access.querysets import (
    community_co_member_ids,
    known_to_external_q,
    publication_audiences,
    sponsor_ids,
)
from diplomatie.communities.models import (
    ACTIVE_STATES,
    Access,
    Community,
    CommunityMembership,
    MembershipState,
)
from diplomatie.directory.models import Agent, Membership, Organisation
from diplomatie.publications.models import Classification, Publication, Status
from diplomatie.routing.models import Addressing

if TYPE_CHECKING:
    from diplomatie.parapheur.models import Circuit


def can_view_organisation(agent: Agent | None, organisation: Organisation) -> bool:
    """The predicate twin of `querysets.visible_organisations`."""
    perimeter = perimeter_of(agent)
    if perimeter.agent_id is None or not perimeter.belongs:
        return False
    if perimeter.internal:
        return True
    if any(organisation.path.startswith(path) for path in perimeter.paths):
        return True
    known = Agent.objects.filter(is_active=True).filter(known_to_external_q(perimeter))
    return Membership.objects.active().filter(organisation=organisation, agent__in=known).exists()


def can_view_agent(agent: Agent | None, other: Agent) -> bool:
    """The predicate twin of `querysets.visible_agents`."""
    perimeter = perimeter_of(agent)
    if perimeter.agent_id is None or not other.is_active:
        return False
    if perimeter.internal or other.pk == perimeter.agent_id:
        return True
    if (
        Membership.objects.active()
        .filter(agent=other, organisation_id__in=perimeter.organisation_ids)
        .exists()
    ):
        return True
    if community_co_member_ids(perimeter.agent_id).filter(agent_id=other.pk).exists():
        return True
    return Agent.objects.filter(pk=other.pk, pk__in=sponsor_ids(perimeter.agent_id)).exists()


def can_view_publication(agent: Agent | None, publication: Publication) -> bool:
    """The predicate twin of `querysets.visible_publications`: same rules, one object."""
    perimeter = perimeter_of(agent)
    if perimeter.agent_id is None:
        return False
    if (
        publication.author_id == perimeter.agent_id
        or publication.coauthors.filter(pk=perimeter.agent_id).exists()
    ):
        return True
    if not perimeter.belongs or publication.status != Status.SENT:
        return False
    np = publication.classification == Classification.NP
    if publication.community_id is not None:
        # Community content: its members only, whatever the audience or addressees.
        return (np or perimeter.internal) and is_community_member(agent, publication.community_id)
    if np and publication.audience in publication_audiences(perimeter):
        return True
    if not perimeter.internal and not np:
        return False
    if publication.issuer_id in perimeter.lineage_ids:
        return True
    return Addressing.objects.filter(
        publication=publication, organisation_id__in=perimeter.lineage_ids
    ).exists()


def reads_are_audited(agent: Agent | None) -> bool:
    """Whether what the agent opens goes to the audit log: an external member's reads
    (publications, attachments, community pages and wiki pages) are, as the security
    officer expects; an internal agent's are not (but Diffusion Restreinte always is)."""
    perimeter = perimeter_of(agent)
    return perimeter.agent_id is not None and not perimeter.internal


def can_read_audit_log(agent: Agent | None) -> bool:
    """The predicate twin of `querysets.visible_events`."""
    return bool(agent is not None and agent.is_active and (agent.is_staff or agent.is_superuser))


def is_community_member(agent: Agent | None, community_id: int) -> bool:
    """A member today; an external member only of a community opened to externals (an
    agent who left for an outside organisation keeps no closed community)."""
    perimeter = perimeter_of(agent)
    if perimeter.agent_id is None:
        return False
    rows = CommunityMembership.objects.filter(
        community_id=community_id, agent_id=perimeter.agent_id, state__in=ACTIVE_STATES
    )
    if not perimeter.internal:
        rows = rows.filter(community__open_to_externals=True)
    return rows.exists()


def can_view_community(agent: Agent | None, community: Community) -> bool:
    """The predicate twin of `querysets.visible_communities`."""
    perimeter = perimeter_of(agent)
    if perimeter.agent_id is None or not perimeter.belongs:
        return False
    if CommunityMembership.objects.filter(
        community=community,
        agent_id=perimeter.agent_id,
        state__in=[*ACTIVE_STATES, MembershipState.INVITED],
    ).exists():
        return True
    if community.access == Access.INVITATION:
        return False
    return perimeter.internal or community.open_to_externals


def can_view_circuit(agent: Agent | None, circuit: Circuit) -> bool:
    """The predicate twin of `querysets.visible_circuits`."""
    from diplomatie.parapheur.models import Act, Assignee, Delegation, StepState

    perimeter = perimeter_of(agent)
    if perimeter.agent_id is None:
        return False
    me = perimeter.agent_id
    if not perimeter.in_ministry:
        return False
    if can_view_publication(agent, circuit.publication):
        return True
    if Assignee.objects.filter(step__circuit=circuit, agent_id=me).exists():
        return True
    if Act.objects.filter(circuit=circuit, actor_id=me).exists():
        return True
    today = timezone.localdate()
    absent = Delegation.objects.filter(
        delegate_id=me, cancelled=False, starts_on__lte=today, ends_on__gte=today
    ).values("agent_id")
    return Assignee.objects.filter(
        step__circuit=circuit, step__state=StepState.OPEN, done_at__isnull=True, agent_id__in=absent
    ).exists()


def can_download_signed_document(agent: Agent | None, circuit: Circuit) -> bool:
    """The predicate twin of `querysets.signed_circuits`."""
    from diplomatie.parapheur.models import CircuitState

    return circuit.state == CircuitState.COMPLETED and can_view_publication(
        agent, circuit.publication
    )

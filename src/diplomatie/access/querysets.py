"""Visibility as querysets: what an agent may list, search or count."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from diplomatie.access.perimeter import Perimeter, perimeter_of
from diplomatie.accounts.models import Accreditation, AccreditationState
from diplomatie.audit.models import Event
from diplomatie.communities.models import (
    ACTIVE_STATES,
    Access,
    Community,
    CommunityMembership,
    MembershipState,
)
from diplomatie.directory.models import Agent, Membership, Organisation
from diplomatie.publications.models import Audience, Classification, Publication, Status
from diplomatie.routing.models import Addressing

if TYPE_CHECKING:
    from diplomatie.parapheur.models import Circuit


def visible_organisations(agent: Agent | None) -> QuerySet[Organisation]:
    """Internal agents (the ministry's and the partner administrations') see the whole
    directory. An external sees their own organisations (and what lies below them) and
    the organisations of the people they may see (`visible_agents`): their sponsor and the
    members of their communities — never the rest of the tree. An agent who belongs
    nowhere today sees nothing."""
    perimeter = perimeter_of(agent)
    qs: QuerySet[Organisation] = Organisation.objects.all()
    if perimeter.agent_id is None or not perimeter.belongs:
        return qs.none()
    if perimeter.internal:
        return qs
    known = Agent.objects.filter(is_active=True).filter(known_to_external_q(perimeter))
    of_known = Membership.objects.active().filter(organisation_id=OuterRef("pk"), agent__in=known)
    return qs.filter(perimeter.subtree_q() | Q(Exists(of_known)))


def visible_agents(agent: Agent | None) -> QuerySet[Agent]:
    """Internal agents see every active agent; an external sees themselves, the members
    of their own organisations, their sponsor and the active members of the communities
    (opened to externals) they are an active member of."""
    perimeter = perimeter_of(agent)
    qs = Agent.objects.filter(is_active=True)
    if perimeter.agent_id is None:
        return qs.none()
    if perimeter.internal:
        return qs
    return qs.filter(known_to_external_q(perimeter))


def known_to_external_q(perimeter: Perimeter) -> Q:
    """The agents (as a filter on `Agent`) an external may know of."""
    colleagues = Membership.objects.active().filter(
        agent=OuterRef("pk"), organisation_id__in=perimeter.organisation_ids
    )
    return (
        Q(pk=perimeter.agent_id)
        | Q(Exists(colleagues))
        | Q(pk__in=community_co_member_ids(perimeter.agent_id))
        | Q(pk__in=sponsor_ids(perimeter.agent_id))
    )


def community_co_member_ids(agent_id: int | None) -> QuerySet[CommunityMembership, int]:
    """The active members of the communities opened to externals that the agent is an
    active member of (the agent included), as a subquery of agent ids."""
    mine = CommunityMembership.objects.filter(
        agent_id=agent_id or 0, state__in=ACTIVE_STATES, community__open_to_externals=True
    ).values("community_id")
    return CommunityMembership.objects.filter(
        community_id__in=mine, state__in=ACTIVE_STATES
    ).values_list("agent_id", flat=True)


def sponsor_ids(agent_id: int | None) -> QuerySet[Accreditation, int]:
    """The agents of the ministry who sponsor this external's current accreditation, as a
    subquery of agent ids: both the querysets and the predicates of the directory follow."""
    return Accreditation.objects.filter(
        agent_id=agent_id or 0, state=AccreditationState.ACCEPTED, sponsor__isnull=False
    ).values_list("sponsor_id", flat=True)


def publication_audiences(perimeter: Perimeter) -> list[str]:
    """The audiences wider than "addressees only" that reach this agent."""
    audiences: list[str] = []
    if perimeter.in_ministry:
        audiences.append(Audience.MINISTRY)
    if perimeter.in_administration:
        audiences.append(Audience.ADMINISTRATIONS)
    if perimeter.belongs:
        audiences.append(Audience.PARTNERS)
    return audiences


def visible_publications(agent: Agent | None) -> QuerySet[Publication]:
    """Publications the agent may read.

    - drafts: their author and co-authors only;
    - sent: the author and co-authors; members of the issuing organisation and of the
      organisations it is addressed to, or of any of their descendants; and, for
      *Non protégé* publications, whoever the audience reaches (the ministry, all
      public administrations, partners too);
    - *Diffusion Restreinte*: never beyond the addressees, and never an external
      member, whatever the rows say;
    - in a community: its members only (and the authors), whatever the audience,
      issuer or addressees say — community content is closed to non-members on every
      read path; Diffusion Restreinte there is still never shown to an external member.
    """
    perimeter = perimeter_of(agent)
    qs: QuerySet[Publication] = Publication.objects.all()
    if perimeter.agent_id is None:
        return qs.none()
    authored = Q(author_id=perimeter.agent_id) | Q(
        Exists(
            Publication.coauthors.through.objects.filter(
                publication_id=OuterRef("pk"), agent_id=perimeter.agent_id
            )
        )
    )
    if not perimeter.belongs:
        return qs.filter(authored)
    reached = Q(issuer_id__in=perimeter.lineage_ids) | Q(
        Exists(
            Addressing.objects.filter(
                publication_id=OuterRef("pk"), organisation_id__in=perimeter.lineage_ids
            )
        )
    )
    if not perimeter.internal:
        reached &= Q(classification=Classification.NP)
    audiences = publication_audiences(perimeter)
    if audiences:
        reached |= Q(classification=Classification.NP, audience__in=audiences)
    reached = community_reach(perimeter, reached)
    return qs.filter(authored | (Q(status=Status.SENT) & reached))


def visible_events(agent: Agent | None) -> QuerySet[Event]:
    """The audit log: administrators (staff or superusers) only; everyone else sees nothing."""
    if agent is None or not agent.is_active or not (agent.is_staff or agent.is_superuser):
        return Event.objects.none()
    return Event.objects.all()


def member_community_ids(agent_id: int | None) -> QuerySet[CommunityMembership, int]:
    """The communities the agent is a member of, as a subquery of `community_id`s."""
    return CommunityMembership.objects.filter(
        agent_id=agent_id or 0, state__in=ACTIVE_STATES
    ).values_list("community_id", flat=True)


def community_publication_ids(agent_id: int | None) -> QuerySet[Publication, int]:
    """Ids of the publications in the agent's communities (not filtered for visibility:
    for a subquery of a queryset that starts from `visible_publications`)."""
    return Publication.objects.filter(community_id__in=member_community_ids(agent_id)).values_list(
        "pk", flat=True
    )


def community_reach(perimeter: Perimeter, reached: Q) -> Q:
    """Outside communities the usual reach; inside one, its members only."""
    in_member_community = Q(community_id__in=member_community_ids(perimeter.agent_id))
    if not perimeter.internal:
        in_member_community &= Q(
            classification=Classification.NP, community__open_to_externals=True
        )
    return (Q(community__isnull=True) & reached) | in_member_community


def visible_communities(agent: Agent | None) -> QuerySet[Community]:
    """Communities the agent may see (their name, description and how to join): those
    they belong to or are invited to; for internal agents every open or on-request
    community; for external members those of them opened to externals. Their content
    (publications, discussions, wiki, members) is for members only."""
    perimeter = perimeter_of(agent)
    qs: QuerySet[Community] = Community.objects.all()
    if perimeter.agent_id is None or not perimeter.belongs:
        return qs.none()
    own = Q(
        Exists(
            CommunityMembership.objects.filter(
                community_id=OuterRef("pk"),
                agent_id=perimeter.agent_id,
                state__in=[*ACTIVE_STATES, MembershipState.INVITED],
            )
        )
    )
    discoverable = ~Q(access=Access.INVITATION)
    if not perimeter.internal:
        discoverable &= Q(open_to_externals=True)
    return qs.filter(own | discoverable)


def visible_circuits(agent: Agent | None) -> QuerySet[Circuit]:
    """Signature circuits the agent may see — an internal workflow, for agents of the
    ministry only: those of the publications they may read (their own drafts included),
    those they are an actor of or have acted in, and — during an absence — those waiting
    for an agent who delegated to them. Readers outside the ministry get the signed
    document only (`signed_circuits`), never the circuit, its actors or its evidence."""
    from diplomatie.parapheur.models import Act, Assignee, Circuit, Delegation, StepState

    perimeter = perimeter_of(agent)
    qs: QuerySet[Circuit] = Circuit.objects.all()
    if perimeter.agent_id is None:
        return qs.none()
    me = perimeter.agent_id
    today = timezone.localdate()
    readable = Q(publication__in=visible_publications(agent))
    if not perimeter.in_ministry:
        return qs.none()
    absent = Delegation.objects.filter(
        delegate_id=me, cancelled=False, starts_on__lte=today, ends_on__gte=today
    ).values("agent_id")
    return qs.filter(
        readable
        | Exists(Assignee.objects.filter(step__circuit=OuterRef("pk"), agent_id=me))
        | Exists(Act.objects.filter(circuit=OuterRef("pk"), actor_id=me))
        | Exists(
            Assignee.objects.filter(
                step__circuit=OuterRef("pk"),
                step__state=StepState.OPEN,
                done_at__isnull=True,
                agent_id__in=absent,
            )
        )
    )


def signed_circuits(agent: Agent | None) -> QuerySet[Circuit]:
    """Completed circuits whose signed document the agent may download: those of the
    publications they may read, whoever they are (the circuit itself may stay hidden)."""
    from diplomatie.parapheur.models import Circuit, CircuitState

    return Circuit.objects.filter(
        state=CircuitState.COMPLETED, publication__in=visible_publications(agent)
    )

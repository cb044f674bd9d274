"""Who may see the audience of which publications: a queryset and a predicate side by side.

An author (or co-author) sees the audience of their own sent publications; the head of an
organisation sees that of every sent publication issued by it or by one of its
descendants; a community's moderator sees that of the community's publications. Always
within what the agent may read."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from diplomatie.access.perimeter import perimeter_of
from diplomatie.access.policy import can_view_publication
from diplomatie.access.querysets import visible_publications
from diplomatie.communities.models import ACTIVE_STATES, Community, CommunityMembership
from diplomatie.communities.models.community import CommunityRole
from diplomatie.directory.models import Agent, Membership, Organisation, Role
from diplomatie.publications.models import Publication, Status


def headed_organisations(agent: Agent) -> QuerySet[Organisation]:
    """The organisations the agent heads today."""
    qs: QuerySet[Organisation] = Organisation.objects.all()
    if perimeter_of(agent).agent_id is None:
        return qs.none()
    heads = Membership.objects.active().filter(agent_id=agent.pk, role=Role.HEAD)
    return qs.filter(pk__in=heads.values("organisation_id"))


def moderated_communities(agent: Agent) -> QuerySet[Community]:
    """The communities the agent moderates today."""
    qs: QuerySet[Community] = Community.objects.all()
    if perimeter_of(agent).agent_id is None:
        return qs.none()
    moderating = CommunityMembership.objects.filter(
        agent_id=agent.pk, state__in=ACTIVE_STATES, role=CommunityRole.MODERATOR
    )
    return qs.filter(pk__in=moderating.values("community_id"))


def _authored_q(agent: Agent) -> Q:
    return Q(author_id=agent.pk) | Q(
        Exists(
            Publication.coauthors.through.objects.filter(
                publication_id=OuterRef("pk"), agent_id=agent.pk
            )
        )
    )


def _issued_below_q(paths: list[str]) -> Q:
    q = Q(pk__in=[])
    for path in paths:
        q |= Q(issuer__path__startswith=path)
    return q


def authored_audience(agent: Agent) -> QuerySet[Publication]:
    """Sent publications the agent wrote or co-wrote."""
    return visible_publications(agent).filter(status=Status.SENT).filter(_authored_q(agent))


def headed_audience(agent: Agent, organisation: Organisation) -> QuerySet[Publication]:
    """Sent publications issued by `organisation` or below it — empty unless the agent
    heads it."""
    if not headed_organisations(agent).filter(pk=organisation.pk).exists():
        return Publication.objects.none()
    return (
        visible_publications(agent)
        .filter(status=Status.SENT)
        .filter(_issued_below_q([organisation.path]))
    )


def moderated_audience(agent: Agent, community: Community) -> QuerySet[Publication]:
    """Sent publications of `community` — empty unless the agent moderates it."""
    if not moderated_communities(agent).filter(pk=community.pk).exists():
        return Publication.objects.none()
    return visible_publications(agent).filter(status=Status.SENT, community_id=community.pk)


def audience_publications(agent: Agent) -> QuerySet[Publication]:
    """Every publication whose audience the agent may see (the union of the scopes)."""
    paths = list(headed_organisations(agent).values_list("path", flat=True))
    moderated = moderated_communities(agent).values("pk")
    return (
        visible_publications(agent)
        .filter(status=Status.SENT)
        .filter(_authored_q(agent) | _issued_below_q(paths) | Q(community_id__in=moderated))
    )


def can_view_audience(agent: Agent, publication: Publication) -> bool:
    """The predicate twin of `audience_publications`."""
    if publication.status != Status.SENT or not can_view_publication(agent, publication):
        return False
    if publication.author_id == agent.pk or publication.coauthors.filter(pk=agent.pk).exists():
        return True
    if (
        publication.community_id is not None
        and moderated_communities(agent).filter(pk=publication.community_id).exists()
    ):
        return True
    paths = headed_organisations(agent).values_list("path", flat=True)
    return any(publication.issuer.path.startswith(path) for path in paths)

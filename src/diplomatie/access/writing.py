"""What a person may WRITE, beside what they may read (`querysets.py`, `policy.py`).

Each rule is a queryset (what a form offers, what a list shows) and a predicate (what an
action checks, what a view answers 404 on) written side by side from the same constants,
and a parity test keeps every pair in agreement. Forms take their choices from the
querysets and the actions check the predicates, so an offer and a check cannot disagree.

The rules follow the sector of the organisation one writes for — the sector of its root
in the tree (`directory.models.organisation.ROOT_SECTOR`):

- for the ministry: every kind, addressed to any organisation, with distribution lists;
  signature circuits and their templates are the ministry's alone;
- for a partner administration (or a service below one): every kind but the formal
  letter, which must be signed in the ministry's parapheur before it leaves;
- for an external organisation (company, NGO, media): articles only, each in a community
  opened to externals where the author is an active member, addressed to nobody; and
  comments in those communities only.

Externals never address organisations, never see distribution lists, never export and
are never told how many agents an organisation has.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Exists, OuterRef, Q, QuerySet

from diplomatie.access.perimeter import INSTITUTIONAL_SECTORS, perimeter_of
from diplomatie.access.policy import can_view_organisation, can_view_publication
from diplomatie.access.querysets import visible_organisations, visible_publications
from diplomatie.communities.models import ACTIVE_STATES, Comment, Community, CommunityMembership
from diplomatie.directory.models import Agent, Organisation, Sector
from diplomatie.directory.models.organisation import POSTE_KINDS
from diplomatie.parapheur.models import SIGNABLE_KINDS, CircuitTemplate
from diplomatie.publications.models import ROUTED_KINDS, Kind, Publication, Status
from diplomatie.routing.models import DistributionList

# Which kinds may be written on behalf of an organisation of each sector.
KINDS_BY_SECTOR: dict[str, frozenset[str]] = {
    Sector.MINISTRY: frozenset(Kind.values),
    Sector.ADMINISTRATION: frozenset(Kind.values) - {Kind.LETTER},
    Sector.EXTERNAL: frozenset({Kind.ARTICLE}),
}
# Sectors whose writers publish only inside a community (opened to externals).
COMMUNITY_ONLY_SECTORS = frozenset({Sector.EXTERNAL})
# Sectors whose members address organisations ("pour action", "pour information"),
# use distribution lists, export, and see how many agents the addressees have.
ADDRESSING_SECTORS = frozenset({Sector.MINISTRY, Sector.ADMINISTRATION})
# Sectors whose members run signature circuits and see their templates.
CIRCUIT_SECTORS = frozenset({Sector.MINISTRY})


def _ordered(kinds: set[str]) -> list[str]:
    return [kind for kind in Kind.values if kind in kinds]


def _sectors_allowing(kind: str) -> list[str]:
    return [sector for sector, kinds in KINDS_BY_SECTOR.items() if kind in kinds]


def _kind_allowed_for_issuer_q(prefix: str = "") -> Q:
    """Rows whose kind may be written on behalf of their issuer's sector."""
    q = Q(pk__in=[])
    for sector, kinds in KINDS_BY_SECTOR.items():
        q |= Q(**{f"{prefix}issuer__sector": sector, f"{prefix}kind__in": sorted(kinds)})
    return q


def _authored_q(agent_id: int) -> Q:
    return Q(author_id=agent_id) | Q(
        Exists(
            Publication.coauthors.through.objects.filter(
                publication_id=OuterRef("pk"), agent_id=agent_id
            )
        )
    )


def _is_author(agent_id: int, publication: Publication) -> bool:
    return publication.author_id == agent_id or publication.coauthors.filter(pk=agent_id).exists()


def addresses(agent: Agent | None) -> bool:
    """Whether the agent stands in a sector that addresses organisations."""
    perimeter = perimeter_of(agent)
    return perimeter.agent_id is not None and bool(perimeter.sectors & ADDRESSING_SECTORS)


# --- On whose behalf, which kinds ----------------------------------------------------------


def sendable_issuers(agent: Agent | None, kind: str | None = None) -> QuerySet[Organisation]:
    """On whose behalf the agent may write (of `kind`, when given): the organisations they
    belong to today, and the poste (embassy, consulate, permanent representation) a
    section of theirs belongs to."""
    perimeter = perimeter_of(agent)
    qs: QuerySet[Organisation] = Organisation.objects.all()
    if perimeter.agent_id is None:
        return qs.none()
    qs = qs.filter(
        Q(pk__in=perimeter.organisation_ids) | Q(pk__in=perimeter.lineage_ids, kind__in=POSTE_KINDS)
    )
    if kind is not None:
        qs = qs.filter(sector__in=_sectors_allowing(kind))
    return qs


def can_send_as(agent: Agent | None, issuer: Organisation, kind: str | None = None) -> bool:
    """The predicate twin of `sendable_issuers`."""
    perimeter = perimeter_of(agent)
    if perimeter.agent_id is None:
        return False
    own = issuer.pk in perimeter.organisation_ids or (
        issuer.pk in perimeter.lineage_ids and issuer.kind in POSTE_KINDS
    )
    return own and (kind is None or kind in KINDS_BY_SECTOR[issuer.sector])


def authorable_kinds(agent: Agent | None) -> list[str]:
    """The kinds the agent may write on behalf of at least one of their issuers."""
    sectors = set(sendable_issuers(agent).values_list("sector", flat=True).distinct())
    kinds: set[str] = set()
    for sector in sectors:
        kinds |= KINDS_BY_SECTOR[sector]
    return _ordered(kinds)


def can_author(agent: Agent | None, kind: str) -> bool:
    """The predicate twin of `authorable_kinds`."""
    return sendable_issuers(agent, kind).exists()


def community_only(issuer: Organisation) -> bool:
    """Whether what is written on behalf of `issuer` must live in a community."""
    return issuer.sector in COMMUNITY_ONLY_SECTORS


# --- To whom ------------------------------------------------------------------------------


def addressable_organisations(agent: Agent | None) -> QuerySet[Organisation]:
    """The organisations the agent may address "pour action" or "pour information":
    every organisation they may see, for agents of the ministry and of partner
    administrations; none for externals."""
    if not addresses(agent):
        none: QuerySet[Organisation] = Organisation.objects.none()
        return none
    return visible_organisations(agent)


def can_address(agent: Agent | None, organisation: Organisation) -> bool:
    """The predicate twin of `addressable_organisations`."""
    return addresses(agent) and can_view_organisation(agent, organisation)


def usable_distribution_lists(agent: Agent | None) -> QuerySet[DistributionList]:
    """Distribution lists: for whoever addresses organisations; never for externals."""
    qs: QuerySet[DistributionList] = DistributionList.objects.all()
    return qs if addresses(agent) else qs.none()


def can_use_distribution_list(agent: Agent | None, distribution: DistributionList) -> bool:
    """The predicate twin of `usable_distribution_lists`."""
    return addresses(agent)


def can_see_addressee_counts(agent: Agent | None) -> bool:
    """Whether the audience box may say how many agents the addressees have (and how
    many of them read it): never to an external."""
    return addresses(agent)


def can_export(agent: Agent | None) -> bool:
    """Exports (audience CSV, audit CSV, any other): never for an external."""
    perimeter = perimeter_of(agent)
    return perimeter.agent_id is not None and (perimeter.superuser or addresses(agent))


# --- In which community -------------------------------------------------------------------


def writable_communities(agent: Agent | None) -> QuerySet[Community]:
    """Communities the agent may publish and comment in: those they are an active member
    of today; for externals, only those opened to externals."""
    perimeter = perimeter_of(agent)
    qs: QuerySet[Community] = Community.objects.all()
    if perimeter.agent_id is None:
        return qs.none()
    mine = CommunityMembership.objects.filter(
        agent_id=perimeter.agent_id, state__in=ACTIVE_STATES
    ).values("community_id")
    qs = qs.filter(pk__in=mine)
    if not perimeter.internal:
        qs = qs.filter(open_to_externals=True)
    return qs


def can_write_in_community(agent: Agent | None, community: Community) -> bool:
    """The predicate twin of `writable_communities`."""
    perimeter = perimeter_of(agent)
    if perimeter.agent_id is None:
        return False
    if not perimeter.internal and not community.open_to_externals:
        return False
    return CommunityMembership.objects.filter(
        community_id=community.pk, agent_id=perimeter.agent_id, state__in=ACTIVE_STATES
    ).exists()


def commentable_publications(agent: Agent | None) -> QuerySet[Publication]:
    """Sent publications the agent may comment on: whatever they may read; for
    externals, only the posts of the communities they may write in."""
    perimeter = perimeter_of(agent)
    qs = visible_publications(agent).filter(status=Status.SENT)
    if not perimeter.internal:
        qs = qs.filter(community__in=writable_communities(agent))
    return qs


def can_comment_on(agent: Agent | None, publication: Publication) -> bool:
    """The predicate twin of `commentable_publications`."""
    perimeter = perimeter_of(agent)
    if publication.status != Status.SENT or not can_view_publication(agent, publication):
        return False
    if perimeter.internal:
        return True
    community = publication.community
    return community is not None and can_write_in_community(agent, community)


def can_create_community(agent: Agent | None) -> bool:
    """Agents of the ministry and of partner administrations create communities (and so
    moderate them); externals take part only in the communities opened to them."""
    perimeter = perimeter_of(agent)
    return perimeter.agent_id is not None and perimeter.belongs and perimeter.internal


def editable_comments(agent: Agent | None) -> QuerySet[Comment]:
    """The comments whose edit form the agent may open: their own, not deleted, on a
    publication they may still comment on (the edit window is the action's to check)."""
    perimeter = perimeter_of(agent)
    if perimeter.agent_id is None:
        return Comment.objects.none()
    return Comment.objects.filter(
        author_id=perimeter.agent_id,
        deleted_at__isnull=True,
        publication__in=commentable_publications(agent),
    )


def can_edit_comment(agent: Agent | None, comment: Comment) -> bool:
    """The predicate twin of `editable_comments`."""
    perimeter = perimeter_of(agent)
    return (
        perimeter.agent_id is not None
        and comment.author_id == perimeter.agent_id
        and comment.deleted_at is None
        and can_comment_on(agent, comment.publication)
    )


# --- What one may do with an existing publication -----------------------------------------


def editable_publications(agent: Agent | None) -> QuerySet[Publication]:
    """What the agent may open in the edit form: their own drafts, and the published
    articles they wrote or co-wrote (articles are revised; sent records are not)."""
    perimeter = perimeter_of(agent)
    qs: QuerySet[Publication] = Publication.objects.all()
    if perimeter.agent_id is None:
        return qs.none()
    return qs.filter(_authored_q(perimeter.agent_id)).filter(
        Q(status=Status.DRAFT) | Q(status=Status.SENT, kind=Kind.ARTICLE)
    )


def can_edit_publication(agent: Agent | None, publication: Publication) -> bool:
    """The predicate twin of `editable_publications`."""
    perimeter = perimeter_of(agent)
    if perimeter.agent_id is None:
        return False
    editable = publication.status == Status.DRAFT or (
        publication.status == Status.SENT and publication.kind == Kind.ARTICLE
    )
    return editable and _is_author(perimeter.agent_id, publication)


ROUTED = sorted(str(kind) for kind in ROUTED_KINDS)


def writes_official_documents(agent: Agent | None) -> bool:
    """Whether the agent may write some official (routed) document on behalf of one of
    their organisations — the condition of answering one."""
    sectors = [s for s, allowed in KINDS_BY_SECTOR.items() if allowed & ROUTED_KINDS]
    return sendable_issuers(agent).filter(sector__in=sectors).exists()


def repliable_publications(agent: Agent | None) -> QuerySet[Publication]:
    """Sent official documents (not articles) the agent may read and answer with an
    official document of their own — which externals never write."""
    if not writes_official_documents(agent):
        return Publication.objects.none()
    return visible_publications(agent).filter(
        status=Status.SENT, kind__in=ROUTED, community__isnull=True
    )


def can_reply_to(agent: Agent | None, publication: Publication) -> bool:
    """The predicate twin of `repliable_publications`."""
    if (
        publication.status != Status.SENT
        or publication.kind not in ROUTED_KINDS
        or publication.community_id is not None
    ):
        return False
    if not writes_official_documents(agent):
        return False
    return can_view_publication(agent, publication)


def supersedable_publications(agent: Agent | None) -> QuerySet[Publication]:
    """Sent official documents the agent may cancel and replace: those they wrote or
    co-wrote, while they may still write that kind on behalf of its issuer."""
    perimeter = perimeter_of(agent)
    if perimeter.agent_id is None:
        return Publication.objects.none()
    return (
        visible_publications(agent)
        .filter(status=Status.SENT, kind__in=ROUTED)
        .filter(_authored_q(perimeter.agent_id))
        .filter(issuer__in=sendable_issuers(agent))
        .filter(_kind_allowed_for_issuer_q())
    )


def can_supersede(agent: Agent | None, publication: Publication) -> bool:
    """The predicate twin of `supersedable_publications`."""
    perimeter = perimeter_of(agent)
    if (
        perimeter.agent_id is None
        or publication.status != Status.SENT
        or publication.kind not in ROUTED_KINDS
    ):
        return False
    return (
        _is_author(perimeter.agent_id, publication)
        and can_send_as(agent, publication.issuer, publication.kind)
        and can_view_publication(agent, publication)
    )


# --- Signature circuits -------------------------------------------------------------------


def in_circuit_sector(agent: Agent | None) -> bool:
    perimeter = perimeter_of(agent)
    return perimeter.agent_id is not None and bool(perimeter.sectors & CIRCUIT_SECTORS)


def startable_circuits(agent: Agent | None) -> QuerySet[Publication]:
    """The drafts whose signature circuit the agent may start: agents of the ministry,
    authors of a letter or note they may still write on behalf of its issuer."""
    perimeter = perimeter_of(agent)
    if perimeter.agent_id is None or not in_circuit_sector(agent):
        return Publication.objects.none()
    return (
        Publication.objects.filter(status=Status.DRAFT, kind__in=sorted(SIGNABLE_KINDS))
        .filter(_authored_q(perimeter.agent_id))
        .filter(issuer__in=sendable_issuers(agent))
        .filter(_kind_allowed_for_issuer_q())
    )


def can_start_circuit(agent: Agent | None, publication: Publication) -> bool:
    """The predicate twin of `startable_circuits`."""
    perimeter = perimeter_of(agent)
    if perimeter.agent_id is None or not in_circuit_sector(agent):
        return False
    return (
        publication.status == Status.DRAFT
        and publication.kind in SIGNABLE_KINDS
        and _is_author(perimeter.agent_id, publication)
        and can_send_as(agent, publication.issuer, publication.kind)
    )


def can_declare_delegation(agent: Agent | None) -> bool:
    """Absences and delegations belong to the parapheur: agents of the ministry only."""
    return in_circuit_sector(agent)


def sees_circuit_templates(agent: Agent | None) -> bool:
    """Agents of the ministry, and the administrators who manage the circuits."""
    return in_circuit_sector(agent) or perimeter_of(agent).superuser


def visible_circuit_templates(agent: Agent | None) -> QuerySet[CircuitTemplate]:
    """The circuit templates in use, for agents of the ministry (and administrators) only:
    their steps name the ministry's agents."""
    qs: QuerySet[CircuitTemplate] = CircuitTemplate.objects.filter(active=True)
    return qs if sees_circuit_templates(agent) else qs.none()


def can_view_circuit_template(agent: Agent | None, template: CircuitTemplate) -> bool:
    """The predicate twin of `visible_circuit_templates`."""
    return template.active and sees_circuit_templates(agent)


def startable_templates(agent: Agent | None) -> QuerySet[CircuitTemplate]:
    """The templates one may start a circuit with: those of the organisations the agent
    belongs to and of their ancestors."""
    perimeter = perimeter_of(agent)
    return visible_circuit_templates(agent).filter(organisation_id__in=perimeter.lineage_ids)


def can_start_with_template(agent: Agent | None, template: CircuitTemplate) -> bool:
    """The predicate twin of `startable_templates`."""
    return (
        can_view_circuit_template(agent, template)
        and template.organisation_id in perimeter_of(agent).lineage_ids
    )


# --- The rights of a sector, as the platform states them -----------------------------------


@dataclass(frozen=True)
class SectorRights:
    """What the members of a sector may and may not do, read off the constants above —
    the page that lists an external member's rights is drawn from it, so the page and
    the policy cannot disagree (a test also holds the predicates to it)."""

    sector: str
    kinds: tuple[str, ...]
    refused_kinds: tuple[str, ...]
    community_only: bool
    addresses: bool
    distribution_lists: bool
    exports: bool
    addressee_counts: bool
    circuits: bool
    sees_whole_directory: bool
    reads_restricted: bool
    reads_audited: bool

    @property
    def kind_labels(self) -> list[str]:
        return [str(Kind(kind).label) for kind in self.kinds]

    @property
    def refused_kind_labels(self) -> list[str]:
        return [str(Kind(kind).label) for kind in self.refused_kinds]


def rights_of_sector(sector: str) -> SectorRights:
    kinds = KINDS_BY_SECTOR[sector]
    addressing = sector in ADDRESSING_SECTORS
    institutional = sector in INSTITUTIONAL_SECTORS
    return SectorRights(
        sector=sector,
        kinds=tuple(_ordered(set(kinds))),
        refused_kinds=tuple(_ordered(set(Kind.values) - kinds)),
        community_only=sector in COMMUNITY_ONLY_SECTORS,
        addresses=addressing,
        distribution_lists=addressing,
        exports=addressing,
        addressee_counts=addressing,
        circuits=sector in CIRCUIT_SECTORS,
        # `querysets.visible_organisations`, `visible_publications`, `policy.reads_are_audited`
        sees_whole_directory=institutional,
        reads_restricted=institutional,
        reads_audited=not institutional,
    )

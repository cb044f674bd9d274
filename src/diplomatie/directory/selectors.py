"""Reads of the directory, always starting from the visibility policy in `access/`."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from diplomatie.access.policy import can_view_agent, can_view_organisation
from diplomatie.access.querysets import visible_agents, visible_organisations
from diplomatie.core.errors import NotFound
from diplomatie.directory.models import Agent, Membership, Organisation, OrganisationKind, Role

SEARCH_LIMIT = 50
MEMBERS_PAGE = 50

_ROLE_RANK = Case(
    When(role=Role.HEAD, then=Value(0)),
    When(role=Role.DELEGATE, then=Value(1)),
    When(role=Role.SECRETARY, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


@dataclass
class TreeNode:
    organisation: Organisation
    children: list[TreeNode] = field(default_factory=list)


def organisation_tree_for(agent: Agent) -> list[TreeNode]:
    """The visible forest in one query: rows come in path order and are nested in one pass.

    A node whose parent is not visible is attached to its nearest visible ancestor.
    """
    roots: list[TreeNode] = []
    by_path: dict[str, TreeNode] = {}
    for organisation in visible_organisations(agent).order_by("path"):
        node = TreeNode(organisation)
        by_path[organisation.path] = node
        parent = next(
            (by_path[p] for p in reversed(organisation.ancestor_paths) if p in by_path), None
        )
        (parent.children if parent else roots).append(node)
    _sort(roots)
    return roots


_KIND_RANK = {kind: rank for rank, kind in enumerate(OrganisationKind.values)}


def _sort(nodes: list[TreeNode]) -> None:
    """Central administration first, then postes, then the others; by name within a kind."""
    nodes.sort(key=lambda n: (_KIND_RANK[n.organisation.kind], n.organisation.display_name))
    for node in nodes:
        _sort(node.children)


def search_organisations_for(agent: Agent, query: str) -> list[Organisation]:
    """Organisations whose name, English name, acronym, city or code contains the query."""
    words = query.split()
    qs = visible_organisations(agent)
    for word in words:
        qs = qs.filter(
            Q(name__icontains=word)
            | Q(name_en__icontains=word)
            | Q(acronym__icontains=word)
            | Q(city__icontains=word)
            | Q(code__icontains=word)
        )
    return list(qs.order_by("depth", "name")[:SEARCH_LIMIT])


def lineages_for(agent: Agent, organisations: list[Organisation]) -> dict[int, list[Organisation]]:
    """The visible ancestors of each organisation, root first, in one query."""
    wanted = {p for o in organisations for p in o.ancestor_paths}
    found = {o.path: o for o in visible_organisations(agent).filter(path__in=wanted)}
    return {o.pk: [found[p] for p in o.ancestor_paths if p in found] for o in organisations}


def get_organisation_for(agent: Agent, code: str) -> Organisation:
    organisation: Organisation | None = Organisation.objects.filter(code=code).first()
    if organisation is None or not can_view_organisation(agent, organisation):
        raise NotFound("organisation")
    return organisation


def children_for(agent: Agent, organisation: Organisation) -> QuerySet[Organisation]:
    return (
        visible_organisations(agent)
        .filter(path__startswith=organisation.path, depth=organisation.depth + 1)
        .order_by("kind", "name")
    )


def members_for(agent: Agent, organisation: Organisation, *, offset: int = 0) -> list[Membership]:
    """Current members of the organisation itself, heads first, that the agent may see."""
    return list(
        Membership.objects.active()
        .filter(organisation=organisation, agent__in=visible_agents(agent))
        .select_related("agent")
        .annotate(rank=_ROLE_RANK)
        .order_by("rank", "agent__display_name", "pk")[offset : offset + MEMBERS_PAGE]
    )


def member_count_for(agent: Agent, organisation: Organisation) -> int:
    return (
        Membership.objects.active()
        .filter(organisation=organisation, agent__in=visible_agents(agent))
        .count()
    )


def get_agent_for(viewer: Agent, agent_id: int) -> Agent:
    other = Agent.objects.filter(pk=agent_id).first()
    if other is None or not can_view_agent(viewer, other):
        raise NotFound("agent")
    return other


def memberships_of_for(viewer: Agent, agent: Agent) -> list[Membership]:
    """An agent's current memberships in organisations the viewer may see."""
    return list(
        Membership.objects.active()
        .filter(agent=agent, organisation__in=visible_organisations(viewer))
        .select_related("organisation")
        .order_by("organisation__path", "role")
    )


def search_agents_for(viewer: Agent, query: str) -> list[Agent]:
    qs = visible_agents(viewer)
    for word in query.split():
        qs = qs.filter(
            Q(display_name__icontains=word)
            | Q(email__icontains=word)
            | Q(title__icontains=word)
            | Q(title_en__icontains=word)
        )
    return list(qs.order_by("display_name", "pk")[:SEARCH_LIMIT])


def primary_organisations_for(viewer: Agent, agents: list[Agent]) -> dict[int, Organisation]:
    """One visible organisation per agent (their deepest current one), in one query."""
    rows = (
        Membership.objects.active()
        .filter(agent__in=agents, organisation__in=visible_organisations(viewer))
        .select_related("organisation")
        .order_by("agent_id", "-organisation__depth", "pk")
    )
    result: dict[int, Organisation] = {}
    for membership in rows:
        result.setdefault(membership.agent_id, membership.organisation)
    return result

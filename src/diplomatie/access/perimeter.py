"""Where an agent stands: the organisations they belong to today and their sector."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from diplomatie.directory.models import Agent, Membership, Organisation, Sector


@dataclass(frozen=True)
class Perimeter:
    """An agent's standing, computed once per request with a single query."""

    agent_id: int | None
    superuser: bool
    organisation_ids: frozenset[int]
    paths: frozenset[str]
    sectors: frozenset[str]
    # The agent's organisations and all their ancestors: a publication addressed to
    # any of them reaches the agent.
    lineage_ids: frozenset[int] = frozenset()

    @property
    def internal(self) -> bool:
        """Members of the ministry or of a partner administration see the whole directory."""
        return self.superuser or bool(self.sectors & set(INSTITUTIONAL_SECTORS))

    @property
    def in_ministry(self) -> bool:
        return Sector.MINISTRY in self.sectors

    @property
    def in_administration(self) -> bool:
        return bool(self.sectors & set(INSTITUTIONAL_SECTORS))

    @property
    def belongs(self) -> bool:
        """Whether the agent belongs to an organisation today (administrators always do)."""
        return self.superuser or bool(self.organisation_ids)

    def subtree_q(self, prefix: str = "") -> Q:
        """Organisations at or below the agent's own organisations."""
        q = Q(pk__in=[])
        for path in self.paths:
            q |= Q(**{f"{prefix}path__startswith": path})
        return q


INSTITUTIONAL_SECTORS = (Sector.MINISTRY, Sector.ADMINISTRATION)
ANONYMOUS = Perimeter(None, False, frozenset(), frozenset(), frozenset(), frozenset())
_CACHE_ATTR = "_diplomatie_perimeter"


def perimeter_of(agent: Agent | None) -> Perimeter:
    if agent is None or not agent.is_authenticated or not agent.is_active:
        return ANONYMOUS
    cached: Perimeter | None = getattr(agent, _CACHE_ATTR, None)
    if cached is not None:
        return cached
    rows = list(
        Organisation.objects.filter(
            pk__in=Membership.objects.active().filter(agent=agent).values("organisation_id")
        ).values_list("pk", "path", "sector")
    )
    paths = frozenset(path for _, path, _ in rows)
    prefixes = {
        p[:i] for p in paths for i in range(Organisation.steplen, len(p), Organisation.steplen)
    }
    ancestor_ids = (
        set(Organisation.objects.filter(path__in=prefixes).values_list("pk", flat=True))
        if prefixes
        else set()
    )
    perimeter = Perimeter(
        agent_id=agent.pk,
        superuser=agent.is_superuser,
        organisation_ids=frozenset(pk for pk, _, _ in rows),
        paths=paths,
        sectors=frozenset(sector for _, _, sector in rows),
        lineage_ids=frozenset(ancestor_ids | {pk for pk, _, _ in rows}),
    )
    setattr(agent, _CACHE_ATTR, perimeter)
    return perimeter


def forget_perimeter(agent: Agent) -> None:
    """Call after changing an agent's memberships within the same request."""
    if hasattr(agent, _CACHE_ATTR):
        delattr(agent, _CACHE_ATTR)

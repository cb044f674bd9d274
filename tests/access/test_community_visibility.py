"""Who may see a community (its name and how to join): the queryset and the predicate
agree with the rules over a grid of personas, access modes, openness and states."""

from __future__ import annotations

import itertools

from diplomatie.access.policy import can_view_community
from diplomatie.access.querysets import visible_communities
from diplomatie.communities.models import (
    Access,
    Community,
    CommunityMembership,
    MembershipState,
)
from diplomatie.directory.models import Agent
from tests.conftest import Ministry
from tests.factories import make_agent

PERSONAS = ("desk_officer", "partner_agent", "journalist", "admin")
EXTERNAL = {"journalist"}


def test_community_visibility_grid(
    ministry: Ministry,
    desk_officer: Agent,
    partner_agent: Agent,
    journalist: Agent,
    admin: Agent,
) -> None:
    agents = {
        "desk_officer": desk_officer,
        "partner_agent": partner_agent,
        "journalist": journalist,
        "admin": admin,
    }
    lonely = make_agent(display_name="Sans affectation")
    states: list[str | None] = [None, *MembershipState.values]
    cases: dict[int, tuple[str, str, bool, str | None]] = {}
    for n, (name, access, opened, state) in enumerate(
        itertools.product(PERSONAS, Access.values, (False, True), states)
    ):
        community = Community.objects.create(
            name=f"C{n}", slug=f"c{n}", access=access, open_to_externals=opened,
            created_by=desk_officer,
        )  # fmt: skip
        if state is not None:
            CommunityMembership.objects.create(community=community, agent=agents[name], state=state)
        cases[community.pk] = (name, access, opened, state)
    communities = {c.pk: c for c in Community.objects.all()}
    for name, stale in [*agents.items(), ("lonely", lonely)]:
        agent = Agent.objects.get(pk=stale.pk)
        visible = set(visible_communities(agent).values_list("pk", flat=True))
        for pk, (owner, access, opened, state) in cases.items():
            own_state = state if owner == name else None
            if name == "lonely":
                expected = False
            elif own_state in (MembershipState.MEMBER, MembershipState.INVITED):
                expected = True
            elif access == Access.INVITATION:
                expected = False
            else:
                expected = name not in EXTERNAL or opened
            assert can_view_community(agent, communities[pk]) == expected, (name, cases[pk])
            assert (pk in visible) == expected, (name, cases[pk])

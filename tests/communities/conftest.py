"""Communities built through the services, with a moderator and members."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from diplomatie.communities.actions import (
    do_create_community,
    do_decide_request,
    do_join,
    do_request_membership,
)
from diplomatie.communities.models import Access, Community
from diplomatie.directory.models import Agent
from diplomatie.publications.models import Kind, Publication
from tests.conftest import Ministry
from tests.factories import send_publication


@dataclass
class Communities:
    open: Community
    on_request: Community
    invitation: Community
    externals: Community


@pytest.fixture
def communities(ministry: Ministry, service_head: Agent) -> Communities:
    """The service head moderates four communities, one of each kind."""
    make = do_create_community
    return Communities(
        open=make(service_head, name="Diplomatie numérique", access=Access.OPEN),
        on_request=make(service_head, name="Réseau Levant", access=Access.ON_REQUEST),
        invitation=make(service_head, name="Cellule de crise", access=Access.INVITATION),
        externals=make(
            service_head, name="Presse et ONG", access=Access.OPEN, open_to_externals=True
        ),
    )


def add_member(community: Community, agent: Agent, moderator: Agent) -> None:
    if community.access == Access.OPEN:
        do_join(agent, community)
    else:
        membership = do_request_membership(agent, community)
        do_decide_request(moderator, community, membership.pk, approve=True)


def community_post(author: Agent, community: Community, **overrides: object) -> Publication:
    fields: dict[str, object] = {
        "kind": Kind.ARTICLE,
        "subject": "Retour d'expérience",
        "summary": "",
        "body": "Un article de la communauté.",
        "issuer": author.memberships.first().organisation,  # type: ignore[union-attr]
        "community": community,
    }
    fields.update(overrides)
    return send_publication(author, **fields)

"""A community's moderators see the audience of the community's publications."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from diplomatie.access.audience import audience_publications, can_view_audience
from diplomatie.audience.scopes import scopes_for
from diplomatie.communities.actions import do_create_community
from diplomatie.communities.models import Access
from diplomatie.directory.models import Agent
from tests.communities.conftest import add_member, community_post
from tests.conftest import Ministry, signed_in
from tests.factories import send_publication


def test_moderator_scope_lists_the_community_posts_only(
    client: Client,
    ministry: Ministry,
    desk_officer: Agent,
    service_head: Agent,
    ambassador: Agent,
    journalist: Agent,
) -> None:
    # The ambassador moderates the community; the desk officer and the head are members.
    community = do_create_community(ambassador, name="Réseau Levant", access=Access.ON_REQUEST)
    add_member(community, desk_officer, ambassador)
    post = community_post(desk_officer, community)
    elsewhere = send_publication(desk_officer, issuer=ministry.levant, action_to=ministry.embassy)

    key = f"com-{community.slug}"
    scopes = {s.key: s for s in scopes_for(ambassador)}
    assert list(scopes[key].publications) == [post]
    assert key not in {s.key for s in scopes_for(desk_officer)}
    for agent in (ambassador, desk_officer, service_head):
        for publication in (post, elsewhere):
            assert can_view_audience(agent, publication) == (
                audience_publications(agent).filter(pk=publication.pk).exists()
            ), (agent, publication)
    assert can_view_audience(ambassador, post)
    assert not can_view_audience(ambassador, elsewhere)

    signed_in(client, ambassador)
    assert client.get(reverse("audience:scope", args=[key])).status_code == 200
    assert client.get(reverse("audience:publication", args=[post.pk])).status_code == 200
    # A plain member, and someone outside the community, get 404.
    add_member(community, service_head, ambassador)
    for outsider in (service_head, journalist):
        signed_in(client, outsider)
        assert client.get(reverse("audience:scope", args=[key])).status_code == 404

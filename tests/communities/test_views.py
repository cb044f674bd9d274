"""Community pages: what members and outsiders see, the forms, and query counts."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diplomatie.communities.actions import (
    do_create_community,
    do_create_wiki_page,
    do_invite,
    do_join,
    do_post_comment,
    do_request_membership,
)
from diplomatie.communities.models import Access, CommunityMembership, MembershipState
from diplomatie.directory.models import Agent
from diplomatie.journal.selectors import interests_for
from diplomatie.notifications.models import Notification
from diplomatie.publications.models import Kind, Publication
from tests.communities.conftest import Communities, add_member, community_post
from tests.conftest import Ministry, signed_in
from tests.factories import make_member


def queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
        assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_join_request_and_approval_over_http(
    client: Client, communities: Communities, desk_officer: Agent, service_head: Agent
) -> None:
    community = communities.on_request
    signed_in(client, desk_officer)
    detail = reverse("communities:detail", args=[community.slug])
    page = client.get(detail).content.decode()
    assert "Ask to join" in page and "Publications" not in page
    client.post(reverse("communities:join", args=[community.slug]), {"message": "Merci"})
    assert "waiting for a moderator" in client.get(detail).content.decode()
    membership = CommunityMembership.objects.get(community=community, agent=desk_officer)
    # The requester is not a moderator: the queue is not found.
    assert client.get(reverse("communities:requests", args=[community.slug])).status_code == 404
    signed_in(client, service_head)
    queue = client.get(reverse("communities:requests", args=[community.slug]))
    assert "Camille Laurent" in queue.content.decode() and "Merci" in queue.content.decode()
    client.post(
        reverse("communities:decide", args=[community.slug, membership.pk]),
        {"decision": "approve"},
    )
    membership.refresh_from_db()
    assert membership.state == MembershipState.MEMBER
    signed_in(client, desk_officer)
    assert "Write in this community" in client.get(detail).content.decode()
    client.post(reverse("communities:leave", args=[community.slug]))
    membership.refresh_from_db()
    assert membership.state == MembershipState.LEFT


def test_invite_by_email_and_answer(
    client: Client, communities: Communities, desk_officer: Agent, service_head: Agent
) -> None:
    community = communities.invitation
    signed_in(client, service_head)
    client.post(
        reverse("communities:invite", args=[community.slug]), {"email": "CAMILLE@d.example"}
    )
    assert Notification.objects.filter(agent=desk_officer, kind="community.invite").exists()
    signed_in(client, desk_officer)
    assert "Invitations" in client.get(reverse("communities:index")).content.decode()
    client.post(
        reverse("communities:answer_invitation", args=[community.slug]), {"answer": "accept"}
    )
    assert CommunityMembership.objects.get(community=community, agent=desk_officer).is_member


def test_create_over_http(client: Client, desk_officer: Agent, journalist: Agent) -> None:
    signed_in(client, desk_officer)
    response = client.post(
        reverse("communities:create"),
        {"name": "Attachés de presse", "description": "", "access": Access.ON_REQUEST},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:detail", args=["attaches-de-presse"])
    signed_in(client, journalist)
    response = client.post(
        reverse("communities:create"), {"name": "Club presse", "access": Access.OPEN}
    )
    # The page does not exist for an external (404, like a missing page).
    assert response.status_code == 404


def test_outsiders_get_404_on_every_community_page(
    client: Client,
    communities: Communities,
    desk_officer: Agent,
    service_head: Agent,
    ambassador: Agent,
    journalist: Agent,
) -> None:
    community = communities.on_request
    add_member(community, desk_officer, service_head)
    post = community_post(desk_officer, community)
    comment = do_post_comment(desk_officer, post, body="Bonjour")
    do_create_wiki_page(service_head, community, title="Guide", body="x")
    slug = community.slug
    member_pages = [
        reverse("communities:members", args=[slug]),
        reverse("communities:requests", args=[slug]),
        reverse("communities:wiki", args=[slug]),
        reverse("communities:wiki_page", args=[slug, "guide"]),
        reverse("communities:wiki_edit", args=[slug, "guide"]),
        reverse("communities:wiki_history", args=[slug, "guide"]),
        reverse("communities:wiki_diff", args=[slug, "guide"]),
        reverse("communities:wiki_revision", args=[slug, "guide", 1]),
        reverse("communities:edit_comment", args=[comment.pk]),
        reverse("communities:report_comment", args=[comment.pk]),
        reverse("publications:detail", args=[post.pk]),
    ]
    posts = [
        reverse("communities:leave", args=[slug]),
        reverse("communities:invite", args=[slug]),
        reverse("communities:decide", args=[slug, 1]),
        reverse("communities:set_role", args=[slug, 1]),
        reverse("communities:wiki_revert", args=[slug, "guide", 1]),
        reverse("communities:post_comment", args=[post.pk]),
        reverse("communities:delete_comment", args=[comment.pk]),
        reverse("communities:report_comment", args=[comment.pk]),
        reverse("communities:edit_comment", args=[comment.pk]),
    ]
    # A non-member (the ambassador): the community's page shows how to ask, nothing else.
    signed_in(client, ambassador)
    page = client.get(reverse("communities:detail", args=[slug])).content.decode()
    assert post.subject not in page and "Guide" not in page
    for url in member_pages:
        assert client.get(url).status_code == 404, url
    for url in posts:
        data = {"body": "x", "reason": "x", "email": "marie@d.example"}
        assert client.post(url, data).status_code == 404, url
    # An external member does not even see the community (closed to externals).
    signed_in(client, journalist)
    assert client.get(reverse("communities:detail", args=[slug])).status_code == 404
    for url in member_pages:
        assert client.get(url).status_code == 404, url
    # Nor does anyone see an invitation-only community they are not invited to.
    hidden = communities.invitation.slug
    signed_in(client, ambassador)
    assert client.get(reverse("communities:detail", args=[hidden])).status_code == 404
    assert client.post(reverse("communities:join", args=[hidden])).status_code == 404
    assert client.get(reverse("communities:detail", args=["nope"])).status_code == 404
    # A member sees everything but the moderators' queue.
    signed_in(client, desk_officer)
    for url in member_pages:
        expected = 404 if "demandes" in url else 200
        assert client.get(url).status_code == expected, url


def test_compose_offers_my_communities_and_posts_there(
    client: Client,
    ministry: Ministry,
    communities: Communities,
    desk_officer: Agent,
    service_head: Agent,
    ambassador: Agent,
) -> None:
    add_member(communities.open, desk_officer, service_head)
    signed_in(client, desk_officer)
    compose = client.get(reverse("publications:compose") + f"?community={communities.open.pk}")
    html = compose.content.decode()
    assert communities.open.name in html and communities.on_request.name not in html
    response = client.post(
        reverse("publications:compose"),
        {
            "kind": Kind.ARTICLE,
            "issuer": ministry.levant.pk,
            "subject": "Bilan de la campagne",
            "body": "Texte",
            "language": "fr",
            "classification": "NP",
            "audience": "partners",
            "precedence": "routine",
            "community": communities.open.pk,
            "action": "send",
        },
    )
    assert response.status_code == 302
    post = Publication.objects.get(subject="Bilan de la campagne")
    assert post.community == communities.open and post.audience == "addressees"
    assert not post.addressings.exists()
    # Community posts feed the members' interests, not the others'.
    assert interests_for(service_head).filter(pk=post.pk).exists()
    assert not interests_for(ambassador).filter(pk=post.pk).exists()
    # Not a member: the community is refused.
    response = client.post(
        reverse("publications:compose"),
        {
            "kind": Kind.ARTICLE, "issuer": ministry.levant.pk, "subject": "Intrusion",
            "body": "x", "language": "fr", "classification": "NP", "audience": "addressees",
            "precedence": "routine", "community": communities.on_request.pk, "action": "send",
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert not Publication.objects.filter(subject="Intrusion").exists()


def _grow(communities: Communities, ministry: Ministry, moderator: Agent, n: int) -> None:
    for i in range(n):
        agent = make_member(ministry.levant)
        do_join(agent, communities.open)
        do_request_membership(agent, communities.on_request)
        do_invite(moderator, communities.invitation, agent)
        community_post(agent, communities.open, subject=f"Article {i}")
        do_create_community(agent, name=f"Communauté {agent.pk}")
        do_create_wiki_page(agent, communities.open, title=f"Page {agent.pk}", body="x")


@pytest.mark.parametrize(
    "url_for",
    [
        lambda c: reverse("communities:index"),
        lambda c: reverse("communities:detail", args=[c.open.slug]),
        lambda c: reverse("communities:members", args=[c.open.slug]),
        lambda c: reverse("communities:requests", args=[c.on_request.slug]),
        lambda c: reverse("communities:wiki", args=[c.open.slug]),
    ],
    ids=["index", "detail", "members", "requests", "wiki"],
)
def test_query_counts_do_not_grow(
    client: Client,
    ministry: Ministry,
    communities: Communities,
    service_head: Agent,
    url_for: Callable[[Communities], str],
) -> None:
    signed_in(client, service_head)
    url = url_for(communities)
    _grow(communities, ministry, service_head, 1)
    few = queries(client, url)
    _grow(communities, ministry, service_head, 12)
    assert queries(client, url) == few

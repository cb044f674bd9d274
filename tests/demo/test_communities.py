"""The demo communities: loaded once, consistent with the rules, telling a story."""

from __future__ import annotations

import pytest

from diplomatie.access.policy import can_view_publication
from diplomatie.communities.models import (
    Access,
    Comment,
    Community,
    CommunityMembership,
    CommunityRole,
    MembershipState,
    WikiPage,
)
from diplomatie.communities.selectors import open_reports_for, pending_requests
from diplomatie.demo.communities import ALEX, CAMILLE, HENRI, SOPHIE, load_demo_communities
from diplomatie.demo.ministry import load_demo
from diplomatie.directory.models import Agent
from diplomatie.journal.selectors import interests_for
from diplomatie.notifications.models import Notification
from diplomatie.publications.models import Publication


@pytest.fixture
def demo(db: None) -> dict[str, int]:
    load_demo()
    return load_demo_communities()


def test_demo_communities(demo: dict[str, int]) -> None:
    assert demo["communities"] == 15
    assert demo["community posts"] >= 8 and demo["comments"] >= 15
    assert load_demo_communities() == dict.fromkeys(demo, 0)  # idempotent
    assert set(Community.objects.values_list("access", flat=True)) == set(Access.values)
    assert Community.objects.filter(open_to_externals=True).exists()
    agents = {a.email: a for a in Agent.objects.filter(email__in=[CAMILLE, HENRI, SOPHIE, ALEX])}
    for email in (CAMILLE, HENRI, SOPHIE):
        mine = CommunityMembership.objects.filter(agent=agents[email], state="member")
        assert mine.count() >= 3, email
    # Every community has a moderator; externals only where they are welcome.
    for community in Community.objects.all():
        assert community.memberships.filter(
            state=MembershipState.MEMBER, role=CommunityRole.MODERATOR
        ).exists()
        if not community.open_to_externals:
            assert not community.memberships.filter(
                agent__email__endswith="presse-internationale.example"
            ).exists()
    assert CommunityMembership.objects.filter(agent=agents[ALEX], state="member").exists()
    # Henri moderates a community with a request waiting and a reported comment.
    network = Community.objects.get(name="Réseau Moyen-Orient")
    assert pending_requests(network)
    assert open_reports_for(agents[HENRI]).exists()
    # Camille has an invitation waiting, and was mentioned.
    assert CommunityMembership.objects.filter(agent=agents[CAMILLE], state="invited").exists()
    assert Notification.objects.filter(agent=agents[CAMILLE], kind="comment.mention").exists()
    assert Comment.objects.filter(mentions=agents[CAMILLE]).exists()
    # Wiki pages with several revisions; community posts feed members' interests.
    assert WikiPage.objects.filter(revision_count__gte=3).exists()
    posts = Publication.objects.filter(community__isnull=False)
    for post in posts:
        members = Agent.objects.filter(
            community_memberships__community_id=post.community_id or 0,
            community_memberships__state="member",
        )
        for member in members[:5]:
            assert can_view_publication(member, post)
    camille_posts = posts.filter(community__memberships__agent=agents[CAMILLE],
                                 community__memberships__state="member")  # fmt: skip
    assert set(interests_for(agents[CAMILLE]).filter(pk__in=camille_posts)) == set(camille_posts)

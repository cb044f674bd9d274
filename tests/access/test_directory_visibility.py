"""The directory's visibility: querysets and predicates agree, and pages obey them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from diplomatie.access.perimeter import forget_perimeter
from diplomatie.access.policy import can_view_agent, can_view_organisation
from diplomatie.access.querysets import visible_agents, visible_organisations
from diplomatie.communities.models import Community, CommunityMembership, MembershipState
from diplomatie.directory.actions import do_add_membership, do_end_membership
from diplomatie.directory.models import Agent, Organisation
from tests.conftest import Ministry, signed_in
from tests.factories import make_agent

PERSONAS = [
    "desk_officer",
    "service_head",
    "ambassador",
    "partner_agent",
    "journalist",
    "ngo_worker",
    "admin",
]


@pytest.fixture
def everyone(request: pytest.FixtureRequest, ministry: Ministry) -> dict[str, Agent]:
    return {name: request.getfixturevalue(name) for name in PERSONAS}


def test_querysets_and_predicates_agree(everyone: dict[str, Agent]) -> None:
    lonely = make_agent()  # no membership at all
    viewers = [*everyone.values(), lonely]
    for viewer in viewers:
        org_ids = set(visible_organisations(viewer).values_list("pk", flat=True))
        for organisation in Organisation.objects.all():
            assert can_view_organisation(viewer, organisation) == (organisation.pk in org_ids), (
                viewer,
                organisation,
            )
        agent_ids = set(visible_agents(viewer).values_list("pk", flat=True))
        for other in Agent.objects.all():
            assert can_view_agent(viewer, other) == (other.pk in agent_ids), (viewer, other)


def test_internal_agents_see_the_whole_directory(
    everyone: dict[str, Agent], ministry: Ministry
) -> None:
    for name in ("desk_officer", "ambassador", "partner_agent", "admin"):
        viewer = everyone[name]
        assert visible_organisations(viewer).count() == Organisation.objects.count()
        assert can_view_agent(viewer, everyone["journalist"])


def test_externals_see_their_own_organisation_and_people_only(
    everyone: dict[str, Agent], ministry: Ministry
) -> None:
    """Issue 9: the institutional tree is no longer open to externals."""
    journalist = everyone["journalist"]
    for hidden in (ministry.ministry, ministry.levant, ministry.interior, ministry.ngo):
        assert not can_view_organisation(journalist, hidden), hidden
    assert can_view_organisation(journalist, ministry.media)
    assert not can_view_agent(journalist, everyone["desk_officer"])
    assert not can_view_agent(journalist, everyone["ngo_worker"])
    assert can_view_agent(journalist, journalist)
    assert set(visible_organisations(journalist)) == {ministry.media}


def test_externals_see_the_members_of_their_communities_and_their_organisations(
    everyone: dict[str, Agent], ministry: Ministry
) -> None:
    """Co-members of a community opened to externals, and their organisations, become
    visible; a closed community, a pending request or a left membership show nobody."""
    journalist, desk = everyone["journalist"], everyone["desk_officer"]
    ambassador, head = everyone["ambassador"], everyone["service_head"]
    open_one = Community.objects.create(
        name="Presse", slug="presse", open_to_externals=True, created_by=desk
    )
    closed = Community.objects.create(name="Interne", slug="interne", created_by=desk)
    for community, agent, state in (
        (open_one, journalist, MembershipState.MEMBER),
        (open_one, desk, MembershipState.MEMBER),
        (open_one, head, MembershipState.REQUESTED),
        (closed, journalist, MembershipState.MEMBER),
        (closed, ambassador, MembershipState.MEMBER),
    ):
        CommunityMembership.objects.create(community=community, agent=agent, state=state)
    forget_perimeter(journalist)
    assert can_view_agent(journalist, desk)
    assert not can_view_agent(journalist, head)  # only requested
    assert not can_view_agent(journalist, ambassador)  # a community closed to externals
    assert can_view_organisation(journalist, ministry.levant)  # the desk officer's
    assert not can_view_organisation(journalist, ministry.political)
    assert not can_view_organisation(journalist, ministry.embassy)
    # ... and the grid of querysets and predicates still agrees.
    test_querysets_and_predicates_agree(everyone)
    CommunityMembership.objects.filter(community=open_one, agent=journalist).update(
        state=MembershipState.LEFT
    )
    forget_perimeter(journalist)
    assert not can_view_agent(journalist, desk)
    assert not can_view_organisation(journalist, ministry.levant)


def test_an_agent_without_membership_sees_nothing_but_themselves(db: None) -> None:
    lonely = make_agent()
    assert not visible_organisations(lonely).exists()
    assert list(visible_agents(lonely)) == [lonely]


def test_leaving_an_organisation_removes_its_perimeter(ministry: Ministry) -> None:
    journalist = make_agent()
    colleague = make_agent()
    do_add_membership(agent=colleague, organisation=ministry.media)
    membership = do_add_membership(
        agent=journalist, organisation=ministry.media, start=dt.date(2020, 1, 1)
    )
    assert can_view_agent(journalist, colleague)
    do_end_membership(membership, end=timezone.localdate() - dt.timedelta(days=1))
    forget_perimeter(journalist)
    assert not can_view_agent(journalist, colleague)
    assert not visible_organisations(journalist).exists()


def test_pages_answer_404_to_whoever_may_not_see(
    client: Client, everyone: dict[str, Agent], ministry: Ministry
) -> None:
    signed_in(client, everyone["journalist"])
    hidden = [
        reverse("directory:organisation", args=[ministry.ngo.code]),
        reverse("directory:agent", args=[everyone["desk_officer"].pk]),
        reverse("directory:agent", args=[everyone["ngo_worker"].pk]),
        reverse("directory:organisation", args=["does-not-exist"]),
        reverse("directory:agent", args=[999_999]),
    ]
    for url in hidden:
        assert client.get(url).status_code == 404, url
    # The institutional tree is not theirs to browse (issue 9).
    for organisation in (ministry.levant, ministry.ministry, ministry.interior):
        url = reverse("directory:organisation", args=[organisation.code])
        assert client.get(url).status_code == 404, url
    page = client.get(reverse("directory:organisation", args=[ministry.media.code]))
    assert page.status_code == 200
    assert everyone["journalist"].display_name in page.content.decode()
    tree = client.get(reverse("directory:tree")).content.decode()
    assert ministry.ngo.name not in tree
    assert ministry.levant.name not in tree
    assert ministry.media.name in tree
    people = client.get(reverse("directory:people"), {"q": "a"}).content.decode()
    assert everyone["desk_officer"].display_name not in people
    assert everyone["ngo_worker"].display_name not in people


def test_internal_agent_sees_members_on_organisation_pages(
    client: Client, everyone: dict[str, Agent], ministry: Ministry
) -> None:
    signed_in(client, everyone["ambassador"])
    page = client.get(reverse("directory:organisation", args=[ministry.levant.code]))
    body = page.content.decode()
    assert everyone["desk_officer"].display_name in body
    assert everyone["service_head"].display_name in body
    assert body.index(everyone["service_head"].display_name) < body.index(
        everyone["desk_officer"].display_name
    ), "the head is listed first"


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, ministry: Ministry) -> None:
    for url in (
        reverse("home"),
        reverse("directory:tree"),
        reverse("directory:organisation", args=[ministry.levant.code]),
        reverse("directory:people"),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("page", ["tree", "people", "media"])
def test_an_externals_directory_costs_the_same_whatever_his_communities_hold(
    client: Client, everyone: dict[str, Agent], ministry: Ministry, page: str
) -> None:
    """The externals' rule is a subquery, not a list: one co-member or twenty, the same
    number of queries."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import make_member

    journalist = everyone["journalist"]
    club = Community.objects.create(
        name="Club", slug="club", open_to_externals=True, created_by=journalist
    )
    CommunityMembership.objects.create(community=club, agent=journalist)
    url = {
        "tree": reverse("directory:tree"),
        "people": reverse("directory:people") + "?q=agent",
        "media": reverse("directory:organisation", args=[ministry.media.code]),
    }[page]
    signed_in(client, journalist)
    counts = []
    for size in (1, 20):
        while CommunityMembership.objects.filter(community=club).count() < size + 1:
            member = make_member(ministry.levant, display_name="agent co-membre")
            CommunityMembership.objects.create(community=club, agent=member)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts

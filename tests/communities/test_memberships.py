"""Every membership path and who may take it."""

from __future__ import annotations

import pytest

from diplomatie.audit.models import Event
from diplomatie.communities.actions import (
    do_accept_invitation,
    do_create_community,
    do_decide_request,
    do_decline_invitation,
    do_invite,
    do_join,
    do_leave,
    do_request_membership,
    do_set_role,
)
from diplomatie.communities.models import (
    Access,
    Community,
    CommunityMembership,
    CommunityRole,
    MembershipState,
)
from diplomatie.core.errors import InvalidInput, NotFound, PermissionDenied
from diplomatie.directory.models import Agent
from diplomatie.notifications.models import Notification
from tests.communities.conftest import Communities


def notified(agent: Agent, kind: str) -> int:
    return Notification.objects.filter(agent=agent, kind=kind).count()


def state(community: Community, agent: Agent) -> tuple[str, str]:
    row = CommunityMembership.objects.get(community=community, agent=agent)
    return row.state, row.role


def test_any_internal_agent_creates_and_moderates(
    desk_officer: Agent, partner_agent: Agent, journalist: Agent, ngo_worker: Agent
) -> None:
    community = do_create_community(desk_officer, name="  Pratique   consulaire ")
    assert community.name == "Pratique consulaire"
    assert community.slug == "pratique-consulaire"
    assert state(community, desk_officer) == (MembershipState.MEMBER, CommunityRole.MODERATOR)
    assert Event.objects.filter(action="community.create", actor=desk_officer).exists()
    do_create_community(partner_agent, name="Interministériel")  # a partner administration
    for external in (journalist, ngo_worker):
        with pytest.raises(PermissionDenied):
            do_create_community(external, name=f"Club {external.pk}")
    with pytest.raises(InvalidInput):
        do_create_community(desk_officer, name="pratique CONSULAIRE")  # same name
    with pytest.raises(InvalidInput):
        do_create_community(desk_officer, name="   ")


def test_joining_an_open_community(
    communities: Communities, desk_officer: Agent, service_head: Agent
) -> None:
    do_join(desk_officer, communities.open)
    assert state(communities.open, desk_officer) == ("member", "member")
    assert notified(service_head, "community.join") == 1
    assert Event.objects.filter(action="community.join", actor=desk_officer).exists()
    with pytest.raises(InvalidInput):
        do_join(desk_officer, communities.open)
    # Not open: joining directly is refused.
    for community in (communities.on_request, communities.invitation):
        with pytest.raises(PermissionDenied):
            do_join(desk_officer, community)


def test_request_approved_and_refused(
    communities: Communities, desk_officer: Agent, ambassador: Agent, service_head: Agent
) -> None:
    community = communities.on_request
    mine = do_request_membership(desk_officer, community, message="Je suis le dossier.")
    assert state(community, desk_officer) == ("requested", "member")
    assert notified(service_head, "community.request") == 1
    with pytest.raises(InvalidInput):
        do_request_membership(desk_officer, community)  # already waiting
    # A plain member cannot decide, nor can the requester.
    other = do_request_membership(ambassador, community)
    with pytest.raises(PermissionDenied):
        do_decide_request(desk_officer, community, other.pk, approve=True)
    do_decide_request(service_head, community, mine.pk, approve=True)
    assert state(community, desk_officer) == ("member", "member")
    assert notified(desk_officer, "community.approve") == 1
    with pytest.raises(PermissionDenied):  # a member, not a moderator
        do_decide_request(desk_officer, community, other.pk, approve=True)
    do_decide_request(service_head, community, other.pk, approve=False)
    assert state(community, ambassador) == ("refused", "member")
    assert notified(ambassador, "community.refuse") == 1
    assert Event.objects.filter(action="community.refuse", actor=service_head).exists()
    with pytest.raises(NotFound):  # already decided
        do_decide_request(service_head, community, other.pk, approve=True)
    # A refused agent may ask again; the request is pending once more.
    do_request_membership(ambassador, community)
    assert state(community, ambassador) == ("requested", "member")
    # Open and invitation-only communities take no requests.
    for closed in (communities.open, communities.invitation):
        with pytest.raises(PermissionDenied):
            do_request_membership(ambassador, closed)


def test_invitations(
    communities: Communities,
    desk_officer: Agent,
    ambassador: Agent,
    partner_agent: Agent,
    service_head: Agent,
) -> None:
    community = communities.invitation
    with pytest.raises(PermissionDenied):  # only moderators invite
        do_invite(desk_officer, community, ambassador)
    do_invite(service_head, community, desk_officer)
    assert state(community, desk_officer) == ("invited", "member")
    assert notified(desk_officer, "community.invite") == 1
    with pytest.raises(InvalidInput):
        do_invite(service_head, community, desk_officer)  # already invited
    do_accept_invitation(desk_officer, community)
    assert state(community, desk_officer) == ("member", "member")
    assert notified(service_head, "community.accept") == 1
    with pytest.raises(PermissionDenied):  # a member who is not a moderator
        do_invite(desk_officer, community, ambassador)
    with pytest.raises(InvalidInput):
        do_invite(service_head, community, desk_officer)  # already a member
    do_invite(service_head, community, ambassador)
    do_decline_invitation(ambassador, community)
    assert state(community, ambassador) == ("declined", "member")
    assert notified(service_head, "community.decline") == 1
    with pytest.raises(InvalidInput):
        do_accept_invitation(ambassador, community)  # nothing waiting any more
    with pytest.raises(InvalidInput):
        do_accept_invitation(partner_agent, community)  # never invited
    # Invited to an on-request community: asking to join accepts the invitation.
    do_invite(service_head, communities.on_request, partner_agent)
    do_request_membership(partner_agent, communities.on_request)
    assert state(communities.on_request, partner_agent) == ("member", "member")


def test_externals_take_part_only_where_opened_to_them(
    communities: Communities, journalist: Agent, ngo_worker: Agent, service_head: Agent
) -> None:
    with pytest.raises(PermissionDenied):
        do_join(journalist, communities.open)
    with pytest.raises(PermissionDenied):
        do_request_membership(journalist, communities.on_request)
    do_join(journalist, communities.externals)
    assert state(communities.externals, journalist) == ("member", "member")
    # A moderator cannot invite an external into a community closed to externals...
    with pytest.raises((PermissionDenied, NotFound)):
        do_invite(service_head, communities.invitation, ngo_worker)
    # ... but can into one that is opened to them.
    opened = do_create_community(
        service_head, name="Dialogue ONG", access=Access.INVITATION, open_to_externals=True
    )
    do_invite(service_head, opened, ngo_worker)
    do_accept_invitation(ngo_worker, opened)
    assert state(opened, ngo_worker) == ("member", "member")


def test_leaving_and_the_last_moderator(
    communities: Communities, desk_officer: Agent, service_head: Agent
) -> None:
    community = communities.open
    with pytest.raises(InvalidInput):
        do_leave(desk_officer, community)  # not a member
    with pytest.raises(InvalidInput):
        do_leave(service_head, community)  # the last moderator
    do_join(desk_officer, community)
    membership = CommunityMembership.objects.get(community=community, agent=desk_officer)
    do_leave(desk_officer, community)
    assert state(community, desk_officer) == ("left", "member")
    assert notified(service_head, "community.leave") == 1
    # Back again, promoted; now the first moderator may leave.
    do_join(desk_officer, community)
    do_set_role(service_head, community, membership.pk, role=CommunityRole.MODERATOR)
    assert notified(desk_officer, "community.role") == 1
    do_leave(service_head, community)
    assert state(community, service_head) == ("left", "member")
    with pytest.raises(InvalidInput):
        do_leave(desk_officer, community)  # now the last one


def test_promote_and_demote(
    communities: Communities, desk_officer: Agent, ambassador: Agent, service_head: Agent
) -> None:
    community = communities.open
    do_join(desk_officer, community)
    do_join(ambassador, community)
    officer = CommunityMembership.objects.get(community=community, agent=desk_officer)
    head = CommunityMembership.objects.get(community=community, agent=service_head)
    with pytest.raises(PermissionDenied):  # a member cannot promote
        do_set_role(ambassador, community, officer.pk, role=CommunityRole.MODERATOR)
    with pytest.raises(InvalidInput):  # the only moderator cannot step down
        do_set_role(service_head, community, head.pk, role=CommunityRole.MEMBER)
    do_set_role(service_head, community, officer.pk, role=CommunityRole.MODERATOR)
    assert state(community, desk_officer) == ("member", "moderator")
    do_set_role(desk_officer, community, head.pk, role=CommunityRole.MEMBER)
    assert state(community, service_head) == ("member", "member")
    assert Event.objects.filter(action="community.demote", actor=desk_officer).exists()
    with pytest.raises(InvalidInput):
        do_set_role(desk_officer, community, officer.pk, role="owner")

"""Who sees which accreditation: the queryset and the predicate agree."""

from __future__ import annotations

from diplomatie.access.accreditations import (
    bound_by_charter,
    can_sponsor,
    can_view_accreditation,
    visible_accreditations,
)
from diplomatie.access.policy import can_view_agent, can_view_organisation
from diplomatie.access.querysets import visible_agents, visible_organisations
from diplomatie.accounts.accreditations import do_revoke_accreditation
from diplomatie.accounts.models import Accreditation
from diplomatie.directory.models import Agent
from tests.accounts.helpers import accredit, public_application
from tests.conftest import Ministry
from tests.factories import make_agent


def test_parity_over_personas(
    ministry: Ministry,
    desk_officer: Agent,
    service_head: Agent,
    ambassador: Agent,
    partner_agent: Agent,
    journalist: Agent,
    admin: Agent,
) -> None:
    accepted = accredit(admin, desk_officer, ministry.media, email="a@p.example")
    pending = public_application(service_head, email="b@p.example")
    orphan = public_application(None, email="c@p.example")
    assert accepted.agent is not None
    inactive = make_agent(is_active=False)
    personas = [
        desk_officer,
        service_head,
        ambassador,
        partner_agent,
        journalist,
        admin,
        accepted.agent,
        inactive,
        None,
    ]
    for persona in personas:
        for row in Accreditation.objects.all():
            visible = visible_accreditations(persona).filter(pk=row.pk).exists()
            assert visible == can_view_accreditation(persona, row), (persona, row)
    assert set(visible_accreditations(desk_officer)) == {accepted}
    assert set(visible_accreditations(service_head)) == {pending}
    assert set(visible_accreditations(accepted.agent)) == {accepted}
    assert set(visible_accreditations(admin)) == {accepted, pending, orphan}
    assert not visible_accreditations(ambassador).exists()


def test_who_sponsors_and_who_is_bound(
    ministry: Ministry,
    desk_officer: Agent,
    ambassador: Agent,
    partner_agent: Agent,
    journalist: Agent,
    ngo_worker: Agent,
    admin: Agent,
) -> None:
    assert can_sponsor(desk_officer) and can_sponsor(ambassador)
    assert not can_sponsor(partner_agent) and not can_sponsor(journalist)
    assert bound_by_charter(journalist) and bound_by_charter(ngo_worker)
    for agent in (desk_officer, ambassador, partner_agent, admin, None):
        assert not bound_by_charter(agent)


def test_an_external_sees_their_sponsor_in_the_directory(
    ministry: Ministry, desk_officer: Agent, service_head: Agent, admin: Agent
) -> None:
    """The directory of an external: their sponsor (and the sponsor's organisation) while
    the accreditation is current, never another agent of the ministry."""
    row = accredit(admin, desk_officer, ministry.media, email="sponsored@p.example")
    external = row.agent
    assert external is not None
    assert visible_agents(external).filter(pk=desk_officer.pk).exists()
    assert can_view_agent(external, desk_officer)
    assert not visible_agents(external).filter(pk=service_head.pk).exists()
    assert not can_view_agent(external, service_head)
    assert visible_organisations(external).filter(pk=ministry.levant.pk).exists()
    assert can_view_organisation(external, ministry.levant)
    do_revoke_accreditation(admin, row.pk, reason="Fin de mission.")
    external = Agent.objects.get(pk=external.pk)
    assert not visible_agents(external).filter(pk=desk_officer.pk).exists()
    assert not can_view_agent(external, desk_officer)

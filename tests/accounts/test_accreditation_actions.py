"""Accreditation, step by step, through the services: application, invitation, vetting,
renewal, revocation, expiry and the reminders of the periodic sweep."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.core import mail
from django.test import Client

from diplomatie.accounts.accreditations import (
    accreditation_ended,
    accreditation_sweep,
    do_accept_accreditation,
    do_refuse_accreditation,
    do_renew_accreditation,
    do_revoke_accreditation,
    one_year_after,
)
from diplomatie.accounts.models import Accreditation, AccreditationState, Origin
from diplomatie.accounts.states import InvalidTransition, check_transition
from diplomatie.audit.models import Event
from diplomatie.communities.actions import do_create_community
from diplomatie.communities.models import Access, CommunityMembership, MembershipState
from diplomatie.core.errors import InvalidInput, NotFound
from diplomatie.core.periodic import registered_sweeps
from diplomatie.directory.models import Agent, Membership, Organisation, OrganisationKind
from diplomatie.notifications.models import Notification
from tests.accounts.helpers import (
    accredit,
    application,
    in_days,
    invitation,
    link_in_last_mail,
    public_application,
)
from tests.conftest import Ministry

S = AccreditationState


def session_of(agent: Agent) -> str:
    """A session opened the way a sign-in opens one (so the account knows it)."""
    client = Client()
    client.force_login(agent)
    key = client.session.session_key
    assert key is not None
    return key


def test_public_application_is_stored_and_acknowledged(
    ministry: Ministry, desk_officer: Agent, admin: Agent, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        row = public_application(desk_officer)
    assert row.state == S.PENDING and row.origin == Origin.PUBLIC_FORM
    assert row.sponsor == desk_officer and row.agent is None
    assert Event.objects.filter(action="accreditation.apply", target_id=str(row.pk)).exists()
    assert Notification.objects.filter(agent=desk_officer, kind="accreditation.sponsor_named")
    assert Notification.objects.filter(agent=admin, kind="accreditation.apply").exists()
    assert [m.to for m in mail.outbox] == [["jamie.rivera@presse.example"]]
    assert not Agent.objects.filter(email="jamie.rivera@presse.example").exists()


def test_a_sponsor_outside_the_ministry_is_not_recorded(
    ministry: Ministry, partner_agent: Agent, journalist: Agent
) -> None:
    for named in (partner_agent, journalist, None):
        row = public_application(named)
        assert row.sponsor is None
    assert not Notification.objects.filter(kind="accreditation.sponsor_named").exists()


def test_a_journalist_needs_a_press_card(ministry: Ministry, desk_officer: Agent) -> None:
    with pytest.raises(InvalidInput, match="press card"):
        public_application(desk_officer, press_card_number=" ")
    row = public_application(desk_officer, kind="ngo", press_card_number="ignored")
    assert row.press_card_number == ""


def test_only_agents_of_the_ministry_sponsor(
    ministry: Ministry, partner_agent: Agent, journalist: Agent, desk_officer: Agent
) -> None:
    for outsider in (partner_agent, journalist):
        with pytest.raises(NotFound):
            invitation(outsider, ministry.media)
    row = invitation(desk_officer, ministry.media)
    assert row.origin == Origin.DIRECTORY and row.filed_by == desk_officer
    with pytest.raises(InvalidInput, match="external organisation"):
        invitation(desk_officer, ministry.interior)


def test_acceptance_creates_account_organisation_and_membership_at_once(
    ministry: Ministry,
    desk_officer: Agent,
    admin: Agent,
    django_capture_on_commit_callbacks: Any,
) -> None:
    row = public_application(desk_officer)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = do_accept_accreditation(admin, row.pk, expires_on=in_days(365))
    agent = accepted.agent
    assert agent is not None and not agent.has_usable_password()
    assert agent.email == "jamie.rivera@presse.example" and agent.preferred_language == "en"
    organisation = accepted.organisation
    assert organisation is not None
    assert (
        organisation.kind == OrganisationKind.MEDIA and organisation.name == "Le Quotidien du Monde"
    )
    assert Membership.objects.active().filter(agent=agent, organisation=organisation).exists()
    assert accepted.sponsor == desk_officer and accepted.decided_by == admin
    event = Event.objects.get(action="accreditation.accept")
    assert event.actor == admin
    assert event.details["agent_created"] and event.details["organisation_created"]
    assert Notification.objects.filter(agent=desk_officer, kind="accreditation.accept").exists()
    assert "/compte/bienvenue/" in link_in_last_mail(agent.email)


def test_acceptance_into_an_existing_organisation_and_a_community(
    ministry: Ministry, service_head: Agent, admin: Agent
) -> None:
    community = do_create_community(
        service_head, name="Presse et Levant", access=Access.ON_REQUEST, open_to_externals=True
    )
    from diplomatie.accounts.accreditations import do_invite_external

    row = do_invite_external(
        service_head,
        application(organisation=ministry.media, organisation_name=""),
        community=community,
    )
    assert row.origin == Origin.COMMUNITY
    accepted = do_accept_accreditation(admin, row.pk, expires_on=in_days(30))
    assert accepted.organisation == ministry.media
    assert Organisation.objects.filter(name="Le Quotidien du Monde").count() == 0
    invited = CommunityMembership.objects.get(community=community, agent=accepted.agent)
    assert invited.state == MembershipState.INVITED


def test_invitation_from_a_community_needs_its_moderator(
    ministry: Ministry, service_head: Agent, desk_officer: Agent
) -> None:
    from diplomatie.accounts.accreditations import do_invite_external

    open_one = do_create_community(service_head, name="Ouverte", open_to_externals=True)
    closed = do_create_community(service_head, name="Fermée", open_to_externals=False)
    with pytest.raises(NotFound):
        do_invite_external(desk_officer, application(), community=open_one)
    with pytest.raises(NotFound):
        do_invite_external(service_head, application(), community=closed)


@pytest.mark.parametrize(
    ("days", "message"),
    [(0, "after today"), (-3, "after today"), (367, "one year at most")],
)
def test_expiry_is_at_most_one_year(
    ministry: Ministry, desk_officer: Agent, admin: Agent, days: int, message: str
) -> None:
    row = public_application(desk_officer)
    with pytest.raises(InvalidInput, match=message):
        do_accept_accreditation(admin, row.pk, expires_on=in_days(days))
    row.refresh_from_db()
    assert row.state == S.PENDING and not Agent.objects.filter(email=row.email).exists()


def test_one_year_after_a_leap_day() -> None:
    assert one_year_after(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)


def test_an_application_without_sponsor_cannot_be_accepted(
    ministry: Ministry, admin: Agent
) -> None:
    row = public_application(None)
    with pytest.raises(InvalidInput, match="no agent of the ministry"):
        do_accept_accreditation(admin, row.pk, expires_on=in_days(30))


def test_only_administrators_decide(
    ministry: Ministry, desk_officer: Agent, service_head: Agent, admin: Agent
) -> None:
    row = public_application(desk_officer)
    for agent in (desk_officer, service_head):
        with pytest.raises(NotFound):
            do_accept_accreditation(agent, row.pk, expires_on=in_days(30))
        with pytest.raises(NotFound):
            do_refuse_accreditation(agent, row.pk, reason="Non")


def test_refusal_needs_a_reason_and_tells_the_applicant(
    ministry: Ministry, desk_officer: Agent, admin: Agent, django_capture_on_commit_callbacks: Any
) -> None:
    row = public_application(desk_officer)
    with pytest.raises(InvalidInput, match="reason"):
        do_refuse_accreditation(admin, row.pk, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        do_refuse_accreditation(admin, row.pk, reason="Carte de presse introuvable.")
    row.refresh_from_db()
    assert row.state == S.REFUSED and row.refusal_reason == "Carte de presse introuvable."
    assert "Carte de presse introuvable." in mail.outbox[-1].body
    assert mail.outbox[-1].to == [row.email]
    with pytest.raises(InvalidInput, match="already decided"):
        do_accept_accreditation(admin, row.pk, expires_on=in_days(30))


def test_states_are_explicit() -> None:
    check_transition(S.PENDING, S.ACCEPTED)
    check_transition(S.ACCEPTED, S.REVOKED)
    for final in (S.REFUSED, S.EXPIRED, S.REVOKED):
        with pytest.raises(InvalidTransition):
            check_transition(final, S.ACCEPTED)
    with pytest.raises(InvalidTransition):
        check_transition(S.PENDING, S.EXPIRED)


def test_an_existing_internal_address_is_not_taken_over(
    ministry: Ministry, desk_officer: Agent, admin: Agent
) -> None:
    row = public_application(desk_officer, email=desk_officer.email)
    with pytest.raises(InvalidInput, match="ministry or of an administration"):
        do_accept_accreditation(admin, row.pk, expires_on=in_days(30))


def test_an_expired_external_is_accredited_again_on_the_same_account(
    ministry: Ministry, desk_officer: Agent, admin: Agent
) -> None:
    first = accredit(admin, desk_officer, ministry.media)
    Accreditation.objects.filter(pk=first.pk).update(expires_on=in_days(-1))
    accreditation_sweep()
    second = accredit(admin, desk_officer, ministry.media)
    assert second.agent == first.agent
    assert Accreditation.objects.filter(agent=first.agent).count() == 2


def test_renewal_by_the_sponsor_at_most_a_year(
    ministry: Ministry, desk_officer: Agent, service_head: Agent, admin: Agent
) -> None:
    row = accredit(admin, desk_officer, ministry.media, days=20)
    agent = row.agent
    assert agent is not None
    for stranger in (service_head, agent):
        with pytest.raises(NotFound):
            do_renew_accreditation(stranger, row.pk, expires_on=in_days(200))
    with pytest.raises(InvalidInput, match="one year at most"):
        do_renew_accreditation(desk_officer, row.pk, expires_on=in_days(400))
    with pytest.raises(InvalidInput, match="after the current one"):
        do_renew_accreditation(desk_officer, row.pk, expires_on=in_days(10))
    renewed = do_renew_accreditation(desk_officer, row.pk, expires_on=in_days(365))
    assert renewed.expires_on == in_days(365) and renewed.renewed_by == desk_officer
    event = Event.objects.get(action="accreditation.renew")
    assert event.details == {"from": in_days(20).isoformat(), "to": in_days(365).isoformat()}
    assert Notification.objects.filter(agent=agent, kind="accreditation.renew").exists()


def test_revocation_stops_the_account_at_once(
    ministry: Ministry, desk_officer: Agent, admin: Agent, django_capture_on_commit_callbacks: Any
) -> None:
    row = accredit(admin, desk_officer, ministry.media)
    agent = row.agent
    assert agent is not None
    other = session_of(desk_officer)
    session_of(agent)
    session_of(agent)
    heard: list[dict[str, Any]] = []

    def listener(**kwargs: Any) -> None:
        heard.append(kwargs)

    accreditation_ended.connect(listener, dispatch_uid="test-listener")
    try:
        with pytest.raises(NotFound):
            do_revoke_accreditation(desk_officer, row.pk, reason="Non")
        with django_capture_on_commit_callbacks(execute=True):
            do_revoke_accreditation(admin, row.pk, reason="Fuite d'un document.")
    finally:
        accreditation_ended.disconnect(dispatch_uid="test-listener")
    row.refresh_from_db()
    assert row.state == S.REVOKED and row.end_reason == "Fuite d'un document."
    assert list(Session.objects.values_list("session_key", flat=True)) == [other]
    assert heard and heard[0]["agent"] == agent
    event = Event.objects.get(action="accreditation.revoke")
    assert event.details["sessions_ended"] == 2
    assert Notification.objects.filter(agent=desk_officer, kind="accreditation.revoked").exists()
    assert mail.outbox[-1].to == [desk_officer.email]
    with pytest.raises(InvalidTransition):
        do_revoke_accreditation(admin, row.pk, reason="Encore")


def test_the_sweep_is_registered() -> None:
    assert registered_sweeps()["accreditations"] is accreditation_sweep


def test_the_sweep_expires_and_reminds_once(
    ministry: Ministry, desk_officer: Agent, admin: Agent, django_capture_on_commit_callbacks: Any
) -> None:
    soon = accredit(admin, desk_officer, ministry.media, days=25, email="soon@p.example")
    very_soon = accredit(
        admin, desk_officer, ministry.ngo, days=5, email="vs@p.example", kind="ngo"
    )
    later = accredit(admin, desk_officer, ministry.media, days=200, email="later@p.example")
    past = accredit(admin, desk_officer, ministry.media, days=10, email="past@p.example")
    Accreditation.objects.filter(pk=past.pk).update(expires_on=in_days(-1))
    assert past.agent is not None
    session_of(past.agent)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = accreditation_sweep()
    assert done == 3  # one expiry, one 30-day and one 7-day reminder
    with django_capture_on_commit_callbacks(execute=True):
        assert accreditation_sweep() == 0  # idempotent
    states = dict(Accreditation.objects.values_list("pk", "state"))
    assert states[past.pk] == S.EXPIRED and states[later.pk] == S.ACCEPTED
    assert not Session.objects.exists()
    reminders = Event.objects.filter(action="accreditation.remind")
    assert sorted((e.target_id, e.details["days"]) for e in reminders) == sorted(
        [(str(soon.pk), 30), (str(very_soon.pk), 7)]
    )
    assert Notification.objects.filter(agent=desk_officer, kind="accreditation.remind").count() == 2
    assert (
        Notification.objects.filter(agent=desk_officer, kind="accreditation.expired").count() == 1
    )
    assert len(mail.outbox) == 3
    # Seven days later the first one gets its last reminder, once.
    assert accreditation_sweep(today=in_days(20)) >= 1
    assert accreditation_sweep(today=in_days(20)) == 0
    assert Event.objects.filter(
        action="accreditation.remind", target_id=str(soon.pk), details__days=7
    ).exists()


def test_renewal_rearms_the_reminders(
    ministry: Ministry, desk_officer: Agent, admin: Agent
) -> None:
    row = accredit(admin, desk_officer, ministry.media, days=6)
    assert accreditation_sweep() == 1
    do_renew_accreditation(desk_officer, row.pk, expires_on=in_days(300))
    assert accreditation_sweep() == 0
    assert accreditation_sweep(today=in_days(295)) == 1  # the 7-day reminder of the new period

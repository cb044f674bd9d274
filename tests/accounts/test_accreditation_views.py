"""The pages of accreditation: the public form (that discloses nothing), the sponsor's
invitation, the administrators' vetting, the first password, and the account that stops
at once — with 404 for every persona who should not reach a page."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from diplomatie.accounts.accreditations import do_accept_accreditation, do_revoke_accreditation
from diplomatie.accounts.models import Accreditation, AccreditationState
from diplomatie.audit.models import Event
from diplomatie.communities.actions import do_create_community
from diplomatie.directory.models import Agent
from tests.accounts.helpers import accredit, in_days, link_in_last_mail, public_application
from tests.conftest import Ministry, signed_in
from tests.factories import PASSWORD

S = AccreditationState
NEW_PASSWORD = "un mot de passe assez long"
CSRF = re.compile(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    cache.clear()


def form_data(**overrides: str) -> dict[str, str]:
    data = {
        "full_name": "Jamie Rivera",
        "email": "jamie.rivera@presse.example",
        "kind": "journalist",
        "organisation_name": "Le Quotidien du Monde",
        "title": "Correspondant",
        "press_card_number": "CP-2026-1234",
        "sponsor_email": "camille@d.example",
        "message": "",
    }
    data.update(overrides)
    return data


def test_the_public_form_needs_no_sign_in(client: Client, ministry: Ministry) -> None:
    response = client.get(reverse("accounts:apply"))
    assert response.status_code == 200
    assert "Apply for accreditation" in response.content.decode()
    assert reverse("accounts:apply") in client.get(reverse("accounts:login")).content.decode()


def test_the_public_form_checks_what_it_is_given(client: Client, ministry: Ministry) -> None:
    response = client.post(reverse("accounts:apply"), form_data(press_card_number="", email="x"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "press card" in body and "valid email" in body.lower()
    assert not Accreditation.objects.exists()


def test_the_public_form_answers_the_same_whoever_is_named(
    client: Client, ministry: Ministry, desk_officer: Agent, journalist: Agent
) -> None:
    """Sponsor of the ministry, unknown sponsor, external sponsor, applicant who already
    has an account: the same redirect and the same page."""
    answers = []
    for overrides in (
        {},
        {"sponsor_email": "nobody@nowhere.example"},
        {"sponsor_email": journalist.email},
        {"email": desk_officer.email},
        {"email": journalist.email, "sponsor_email": "nobody@nowhere.example"},
    ):
        response = client.post(reverse("accounts:apply"), form_data(**overrides))
        assert response.status_code == 302
        done = client.get(response["Location"])
        page = CSRF.sub("", done.content.decode())
        answers.append((response["Location"], done.status_code, page))
    assert len(set(answers)) == 1
    assert Accreditation.objects.count() == 5
    assert Accreditation.objects.filter(sponsor=desk_officer).count() == 2


def test_the_public_form_is_throttled(client: Client, ministry: Ministry) -> None:
    for _ in range(5):
        assert client.post(reverse("accounts:apply"), form_data()).status_code == 302
    response = client.post(reverse("accounts:apply"), form_data())
    assert response.status_code == 429
    assert "Too many applications" in response.content.decode()
    assert Accreditation.objects.count() == 5


def test_the_public_form_in_french(ministry: Ministry) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    response = client.get(reverse("accounts:apply"))
    assert "Demander une accréditation" in response.content.decode()


def test_a_sponsor_invites_from_an_organisation_page(
    client: Client, ministry: Ministry, desk_officer: Agent
) -> None:
    signed_in(client, desk_officer)
    page = client.get(reverse("directory:organisation", args=[ministry.media.code]))
    link = f"{reverse('accounts:invite')}?organisation={ministry.media.code}"
    assert link in page.content.decode()
    assert client.get(link).status_code == 200
    data = form_data(organisation=str(ministry.media.pk), organisation_name="")
    response = client.post(link, data)
    row = Accreditation.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "accounts:accreditation", args=[row.pk]
    )
    assert row.sponsor == desk_officer and row.organisation == ministry.media
    assert client.get(response["Location"]).status_code == 200  # the sponsor sees it


def test_a_moderator_invites_from_a_community(
    client: Client, ministry: Ministry, service_head: Agent, desk_officer: Agent
) -> None:
    community = do_create_community(service_head, name="Presse", open_to_externals=True)
    url = f"{reverse('accounts:invite')}?communaute={community.slug}"
    signed_in(client, service_head)
    page = client.get(reverse("communities:detail", args=[community.slug]))
    assert url in page.content.decode()
    response = client.post(url, form_data())
    assert response.status_code == 302
    assert Accreditation.objects.get().community_slug == community.slug
    signed_in(client, desk_officer)  # not a moderator
    assert client.get(url).status_code == 404


def test_invitation_is_for_agents_of_the_ministry_only(
    client: Client, ministry: Ministry, partner_agent: Agent, journalist: Agent
) -> None:
    for agent in (partner_agent, journalist):
        signed_in(client, agent)
        assert client.get(reverse("accounts:invite")).status_code == 404
        assert client.post(reverse("accounts:invite"), form_data()).status_code == 404
    client.logout()
    response = client.get(reverse("accounts:invite"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


ADMIN_PAGES = ("accounts:accreditations",)
ROW_PAGES = (
    "accounts:accreditation_accept",
    "accounts:accreditation_refuse",
    "accounts:accreditation_revoke",
    "accounts:accreditation_welcome_again",
)


def test_vetting_pages_are_for_administrators_only(
    client: Client,
    ministry: Ministry,
    desk_officer: Agent,
    service_head: Agent,
    journalist: Agent,
    admin: Agent,
) -> None:
    row = public_application(desk_officer)
    detail = reverse("accounts:accreditation", args=[row.pk])
    for agent in (service_head, journalist):
        signed_in(client, agent)
        assert client.get(reverse("accounts:accreditations")).status_code == 404
        assert client.get(detail).status_code == 404
        for name in (*ROW_PAGES, "accounts:accreditation_renew"):
            assert client.post(reverse(name, args=[row.pk]), {}).status_code == 404
    signed_in(client, desk_officer)  # the sponsor reads it, but does not decide
    assert client.get(detail).status_code == 200
    assert client.get(reverse("accounts:accreditations")).status_code == 404
    for name in ROW_PAGES:
        assert client.post(reverse(name, args=[row.pk]), {}).status_code == 404
    client.logout()
    for url in (reverse("accounts:accreditations"), detail):
        response = client.get(url)
        assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    signed_in(client, admin)
    page = client.get(reverse("accounts:accreditations")).content.decode()
    assert row.full_name in page
    assert "CP-2026-1234" in client.get(detail).content.decode()
    assert client.get(reverse("accounts:accreditation", args=[row.pk + 99])).status_code == 404


def test_an_external_sees_only_their_own_accreditation(
    client: Client, ministry: Ministry, desk_officer: Agent, admin: Agent
) -> None:
    mine = accredit(admin, desk_officer, ministry.media, email="me@p.example")
    theirs = accredit(admin, desk_officer, ministry.media, email="them@p.example")
    assert mine.agent is not None
    signed_in(client, mine.agent)
    assert client.get(reverse("accounts:accreditation", args=[theirs.pk])).status_code == 404
    assert client.get(reverse("accounts:accreditation", args=[mine.pk])).status_code == 200
    renew = reverse("accounts:accreditation_renew", args=[mine.pk])
    assert client.post(renew, {"expires_on": in_days(300).isoformat()}).status_code == 404
    account = client.get(reverse("accounts:account")).content.decode()
    assert desk_officer.display_name in account and "Valid until" in account


def test_the_administrator_accepts_with_a_clear_message_on_a_bad_date(
    client: Client, ministry: Ministry, desk_officer: Agent, admin: Agent
) -> None:
    row = public_application(desk_officer)
    signed_in(client, admin)
    url = reverse("accounts:accreditation_accept", args=[row.pk])
    response = client.post(url, {"expires_on": in_days(500).isoformat(), "organisation_name": "X"})
    assert response.status_code == 400
    assert "valid for one year at most" in response.content.decode()
    response = client.post(
        url, {"expires_on": in_days(300).isoformat(), "organisation_name": "Le Quotidien"}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.state == S.ACCEPTED and row.organisation is not None
    assert row.organisation.name == "Le Quotidien"
    again = client.post(url, {"expires_on": in_days(300).isoformat()})
    assert again.status_code == 400 and "already decided" in again.content.decode()


def test_refusal_and_revocation_pages(
    client: Client, ministry: Ministry, desk_officer: Agent, admin: Agent
) -> None:
    pending = public_application(desk_officer)
    current = accredit(admin, desk_officer, ministry.media, email="c@p.example")
    signed_in(client, admin)
    refuse = reverse("accounts:accreditation_refuse", args=[pending.pk])
    assert client.post(refuse, {"refuse-reason": ""}).status_code == 400
    assert client.post(refuse, {"refuse-reason": "Inconnu"}).status_code == 302
    revoke = reverse("accounts:accreditation_revoke", args=[current.pk])
    assert client.post(revoke, {"revoke-reason": "Abus"}).status_code == 302
    current.refresh_from_db()
    assert current.state == S.REVOKED


def test_the_sponsor_renews_on_the_page(
    client: Client, ministry: Ministry, desk_officer: Agent, admin: Agent
) -> None:
    row = accredit(admin, desk_officer, ministry.media, days=10)
    signed_in(client, desk_officer)
    url = reverse("accounts:accreditation_renew", args=[row.pk])
    assert client.post(url, {"expires_on": in_days(400).isoformat()}).status_code == 400
    assert client.post(url, {"expires_on": in_days(360).isoformat()}).status_code == 302
    row.refresh_from_db()
    assert row.expires_on == in_days(360)


def test_the_welcome_link_sets_the_first_password_once(
    client: Client,
    ministry: Ministry,
    desk_officer: Agent,
    admin: Agent,
    django_capture_on_commit_callbacks: Any,
) -> None:
    row = public_application(desk_officer)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = do_accept_accreditation(admin, row.pk, expires_on=in_days(90))
    agent = accepted.agent
    assert agent is not None
    link = link_in_last_mail(agent.email)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 302  # the token leaves the address bar
    form_url = response["Location"]
    page = client.get(form_url)
    assert "Choose your password" in page.content.decode()
    response = client.post(form_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("accounts:welcome_done")
    agent.refresh_from_db()
    assert agent.check_password(NEW_PASSWORD)
    assert Event.objects.filter(action="accreditation.password_set", actor=agent).exists()
    used = Client(HTTP_ACCEPT_LANGUAGE="en").get("/" + path)
    assert "invalid, has been used already" in used.content.decode()
    signed = client.post(
        reverse("accounts:login"), {"username": agent.email, "password": NEW_PASSWORD}
    )
    assert signed.status_code == 302


def test_the_welcome_link_dies_with_the_accreditation(
    client: Client,
    ministry: Ministry,
    desk_officer: Agent,
    admin: Agent,
    django_capture_on_commit_callbacks: Any,
) -> None:
    row = public_application(desk_officer)
    with django_capture_on_commit_callbacks(execute=True):
        accepted = do_accept_accreditation(admin, row.pk, expires_on=in_days(90))
    assert accepted.agent is not None
    link = link_in_last_mail(accepted.agent.email)
    do_revoke_accreditation(admin, row.pk, reason="Erreur")
    page = client.get("/" + link.split("://", 1)[1].split("/", 1)[1])
    assert page.status_code == 200 and "invalid" in page.content.decode()


def expired_external(ministry: Ministry, sponsor: Agent, admin: Agent) -> Agent:
    row = accredit(admin, sponsor, ministry.media, days=30)
    assert row.agent is not None
    row.agent.set_password(PASSWORD)
    row.agent.save(update_fields=["password"])
    Accreditation.objects.filter(pk=row.pk).update(expires_on=in_days(-1))
    return row.agent


def test_an_expired_account_cannot_sign_in_and_is_told_why(
    client: Client, ministry: Ministry, desk_officer: Agent, admin: Agent
) -> None:
    agent = expired_external(ministry, desk_officer, admin)
    response = client.post(
        reverse("accounts:login"), {"username": agent.email, "password": PASSWORD}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "Your accreditation expired on" in body and desk_officer.email in body
    wrong = client.post(reverse("accounts:login"), {"username": agent.email, "password": "wrong"})
    assert "Your accreditation" not in wrong.content.decode()


def test_a_session_the_sweep_missed_stops_at_the_next_request(
    client: Client, ministry: Ministry, desk_officer: Agent, admin: Agent
) -> None:
    row = accredit(admin, desk_officer, ministry.media, days=30)
    assert row.agent is not None
    signed_in(client, row.agent)
    assert client.get(reverse("home")).status_code == 200
    # Past its date and not yet swept: still stopped at once.
    Accreditation.objects.filter(pk=row.pk).update(expires_on=in_days(-1))
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"] == reverse("accounts:login")
    page = client.get(response["Location"]).content.decode()
    assert "Your accreditation expired on" in page
    assert client.get(reverse("home")).status_code == 302  # signed out for good
    assert Event.objects.filter(action="accreditation.session_stopped", actor=row.agent).exists()


def test_a_revoked_account_is_stopped_even_on_htmx_requests(
    client: Client, ministry: Ministry, desk_officer: Agent, admin: Agent
) -> None:
    row = accredit(admin, desk_officer, ministry.media, days=30)
    assert row.agent is not None
    signed_in(client, row.agent)
    Accreditation.objects.filter(pk=row.pk).update(state=S.REVOKED)
    response = client.get(reverse("notifications:inbox"), headers={"HX-Request": "true"})
    assert response.status_code == 204 and response["HX-Redirect"] == reverse("accounts:login")


def test_accounts_without_accreditation_are_not_stopped(
    client: Client, ministry: Ministry, journalist: Agent, desk_officer: Agent
) -> None:
    for agent in (journalist, desk_officer):
        signed_in(client, agent)
        assert client.get(reverse("home")).status_code == 200


def test_the_french_sign_in_message(ministry: Ministry, desk_officer: Agent, admin: Agent) -> None:
    agent = expired_external(ministry, desk_officer, admin)
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    response = client.post(
        reverse("accounts:login"), {"username": agent.email, "password": PASSWORD}
    )
    assert "Votre accréditation a expiré le" in response.content.decode()

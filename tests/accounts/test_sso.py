"""Single sign-on against a real OpenID Connect provider process (never mocked)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse

from diplomatie import env
from diplomatie.accounts.models import AccountSession, SignInMethod
from diplomatie.accounts.sessions import session_store
from diplomatie.audit.models import Event
from diplomatie.directory.models import Agent, Role
from tests.conftest import Ministry
from tests.factories import make_member
from tests.oidc_provider.fixtures import Provider, provider_sign_in, sso_sign_in, start_sso

pytestmark = pytest.mark.django_db(transaction=False)


def signed_in_as(client: Client) -> Any:
    return client.session.get(SESSION_KEY)


def login_page(client: Client, response: Any) -> str:
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    page: str = client.get(response["Location"]).content.decode()
    return page


def test_an_agent_signs_in_with_the_ministry_account(
    client: Client, sso: Provider, desk_officer: Agent
) -> None:
    page = client.get(reverse("accounts:login")).content.decode()
    assert "Sign in with the ministry's account" in page
    response = sso_sign_in(client, sso, "camille")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert str(signed_in_as(client)) == str(desk_officer.pk)
    assert desk_officer.display_name in client.get(reverse("home")).content.decode()
    login = Event.objects.get(action="auth.login")
    assert login.actor == desk_officer
    assert login.details == {"method": "sso"}
    row = AccountSession.objects.get(agent=desk_officer)
    assert row.method == SignInMethod.SSO
    assert row.session_key == client.session.session_key
    # Single sign-on proves no second factor: nothing marks the session as verified.
    assert not any(key.startswith("otp_") for key in client.session.keys())  # noqa: SIM118


def test_the_email_is_matched_without_regard_to_case(
    client: Client, sso: Provider, service_head: Agent
) -> None:
    sso_sign_in(client, sso, "henri")  # the provider says HENRI@D.Example
    assert str(signed_in_as(client)) == str(service_head.pk)


def test_sso_gives_a_new_session_id(client: Client, sso: Provider, desk_officer: Agent) -> None:
    authorize = start_sso(client, sso)
    before = client.session.session_key
    assert before is not None
    callback = provider_sign_in(authorize, "camille")
    client.get(callback.removeprefix("http://testserver"))
    assert client.session.session_key != before
    assert not session_store().exists(before)


@pytest.mark.parametrize(
    ("next_url", "lands_on"),
    [
        ("/annuaire/", "/annuaire/"),
        ("https://evil.example/phish", "/"),
        ("//evil.example/phish", "/"),
    ],
)
def test_next_stays_on_the_site(
    client: Client, sso: Provider, desk_officer: Agent, next_url: str, lands_on: str
) -> None:
    response = sso_sign_in(client, sso, "camille", next_url=next_url)
    assert response["Location"] == lands_on


@pytest.mark.parametrize(
    ("username", "reason", "message"),
    [
        ("nobody", "unknown", "matches no agent of the platform"),
        ("alex", "outside_ministry", "is for the ministry&#x27;s agents"),
        ("paul", "outside_ministry", "is for the ministry&#x27;s agents"),
        ("ines", "email_unverified", "has not verified the e-mail address"),
    ],
)
def test_who_is_not_an_agent_of_the_ministry_is_refused(
    client: Client,
    sso: Provider,
    ministry: Ministry,
    journalist: Agent,
    partner_agent: Agent,
    username: str,
    reason: str,
    message: str,
) -> None:
    make_member(ministry.levant, email="ines@d.example", display_name="Inès")
    response = sso_sign_in(client, sso, username)
    assert message in login_page(client, response)
    assert signed_in_as(client) is None
    refused = Event.objects.get(action="auth.sso_refused")
    assert refused.details["reason"] == reason
    assert not Event.objects.filter(action="auth.login").exists()
    assert not AccountSession.objects.exists()


def test_a_deactivated_agent_is_refused(client: Client, sso: Provider, desk_officer: Agent) -> None:
    desk_officer.is_active = False
    desk_officer.save()
    response = sso_sign_in(client, sso, "camille")
    assert "This account is deactivated" in login_page(client, response)
    assert signed_in_as(client) is None
    assert Event.objects.get(action="auth.sso_refused").details["reason"] == "inactive"


def test_the_address_alone_does_not_make_an_agent_of_the_ministry(
    client: Client, sso: Provider, ministry: Ministry
) -> None:
    # A ministry-looking address, but the account belongs only to a partner administration.
    make_member(ministry.interior, email="henri@d.example", role=Role.HEAD)
    response = sso_sign_in(client, sso, "henri")
    assert "is for the ministry&#x27;s agents" in login_page(client, response)
    assert signed_in_as(client) is None


def _tampered(callback: str, **changes: str) -> str:
    parts = urlsplit(callback)
    query = {key: values[0] for key, values in parse_qs(parts.query).items()}
    query.update(changes)
    return f"{parts.path}?{urlencode(query)}"


def test_a_tampered_state_is_refused(client: Client, sso: Provider, desk_officer: Agent) -> None:
    callback = provider_sign_in(start_sso(client, sso), "camille")
    response = client.get(_tampered(callback, state="forged-state"))
    assert "did not succeed" in login_page(client, response)
    assert signed_in_as(client) is None
    assert Event.objects.get(action="auth.sso_refused").details["reason"] == "invalid"


def test_a_tampered_nonce_is_refused(client: Client, sso: Provider, desk_officer: Agent) -> None:
    callback = provider_sign_in(start_sso(client, sso), "camille")
    session = client.session
    states = session["oidc_states"]
    for entry in states.values():
        entry["nonce"] = "forged-nonce"
    session["oidc_states"] = states
    session.save()
    response = client.get(callback.removeprefix("http://testserver"))
    assert "did not succeed" in login_page(client, response)
    assert signed_in_as(client) is None
    refused = Event.objects.get(action="auth.sso_refused")
    assert "Nonce" in refused.details["detail"]


def test_a_code_cannot_be_replayed(client: Client, sso: Provider, desk_officer: Agent) -> None:
    callback = provider_sign_in(start_sso(client, sso), "camille").removeprefix("http://testserver")
    client.get(callback)
    assert signed_in_as(client) is not None
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = other.get(callback)
    assert response.status_code == 302
    assert signed_in_as(other) is None


def test_a_code_of_another_browser_is_refused(
    client: Client, sso: Provider, desk_officer: Agent
) -> None:
    # The victim's callback replayed in the attacker's browser: no state in that session.
    callback = provider_sign_in(start_sso(client, sso), "camille")
    attacker = Client(HTTP_ACCEPT_LANGUAGE="en")
    start_sso(attacker, sso)
    response = attacker.get(callback.removeprefix("http://testserver"))
    assert response.status_code == 302
    assert signed_in_as(attacker) is None


def test_an_error_from_the_provider_is_refused(
    client: Client, sso: Provider, desk_officer: Agent
) -> None:
    start_sso(client, sso)
    response = client.get(reverse("accounts:sso_callback"), {"error": "access_denied"})
    assert "did not succeed" in login_page(client, response)
    assert Event.objects.get(action="auth.sso_refused").details["detail"] == "access_denied"


def test_an_unreachable_provider_gets_a_clear_message(
    client: Client, settings: Any, desk_officer: Agent
) -> None:
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = "http://127.0.0.1:9/o"  # discard port: nothing listens
    settings.OIDC_RP_CLIENT_ID = "x"
    settings.OIDC_RP_CLIENT_SECRET = "y"
    response = client.get(reverse("accounts:sso_login"))
    assert "cannot be reached right now" in login_page(client, response)


def test_when_sso_is_off_there_is_no_button_and_no_endpoint(
    client: Client, settings: Any, desk_officer: Agent
) -> None:
    settings.OIDC_ENABLED = False
    page = client.get(reverse("accounts:login")).content.decode()
    assert "ministry's account" not in page
    assert client.get(reverse("accounts:sso_login")).status_code == 404
    assert (
        client.get(reverse("accounts:sso_callback"), {"code": "c", "state": "s"}).status_code == 404
    )


def test_the_button_is_in_french_too(client: Client, sso: Provider) -> None:
    page = client.get(reverse("accounts:login"), headers={"accept-language": "fr"})
    assert "Se connecter avec le compte du ministère" in page.content.decode()


ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "https://idp.example/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": "https://idp.example/token",
    "OIDC_OP_USER_ENDPOINT": "https://idp.example/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": "https://idp.example/jwks",
}


def test_sso_is_off_without_a_client_id() -> None:
    assert not env.oidc_enabled(client_id="", client_secret="", issuer="", endpoints={})


def test_sso_is_on_with_an_issuer_or_every_endpoint() -> None:
    assert env.oidc_enabled(
        client_id="c", client_secret="s", issuer="https://idp.example", endpoints={}
    )
    assert env.oidc_enabled(client_id="c", client_secret="s", issuer="", endpoints=ENDPOINTS)


@pytest.mark.parametrize(
    ("secret", "issuer", "endpoints", "says"),
    [
        ("", "https://idp.example", {}, "OIDC_RP_CLIENT_SECRET"),
        ("s", "", {**ENDPOINTS, "OIDC_OP_JWKS_ENDPOINT": ""}, "OIDC_OP_JWKS_ENDPOINT missing"),
        ("s", "idp.example", {}, "is not an http(s) address"),
    ],
)
def test_half_a_configuration_stops_start_up(
    secret: str, issuer: str, endpoints: dict[str, str], says: str
) -> None:
    with pytest.raises(env.ConfigurationError, match=re.escape(says)):
        env.oidc_enabled(client_id="c", client_secret=secret, issuer=issuer, endpoints=endpoints)


def test_sso_with_the_endpoints_given_one_by_one(
    client: Client, settings: Any, sso: Provider, desk_officer: Agent
) -> None:
    settings.OIDC_ISSUER = ""
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{sso.issuer}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{sso.issuer}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{sso.issuer}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{sso.issuer}/.well-known/jwks.json"
    response = sso_sign_in(client, sso, "camille")
    assert response["Location"] == reverse("home")
    assert str(signed_in_as(client)) == str(desk_officer.pk)


def test_an_id_token_for_another_issuer_is_refused(
    client: Client, settings: Any, sso: Provider, desk_officer: Agent
) -> None:
    # Endpoints of the real provider, but the platform expects another issuer.
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{sso.issuer}/authorize/"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{sso.issuer}/token/"
    settings.OIDC_OP_USER_ENDPOINT = f"{sso.issuer}/userinfo/"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{sso.issuer}/.well-known/jwks.json"
    settings.OIDC_ISSUER = "http://127.0.0.1:9/elsewhere"
    response = sso_sign_in(client, sso, "camille")
    assert "did not succeed" in login_page(client, response)
    assert "issuer" in Event.objects.get(action="auth.sso_refused").details["detail"].lower()

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from diplomatie.audit.models import Event
from diplomatie.directory.models import Agent
from tests.conftest import signed_in
from tests.factories import PASSWORD, run_queued_tasks

LOGIN = "accounts:login"


def sign_in(client: Client, email: str, password: str, language: str = "en") -> Any:
    return client.post(
        reverse(LOGIN),
        {"username": email, "password": password},
        headers={"accept-language": language},
    )


def test_sign_in_with_email_and_password(client: Client, desk_officer: Agent) -> None:
    response = sign_in(client, desk_officer.email, PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    event = Event.objects.get(action="auth.login")
    assert event.actor == desk_officer
    home = client.get(reverse("home"))
    assert desk_officer.display_name in home.content.decode()


def test_email_is_case_insensitive(client: Client, desk_officer: Agent) -> None:
    response = sign_in(client, desk_officer.email.upper(), PASSWORD)
    assert response.status_code == 302


def test_passwords_are_hashed_with_argon2(desk_officer: Agent) -> None:
    agent = Agent.objects.create_user("new@d.example", PASSWORD, display_name="New")
    assert agent.password.startswith("argon2")


@pytest.mark.parametrize("language", ["fr", "en"])
def test_wrong_password_gets_a_clear_message(
    client: Client, desk_officer: Agent, language: str
) -> None:
    response = sign_in(client, desk_officer.email, "wrong", language)
    assert response.status_code == 200
    body = response.content.decode()
    expected = {
        "fr": "Adresse électronique ou mot de passe incorrect",
        "en": "Wrong e-mail address or password",
    }[language]
    assert expected in body
    failed = Event.objects.get(action="auth.login_failed")
    assert failed.details == {"email": desk_officer.email}
    assert "wrong" not in str(failed.details)


def test_repeated_failures_lock_the_account(client: Client, desk_officer: Agent) -> None:
    for _ in range(5):
        sign_in(client, desk_officer.email, "wrong", "en")
    locked = sign_in(client, desk_officer.email, PASSWORD, "en")
    assert locked.status_code == 429
    body = locked.content.decode()
    assert "Too many failed sign-ins" in body
    assert "15 minutes" in body
    # Even the right password does not open it while locked.
    assert "_auth_user_id" not in client.session
    french = sign_in(client, desk_officer.email, PASSWORD, "fr")
    assert "Trop de tentatives" in french.content.decode()


def test_lock_is_per_account(client: Client, desk_officer: Agent, service_head: Agent) -> None:
    for _ in range(5):
        sign_in(client, desk_officer.email, "wrong")
    response = sign_in(client, service_head.email, PASSWORD)
    assert response.status_code == 302


def test_inactive_account_cannot_sign_in(client: Client, desk_officer: Agent) -> None:
    desk_officer.is_active = False
    desk_officer.save(update_fields=["is_active"])
    response = sign_in(client, desk_officer.email, PASSWORD)
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post_and_is_recorded(client: Client, desk_officer: Agent) -> None:
    signed_in(client, desk_officer)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert Event.objects.filter(action="auth.logout", actor=desk_officer).exists()
    assert client.get(reverse("home")).status_code == 302


def test_password_change(client: Client, desk_officer: Agent) -> None:
    signed_in(client, desk_officer)
    new = "a much longer new passphrase"
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    desk_officer.refresh_from_db()
    assert desk_officer.check_password(new)


def test_password_change_rejects_a_short_password(client: Client, desk_officer: Agent) -> None:
    signed_in(client, desk_officer)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "short", "new_password2": "short"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "too short" in response.content.decode()
    desk_officer.refresh_from_db()
    assert desk_officer.check_password(PASSWORD)


def test_password_reset_by_email(client: Client, desk_officer: Agent) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": desk_officer.email})
    assert response.status_code == 302
    run_queued_tasks()  # the worker sends the message
    assert len(mail.outbox) == 1
    match = re.search(r"https?://[^/]+(/compte/oubli/[^\s]+/)", str(mail.outbox[0].body))
    assert match, mail.outbox[0].body
    link = client.get(match.group(1), follow=True)
    assert link.status_code == 200
    new = "another long passphrase here"
    done = client.post(link.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    desk_officer.refresh_from_db()
    assert desk_officer.check_password(new)


def test_password_reset_does_not_reveal_unknown_addresses(client: Client, db: None) -> None:
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@d.example"})
    assert response.status_code == 302
    run_queued_tasks()
    assert len(mail.outbox) == 0


def test_signed_in_visitor_skips_the_login_page(client: Client, desk_officer: Agent) -> None:
    signed_in(client, desk_officer)
    assert client.get(reverse(LOGIN)).status_code == 302

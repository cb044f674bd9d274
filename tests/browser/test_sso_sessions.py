"""An agent signs in with the ministry's account at a real provider, then reviews and ends
her sessions — on a desktop and on a phone — with screenshots and an accessibility check."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from diplomatie.directory.models import Agent, OrganisationKind
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_fits_width,
    screenshot,
)
from tests.factories import PASSWORD, make_member, make_organisation
from tests.oidc_provider.fixtures import PROVIDER_PASSWORD, Provider, oidc_provider, sso

__all__ = ["oidc_provider", "sso"]

pytestmark = pytest.mark.usefixtures("plain_http_cookies")


@pytest.fixture
def camille(transactional_db: None) -> Agent:
    root = make_organisation(OrganisationKind.MINISTRY, name="Ministère", code="ministere")
    levant = make_organisation(OrganisationKind.SERVICE, parent=root, name="Levant", code="lev")
    return make_member(levant, email="camille@d.example", display_name="Camille Laurent")


@pytest.mark.parametrize(("size_name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_agent_signs_in_with_the_ministry_account_and_ends_a_session(
    browser: Any,
    live_server: Any,
    sso: Provider,
    camille: Agent,
    size_name: str,
    viewport: dict[str, int],
) -> None:
    # Another device signed in with the password earlier.
    other = Client(HTTP_USER_AGENT="Firefox on the office desktop")
    other.post("/compte/connexion/", {"username": camille.email, "password": PASSWORD})
    base = live_server.url.replace("localhost", "127.0.0.1")
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    page.goto(base + "/compte/connexion/")
    button = page.get_by_role("link", name="Sign in with the ministry's account")
    assert button.is_visible()
    assert_accessible(page, f"sso-login-{size_name}")
    assert_fits_width(page, f"sso-login-{size_name}")
    screenshot(page, f"sso-01-sign-in-{size_name}")

    button.click()
    page.wait_for_url(f"{sso.base_url}/login/**")
    page.get_by_label("Username").fill("camille")
    page.get_by_label("Password").fill(PROVIDER_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base + "/")

    page.goto(base + "/compte/sessions/")
    assert page.get_by_role("heading", name="My sessions", level=1).is_visible()
    cards = page.get_by_role("list", name="Active sessions").get_by_role("listitem")
    assert cards.count() == 2
    assert page.get_by_text("This session", exact=True).is_visible()
    assert page.get_by_text("Ministry account (single sign-on)").is_visible()
    assert_accessible(page, f"sessions-{size_name}")
    assert_fits_width(page, f"sessions-{size_name}")
    screenshot(page, f"sso-02-my-sessions-{size_name}")

    page.get_by_role("button", name="End this session").click()
    page.get_by_text("The session is ended").wait_for()
    assert cards.count() == 1
    assert other.get("/").status_code == 302
    assert_accessible(page, f"sessions-ended-{size_name}")
    screenshot(page, f"sso-03-session-ended-{size_name}")
    context.close()

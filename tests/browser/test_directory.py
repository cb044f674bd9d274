"""Sign in as a demo agent, browse the organisation tree, switch language — on a
desktop and on a phone — with screenshots and an accessibility check on every page."""

from __future__ import annotations

from typing import Any

import pytest

from diplomatie.demo.ministry import DEMO_PASSWORD
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_fits_width,
    screenshot,
)

EMBASSY_AGENT = "sophie.bernard@diplomatie.example"

pytestmark = pytest.mark.usefixtures("plain_http_cookies", "demo_ministry")


@pytest.mark.parametrize(("size_name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_sign_in_browse_and_switch_language(
    browser: Any, live_server: Any, size_name: str, viewport: dict[str, int]
) -> None:
    context = browser.new_context(viewport=viewport, locale="fr-FR")
    page = context.new_page()
    page.goto(live_server.url + "/")

    # Signed out: the login page, in French from the browser's language.
    assert page.locator("html").get_attribute("lang") == "fr"
    assert page.get_by_role("heading", name="Se connecter").is_visible()
    assert_accessible(page, f"login-{size_name}")
    assert_fits_width(page, f"login-{size_name}")
    screenshot(page, f"01-login-{size_name}")

    page.get_by_label("Adresse électronique").fill(EMBASSY_AGENT)
    page.get_by_label("Mot de passe").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(live_server.url + "/")
    # The journal is the home page.
    assert page.get_by_role("heading", name="Journal", level=1).is_visible()
    assert_accessible(page, f"journal-{size_name}")
    assert_fits_width(page, f"journal-{size_name}")
    screenshot(page, f"02-journal-{size_name}")
    page.goto(live_server.url + "/moi/")
    assert page.get_by_role("heading", name="Bienvenue, Sophie Bernard").is_visible()
    assert_accessible(page, f"home-{size_name}")
    assert_fits_width(page, f"home-{size_name}")
    screenshot(page, f"02-home-{size_name}")

    # The organisation tree.
    page.get_by_role("navigation", name="Menu principal").get_by_role(
        "link", name="Organisations"
    ).click()
    page.wait_for_url("**/annuaire/")
    tree = page.locator(".tree")
    assert tree.get_by_text(
        "Ministère de l’Europe et des Affaires étrangères"
    ).first.is_visible() or (tree.get_by_text("MEAE").first.is_visible())
    assert_accessible(page, f"tree-{size_name}")
    assert_fits_width(page, f"tree-{size_name}")
    screenshot(page, f"03-tree-{size_name}")

    # Search by city: the permanent representation in Geneva.
    page.get_by_label("Rechercher par nom, sigle ou ville").fill("Genève")
    page.get_by_role("button", name="Rechercher").click()
    result = page.locator(".results a").first
    assert "Genève" in result.inner_text() or "Nations unies" in result.inner_text()
    result.click()
    assert page.get_by_role("heading", level=1).is_visible()
    assert "Genève" in page.content()
    assert_accessible(page, f"organisation-{size_name}")
    assert_fits_width(page, f"organisation-{size_name}")
    screenshot(page, f"04-organisation-{size_name}")

    # Switch to English: the same page comes back in English and stays so.
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", name="Members").is_visible()
    page.goto(live_server.url + "/annuaire/")
    assert page.get_by_role("heading", name="Organisations", level=1).is_visible()
    assert page.get_by_label("Search by name, acronym or city").is_visible()
    assert_accessible(page, f"tree-en-{size_name}")
    screenshot(page, f"05-tree-en-{size_name}")
    context.close()


def test_wrong_password_then_lockout(browser: Any, live_server: Any) -> None:
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/compte/connexion/")
    for attempt in range(5):
        page.get_by_label("E-mail address").fill(EMBASSY_AGENT)
        page.get_by_label("Password").fill(f"not-the-password-{attempt}")
        page.get_by_role("button", name="Sign in").click()
        if attempt == 0:
            alert = page.get_by_role("alert")
            assert "Wrong e-mail address or password" in alert.inner_text()
            assert_accessible(page, "login-error")
            screenshot(page, "06-login-error-phone")
    # The fifth failure locks the account; the right password no longer opens it.
    assert "Too many failed sign-ins" in page.get_by_role("alert").inner_text()
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_label("E-mail address").fill(EMBASSY_AGENT)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    assert "Too many failed sign-ins" in page.get_by_role("alert").inner_text()
    assert_accessible(page, "locked-out")
    screenshot(page, "07-locked-out-phone")
    context.close()

"""A head of service rates a publication, then studies the audience of their service at
phone width and on a desktop: the plots render under the CSP, axe finds nothing."""

from __future__ import annotations

from typing import Any

import pytest

from diplomatie.audience.models import Rating
from diplomatie.audience.scopes import scopes_for
from diplomatie.demo.ministry import DEMO_PASSWORD
from diplomatie.directory.models import Agent
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, assert_fits_width, screenshot

pytestmark = pytest.mark.usefixtures("plain_http_cookies", "demo_ministry")
HEAD = "henri.dubois@diplomatie.example"


def sign_in(browser: Any, live_server: Any, viewport: dict[str, int]) -> Any:
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_label("E-mail address").fill(HEAD)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")
    return page


def plots_rendered(page: Any) -> None:
    images = page.locator(".plot img")
    assert images.count() == 2
    for i in range(2):
        image = images.nth(i)
        image.scroll_into_view_if_needed()
        assert image.evaluate("img => img.complete && img.naturalWidth > 0"), i
        assert image.get_attribute("alt")


def test_rate_then_audience_page(browser: Any, live_server: Any) -> None:
    head = Agent.objects.get(email=HEAD)
    scope = next(s for s in scopes_for(head) if s.key != "mine")
    publication = scope.publications.order_by("-sent_at").first()
    assert publication is not None

    page = sign_in(browser, live_server, PHONE)
    page.goto(f"{live_server.url}/publications/{publication.pk}/")
    page.locator("label[for=score-4]").click()
    page.get_by_role("button", name="Rate").click()
    page.get_by_text("Thank you: your rating is recorded.").wait_for()
    assert Rating.objects.get(agent=head, publication=publication).score == 4
    assert_accessible(page, "rated-phone")
    screenshot(page, "40-rated-phone")

    page.goto(f"{live_server.url}/audience/{scope.key}/?days=90")
    page.get_by_role("heading", name="Views and unique readers per day").wait_for()
    plots_rendered(page)
    assert_fits_width(page, "audience-phone")
    assert_accessible(page, "audience-phone")
    screenshot(page, "41-audience-phone")

    desktop = sign_in(browser, live_server, DESKTOP)
    desktop.goto(f"{live_server.url}/audience/{scope.key}/")
    plots_rendered(desktop)
    assert_accessible(desktop, "audience-desktop")
    screenshot(desktop, "42-audience-desktop")
    desktop.goto(f"{live_server.url}/?ranking=read")
    assert_accessible(desktop, "journal-most-read")
    screenshot(desktop, "43-journal-most-read-desktop")

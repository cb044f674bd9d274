"""An administrator signs in, opens the audit log, filters it and verifies the chain —
on a desktop and on a phone — with screenshots and an accessibility check."""

from __future__ import annotations

from typing import Any

import pytest

from diplomatie.accounts.second_factor.devices import totp_devices
from diplomatie.audit.recorder import record_event
from diplomatie.directory.models import Agent
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_fits_width,
    screenshot,
)
from tests.factories import PASSWORD, make_agent
from tests.second_factor import enrol_totp, fresh_code

pytestmark = pytest.mark.usefixtures("plain_http_cookies")


@pytest.fixture
def audited(transactional_db: None) -> Agent:
    admin = Agent.objects.create_superuser(
        "admin@d.example", PASSWORD, display_name="Administratrice"
    )
    reader = make_agent(email="camille.laurent@d.example", display_name="Camille Laurent")
    for n in range(8):
        record_event(
            "publication.read_restricted",
            actor=reader,
            target=reader,
            details={"chrono": f"WASHINGTON-2026-{n:04d}"},
        )
    record_event("auth.login_failed", details={"email": "intrus@example.org"})
    record_event(
        "agent.change",
        actor=admin,
        target=reader,
        details={"via": "admin", "changes": {"is_staff": {"before": False, "after": True}}},
    )
    enrol_totp(admin)
    return admin


@pytest.mark.parametrize(("size_name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_administrator_reads_filters_and_verifies_the_log(
    browser: Any, live_server: Any, audited: Agent, size_name: str, viewport: dict[str, int]
) -> None:
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/compte/connexion/?next=/audit/")
    page.get_by_label("E-mail address").fill(audited.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    # Administrators present their second factor after the password.
    page.wait_for_url("**/double-facteur/verification/**")
    page.get_by_label("Code").fill(fresh_code(totp_devices(audited).get()))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url("**/audit/")

    assert page.get_by_role("heading", name="Audit log", level=1).is_visible()
    assert page.get_by_role("table").get_by_text("auth.login_failed").is_visible()
    assert_accessible(page, f"audit-{size_name}")
    assert_fits_width(page, f"audit-{size_name}")
    screenshot(page, f"audit-01-log-{size_name}")

    page.get_by_text("Filters").click()
    page.get_by_label("Action").fill("publication.read")
    page.get_by_role("button", name="Apply").click()
    page.wait_for_url("**action=publication.read**")
    table = page.get_by_role("table")
    assert table.get_by_text("auth.login_failed").count() == 0
    assert table.get_by_text("publication.read_restricted").count() == 8
    assert_accessible(page, f"audit-filtered-{size_name}")
    screenshot(page, f"audit-02-filtered-{size_name}")

    page.get_by_role("button", name="Verify the chain now").click()
    status = page.locator("#chain-status")
    status.get_by_text("The chain is intact").wait_for()
    assert page.url.endswith("action=publication.read") or "action=" in page.url  # htmx: same page
    assert_accessible(page, f"audit-verified-{size_name}")
    assert_fits_width(page, f"audit-verified-{size_name}")
    screenshot(page, f"audit-03-verified-{size_name}")
    context.close()

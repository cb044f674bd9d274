"""A journalist applies on the public form, naming his sponsor; an administrator vets and
accredits him; he chooses his password from the e-mailed link, signs in, is shown the
security charter, accepts it and lands on a journal that shows only what is opened to
partners — desktop and phone, with screenshots and axe checks."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail

from diplomatie.accounts.models import Accreditation, AccreditationState, CharterAcceptance
from diplomatie.accounts.second_factor.devices import totp_devices
from diplomatie.directory.models import Agent
from tests.accounts.helpers import publish_charter
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, assert_fits_width, screenshot
from tests.conftest import Ministry
from tests.factories import PASSWORD, send_publication
from tests.second_factor import enrol_totp, fresh_code

pytestmark = pytest.mark.usefixtures("plain_http_cookies")
EMAIL = "jamie.rivera@presse-internationale.example"
NEW_PASSWORD = "Lignes de front 2026"
OPEN = "Point presse : calendrier de la visite au Liban"
CLOSED = "Liban : entretien confidentiel avec le Premier ministre"


def admin_sign_in(browser: Any, live_server: Any, admin: Agent, viewport: dict[str, int]) -> Any:
    """Password, then the second factor every administrator presents."""
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_label("E-mail address").fill(admin.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/double-facteur/verification/**")
    page.get_by_label("Code").fill(fresh_code(totp_devices(admin).get()))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(live_server.url + "/")
    return page


def check(page: Any, name: str, *, phone: bool = False) -> None:
    assert_accessible(page, name)
    if phone:
        assert_fits_width(page, name)
    screenshot(page, name)


def test_journalist_is_accredited_and_accepts_the_charter(
    browser: Any,
    live_server: Any,
    ministry: Ministry,
    desk_officer: Agent,
    ambassador: Agent,
    admin: Agent,
) -> None:
    version = publish_charter(admin)
    send_publication(
        desk_officer,
        kind="note",
        summary="",
        subject=OPEN,
        issuer=ministry.levant,
        action_to=ministry.levant,
        info_to=[ministry.media],
        audience="partners",
    )
    send_publication(
        ambassador, subject=CLOSED, issuer=ministry.embassy, action_to=ministry.levant,
        audience="ministry",
    )  # fmt: skip

    # 1. The journalist applies on the public form, from the sign-in page (desktop).
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_role("link", name="Apply for accreditation").click()
    page.wait_for_url("**/compte/accreditation/demande/")
    page.get_by_label("Full name").fill("Jamie Rivera")
    page.get_by_role("textbox", name="E-mail address", exact=True).fill(EMAIL)
    page.get_by_label("Accredited journalist").check()
    page.get_by_role("textbox", name="Organisation", exact=True).fill("Presse Internationale")
    page.get_by_label("Position").fill("Diplomatic correspondent")
    page.get_by_label("Press card number").fill("CP-2026-4410")
    page.get_by_label("Your sponsor's e-mail address").fill(desk_officer.email)
    page.get_by_label("Why you ask for access (optional)").fill("I cover the Levant.")
    check(page, "accreditation-01-apply-desktop")
    page.get_by_role("button", name="Send my application").click()
    page.wait_for_url("**/demande/envoyee/")
    page.get_by_text("an administrator will vet your application").wait_for()
    check(page, "accreditation-02-sent-desktop")
    context.close()
    # The same form on a phone.
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/compte/accreditation/demande/")
    check(page, "accreditation-01-apply-phone", phone=True)
    context.close()
    row = Accreditation.objects.get()
    assert row.sponsor == desk_officer and row.state == AccreditationState.PENDING

    # 2. The administrator vets and accredits him into the existing media organisation.
    enrol_totp(admin)
    page = admin_sign_in(browser, live_server, admin, PHONE)
    page.goto(live_server.url + "/compte/accreditations/")
    page.get_by_role("link", name="Jamie Rivera").click()
    page.wait_for_url(f"**/compte/accreditations/{row.pk}/")
    page.get_by_text("CP-2026-4410").wait_for()
    check(page, "accreditation-03-vet-phone", phone=True)
    page.context.close()
    page = admin_sign_in(browser, live_server, admin, DESKTOP)
    page.goto(live_server.url + "/compte/accreditations/")
    check(page, "accreditation-03-list-desktop")
    page.get_by_role("link", name="Jamie Rivera").click()
    page.get_by_label("Existing organisation").select_option(label=ministry.media.label)
    check(page, "accreditation-04-accept-desktop")
    page.get_by_role("button", name="Accept the accreditation").click()
    page.get_by_text("Accreditation accepted").first.wait_for()
    check(page, "accreditation-05-accepted-desktop")
    page.context.close()
    row.refresh_from_db()
    assert row.state == AccreditationState.ACCEPTED and row.organisation == ministry.media

    # 3. He chooses his password from the e-mailed link, on his phone.
    message = next(m for m in mail.outbox if m.to == [EMAIL] and "/bienvenue/" in m.body)
    found = re.search(r"https?://[^/\s]+(/compte/bienvenue/\S+/)", str(message.body))
    assert found, message.body
    context = browser.new_context(viewport=PHONE, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + found.group(1))
    page.get_by_role("heading", name="Choose your password").wait_for()
    page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    check(page, "accreditation-06-password-phone", phone=True)
    page.get_by_role("button", name="Save my password").click()
    page.wait_for_url("**/bienvenue/termine/")

    # 4. He signs in and is shown the charter first.
    page.get_by_role("link", name="Sign in").click()
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/compte/charte/**")
    page.get_by_role("heading", name="Security charter version 1").wait_for()
    check(page, "accreditation-07-charter-phone", phone=True)
    page.goto(live_server.url + "/annuaire/")  # any page leads back to it
    page.wait_for_url("**/compte/charte/**")
    page.get_by_label("I have read the security charter and I undertake to respect it.").check()
    page.get_by_role("button", name="I accept the charter").click()
    page.wait_for_url(live_server.url + "/annuaire/")
    page.goto(live_server.url + "/")

    # 5. His journal shows what is opened to partners, nothing else.
    page.get_by_text(OPEN).first.wait_for()
    assert CLOSED not in page.content()
    check(page, "accreditation-08-journal-phone", phone=True)
    context.close()
    acceptance = CharterAcceptance.objects.get()
    assert acceptance.version == version and acceptance.agent.email == EMAIL
    assert acceptance.ip_address == "127.0.0.1"
    context = browser.new_context(viewport=DESKTOP, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_label("E-mail address").fill(EMAIL)
    page.get_by_label("Password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(live_server.url + "/")
    page.get_by_text(OPEN).first.wait_for()
    assert CLOSED not in page.content()
    check(page, "accreditation-09-journal-desktop")
    page.goto(live_server.url + "/compte/")
    page.get_by_text(version.sha256).wait_for()
    check(page, "accreditation-10-account-desktop")
    context.close()

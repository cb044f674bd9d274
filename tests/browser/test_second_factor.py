"""A signer signs with a second factor, in Chromium.

Henri Dubois, head of the Levant service, has a letter waiting for his signature and no
second factor yet: after his password he is sent to enrolment, adds an authenticator app
from the QR code page (the code is computed here from the secret the page shows), keeps
his recovery codes; at his next sign-in — on a phone — the second step asks for a code,
and he signs the letter with a fresh one. Diane Directrice enrols a passkey (Chromium's
virtual authenticator over the DevTools protocol) and signs another letter with it.
Screenshots at desktop and 360-px phone widths, axe checks on every page."""

from __future__ import annotations

import base64
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from django.db import connection
from django_otp import oath  # type: ignore[import-untyped, unused-ignore]

from diplomatie.accounts.second_factor.devices import passkeys, totp_devices
from diplomatie.directory.models import Agent, Role
from diplomatie.parapheur import actions
from diplomatie.parapheur.actions import StepSpec
from diplomatie.parapheur.models import Act, ActKind, Circuit, CircuitState, StepKind
from diplomatie.publications.actions import do_create_draft
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, assert_fits_width, screenshot
from tests.conftest import Ministry
from tests.factories import PASSWORD, draft_data, make_member
from tests.second_factor import fresh_code

TOTP: Any = oath.TOTP  # django-otp is untyped

pytestmark = pytest.mark.usefixtures("plain_http_cookies")


def check(page: Any, name: str, *, phone: bool = False) -> None:
    assert_accessible(page, name)
    if phone:
        assert_fits_width(page, name)
    screenshot(page, name)


def password_step(browser: Any, live_server: Any, agent: Agent, viewport: dict[str, int]) -> Any:
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_label("E-mail address").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()
    return page


def letter_for(ministry: Ministry, author: Agent, signer: Agent, subject: str) -> Circuit:
    """Started in a thread of its own: the PDF work runs an event loop, and Playwright's
    already runs in this one."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(_start_letter, ministry, author, signer, subject).result()


def _start_letter(ministry: Ministry, author: Agent, signer: Agent, subject: str) -> Circuit:
    try:
        return _draft_and_start(ministry, author, signer, subject)
    finally:
        connection.close()


def _draft_and_start(ministry: Ministry, author: Agent, signer: Agent, subject: str) -> Circuit:
    letter = do_create_draft(
        author,
        draft_data(
            kind="letter",
            subject=subject,
            summary="",
            body="Monsieur l'Ambassadeur,\n\nJ'ai l'honneur de vous faire savoir…",
            issuer=ministry.levant,
            action_to=ministry.embassy,
        ),
    )
    return actions.do_start_circuit(
        author, letter, steps=[StepSpec(kind=StepKind.SIGNATURE, agents=[signer])]
    )


def test_a_signer_enrols_an_app_and_signs_with_it(
    browser: Any,
    live_server: Any,
    ministry: Ministry,
    desk_officer: Agent,
    service_head: Agent,
    tmp_path: Any,
    settings: Any,
) -> None:
    settings.DATA_DIR = tmp_path
    settings.PUBLIC_URL = live_server.url
    circuit = letter_for(ministry, desk_officer, service_head, "Lettre à l'ambassadeur du Liban")

    # 1. After the password, a signer without a second factor is sent to enrolment.
    page = password_step(browser, live_server, service_head, DESKTOP)
    page.goto(f"{live_server.url}/parapheur/{circuit.pk}/")
    page.wait_for_url("**/compte/double-facteur/?next=**")
    assert page.get_by_text("Your role asks for a second factor").is_visible()
    check(page, "60-second-factor-required-desktop")
    page.get_by_role("link", name="Add an authenticator app").click()
    page.wait_for_url("**/double-facteur/application/**")
    assert page.get_by_role("img", name="QR code of the secret key").is_visible()
    check(page, "61-second-factor-qr-desktop")
    secret = page.locator("#totp-secret").inner_text().replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    page.get_by_label("Code shown by the app").fill(f"{TOTP(key).token():06d}")
    page.get_by_label("Name of this device (optional)").fill("Téléphone professionnel")
    page.get_by_role("button", name="Confirm").click()
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    codes = re.findall(r"[a-z0-9]{5}-[a-z0-9]{5}", page.locator(".recovery-codes").inner_text())
    assert len(codes) == 10
    check(page, "62-second-factor-recovery-codes-desktop")
    page.get_by_role("link", name="I have kept them — continue").click()
    page.wait_for_url(f"{live_server.url}/parapheur/{circuit.pk}/")
    page.context.close()
    device = totp_devices(service_head).get()
    assert device.name == "Téléphone professionnel"

    # 2. Next sign-in, on a phone: the second step asks for a code, then the letter is signed.
    page = password_step(browser, live_server, service_head, PHONE)
    page.wait_for_url("**/double-facteur/verification/**")
    check(page, "63-second-factor-step-phone", phone=True)
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Continue").click()
    page.get_by_text("Wrong or expired code: 4 attempts left").wait_for()
    check(page, "64-second-factor-wrong-code-phone", phone=True)
    page.get_by_label("Code").fill(fresh_code(device))
    page.get_by_role("button", name="Continue").click()
    page.wait_for_url(live_server.url + "/")
    page.goto(f"{live_server.url}/parapheur/{circuit.pk}/")
    check(page, "65-parapheur-sign-with-code-phone", phone=True)
    page.get_by_label("Code of your authenticator app").fill(fresh_code(device))
    page.get_by_role("button", name="Sign", exact=True).click()
    page.get_by_text("Signed, sealed and sent.").wait_for()
    check(page, "66-parapheur-signed-with-code-phone", phone=True)
    page.context.close()
    circuit.refresh_from_db()
    assert circuit.state == CircuitState.COMPLETED
    assert Act.objects.get(circuit=circuit, kind=ActKind.SIGN).confirmed_by == "totp"


@pytest.mark.parametrize(("size_name", "viewport"), [("desktop", DESKTOP), ("phone", PHONE)])
def test_a_signer_enrols_a_passkey_and_signs_with_it(
    browser: Any,
    live_server: Any,
    ministry: Ministry,
    desk_officer: Agent,
    tmp_path: Any,
    settings: Any,
    size_name: str,
    viewport: dict[str, int],
) -> None:
    settings.DATA_DIR = tmp_path
    settings.PUBLIC_URL = live_server.url  # http://localhost:<port>: a secure context
    director = make_member(
        ministry.political, role=Role.HEAD, display_name="Diane Directrice", email="dd@d.example"
    )
    circuit = letter_for(ministry, desk_officer, director, "Lettre au président de l'IMA")
    phone = size_name == "phone"

    page = password_step(browser, live_server, director, viewport)
    cdp = page.context.new_cdp_session(page)
    cdp.send("WebAuthn.enable")
    cdp.send(
        "WebAuthn.addVirtualAuthenticator",
        {
            "options": {
                "protocol": "ctap2",
                "transport": "internal",
                "hasResidentKey": True,
                "hasUserVerification": True,
                "isUserVerified": True,
                "automaticPresenceSimulation": True,
            }
        },
    )
    page.goto(f"{live_server.url}/compte/double-facteur/cle/")
    page.get_by_label("Name of this passkey (optional)").fill("Ordinateur")
    create = page.get_by_role("button", name="Create my passkey")
    create.wait_for()
    check(page, f"67-passkey-setup-{size_name}", phone=phone)
    create.click()
    page.get_by_role("heading", name="Your recovery codes").wait_for()
    assert passkeys(director).get().name == "Ordinateur"
    page.goto(f"{live_server.url}/parapheur/{circuit.pk}/")
    confirm = page.get_by_role("button", name="Confirm with my passkey")
    confirm.wait_for()
    check(page, f"68-parapheur-sign-with-passkey-{size_name}", phone=phone)
    confirm.click()
    page.get_by_text("Signed, sealed and sent.").wait_for()
    check(page, f"69-parapheur-signed-with-passkey-{size_name}", phone=phone)

    # Signed out and in again: the passkey answers the second step too.
    page.get_by_text("Diane Directrice").first.click()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_label("E-mail address").fill(director.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/double-facteur/verification/**")
    page.get_by_role("button", name="Use my passkey").click()
    page.wait_for_url(live_server.url + "/")
    page.context.close()
    act = Act.objects.get(circuit=circuit, kind=ActKind.SIGN)
    assert act.confirmed_by == "webauthn"

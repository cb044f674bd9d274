"""A formal letter through the parapheur, seen by each actor: the author starts the
circuit from the draft, the visa is given from the journal, two signers confirm with
their authenticator app (one mistypes first), the head of protocol applies the seal; the
author finds the signed letter sent. Screenshots at desktop and phone widths, axe checks,
and 404 for an outsider."""

from __future__ import annotations

from typing import Any

import pytest

from diplomatie.accounts.second_factor.devices import totp_devices
from diplomatie.directory.models import Agent, OrganisationKind, Role
from diplomatie.parapheur.models import Circuit, CircuitState
from diplomatie.publications.actions import do_create_draft
from diplomatie.publications.models import Publication, Status
from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    assert_accessible,
    assert_fits_width,
    screenshot,
)
from tests.conftest import Ministry
from tests.factories import PASSWORD, draft_data, make_member, make_organisation
from tests.second_factor import enrol_totp, fresh_code

pytestmark = pytest.mark.usefixtures("plain_http_cookies")
SUBJECT = "Lettre à l'ambassadeur du Liban – Réunion du groupe de contact"


def sign_in(browser: Any, live_server: Any, agent: Agent, viewport: dict[str, int]) -> Any:
    context = browser.new_context(viewport=viewport, locale="en-GB")
    page = context.new_page()
    page.goto(live_server.url + "/compte/connexion/")
    page.get_by_label("E-mail address").fill(agent.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    device = totp_devices(agent).first()
    if device is not None:  # signers present their second factor after the password
        page.wait_for_url("**/double-facteur/verification/**")
        page.get_by_label("Code").fill(fresh_code(device))
        page.get_by_role("button", name="Continue").click()
    page.wait_for_url(live_server.url + "/")
    return page


def code_of(agent: Agent) -> str:
    return fresh_code(totp_devices(agent).get())


def check(page: Any, name: str, *, phone: bool = False) -> None:
    assert_accessible(page, name)
    if phone:
        assert_fits_width(page, name)
    screenshot(page, name)


def test_a_letter_through_its_circuit(
    browser: Any,
    live_server: Any,
    ministry: Ministry,
    desk_officer: Agent,
    service_head: Agent,
    tmp_path: Any,
    settings: Any,
) -> None:
    settings.DATA_DIR = tmp_path
    protocol = make_organisation(
        OrganisationKind.DIRECTORATE, parent=ministry.ministry, name="Protocole", code="proto"
    )
    visa = make_member(ministry.middle_east, display_name="Valérie Visa", email="visa@d.example")
    director = make_member(
        ministry.political, role=Role.HEAD, display_name="Diane Directrice", email="dir@d.example"
    )
    chief = make_member(
        protocol, role=Role.HEAD, display_name="Paul Protocole", email="proto@d.example"
    )
    outsider = make_member(ministry.consular, display_name="Olga Outsider")
    letter: Publication = do_create_draft(
        desk_officer,
        draft_data(
            kind="letter",
            subject=SUBJECT,
            summary="",
            body="Monsieur l'Ambassadeur,\n\nJ'ai l'honneur de vous informer que la prochaine "
            "réunion du groupe de contact se tiendra à Paris le 14 du mois prochain.",
            issuer=ministry.levant,
            action_to=ministry.embassy,
        ),
    )

    # 1. The author starts the circuit from the draft: visa, two signatures, the cachet.
    page = sign_in(browser, live_server, desk_officer, DESKTOP)
    page.goto(f"{live_server.url}/publications/{letter.pk}/")
    assert page.get_by_role("button", name="Send", exact=True).count() == 0
    page.get_by_role("link", name="Start a signature circuit").click()
    page.wait_for_url("**/parapheur/demarrer/**")
    steps = [
        ("visa", visa.email, "any"),
        ("signature", service_head.email, "any"),
        ("signature", director.email, "any"),
        ("cachet", chief.email, "any"),
    ]
    for n, (kind, email, quorum) in enumerate(steps, start=1):
        page.get_by_label(f"Step {n}", exact=True).select_option(kind)
        page.get_by_label(f"People of step {n} (e-mail addresses)").fill(email)
        page.get_by_label(f"Who must act in step {n}").select_option(quorum)
    check(page, "30-parapheur-start-desktop")
    page.get_by_role("button", name="Start the circuit").click()
    page.wait_for_url("**/parapheur/*/")
    circuit = Circuit.objects.get(publication=letter)
    circuit_url = page.url
    assert "Waiting" in page.locator("table.steps").inner_text()
    check(page, "31-parapheur-author-desktop")
    page.context.close()

    # 2. The visa, from the journal's signature book section, on a phone.
    page = sign_in(browser, live_server, visa, PHONE)
    section = page.locator(".signature-steps")
    assert SUBJECT in section.inner_text()
    check(page, "32-parapheur-journal-visa-phone", phone=True)
    section.get_by_role("link", name=SUBJECT).click()
    page.wait_for_url(circuit_url)
    check(page, "33-parapheur-visa-phone", phone=True)
    page.get_by_role("button", name="Give my visa").click()
    page.get_by_text("Visa given.").wait_for()
    page.context.close()

    # 3. The first signer mistypes the code of their authenticator app, then signs.
    for signer in (service_head, director, chief):
        enrol_totp(signer)
    page = sign_in(browser, live_server, service_head, DESKTOP)
    page.goto(circuit_url)
    page.get_by_label("Code of your authenticator app").fill("000000")
    page.get_by_role("button", name="Sign", exact=True).click()
    page.get_by_text("Wrong or already used code: nothing was signed.").wait_for()
    check(page, "34-parapheur-signer-wrong-code-desktop")
    page.get_by_label("Code of your authenticator app").fill(code_of(service_head))
    page.get_by_role("button", name="Sign", exact=True).click()
    page.get_by_text("Signed.").wait_for()
    page.context.close()

    # 4. The director signs on a phone.
    page = sign_in(browser, live_server, director, PHONE)
    page.goto(circuit_url)
    check(page, "35-parapheur-signer-phone", phone=True)
    page.get_by_label("Code of your authenticator app").fill(code_of(director))
    page.get_by_role("button", name="Sign", exact=True).click()
    page.get_by_text("Signed.").wait_for()
    page.context.close()

    # 5. The head of protocol applies the ministry's seal: the letter leaves.
    page = sign_in(browser, live_server, chief, DESKTOP)
    page.goto(circuit_url)
    check(page, "36-parapheur-cachet-desktop")
    page.get_by_label("Code of your authenticator app").fill(code_of(chief))
    page.get_by_role("button", name="Apply the seal").click()
    page.get_by_text("Signed, sealed and sent.").wait_for()
    check(page, "37-parapheur-completed-desktop")
    page.context.close()
    circuit.refresh_from_db()
    assert circuit.state == CircuitState.COMPLETED
    letter.refresh_from_db()
    assert letter.status == Status.SENT

    # 6. The author finds it sent, with its signed PDF and evidence file.
    page = sign_in(browser, live_server, desk_officer, PHONE)
    page.goto(f"{live_server.url}/parapheur/")
    check(page, "38-parapheur-mine-phone", phone=True)
    page.goto(f"{live_server.url}/publications/{letter.pk}/")
    assert letter.chrono in page.content()
    check(page, "39-parapheur-letter-sent-phone", phone=True)
    signed = page.request.get(f"{circuit_url}document.pdf")
    assert signed.status == 200 and signed.body().startswith(b"%PDF")
    evidence = page.request.get(f"{circuit_url}bordereau.json")
    assert [a["action"] for a in evidence.json()["acts"]][-2:] == ["cachet", "archive"]
    page.context.close()

    # 7. An outsider: 404 on the circuit and its files (the letter went to the embassy).
    page = sign_in(browser, live_server, outsider, DESKTOP)
    for url in (circuit_url, f"{circuit_url}document.pdf", f"{circuit_url}bordereau.pdf"):
        assert page.request.get(url).status == 404, url
    page.context.close()

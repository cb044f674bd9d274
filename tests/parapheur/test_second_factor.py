"""Signing in the parapheur with the second factor: who must have one, a signature
confirmed by a fresh authenticator-app code or by a passkey (end to end through the real
PAdES signing), the evidence file and the audit log naming the factor, failures audited
and locked, and a signer without a device sent to enrolment."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from diplomatie.accounts.second_factor.devices import totp_devices
from diplomatie.accounts.second_factor.requirement import is_required
from diplomatie.audit.models import Event
from diplomatie.core.errors import PermissionDenied
from diplomatie.directory.models import Role
from diplomatie.parapheur import actions, documents
from diplomatie.parapheur.actions import Confirmation, StepSpec
from diplomatie.parapheur.models import Act, ActKind, Circuit, CircuitState, StepKind, StepState
from tests.conftest import signed_in
from tests.factories import PASSWORD, make_member
from tests.parapheur.conftest import REAL_PKI, Cast, full_circuit, make_letter
from tests.second_factor import (
    SoftAuthenticator,
    enrol_passkey,
    enrol_totp,
    fresh_code,
    passkey_answer,
)


def open_step(circuit: Circuit) -> Any:
    return circuit.steps.get(state=StepState.OPEN)


def start(cast: Cast, steps: list[StepSpec] | None = None) -> Circuit:
    return actions.do_start_circuit(
        cast.author, make_letter(cast), steps=steps or full_circuit(cast)
    )


def act(client: Client, circuit: Circuit, data: dict[str, Any]) -> Any:
    circuit.refresh_from_db()
    step = open_step(circuit)
    payload = {f"s{step.pk}-{k}": v for k, v in data.items()}
    payload[f"s{step.pk}-version"] = circuit.version
    return client.post(reverse("parapheur:act", args=[circuit.pk, step.pk]), payload, follow=True)


def test_the_signers_must_have_a_second_factor(cast: Cast) -> None:
    assert not any(is_required(a) for a in (cast.author, cast.signer, cast.director))
    template = actions.do_create_template(
        None,
        organisation=cast.levant,
        name="Standard",
        steps=[
            StepSpec(kind=StepKind.VISA, agents=[cast.visa]),
            StepSpec(kind=StepKind.SIGNATURE, agents=[cast.signer]),
            StepSpec(kind=StepKind.CACHET, role_organisation=cast.protocol, role=Role.HEAD),
        ],
    )
    # Named in a template, or holding a role a template names; a visa is no signature.
    assert is_required(cast.signer) and is_required(cast.protocol_head)
    assert not is_required(cast.visa) and not is_required(cast.author)
    assert not is_required(cast.director)
    # Assigned to a signature step of a running circuit (here by role, still pending).
    circuit = start(cast)
    assert is_required(cast.director)
    # The delegate, today, of a signer.
    deputy = make_member(cast.levant, display_name="Denise Adjointe", email="deputy@d.example")
    assert not is_required(deputy)
    today = timezone.localdate()
    actions.do_declare_delegation(
        cast.director, delegate=deputy, starts_on=today, ends_on=today + dt.timedelta(days=1)
    )
    assert is_required(deputy)
    # Once the circuit is over and the template retired, the director signs nothing more.
    actions.do_withdraw_circuit(cast.author, circuit)
    template.active = False
    template.save(update_fields=["active"])
    assert not is_required(cast.director)


@pytest.mark.skipif(not REAL_PKI, reason="the signatures app is not merged yet")
def test_a_letter_signed_with_an_app_and_with_a_passkey(client: Client, cast: Cast) -> None:
    """Visa, a signature by TOTP, a signature by passkey, the cachet by TOTP: the PDF
    verifies and the evidence file says how each signer confirmed."""
    circuit = start(cast)
    actions.do_visa(cast.visa, open_step(circuit))

    signed_in(client, cast.signer)  # enrols an authenticator app
    page = client.get(reverse("parapheur:circuit", args=[circuit.pk])).content.decode()
    assert "Code of your authenticator app" in page and "Your password" not in page
    assert "Confirm with my passkey" not in page  # no passkey: no button
    page = act(client, circuit, {"code": fresh_code(totp_devices(cast.signer).get())})
    assert "Signed." in page.content.decode()

    director = Client(HTTP_ACCEPT_LANGUAGE="en")
    signed_in(director, cast.director)
    authenticator = SoftAuthenticator()
    enrol_passkey(director, authenticator)
    page = director.get(reverse("parapheur:circuit", args=[circuit.pk])).content.decode()
    assert "Confirm with my passkey" in page and "js/passkeys.js" in page
    answer = passkey_answer(director, authenticator, purpose="signature")
    page = act(director, circuit, {"passkey": answer})
    assert "Signed." in page.content.decode()

    actions.do_cachet(
        cast.protocol_head,
        open_step(circuit),
        confirmation=Confirmation(code=fresh_code(enrol_totp(cast.protocol_head))),
    )
    circuit.refresh_from_db()
    assert circuit.state == CircuitState.COMPLETED
    report = documents._services().verify(documents.load(circuit.document_sha256))
    assert report.valid, report.explanation
    approvals = [s for s in report.signatures if s.kind == "approval"]
    assert [s.signer_email for s in approvals[:2]] == [cast.signer.email, cast.director.email]

    record = json.loads(
        client.get(reverse("parapheur:evidence", args=[circuit.pk, "json"])).content
    )
    confirmed = [(a["action"], a["confirmed_by"]) for a in record["acts"]]
    assert confirmed == [
        ("start", None),
        ("visa", None),
        ("sign", "totp"),
        ("sign", "webauthn"),
        ("cachet", "totp"),
        ("archive", None),
    ]
    signs = Event.objects.filter(action="parapheur.sign").order_by("sequence")
    assert [e.details["confirmed_by"] for e in signs] == ["totp", "webauthn"]
    signed = Event.objects.filter(action="signatures.signed").order_by("sequence")
    assert [e.details["confirmed_by"] for e in signed] == ["totp", "webauthn"]
    evidence = client.get(reverse("parapheur:evidence", args=[circuit.pk, "pdf"]))
    assert evidence.content.startswith(b"%PDF")


def test_a_sign_in_answer_does_not_sign(client: Client, cast: Cast) -> None:
    """The passkey's answer is bound to its purpose: one asked for the sign-in step, and
    one without the holder's verification (PIN, biometrics), do not sign."""
    circuit = start(cast, [StepSpec(kind=StepKind.SIGNATURE, agents=[cast.signer])])
    signed_in(client, cast.signer)
    authenticator = SoftAuthenticator()
    enrol_passkey(client, authenticator)
    for_sign_in = passkey_answer(client, authenticator, purpose="sign-in")
    page = act(client, circuit, {"passkey": for_sign_in})
    assert "The passkey did not confirm: nothing was signed." in page.content.decode()
    authenticator.user_verified = False
    unverified = passkey_answer(client, authenticator, purpose="signature")
    page = act(client, circuit, {"passkey": unverified})
    assert "The passkey did not confirm" in page.content.decode()
    assert not Act.objects.filter(kind=ActKind.SIGN).exists()
    failures = Event.objects.filter(action="parapheur.reauth_failed", actor_id=cast.signer.pk)
    assert [e.details["factor"] for e in failures] == ["webauthn", "webauthn"]


def test_wrong_codes_are_audited_and_lock_signing(cast: Cast) -> None:
    circuit = start(cast, [StepSpec(kind=StepKind.SIGNATURE, agents=[cast.signer])])
    device = enrol_totp(cast.signer)
    step = open_step(circuit)
    with pytest.raises(PermissionDenied, match="4 attempts left"):
        actions.do_sign(cast.signer, step, confirmation=Confirmation(code="000000"))
    # Once a device is enrolled, the password no longer signs.
    with pytest.raises(PermissionDenied, match="Wrong or already used code"):
        actions.do_sign(cast.signer, step, password=PASSWORD)
    for _ in range(3):
        with pytest.raises(PermissionDenied):
            actions.do_sign(cast.signer, step, confirmation=Confirmation(code="000000"))
    with pytest.raises(PermissionDenied, match="signing is locked for 15 minutes"):
        actions.do_sign(cast.signer, step, confirmation=Confirmation(code=fresh_code(device)))
    assert Event.objects.filter(action="parapheur.reauth_failed").count() == 5
    assert not Act.objects.filter(kind=ActKind.SIGN).exists()


def test_a_code_signs_once(cast: Cast) -> None:
    first = start(cast, [StepSpec(kind=StepKind.SIGNATURE, agents=[cast.signer])])
    second = start(cast, [StepSpec(kind=StepKind.SIGNATURE, agents=[cast.signer])])
    code = fresh_code(enrol_totp(cast.signer))
    actions.do_sign(cast.signer, open_step(first), confirmation=Confirmation(code=code))
    with pytest.raises(PermissionDenied, match="already used"):
        actions.do_sign(cast.signer, open_step(second), confirmation=Confirmation(code=code))


def test_a_signer_without_a_device_is_sent_to_enrolment(client: Client, cast: Cast) -> None:
    circuit = start(cast, [StepSpec(kind=StepKind.SIGNATURE, agents=[cast.signer])])
    # A session opened before the step reached them: no second factor asked at sign-in.
    client.force_login(cast.signer, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session["second_factor_state"] = "free"
    session.save()
    page = client.get(reverse("parapheur:circuit", args=[circuit.pk])).content.decode()
    assert "To sign, you need a second factor" in page
    response = act(client, circuit, {"code": "123456"})
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:second_factor"))
    assert "To sign, enrol a second factor first" in response.content.decode()
    assert not Act.objects.filter(kind=ActKind.SIGN).exists()
    # At their next sign-in, the gate sends them to enrolment before any page.
    fresh = Client(HTTP_ACCEPT_LANGUAGE="en")
    fresh.post(reverse("accounts:login"), {"username": cast.signer.email, "password": PASSWORD})
    assert fresh.get(reverse("home"))["Location"].startswith(reverse("accounts:second_factor"))


def test_the_seal_of_a_signer_with_a_passkey_only(client: Client, cast: Cast) -> None:
    circuit = start(cast, [StepSpec(kind=StepKind.CACHET, agents=[cast.protocol_head])])
    client.force_login(cast.protocol_head, backend="django.contrib.auth.backends.ModelBackend")
    authenticator = SoftAuthenticator()
    enrol_passkey(client, authenticator)  # the first device: the session is verified by it
    page = act(
        client, circuit, {"passkey": passkey_answer(client, authenticator, purpose="signature")}
    )
    assert "Signed, sealed and sent." in page.content.decode()
    assert Act.objects.get(kind=ActKind.CACHET).confirmed_by == "webauthn"
    assert not totp_devices(cast.protocol_head).exists()

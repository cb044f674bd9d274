"""The second factor: enrolment of an authenticator app and a passkey, the sign-in second
step, recovery codes, removal, the lock after repeated failures, the administrator's reset
and who is required to have one. Codes are computed from the devices' keys and passkeys
are answered by a software authenticator: the libraries' real verification runs."""

from __future__ import annotations

import re
from typing import Any

from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_static.models import (  # type: ignore[import-untyped, unused-ignore]
    StaticToken,
)

from diplomatie.accounts.second_factor import actions, devices
from diplomatie.accounts.second_factor.requirement import is_required
from diplomatie.audit.models import Event
from diplomatie.directory.models import Agent
from diplomatie.notifications.models import Notification
from tests.conftest import Ministry, signed_in
from tests.factories import PASSWORD, make_member
from tests.second_factor import (
    SoftAuthenticator,
    enrol_passkey,
    enrol_totp,
    fresh_code,
    passkey_answer,
)

VERIFY = "accounts:second_factor_verify"
INDEX = "accounts:second_factor"


def sign_in(client: Client, agent: Agent, next_url: str = "") -> Any:
    data = {"username": agent.email, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(reverse("accounts:login"), data)


def second_step(client: Client, **data: str) -> Any:
    return client.post(reverse(VERIFY), data)


def actions_of(agent: Agent) -> list[str]:
    return list(
        Event.objects.filter(actor_id=agent.pk)
        .order_by("sequence")
        .values_list("action", flat=True)
    )


def test_an_administrator_is_sent_to_enrolment_then_enrols_an_app(
    client: Client, admin: Agent
) -> None:
    sign_in(client, admin)
    for url in (reverse("home"), "/admin/", reverse("audit:events")):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse(INDEX)), url
    page = client.get(reverse(INDEX))
    assert "requires a second factor" in page.content.decode()
    setup = client.get(reverse("accounts:totp_setup"))
    body = setup.content.decode()
    assert 'src="data:image/svg+xml' in body  # the QR code, inline, no script
    pending = devices.totp_devices(admin, confirmed=False).get()
    secret = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', body)
    assert secret is not None and len(secret.group(1).replace(" ", "")) == 32
    assert not devices.has_device(admin)  # not until a first code confirms it
    wrong = client.post(reverse("accounts:totp_setup"), {"code": "123456"})
    assert "is not the one your app shows now" in wrong.content.decode()
    assert Event.objects.get(action="second_factor.enrol_failed").details == {"factor": "totp"}
    done = client.post(
        reverse("accounts:totp_setup"), {"code": fresh_code(pending), "name": "Téléphone"}
    )
    codes = re.findall(r"<code>([a-z0-9]{5}-[a-z0-9]{5})</code>", done.content.decode())
    assert len(codes) == 10 and len(set(codes)) == 10
    assert devices.totp_devices(admin).get().name == "Téléphone"
    assert client.get("/admin/").status_code == 200
    assert client.get(reverse("audit:events")).status_code == 200
    assert actions_of(admin)[-2:] == ["second_factor.enrol", "second_factor.recovery_codes"]
    # Stored as keyed hashes, never in clear.
    stored = set(StaticToken.objects.values_list("token", flat=True))
    assert len(stored) == 10 and not stored & {c.replace("-", "") for c in codes}


def test_sign_in_asks_for_the_code_then_lets_in(client: Client, admin: Agent) -> None:
    device = enrol_totp(admin)
    response = sign_in(client, admin, next_url="/audit/")
    assert response.status_code == 302
    response = client.get("/audit/")
    assert response["Location"] == f"{reverse(VERIFY)}?next=%2Faudit%2F"
    page = client.get(response["Location"])
    assert "Confirm it is you" in page.content.decode()
    assert "Use my passkey" not in page.content.decode()  # no passkey enrolled
    refused = second_step(client, code="000000", next="/audit/")
    assert "Wrong or expired code: 4 attempts left" in refused.content.decode()
    key = client.session.session_key
    ok = second_step(client, code=fresh_code(device), next="/audit/")
    assert ok.status_code == 302 and ok["Location"] == "/audit/"
    assert client.session.session_key != key  # a new session key once verified
    assert client.get("/audit/").status_code == 200
    failed = Event.objects.get(action="second_factor.failed")
    assert failed.actor_id == admin.pk and failed.details["factor"] == "totp"
    assert Event.objects.filter(action="auth.second_factor", actor_id=admin.pk).exists()


def test_a_code_serves_once(client: Client, desk_officer: Agent) -> None:
    device = enrol_totp(desk_officer)
    code = fresh_code(device)
    sign_in(client, desk_officer)
    assert second_step(client, code=code).status_code == 302
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(other, desk_officer)
    assert "Wrong or expired code" in second_step(other, code=code).content.decode()


def test_the_next_address_stays_on_the_site(client: Client, desk_officer: Agent) -> None:
    device = enrol_totp(desk_officer)
    sign_in(client, desk_officer)
    response = second_step(client, code=fresh_code(device), next="https://evil.example/")
    assert response["Location"] == reverse("home")


def test_five_failures_lock_the_second_step(client: Client, desk_officer: Agent) -> None:
    device = enrol_totp(desk_officer)
    sign_in(client, desk_officer)
    for _ in range(4):
        second_step(client, code="111111")
    locked = second_step(client, code="111111")
    assert "now locked for 15 minutes" in locked.content.decode()
    refused = second_step(client, code=fresh_code(device))
    assert refused.status_code == 429
    assert "Too many wrong codes" in refused.content.decode()
    assert client.get(reverse("home")).status_code == 302
    assert Event.objects.filter(action="second_factor.failed").count() == 5
    assert Event.objects.filter(action="second_factor.locked", actor_id=desk_officer.pk).exists()


def test_a_recovery_code_lets_in_once(client: Client, admin: Agent) -> None:
    enrol_totp(admin)
    codes = actions.do_regenerate_recovery_codes(admin)
    sign_in(client, admin)
    response = client.post(reverse(VERIFY), {"code": codes[0].upper()}, follow=True)
    assert "Recovery code accepted; 9 left." in response.content.decode()
    used = Event.objects.get(action="second_factor.recovery_used")
    assert used.details == {"factor": "recovery_code", "codes_left": 9}
    again = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(again, admin)
    assert "Wrong or expired code" in second_step(again, code=codes[0]).content.decode()
    # New codes invalidate the old ones.
    new = actions.do_regenerate_recovery_codes(admin)
    assert "Wrong or expired code" in second_step(again, code=codes[1]).content.decode()
    assert second_step(again, code=new[1]).status_code == 302


def test_regenerating_codes_needs_a_verified_session(client: Client, desk_officer: Agent) -> None:
    enrol_totp(desk_officer)
    sign_in(client, desk_officer)
    response = client.post(reverse("accounts:recovery_codes"))
    assert response.status_code == 302 and response["Location"].startswith(reverse(VERIFY))
    signed_in(client, desk_officer)
    page = client.post(reverse("accounts:recovery_codes"))
    assert len(re.findall(r"<code>", page.content.decode())) == 10


def test_a_passkey_is_enrolled_and_signs_in(client: Client, desk_officer: Agent) -> None:
    signed_in(client, desk_officer)  # an optional agent, no device yet
    authenticator = SoftAuthenticator()
    enrol_passkey(client, authenticator)
    passkey = devices.passkeys(desk_officer).get()
    assert passkey.name == "Clé de test"
    assert Event.objects.get(action="second_factor.enrol").details["factor"] == "webauthn"
    fresh = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(fresh, desk_officer)
    assert fresh.get(reverse("home"))["Location"].startswith(reverse(VERIFY))
    assert "Use my passkey" in fresh.get(reverse(VERIFY)).content.decode()
    answer = passkey_answer(fresh, authenticator, purpose="sign-in")
    assert second_step(fresh, passkey=answer).status_code == 302
    assert fresh.get(reverse("home")).status_code == 200
    passkey.refresh_from_db()
    assert passkey.sign_count == 1
    # The same answer does not serve twice (the challenge left the session).
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(other, desk_officer)
    assert "Wrong or expired code" in second_step(other, passkey=answer).content.decode()


def test_a_passkey_answer_for_another_site_or_key_is_refused(
    client: Client, desk_officer: Agent, service_head: Agent
) -> None:
    setup = signed_in(Client(HTTP_ACCEPT_LANGUAGE="en"), desk_officer)
    authenticator = SoftAuthenticator()
    enrol_passkey(setup, authenticator)
    sign_in(client, desk_officer)
    phished = passkey_answer(
        client, authenticator, purpose="sign-in", origin="https://evil.example"
    )
    assert "Wrong or expired code" in second_step(client, passkey=phished).content.decode()
    wrong_rp = passkey_answer(client, authenticator, purpose="sign-in", rp_id="evil.example")
    assert "Wrong or expired code" in second_step(client, passkey=wrong_rp).content.decode()
    stranger = SoftAuthenticator(user_handle=authenticator.user_handle)
    forged = passkey_answer(client, stranger, purpose="sign-in")
    assert "Wrong or expired code" in second_step(client, passkey=forged).content.decode()
    # Another agent's genuine passkey does not confirm this agent.
    other = Client(HTTP_ACCEPT_LANGUAGE="en")
    signed_in(other, service_head)
    theirs = SoftAuthenticator()
    enrol_passkey(other, theirs)
    borrowed = passkey_answer(client, theirs, purpose="sign-in")
    assert "Wrong or expired code" in second_step(client, passkey=borrowed).content.decode()
    assert (
        Event.objects.filter(action="second_factor.failed", actor_id=desk_officer.pk).count() == 4
    )


def test_adding_a_device_asks_for_the_existing_one(client: Client, desk_officer: Agent) -> None:
    enrol_totp(desk_officer)
    sign_in(client, desk_officer)
    for name in ("accounts:totp_setup", "accounts:passkey_setup"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and response["Location"].startswith(reverse(VERIFY))
    options = client.post(reverse("accounts:passkey_registration_options"))
    assert options.status_code == 302 and options["Location"].startswith(reverse(VERIFY))


def test_removing_a_device_asks_for_the_password_or_a_code(
    client: Client, desk_officer: Agent
) -> None:
    device = enrol_totp(desk_officer)
    actions.do_regenerate_recovery_codes(desk_officer)
    signed_in(client, desk_officer)
    url = reverse("accounts:remove_device", args=["totp", device.pk])
    page = client.post(url, {"password": "not mine"}, follow=True)
    assert "attempts left" in page.content.decode()
    assert devices.has_device(desk_officer)
    page = client.post(url, {"password": PASSWORD}, follow=True)
    assert "The device is removed." in page.content.decode()
    assert not devices.has_device(desk_officer)
    assert devices.recovery_codes_left(desk_officer) == 0  # the codes went with the last one
    removed = Event.objects.get(action="second_factor.remove")
    assert removed.details == {"factor": "totp", "device": device.pk, "last": True}
    # An optional agent without a device goes on without a second step.
    assert client.get(reverse("home")).status_code == 200


def test_removal_with_a_current_code(client: Client, desk_officer: Agent) -> None:
    first, second = enrol_totp(desk_officer), enrol_totp(desk_officer)
    signed_in(client, desk_officer)
    url = reverse("accounts:remove_device", args=["totp", first.pk])
    client.post(url, {"code": fresh_code(second)})
    assert list(devices.totp_devices(desk_officer)) == [second]


def test_nobody_reaches_another_agents_devices(
    client: Client, desk_officer: Agent, service_head: Agent
) -> None:
    theirs = enrol_totp(service_head)
    enrol_totp(desk_officer)
    signed_in(client, desk_officer)
    for kind in ("totp", "webauthn", "other"):
        url = reverse("accounts:remove_device", args=[kind, theirs.pk])
        assert client.post(url, {"password": PASSWORD}).status_code == 404
    assert devices.totp_devices(service_head).exists()
    page = client.get(reverse(INDEX)).content.decode()
    assert f"/totp/{theirs.pk}/" not in page


def test_the_reset_page_is_for_administrators_only(
    client: Client, desk_officer: Agent, service_head: Agent, admin: Agent
) -> None:
    url = reverse("accounts:second_factor_reset", args=[desk_officer.pk])
    signed_in(client, service_head)
    assert client.get(url).status_code == 404
    assert client.post(url, {"reason": "lost"}).status_code == 404
    profile = reverse("directory:agent", args=[desk_officer.pk])
    assert url not in client.get(profile).content.decode()
    signed_in(client, admin)
    assert url in client.get(profile).content.decode()
    assert client.get(url).status_code == 200
    missing = reverse("accounts:second_factor_reset", args=[desk_officer.pk + 1000])
    assert client.get(missing).status_code == 404
    own = client.post(reverse("accounts:second_factor_reset", args=[admin.pk]), {"reason": "x"})
    assert "Ask another administrator" in own.content.decode()


def test_an_administrator_resets_a_lost_device(
    client: Client, desk_officer: Agent, admin: Agent
) -> None:
    device = enrol_totp(desk_officer)
    actions.do_regenerate_recovery_codes(desk_officer)
    theirs = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(theirs, desk_officer)
    assert second_step(theirs, code=fresh_code(device)).status_code == 302
    assert Session.objects.count() == 1
    signed_in(client, admin)
    url = reverse("accounts:second_factor_reset", args=[desk_officer.pk])
    assert client.post(url, {"reason": ""}).status_code == 200  # the form asks why
    assert devices.has_device(desk_officer)
    page = client.post(url, {"reason": "Téléphone perdu, identité vérifiée"}, follow=True)
    assert "sessions are ended" in page.content.decode()
    assert not devices.has_device(desk_officer)
    assert devices.recovery_codes_left(desk_officer) == 0
    # The agent's session is over (the administrator's own goes on).
    assert theirs.get(reverse("home")).status_code == 302
    assert client.get(url).status_code == 200
    event = Event.objects.get(action="second_factor.reset")
    assert event.actor_id == admin.pk and event.target_id == str(desk_officer.pk)
    assert event.details["devices"] == 1 and event.details["sessions_ended"] == 1
    assert Notification.objects.filter(agent=desk_officer, kind="second_factor.reset").exists()


def test_who_must_have_a_second_factor(
    ministry: Ministry, desk_officer: Agent, service_head: Agent, admin: Agent
) -> None:
    assert is_required(admin)
    assert not is_required(desk_officer)
    assert not is_required(service_head)  # nothing to sign yet (signers: tests/parapheur)
    assert is_required(make_member(ministry.levant, is_staff=True, email="staff@d.example"))


def test_an_optional_agent_with_a_device_presents_it(client: Client, desk_officer: Agent) -> None:
    sign_in(client, desk_officer)
    assert client.get(reverse("home")).status_code == 200
    enrol_totp(desk_officer)
    again = Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(again, desk_officer)
    assert again.get(reverse("home"))["Location"].startswith(reverse(VERIFY))
    # Signing out and the language stay open before the second step.
    assert again.post(reverse("accounts:logout")).status_code == 302


def test_french_pages(client: Client, admin: Agent) -> None:
    sign_in(client, admin)
    page = client.get(reverse(INDEX), headers={"accept-language": "fr"})
    assert "Double facteur" in page.content.decode()


def test_an_agent_made_administrator_meets_the_gate_at_once(
    client: Client, desk_officer: Agent
) -> None:
    sign_in(client, desk_officer)
    assert client.get(reverse("home")).status_code == 200
    desk_officer.is_staff = True
    desk_officer.save(update_fields=["is_staff"])
    assert client.get(reverse("home"))["Location"].startswith(reverse(INDEX))


def test_another_session_never_sees_the_secret_being_enrolled(admin: Agent) -> None:
    """Someone else who has the password, enrolling at the same time, gets a secret of their
    own, which drops the first: the person enrolling is told to start again, and nobody
    ends up holding a copy of their authenticator app."""
    mine, theirs = Client(HTTP_ACCEPT_LANGUAGE="en"), Client(HTTP_ACCEPT_LANGUAGE="en")
    sign_in(mine, admin)
    sign_in(theirs, admin)
    url = reverse("accounts:totp_setup")

    def secret_of(client: Client) -> str:
        found = re.search(r'id="totp-secret">([A-Z2-7 ]+)<', client.get(url).content.decode())
        assert found is not None
        return found.group(1)

    first = secret_of(mine)
    assert secret_of(mine) == first  # the same session keeps its pending app
    code = fresh_code(devices.totp_devices(admin, confirmed=False).get())
    assert secret_of(theirs) != first
    refused = mine.post(url, {"code": code})
    assert not devices.has_device(admin)
    assert refused.status_code == 200 and "This enrolment has expired" in refused.content.decode()

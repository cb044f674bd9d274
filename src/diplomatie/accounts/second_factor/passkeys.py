"""Passkeys (WebAuthn) through django-otp-webauthn's models and its py_webauthn helper,
driven by our own views and a small script of ours (`static/js/passkeys.js`): the
ceremony's answer travels in an ordinary form field, so the sign-in step, the enrolment
and a signature in the parapheur are plain form posts under `script-src 'self'`.

The relying party is the host of `PUBLIC_URL` and the only accepted origin is
`PUBLIC_URL` itself, both read when a ceremony runs. The ceremony's state (its challenge)
lives in the session and is taken out before it is checked, so it serves once.
"""

from __future__ import annotations

import json
import logging
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sessions.backends.base import SessionBase
from django_otp_webauthn.exceptions import OTPWebAuthnApiError  # type: ignore[import-untyped, unused-ignore]
from django_otp_webauthn.helpers import WebAuthnHelper  # type: ignore[import-untyped, unused-ignore]
from webauthn.helpers.exceptions import WebAuthnException

from diplomatie.directory.models import Agent

logger = logging.getLogger(__name__)

REGISTER_STATE = "second_factor_passkey_registration"
ASSERT_STATE = "second_factor_passkey_assertion"
MAX_ANSWER = 16_000


class Helper(WebAuthnHelper):  # type: ignore[misc, unused-ignore]
    """The library's helper, with the relying party and origin taken from PUBLIC_URL."""

    def get_relying_party_domain(self) -> str:
        return urlsplit(settings.PUBLIC_URL).hostname or "localhost"

    def get_relying_party_name(self) -> str:
        return "Diplomatie"

    def get_allowed_origins(self) -> list[str]:
        return [settings.PUBLIC_URL.rstrip("/")]

    def get_credential_name(self, user: Any) -> str:
        return str(user.email)

    def get_credential_display_name(self, user: Any) -> str:
        return str(user.display_name or user.email)


def helper() -> Helper:
    return Helper(request=None)  # type: ignore[arg-type, unused-ignore]


def begin_registration(session: SessionBase, agent: Agent) -> dict[str, Any]:
    options, state = helper().register_begin(user=agent)
    session[REGISTER_STATE] = state
    return dict(options)


def begin_assertion(session: SessionBase, agent: Agent, *, purpose: str) -> dict[str, Any]:
    """Options for the agent's own passkeys; a signature asks the authenticator to verify
    its holder (PIN or biometrics), the sign-in step only for presence."""
    options, state = helper().authenticate_begin(
        user=agent, require_user_verification=purpose == "signature"
    )
    session[ASSERT_STATE] = {**state, "purpose": purpose}
    return dict(options)


def parse_answer(raw: str) -> dict[str, Any] | None:
    if not raw or len(raw) > MAX_ANSWER:
        return None
    try:
        data = json.loads(raw)
    except ValueError:
        return None
    return data if isinstance(data, dict) else None


def take_state(session: SessionBase, key: str) -> dict[str, Any] | None:
    state = session.pop(key, None)
    session.modified = True
    return state if isinstance(state, dict) else None


def complete_registration(agent: Agent, state: dict[str, Any] | None, answer: str) -> Any:
    """The new credential (saved, confirmed), or None when the answer does not verify."""
    data = parse_answer(answer)
    if state is None or data is None:
        return None
    try:
        return helper().register_complete(user=agent, state=state, data=data)
    except (OTPWebAuthnApiError, WebAuthnException, KeyError, TypeError, ValueError) as exc:
        logger.info("passkey registration refused: %s", exc)
        return None


def verify_assertion(
    agent: Agent, state: dict[str, Any] | None, answer: str, *, purpose: str
) -> Any:
    """The agent's passkey that signed this session's challenge, or None."""
    data = parse_answer(answer)
    if state is None or data is None or state.get("purpose") != purpose:
        return None
    try:
        device = helper().authenticate_complete(user=agent, state=state, data=data)
    except (OTPWebAuthnApiError, WebAuthnException, KeyError, TypeError, ValueError) as exc:
        logger.info("passkey assertion refused: %s", exc)
        return None
    if not device.confirmed or device.user_id != agent.pk:
        return None
    return device

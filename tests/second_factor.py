"""Test helpers of the second factor: real codes and a software passkey authenticator.

TOTP codes are computed from the device's key with django-otp's own `oath.TOTP`; the
passkey authenticator below holds an ECDSA P-256 key and builds, byte for byte, what a
browser and an authenticator send (attestation "none", authenticator data with the
relying party's hash, flags, counter and attested credential, client data JSON), so that
the library's server code verifies real signatures. Nothing is mocked."""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
import time
from dataclasses import dataclass, field
from typing import Any

import cbor2
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY, oath  # type: ignore[import-untyped, unused-ignore]

from diplomatie.accounts.second_factor import actions, devices
from diplomatie.accounts.second_factor.middleware import STATE_KEY, VERIFY
from diplomatie.directory.models import Agent

TOTP: Any = oath.TOTP  # django-otp is untyped


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64url(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def code_at(device: Any, t: int) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = device.t0 + (t - device.drift) * device.step + 1
    return f"{totp.token():0{device.digits}d}"


def fresh_code(device: Any) -> str:
    """A code the device accepts now and has not seen (waits for the next period if the
    window is used up)."""
    device.refresh_from_db()
    while True:
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        now_t = totp.t()
        t = max(now_t - device.tolerance, device.last_t + 1)
        if t <= now_t + device.tolerance:
            return code_at(device, t)
        time.sleep(1)


def enrol_totp(agent: Agent) -> Any:
    """An authenticator app enrolled through the actions (first code confirms it)."""
    pending = actions.do_start_totp(agent)
    device, _codes = actions.check_confirm_totp(agent, code=fresh_code(pending))
    return device


def verified_session(client: Client, agent: Agent, device: Any = None) -> Any:
    """Mark the client's session as having passed the second step with `device` (an
    authenticator app enrolled now when the agent has none)."""
    device = device or devices.totp_devices(agent).first() or enrol_totp(agent)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session[STATE_KEY] = VERIFY
    session.save()
    return device


@dataclass
class SoftAuthenticator:
    """A passkey authenticator in software (one credential)."""

    key: ec.EllipticCurvePrivateKey = field(
        default_factory=lambda: ec.generate_private_key(ec.SECP256R1())
    )
    credential_id: bytes = field(default_factory=lambda: os.urandom(32))
    sign_count: int = 0
    user_handle: bytes = b""
    user_verified: bool = True

    @property
    def origin(self) -> str:
        return str(settings.PUBLIC_URL).rstrip("/")

    def _cose_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor2.dumps(
            {
                1: 2,  # kty: EC2
                3: -7,  # alg: ES256
                -1: 1,  # crv: P-256
                -2: numbers.x.to_bytes(32, "big"),
                -3: numbers.y.to_bytes(32, "big"),
            }
        )

    def _flags(self, *, attested: bool) -> int:
        flags = 0x01 | (0x04 if self.user_verified else 0)  # user present, verified
        return flags | (0x40 if attested else 0)

    def _client_data(self, kind: str, challenge: str, origin: str | None) -> bytes:
        return json.dumps(
            {
                "type": kind,
                "challenge": challenge,
                "origin": origin or self.origin,
                "crossOrigin": False,
            }
        ).encode()

    def create(self, options: dict[str, Any], *, origin: str | None = None) -> str:
        """The browser's answer to `navigator.credentials.create(options)`, as JSON."""
        rp_id = options["rp"]["id"]
        self.user_handle = unb64url(options["user"]["id"])
        auth_data = (
            hashlib.sha256(rp_id.encode()).digest()
            + bytes([self._flags(attested=True)])
            + struct.pack(">I", self.sign_count)
            + bytes(16)  # AAGUID
            + struct.pack(">H", len(self.credential_id))
            + self.credential_id
            + self._cose_key()
        )
        attestation = cbor2.dumps({"fmt": "none", "attStmt": {}, "authData": auth_data})
        client_data = self._client_data("webauthn.create", options["challenge"], origin)
        return json.dumps(
            {
                "id": b64url(self.credential_id),
                "rawId": b64url(self.credential_id),
                "type": "public-key",
                "response": {
                    "clientDataJSON": b64url(client_data),
                    "attestationObject": b64url(attestation),
                    "transports": ["internal"],
                },
                "clientExtensionResults": {"credProps": {"rk": True}},
                "authenticatorAttachment": "platform",
            }
        )

    def get(
        self, options: dict[str, Any], *, origin: str | None = None, rp_id: str | None = None
    ) -> str:
        """The browser's answer to `navigator.credentials.get(options)`, as JSON."""
        self.sign_count += 1
        rp = rp_id or options["rpId"]
        auth_data = (
            hashlib.sha256(rp.encode()).digest()
            + bytes([self._flags(attested=False)])
            + struct.pack(">I", self.sign_count)
        )
        client_data = self._client_data("webauthn.get", options["challenge"], origin)
        signature = self.key.sign(
            auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256())
        )
        return json.dumps(
            {
                "id": b64url(self.credential_id),
                "rawId": b64url(self.credential_id),
                "type": "public-key",
                "response": {
                    "clientDataJSON": b64url(client_data),
                    "authenticatorData": b64url(auth_data),
                    "signature": b64url(signature),
                    "userHandle": b64url(self.user_handle),
                },
                "clientExtensionResults": {},
            }
        )


def enrol_passkey(client: Client, authenticator: SoftAuthenticator) -> Any:
    """Register the software passkey through the pages (the client's agent is signed in)."""
    options = client.post("/compte/double-facteur/cle/options-enregistrement/").json()
    response = client.post(
        "/compte/double-facteur/cle/",
        {"name": "Clé de test", "passkey": authenticator.create(options)},
    )
    assert response.status_code in (200, 302), response.status_code
    return response


def passkey_answer(
    client: Client, authenticator: SoftAuthenticator, *, purpose: str, **kwargs: Any
) -> str:
    options = client.post("/compte/double-facteur/cle/options/", {"purpose": purpose}).json()
    return authenticator.get(options, **kwargs)

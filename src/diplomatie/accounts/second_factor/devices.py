"""An agent's second-factor devices and the checks of what they answer.

Recovery codes are django-otp static tokens, stored as a keyed hash (HMAC-SHA256 under a
key derived from SECRET_KEY, 16 hex digits: the column's width) rather than in clear, so
that a copy of the database gives no usable code. django-otp's own single-use logic
(delete the matching token) works unchanged on the hashes.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import admin
from django_otp.plugins.otp_static.models import (  # type: ignore[import-untyped, unused-ignore]
    StaticDevice,
    StaticToken,
)
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped, unused-ignore]
from django_otp_webauthn.models import WebAuthnCredential  # type: ignore[import-untyped, unused-ignore]

from diplomatie.directory.models import Agent

RECOVERY_DEVICE_NAME = "recovery"
RECOVERY_CODES = 10
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"  # no 0/o, 1/l/i
RECOVERY_LENGTH = 10  # about 49 bits each


class Factor:
    TOTP = "totp"
    PASSKEY = "webauthn"
    RECOVERY = "recovery_code"
    PASSWORD = "password"  # noqa: S105  # nosec B105  (the name of a factor, not a secret)


@dataclass(frozen=True)
class DeviceRow:
    """One device as the pages list it."""

    kind: str
    id: int
    name: str
    created_at: Any
    last_used_at: Any


def totp_devices(agent: Agent, *, confirmed: bool = True) -> Any:
    return TOTPDevice.objects.filter(user_id=agent.pk, confirmed=confirmed)


def passkeys(agent: Agent) -> Any:
    return WebAuthnCredential.objects.filter(user_id=agent.pk, confirmed=True)


def recovery_device(agent: Agent) -> Any:
    return StaticDevice.objects.filter(user_id=agent.pk, name=RECOVERY_DEVICE_NAME).first()


def has_device(agent: Agent) -> bool:
    """A confirmed authenticator app or passkey (recovery codes alone are no device)."""
    return bool(totp_devices(agent).exists() or passkeys(agent).exists())


def devices_of(agent: Agent) -> list[DeviceRow]:
    rows = [
        DeviceRow(Factor.TOTP, d.pk, d.name, d.created_at, d.last_used_at)
        for d in totp_devices(agent).order_by("pk")
    ]
    rows += [
        DeviceRow(Factor.PASSKEY, d.pk, d.name, d.created_at, d.last_used_at)
        for d in passkeys(agent).order_by("pk")
    ]
    return rows


def recovery_codes_left(agent: Agent) -> int:
    count: int = StaticToken.objects.filter(
        device__user_id=agent.pk, device__name=RECOVERY_DEVICE_NAME
    ).count()
    return count


def _recovery_key() -> bytes:
    return hashlib.sha256(b"diplomatie recovery codes v1\0" + settings.SECRET_KEY.encode()).digest()


def normalise_recovery_code(code: str) -> str:
    return "".join(c for c in code.lower() if c.isalnum())


def hash_recovery_code(code: str) -> str:
    normalised = normalise_recovery_code(code).encode()
    return hmac.new(_recovery_key(), normalised, hashlib.sha256).hexdigest()[:16]


def new_recovery_codes() -> list[str]:
    codes = []
    for _ in range(RECOVERY_CODES):
        raw = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(RECOVERY_LENGTH))
        codes.append(f"{raw[:5]}-{raw[5:]}")
    return codes


def looks_like_totp(code: str) -> bool:
    digits = code.replace(" ", "")
    return digits.isdigit() and len(digits) == 6


def match_totp(agent: Agent, code: str) -> Any:
    """The confirmed authenticator app that accepts `code` now (each code once), or None."""
    digits = code.replace(" ", "")
    if not looks_like_totp(digits):
        return None
    for device in totp_devices(agent).select_for_update().order_by("pk"):
        if device.verify_token(digits):
            return device
    return None


def match_recovery_code(agent: Agent, code: str) -> Any:
    """The recovery device whose (single-use) code this is — the code is spent — or None."""
    device = recovery_device(agent)
    if device is None or len(normalise_recovery_code(code)) != RECOVERY_LENGTH:
        return None
    return device if device.verify_token(hash_recovery_code(code)) else None


def hide_devices_from_the_admin() -> None:
    """Take django-otp's device pages out of Django's admin: they show any agent's secret
    key and QR code, and let an administrator give someone a device of a key they chose."""
    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)

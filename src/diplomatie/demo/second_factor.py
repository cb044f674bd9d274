"""Demo authenticator apps: every demo account that must have a second factor
(administrators and signers, see `accounts.second_factor.requirement`) gets one, confirmed,
with the same published demo key, so that `make demo` stays usable without a phone: add
the key to any authenticator app, or compute a code with `oathtool --totp -b <key>`.
Demo only — a real account enrols its own device. Idempotent."""

from __future__ import annotations

import base64
from collections.abc import Callable

from django.db import transaction
from django_otp.plugins.otp_totp.models import (  # type: ignore[import-untyped, unused-ignore]
    TOTPDevice,
)

from diplomatie.accounts.second_factor.devices import totp_devices
from diplomatie.accounts.second_factor.requirement import is_required
from diplomatie.directory.models import Agent

DEMO_TOTP_KEY = b"diplomatie-demo-totp"  # 20 bytes, as authenticator apps expect
DEMO_TOTP_SECRET = base64.b32encode(DEMO_TOTP_KEY).decode()


def load_demo_second_factor(*, stdout: Callable[[str], None] | None = None) -> dict[str, int]:
    created = 0
    with transaction.atomic():
        for agent in Agent.objects.filter(is_active=True).order_by("pk"):
            if not is_required(agent) or totp_devices(agent).exists():
                continue
            TOTPDevice.objects.create(
                user=agent,
                name="Demo authenticator",
                key=DEMO_TOTP_KEY.hex(),
                confirmed=True,
                tolerance=1,
            )
            created += 1
    if stdout is not None and created:
        stdout(f"Demo second factor: {created} signers and administrators, key {DEMO_TOTP_SECRET}")
    return {"authenticator apps": created}

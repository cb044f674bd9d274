"""The demo's administrators and signers get an authenticator app with the published demo
key, so that `make demo` works without a phone; the others get none. Idempotent."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django_otp import oath  # type: ignore[import-untyped, unused-ignore]
from pytest_django.fixtures import Settings

from diplomatie.accounts.second_factor.devices import has_device
from diplomatie.demo.ministry import DEMO_PASSWORD, load_demo
from diplomatie.demo.parapheur import load_demo_parapheur
from diplomatie.demo.second_factor import DEMO_TOTP_KEY, load_demo_second_factor
from diplomatie.directory.models import Agent

TOTP: Any = oath.TOTP  # django-otp is untyped

pytestmark = pytest.mark.django_db


def test_demo_signers_and_administrator_sign_in_with_the_demo_key(
    settings: Settings, tmp_path: Path
) -> None:
    settings.DATA_DIR = tmp_path
    load_demo()
    load_demo_parapheur()
    created = load_demo_second_factor()["authenticator apps"]
    assert created >= 3
    henri = Agent.objects.get(email="henri.dubois@diplomatie.example")
    admin = Agent.objects.get(email="admin@diplomatie.example")
    camille = Agent.objects.get(email="camille.laurent@diplomatie.example")
    assert has_device(henri) and has_device(admin) and not has_device(camille)
    assert load_demo_second_factor() == {"authenticator apps": 0}
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.post("/compte/connexion/", {"username": admin.email, "password": DEMO_PASSWORD})
    code = f"{TOTP(DEMO_TOTP_KEY).token():06d}"
    response = client.post("/compte/double-facteur/verification/", {"code": code})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200

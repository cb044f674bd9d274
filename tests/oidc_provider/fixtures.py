"""Fixtures that start the test identity provider and point single sign-on at it."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
import requests
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings as SettingsWrapper

REPO = Path(__file__).resolve().parents[2]
CLIENT_ID = "diplomatie-tests"
CLIENT_SECRET = "s3cret-of-the-relying-party-for-tests"
PROVIDER_PASSWORD = "provider password 42"
# The provider's users; the tests create (or not) the agents with the same addresses.
PROVIDER_USERS = [
    {"username": "camille", "email": "camille@d.example"},
    {"username": "henri", "email": "HENRI@D.Example"},
    {"username": "alex", "email": "alex@p.example"},
    {"username": "paul", "email": "paul@i.example"},
    {"username": "nobody", "email": "nobody@d.example"},
    {"username": "ines", "email": "ines@d.example", "last_name": "unverified"},
]
CALLBACK = "http://testserver/compte/sso/retour/"


@dataclass(frozen=True)
class Provider:
    base_url: str

    @property
    def issuer(self) -> str:
        return f"{self.base_url}/o"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Provider]:
    """django-oauth-toolkit's OpenID Connect provider, migrated, seeded and serving."""
    folder = tmp_path_factory.mktemp("oidc-provider")
    port = _free_port()
    base_url = f"http://127.0.0.1:{port}"
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_", "OIDC_"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.oidc_provider.settings",
            "PYTHONPATH": str(REPO),
            "OIDC_PROVIDER_DB": str(folder / "provider.sqlite3"),
            "OIDC_PROVIDER_ISSUER": f"{base_url}/o",
            "OIDC_PROVIDER_CLIENT_ID": CLIENT_ID,
            "OIDC_PROVIDER_CLIENT_SECRET": CLIENT_SECRET,
            # Loopback redirects match whatever the port (RFC 8252): the browser tests.
            "OIDC_PROVIDER_REDIRECT_URI": f"{CALLBACK} http://127.0.0.1/compte/sso/retour/",
            "OIDC_PROVIDER_USERS": json.dumps(
                [{**user, "password": PROVIDER_PASSWORD} for user in PROVIDER_USERS]
            ),
        }
    )
    run: dict[str, Any] = {"cwd": REPO, "env": environment, "timeout": 120}
    subprocess.run([sys.executable, "-m", "django", "migrate", "-v", "0"], check=True, **run)
    subprocess.run([sys.executable, "-m", "tests.oidc_provider.seed"], check=True, **run)
    log = (folder / "provider.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "django", "runserver", "--noreload", f"127.0.0.1:{port}"],
        cwd=REPO,
        env=environment,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = requests.get(f"{base_url}/o/.well-known/openid-configuration", timeout=2)
                if answer.status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                log.flush()
                raise RuntimeError(
                    "the test identity provider did not start:\n"
                    + (folder / "provider.log").read_text(errors="replace")
                )
            time.sleep(0.2)
        yield Provider(base_url)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture
def sso(settings: SettingsWrapper, oidc_provider: Provider) -> Provider:
    """Single sign-on on, pointed at the test provider by its issuer (endpoints discovered)."""
    settings.OIDC_ENABLED = True
    settings.OIDC_ISSUER = oidc_provider.issuer
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    cache.clear()
    return oidc_provider


def provider_sign_in(authorize_url: str, username: str) -> str:
    """Sign in at the provider as a browser would; the callback URL it sends back."""
    browser = requests.Session()
    answer = browser.get(authorize_url, allow_redirects=False, timeout=10)
    assert answer.status_code == 302, answer.text
    login_url = urljoin(authorize_url, answer.headers["Location"])
    page = browser.get(login_url, timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    assert token is not None, page.text
    answer = browser.post(
        login_url,
        data={
            "username": username,
            "password": PROVIDER_PASSWORD,
            "csrfmiddlewaretoken": token.group(1),
            "next": parse_qs(urlsplit(login_url).query)["next"][0],
        },
        allow_redirects=False,
        timeout=10,
    )
    assert answer.status_code == 302, answer.text
    answer = browser.get(
        urljoin(login_url, answer.headers["Location"]), allow_redirects=False, timeout=10
    )
    assert answer.status_code == 302, answer.text
    callback: str = answer.headers["Location"]
    assert callback.startswith(CALLBACK), callback
    return callback


def start_sso(client: Client, provider: Provider, *, next_url: str | None = None) -> str:
    """Press "Sign in with the ministry's account": the provider's authorization URL."""
    query = {"next": next_url} if next_url else {}
    response = client.get(reverse("accounts:sso_login"), query)
    assert response.status_code == 302
    location: str = response["Location"]
    assert location.startswith(f"{provider.issuer}/authorize/"), location
    return location


def sso_sign_in(
    client: Client, provider: Provider, username: str, *, next_url: str | None = None
) -> Any:
    """The whole flow; the platform's answer to the callback."""
    callback = provider_sign_in(start_sso(client, provider, next_url=next_url), username)
    return client.get(callback.removeprefix("http://testserver"))

"""Seed the test provider: its users and the platform as a confidential client.

Run as `python -m tests.oidc_provider.seed` with the provider's settings; the redirect URI
and the client's credentials come from the environment.
"""

from __future__ import annotations

import json
import os

import django


def main() -> None:
    django.setup()
    from django.contrib.auth.models import User
    from oauth2_provider.models import Application  # type: ignore[import-untyped]

    for person in json.loads(os.environ["OIDC_PROVIDER_USERS"]):
        User.objects.create_user(
            person["username"],
            email=person["email"],
            password=person["password"],
            last_name=person.get("last_name", ""),
        )
    Application.objects.create(
        name="Diplomatie",
        client_id=os.environ["OIDC_PROVIDER_CLIENT_ID"],
        client_secret=os.environ["OIDC_PROVIDER_CLIENT_SECRET"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
        redirect_uris=os.environ["OIDC_PROVIDER_REDIRECT_URI"],
        post_logout_redirect_uris=os.environ.get("OIDC_PROVIDER_POST_LOGOUT_URI", ""),
        algorithm=Application.RS256_ALGORITHM,
        skip_authorization=True,
    )


if __name__ == "__main__":
    main()

"""Claims of the test provider: the e-mail address, and whether the provider verified it."""

from __future__ import annotations

from typing import Any

from oauth2_provider.oauth2_validators import OAuth2Validator  # type: ignore[import-untyped]

# Users whose last name is this have an e-mail address the provider has not verified.
UNVERIFIED = "unverified"


class EmailValidator(OAuth2Validator):  # type: ignore[misc]
    oidc_claim_scope = {**OAuth2Validator.oidc_claim_scope, "email_verified": "email"}

    def get_additional_claims(self, request: Any) -> dict[str, Any]:
        return {
            "email": request.user.email,
            "email_verified": request.user.last_name != UNVERIFIED,
        }

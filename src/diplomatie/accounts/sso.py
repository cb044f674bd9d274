"""Single sign-on with the ministry's OpenID Connect provider, for the ministry's agents only.

mozilla-django-oidc runs the authorization-code flow (state, nonce, PKCE); this module
adds what the ministry needs on top: the provider found from its issuer (discovery), the
ID token checked for issuer and audience as well as signature, the provider's user mapped
to an existing `Agent` by e-mail (never created), and everyone who is not an active agent
of the ministry refused with a message that says why. Externals and partner
administrations keep the password and the second factor: their identity is not the
ministry's to vouch for. SSO does not mark the session as verified by a second factor.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any, ClassVar

import jwt
import requests
from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import SuspiciousOperation
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend  # type: ignore[import-untyped]
from mozilla_django_oidc.views import (  # type: ignore[import-untyped]
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
)

from diplomatie.access.perimeter import perimeter_of
from diplomatie.audit.recorder import record_event
from diplomatie.directory.models import Agent

logger = logging.getLogger(__name__)

DISCOVERY_TTL = 3600
# Set on the request by the backend when it refuses someone, read by the callback view.
REFUSAL_ATTR = "_diplomatie_sso_refusal"

# The endpoints, by the name of the setting and of the discovery document's field.
_ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",  # nosec B105  (a metadata key, not a secret)
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}


class ProviderUnavailable(Exception):
    """The identity provider could not be reached or answered nonsense."""


def sso_enabled() -> bool:
    return bool(getattr(settings, "OIDC_ENABLED", False))


def _discovery() -> dict[str, Any]:
    issuer = str(settings.OIDC_ISSUER).rstrip("/")
    if not issuer:
        return {}
    cache_key = f"diplomatie:oidc:discovery:{issuer}"
    document: dict[str, Any] | None = cache.get(cache_key)
    if document is None:
        try:
            response = requests.get(
                f"{issuer}/.well-known/openid-configuration",
                timeout=settings.OIDC_TIMEOUT,
                verify=settings.OIDC_VERIFY_SSL,
            )
            response.raise_for_status()
            document = response.json()
        except (requests.RequestException, ValueError) as exc:
            raise ProviderUnavailable(str(exc)) from exc
        if not isinstance(document, dict) or str(document.get("issuer", "")).rstrip("/") != issuer:
            raise ProviderUnavailable("the discovery document names another issuer")
        cache.set(cache_key, document, DISCOVERY_TTL)
    return document


def oidc_setting(name: str, *default: Any) -> Any:
    """A setting for mozilla-django-oidc; endpoints not set come from the issuer's discovery."""
    value = getattr(settings, name, None)
    if name in _ENDPOINTS and not value:
        value = _discovery().get(_ENDPOINTS[name]) or None
    if value is None:
        if default:
            return default[0]
        if name in _ENDPOINTS:
            raise ProviderUnavailable(f"the provider publishes no {_ENDPOINTS[name]}")
    return value


@dataclass(frozen=True)
class Refusal:
    reason: str
    email: str = ""


def refusal_message(reason: str) -> str:
    messages_by_reason = {
        "unknown": _(
            "Your ministry account matches no agent of the platform. Ask your administrator "
            "to check the e-mail address of your profile."
        ),
        "outside_ministry": _(
            "Sign-in with the ministry's account is for the ministry's agents. Sign in with "
            "your e-mail address and password."
        ),
        "inactive": _("This account is deactivated. Contact your administrator."),
        "email_unverified": _(
            "The ministry's sign-in service has not verified the e-mail address of your "
            "account, so it cannot open this platform. Contact your administrator."
        ),
        "unavailable": _(
            "The ministry's sign-in service cannot be reached right now. Try again in a "
            "moment, or sign in with your e-mail address and password."
        ),
    }
    return messages_by_reason.get(
        reason,
        _("Sign-in with the ministry's account did not succeed. Start again from this page."),
    )


class MinistryOIDCBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Maps the provider's user to an active agent of the ministry by e-mail."""

    get_settings = staticmethod(oidc_setting)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Listed among the backends even when single sign-on is off: read nothing yet.
        self.UserModel = Agent

    def _configure(self) -> None:
        self.OIDC_OP_TOKEN_ENDPOINT = oidc_setting("OIDC_OP_TOKEN_ENDPOINT")
        self.OIDC_OP_USER_ENDPOINT = oidc_setting("OIDC_OP_USER_ENDPOINT")
        self.OIDC_OP_JWKS_ENDPOINT = oidc_setting("OIDC_OP_JWKS_ENDPOINT")
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        self.OIDC_RP_CLIENT_SECRET = settings.OIDC_RP_CLIENT_SECRET
        self.OIDC_RP_SIGN_ALGO = settings.OIDC_RP_SIGN_ALGO
        self.OIDC_RP_IDP_SIGN_KEY = None

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Agent | None:
        if request is None or not sso_enabled() or "nonce" not in kwargs:
            return None
        self._configure()
        agent: Agent | None = super().authenticate(request, **kwargs)
        return agent

    def _verify_jws(self, payload: str, key: Any) -> dict[str, Any]:
        """The ID token's signature, and also its issuer, audience and lifetime."""
        header = jwt.get_unverified_header(payload)
        if header.get("alg") != self.OIDC_RP_SIGN_ALGO:
            raise SuspiciousOperation("ID token signed with an unexpected algorithm")
        issuer = str(settings.OIDC_ISSUER).rstrip("/")
        try:
            claims: dict[str, Any] = jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=issuer or None,
                options={"require": ["exp", "iat", "aud", "sub"], "verify_iss": bool(issuer)},
            )
        except jwt.InvalidTokenError as exc:
            raise SuspiciousOperation(f"ID token refused: {exc}") from None
        return claims

    def get_or_create_user(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> Agent | None:
        claims = self.get_userinfo(access_token, id_token, payload)
        if str(claims.get("sub", "")) != str(payload.get("sub", "")):
            # OpenID Connect Core 5.3.2: the userinfo must be about the ID token's subject.
            raise SuspiciousOperation("userinfo and ID token name different subjects")
        email = str(claims.get("email") or "").strip()
        agents = list(Agent.objects.filter(email__iexact=email)[:2]) if email else []
        reason = ""
        if "email_verified" in claims and claims["email_verified"] is not True:
            reason = "email_unverified"
        elif len(agents) != 1:
            reason = "unknown"
        elif not agents[0].is_active:
            reason = "inactive"
        elif not perimeter_of(agents[0]).in_ministry:
            reason = "outside_ministry"
        if reason:
            setattr(self.request, REFUSAL_ATTR, Refusal(reason, email.lower()[:254]))
            return None
        return agents[0]

    def get_user(self, user_id: Any) -> Agent | None:
        agent = Agent.objects.filter(pk=user_id, is_active=True).first()
        return agent


class SSOSignInView(OIDCAuthenticationRequestView):  # type: ignore[misc]
    """Sends the browser to the provider's authorization endpoint (404 when SSO is off)."""

    get_settings = staticmethod(oidc_setting)
    http_method_names: ClassVar[list[str]] = ["get"]

    def __init__(self, **kwargs: Any) -> None:
        # The parent reads the endpoints here; this waits for a request that needs them.
        for key, value in kwargs.items():
            setattr(self, key, value)

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = oidc_setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable as exc:
            logger.warning("single sign-on: provider unavailable (%s)", exc)
            messages.error(request, refusal_message("unavailable"))
            return HttpResponseRedirect(reverse("accounts:login"))
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        response: HttpResponse = super().get(request)
        return response


class SSOCallbackView(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    """The provider sends the browser back here with a code; refusals say why."""

    get_settings = staticmethod(oidc_setting)
    http_method_names: ClassVar[list[str]] = ["get"]

    def get(self, request: HttpRequest) -> HttpResponse:
        if not sso_enabled():
            raise Http404
        try:
            response: HttpResponse = super().get(request)
        except SuspiciousOperation as exc:
            # Tampered state or nonce, a token that does not verify.
            logger.warning("single sign-on refused: %s", exc)
            return self._refused(Refusal("invalid"), str(exc))
        except (requests.RequestException, ProviderUnavailable) as exc:
            logger.warning("single sign-on: provider unavailable (%s)", exc)
            return self._refused(Refusal("unavailable"), type(exc).__name__)
        return response

    def login_failure(self) -> HttpResponse:
        refusal: Refusal = getattr(self.request, REFUSAL_ATTR, None) or Refusal("invalid")
        error = str(self.request.GET.get("error", ""))[:100]
        return self._refused(refusal, error)

    def _refused(self, refusal: Refusal, detail: str) -> HttpResponse:
        details: dict[str, Any] = {"method": "sso", "reason": refusal.reason}
        if refusal.email:
            details["email"] = refusal.email
        if detail:
            details["detail"] = detail[:200]
        record_event("auth.sso_refused", details=details, request=self.request)
        messages.error(self.request, refusal_message(refusal.reason))
        return HttpResponseRedirect(reverse("accounts:login"))

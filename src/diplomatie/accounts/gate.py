"""Checks made at every request for externals: a current accreditation, an accepted
charter.

- An account that stands on an accreditation (it was opened by one) works only while
  that accreditation is current: a request from an expired or revoked account ends its
  session there and then, whatever session the sweep may have missed, and sign-in
  answers why.
- An external who has not accepted the current security charter is led to it from
  every page except the charter itself, sign-out, the language switch and static files."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _

from diplomatie.access.accreditations import is_administrator
from diplomatie.access.perimeter import perimeter_of
from diplomatie.accounts.models import AccreditationState
from diplomatie.accounts.selectors import must_accept_charter, standing_accreditation
from diplomatie.audit.recorder import record_event
from diplomatie.directory.models import Agent

# Pages an external reaches before accepting the charter. (Add here a page that must come
# before the charter, such as the second-factor check of a sign-in.)
CHARTER_EXEMPT = frozenset(
    {
        "accounts:charter",
        "accounts:logout",
        "accounts:set_language",
        "accounts:login",
        "health",
        # The second factor of a sign-in comes before the charter.
        "accounts:second_factor_verify",
        "accounts:passkey_assertion_options",
    }
)


def accreditation_refusal(agent: Agent) -> str | None:
    """Why this account may not be used now, or None when it may."""
    if is_administrator(agent) or perimeter_of(agent).internal:
        return None
    stands_on_accreditation, accreditation = standing_accreditation(agent)
    if not stands_on_accreditation or accreditation is None or accreditation.is_current():
        return None
    sponsor = accreditation.sponsor
    who = f"{sponsor.display_name} ({sponsor.email})" if sponsor is not None else "—"
    if accreditation.state == AccreditationState.REVOKED:
        return _(
            "Your accreditation was revoked: this account can no longer be used. "
            "Contact your sponsor, %(sponsor)s."
        ) % {"sponsor": who}
    expiry = (
        formats.date_format(accreditation.expires_on, "DATE_FORMAT")
        if accreditation.expires_on
        else "—"
    )
    return _(
        "Your accreditation expired on %(date)s: this account can no longer be used. "
        "Contact your sponsor, %(sponsor)s, to have it renewed."
    ) % {"date": expiry, "sponsor": who}


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if request.headers.get("HX-Request") == "true":
        return HttpResponse(status=204, headers={"HX-Redirect": url})
    return HttpResponseRedirect(url)


class ExternalAccessMiddleware:
    """After authentication and messages, before the views."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            agent: Any = user
            refusal = accreditation_refusal(agent)
            if refusal is not None:
                record_event(
                    "accreditation.session_stopped", actor=agent, target=agent, request=request
                )
                logout(request)
                messages.error(request, refusal)
                return _redirect(request, reverse("accounts:login"))
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., Any],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in CHARTER_EXEMPT:
            return None
        agent: Any = user
        if must_accept_charter(agent) is None:
            return None
        url = reverse("accounts:charter")
        if request.method == "GET" and not request.headers.get("HX-Request"):
            url = f"{url}?{urlencode({'next': request.get_full_path()})}"
        return _redirect(request, url)

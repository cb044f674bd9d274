"""The gate of the second factor, after the password (or the single sign-on).

An agent who has a device presents it before any page; an agent who must have one
(`requirement.is_required`) and has none is sent to enrolment first. The decision is
taken once, when the agent signs in (`remember_state`, from the `user_logged_in` signal),
and kept in the session, so that pages pay no query for it; it is taken again when the
session has none (a session older than this gate) and after each change of devices.
Verified is django-otp's `request.user.is_verified()`: whatever signs an agent in —
password form or single sign-on — passes the same gate.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.sessions.backends.base import SessionBase
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from diplomatie.accounts.second_factor import devices
from diplomatie.accounts.second_factor.requirement import is_administrator, is_required
from diplomatie.directory.models import Agent

STATE_KEY = "second_factor_state"
VERIFY = "verify"  # has a device: present it
ENROL = "enrol"  # must have one and has none: enrol first
FREE = "free"  # no device, none required

# Pages an agent reaches before the second step: signing out, the language, the second
# step itself — and, for an agent who must enrol, the enrolment pages.
ALWAYS_OPEN = frozenset(
    {
        "accounts:logout",
        "accounts:set_language",
        "accounts:second_factor_verify",
        "accounts:passkey_assertion_options",
        "health",
    }
)
ENROLMENT = frozenset(
    {
        "accounts:second_factor",
        "accounts:totp_setup",
        "accounts:passkey_setup",
        "accounts:passkey_registration_options",
        "accounts:recovery_codes",
    }
)


def state_for(agent: Agent) -> str:
    if devices.has_device(agent):
        return VERIFY
    return ENROL if is_required(agent) else FREE


def remember_state(session: SessionBase, agent: Agent) -> str:
    state = state_for(agent)
    session[STATE_KEY] = state
    return state


def _is_verified(user: Any) -> bool:
    check = getattr(user, "is_verified", None)
    return bool(check()) if callable(check) else False


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        if not isinstance(user, Agent) or not user.is_authenticated:
            return None
        if not getattr(view_func, "login_required", True):
            return None  # public pages (sign-in, password reset…)
        match = request.resolver_match
        name = match.view_name if match is not None else ""
        if name in ALWAYS_OPEN or _is_verified(user):
            return None
        state = request.session.get(STATE_KEY) or remember_state(request.session, user)
        if state == FREE and is_administrator(user):  # promoted since they signed in
            state = remember_state(request.session, user)
        if state == FREE:
            return None
        if state == ENROL and name in ENROLMENT:
            return None
        target = "accounts:second_factor_verify" if state == VERIFY else "accounts:second_factor"
        if state == ENROL:
            messages.info(
                request,
                _(
                    "Your role asks for a second factor: enrol an authenticator app or a "
                    "passkey to continue."
                ),
            )
        query = urlencode({"next": request.get_full_path()}) if request.method == "GET" else ""
        return HttpResponseRedirect(reverse(target) + (f"?{query}" if query else ""))

"""Idle and absolute session timeouts, and the session rows kept in step with the engine."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import ngettext

from diplomatie.accounts import sessions


class SessionTimeoutMiddleware:
    """Signs out a session idle too long or open too long, and says why on the sign-in page.

    Placed after the authentication and message middlewares: the login-required middleware
    (which acts on the view) then sends the person to the sign-in page with `next`.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key_before = request.session.session_key
        if request.user.is_authenticated:
            self._check(request)
        response = self.get_response(request)
        key_after = request.session.session_key
        if key_before and key_after and key_before != key_after and request.user.is_authenticated:
            # The engine cycled the key of a signed-in session (password change): the row
            # that describes it follows.
            sessions.follow_session_key(old_key=key_before, new_key=key_after)
        return response

    def _check(self, request: HttpRequest) -> None:
        session = request.session
        now = time.time()
        started = session.get(sessions.STARTED_KEY)
        seen = session.get(sessions.SEEN_KEY)
        if started is None or seen is None:
            # A session from before the timeouts: they count from now.
            session[sessions.STARTED_KEY] = started or now
            session[sessions.SEEN_KEY] = now
            return
        idle, absolute = sessions.idle_timeout(), sessions.absolute_timeout()
        if now - float(started) > absolute:
            sessions.do_time_out_session(request, reason="absolute")
            logout(request)
            hours = max(1, round(absolute / 3600))
            messages.info(
                request,
                ngettext(
                    "You were signed out because a session lasts at most %(hours)d hour. "
                    "Sign in again.",
                    "You were signed out because a session lasts at most %(hours)d hours. "
                    "Sign in again.",
                    hours,
                )
                % {"hours": hours},
            )
        elif now - float(seen) > idle:
            sessions.do_time_out_session(request, reason="idle")
            logout(request)
            minutes = max(1, round(idle / 60))
            messages.info(
                request,
                ngettext(
                    "You were signed out after %(minutes)d minute without activity. Sign in again.",
                    "You were signed out after %(minutes)d minutes without activity. "
                    "Sign in again.",
                    minutes,
                )
                % {"minutes": minutes},
            )
        elif now - float(seen) >= sessions.TOUCH_INTERVAL:
            sessions.touch_session(request, now=timezone.now())

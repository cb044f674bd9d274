"""At every sign-in (password or single sign-on), decide what the gate asks for."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest

from diplomatie.accounts.second_factor.middleware import remember_state
from diplomatie.directory.models import Agent


@receiver(user_logged_in, dispatch_uid="diplomatie.accounts.second_factor.logged_in")
def on_logged_in(sender: Any, request: HttpRequest | None, user: Agent, **kwargs: Any) -> None:
    session = getattr(request, "session", None)
    if session is not None and isinstance(user, Agent):
        remember_state(session, user)

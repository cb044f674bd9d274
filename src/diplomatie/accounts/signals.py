"""Sign-ins, failed sign-ins and sign-outs go to the audit log."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from diplomatie.audit.recorder import record_event
from diplomatie.directory.models import Agent


@receiver(user_logged_in, dispatch_uid="diplomatie.accounts.logged_in")
def on_logged_in(sender: Any, request: HttpRequest | None, user: Agent, **kwargs: Any) -> None:
    record_event("auth.login", actor=user, target=user, request=request)


@receiver(user_logged_out, dispatch_uid="diplomatie.accounts.logged_out")
def on_logged_out(
    sender: Any, request: HttpRequest | None, user: Agent | None, **kwargs: Any
) -> None:
    if user is not None:
        record_event("auth.logout", actor=user, target=user, request=request)


@receiver(user_login_failed, dispatch_uid="diplomatie.accounts.login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    # The credentials arrive with the password already masked by Django.
    email = str(credentials.get("username") or credentials.get("email") or "")[:254]
    record_event("auth.login_failed", details={"email": email}, request=request)

"""Sign-ins, failed sign-ins and sign-outs go to the audit log; sessions follow the account."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models.signals import post_init, post_save
from django.dispatch import receiver
from django.http import HttpRequest

from diplomatie.accounts import sessions
from diplomatie.audit.recorder import record_event
from diplomatie.directory.models import Agent


@receiver(user_logged_in, dispatch_uid="diplomatie.accounts.logged_in")
def on_logged_in(sender: Any, request: HttpRequest | None, user: Agent, **kwargs: Any) -> None:
    method = sessions.sign_in_method(request) if request is not None else ""
    record_event("auth.login", actor=user, target=user, request=request, details={"method": method})
    if request is not None and hasattr(request, "session"):
        sessions.do_open_session(user, request=request)


@receiver(user_logged_out, dispatch_uid="diplomatie.accounts.logged_out")
def on_logged_out(
    sender: Any, request: HttpRequest | None, user: Agent | None, **kwargs: Any
) -> None:
    if user is not None:
        record_event("auth.logout", actor=user, target=user, request=request)
    if request is not None and hasattr(request, "session"):
        # Sent before the session is flushed: its row goes with it.
        sessions.forget_session(request.session.session_key)


@receiver(user_login_failed, dispatch_uid="diplomatie.accounts.login_failed")
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: HttpRequest | None = None, **kwargs: Any
) -> None:
    if "nonce" in credentials:
        # A single sign-on that did not go through: the callback records it with its reason.
        return
    # The credentials arrive with the password already masked by Django.
    email = str(credentials.get("username") or credentials.get("email") or "")[:254]
    record_event("auth.login_failed", details={"email": email}, request=request)


# --- Every session of an account ends when it is deactivated or its password changes ---
# (on the model, so that the admin, an action and the shell are all covered).
_LOADED = "_diplomatie_loaded"


@receiver(post_init, sender=Agent, dispatch_uid="diplomatie.accounts.agent_loaded")
def on_agent_loaded(sender: Any, instance: Agent, **kwargs: Any) -> None:
    _remember(instance)


def _remember(agent: Agent) -> None:
    # Only what was loaded: reading a deferred field here would query (and recurse).
    loaded = agent.__dict__
    setattr(agent, _LOADED, (loaded.get("is_active"), loaded.get("password")))


@receiver(post_save, sender=Agent, dispatch_uid="diplomatie.accounts.agent_saved")
def on_agent_saved(
    sender: Any,
    instance: Agent,
    created: bool,
    update_fields: frozenset[str] | None = None,
    **kwargs: Any,
) -> None:
    was_active, old_password = getattr(instance, _LOADED, (None, None))
    _remember(instance)
    if created or kwargs.get("raw"):
        return
    # Not loaded (deferred) counts as "may have changed": ending twice is harmless.
    if was_active is not False and not instance.is_active and _saved(update_fields, "is_active"):
        sessions.end_sessions_of(instance, reason="deactivated")
    elif _saved(update_fields, "password") and _password_changed(instance, old_password):
        sessions.end_sessions_of(instance, reason="password_changed")


def _saved(update_fields: frozenset[str] | None, field: str) -> bool:
    return update_fields is None or field in update_fields


def _password_changed(agent: Agent, old_password: str | None) -> bool:
    if agent.password == old_password:
        return False
    # `set_password` keeps the raw password until the save ends; a hash upgrade at sign-in
    # does not (Django clears it), and is not a change of password.
    if getattr(agent, "_password", None) is not None:
        return True
    return not agent.has_usable_password()

"""The signed-in agent of a request, for the views of every app."""

from __future__ import annotations

from django.http import HttpRequest

from diplomatie.directory.models import Agent


def current_agent(request: HttpRequest) -> Agent:
    """The signed-in agent; the login middleware guarantees there is one."""
    user = request.user
    assert isinstance(user, Agent), "LoginRequiredMiddleware lets no anonymous request through"
    return user

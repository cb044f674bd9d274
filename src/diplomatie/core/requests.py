"""Small helpers shared by views."""

from __future__ import annotations

from django.http import HttpRequest

from diplomatie.directory.models import Agent

MAX_OFFSET = 1_000_000


def current_agent(request: HttpRequest) -> Agent:
    """The signed-in agent; the login middleware guarantees there is one."""
    user = request.user
    assert isinstance(user, Agent), "LoginRequiredMiddleware lets no anonymous request through"
    return user


def page_offset(request: HttpRequest) -> int:
    try:
        offset = int(request.GET.get("offset", "0"))
    except ValueError:
        return 0
    return min(max(offset, 0), MAX_OFFSET)

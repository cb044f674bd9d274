"""Follow buttons for pages of other apps: `{% load follows %}`, then
`{% theme_follow_buttons themes %}` or `{% agent_follow_button agent %}` (one query each)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import template
from django.utils import formats

from diplomatie.audience.models import Follow
from diplomatie.directory.models import Agent
from diplomatie.publications.models import Theme

register = template.Library()


@register.inclusion_tag("audience/_theme_follows.html", takes_context=True)
def theme_follow_buttons(context: template.Context, themes: Sequence[Theme]) -> dict[str, Any]:
    request = context["request"]
    ids = [t.pk for t in themes]
    followed = (
        set(
            Follow.objects.filter(agent_id=request.user.pk, theme_id__in=ids).values_list(
                "theme_id", flat=True
            )
        )
        if ids
        else set()
    )
    return {
        "rows": [(t, t.pk in followed) for t in themes],
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("audience/_follow_button.html", takes_context=True)
def agent_follow_button(context: template.Context, agent: Agent) -> dict[str, Any]:
    request = context["request"]
    own = agent.pk == request.user.pk
    following = (
        not own and Follow.objects.filter(agent_id=request.user.pk, followed_id=agent.pk).exists()
    )
    return {
        "followed_agent": None if own else agent,
        "following": following,
        "next": request.get_full_path(),
        "csrf_token": context.get("csrf_token"),
    }


@register.filter
def thousandths(value: int | None) -> str:
    """A mean stored in thousandths (3667) shown with one decimal (3.7)."""
    if value is None:
        return ""
    return formats.number_format(value / 1000, 1)

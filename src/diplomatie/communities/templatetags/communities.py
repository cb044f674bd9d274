"""`{% discussion publication %}`: the comment thread under a publication."""

from __future__ import annotations

from typing import Any

from django import template

from diplomatie.communities.forms import CommentForm
from diplomatie.communities.selectors import thread_for
from diplomatie.publications.models import Publication

register = template.Library()


@register.inclusion_tag("communities/_thread.html", takes_context=True)
def discussion(context: template.Context, publication: Publication) -> dict[str, Any]:
    request = context["request"]
    return {
        "thread": thread_for(request.user, publication),
        "comment_form": CommentForm(),
        "csrf_token": context.get("csrf_token"),
        "request": request,
        "messages": [],
    }

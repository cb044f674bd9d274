"""`{% load markdown %}{{ publication.body|markdown }}`: Markdown rendered and sanitised."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString

from diplomatie.core.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: object) -> SafeString:
    """Render Markdown to sanitised HTML; `None` renders as nothing."""
    if value is None:
        return SafeString("")
    return render_markdown(str(value))

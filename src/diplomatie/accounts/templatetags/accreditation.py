"""`{% load accreditation %}`: whether the reader may put an external forward."""

from __future__ import annotations

from typing import Any

from django import template

from diplomatie.access.accreditations import can_sponsor

register = template.Library()


@register.filter
def may_sponsor(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and can_sponsor(user))

"""Small helpers shared by views."""

from __future__ import annotations

from django.http import HttpRequest

MAX_OFFSET = 1_000_000


def page_offset(request: HttpRequest) -> int:
    try:
        offset = int(request.GET.get("offset", "0"))
    except ValueError:
        return 0
    return min(max(offset, 0), MAX_OFFSET)

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject


def platform(request: HttpRequest) -> dict[str, Any]:
    """Values every page needs: whether this is the demo instance, unread notifications
    (counted only if the page shows them)."""

    def unread() -> int:
        from diplomatie.notifications.selectors import unread_count_for

        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        return unread_count_for(user)

    return {"DEMO": settings.DEMO, "UNREAD_NOTIFICATIONS": SimpleLazyObject(unread)}

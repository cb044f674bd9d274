from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from diplomatie.notifications.selectors import unread_count_for


def unread_notifications(request: HttpRequest) -> dict[str, Any]:
    """The number of unread notifications, counted only if the page shows it."""

    def unread() -> int:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        return unread_count_for(user)

    return {"UNREAD_NOTIFICATIONS": SimpleLazyObject(unread)}

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def platform(request: HttpRequest) -> dict[str, Any]:
    """Values every page needs: whether this is the demo instance."""
    return {"DEMO": settings.DEMO}

from diplomatie.audience.models.follow import Follow
from diplomatie.audience.models.rating import SCORES, Rating
from diplomatie.audience.models.view import VIEW_WINDOW, View, ViewClock

__all__ = ["SCORES", "VIEW_WINDOW", "Follow", "Rating", "View", "ViewClock"]

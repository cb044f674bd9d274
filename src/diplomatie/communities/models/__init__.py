from diplomatie.communities.models.comment import Comment, Report, ReportState
from diplomatie.communities.models.community import (
    ACTIVE_STATES,
    Access,
    Community,
    CommunityMembership,
    CommunityRole,
    MembershipState,
)
from diplomatie.communities.models.wiki import WikiPage, WikiRevision

__all__ = [
    "ACTIVE_STATES",
    "Access",
    "Comment",
    "Community",
    "CommunityMembership",
    "CommunityRole",
    "MembershipState",
    "Report",
    "ReportState",
    "WikiPage",
    "WikiRevision",
]

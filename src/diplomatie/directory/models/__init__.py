from diplomatie.directory.models.agent import Agent, AgentManager, Language
from diplomatie.directory.models.membership import Membership, MembershipQuerySet, Role
from diplomatie.directory.models.organisation import (
    KIND_SECTOR,
    Organisation,
    OrganisationKind,
    Sector,
)

__all__ = [
    "KIND_SECTOR",
    "Agent",
    "AgentManager",
    "Language",
    "Membership",
    "MembershipQuerySet",
    "Organisation",
    "OrganisationKind",
    "Role",
    "Sector",
]

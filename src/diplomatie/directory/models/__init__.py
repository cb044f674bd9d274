from diplomatie.directory.models.agent import Agent, AgentManager, Language
from diplomatie.directory.models.membership import Membership, MembershipQuerySet, Role
from diplomatie.directory.models.organisation import (
    ROOT_SECTOR,
    Organisation,
    OrganisationKind,
    Sector,
)

__all__ = [
    "ROOT_SECTOR",
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

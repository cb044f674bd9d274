from diplomatie.accounts.models.accreditation import (
    Accreditation,
    ExternalKind,
    Origin,
)
from diplomatie.accounts.models.charter import CharterAcceptance, CharterVersion, charter_digest
from diplomatie.accounts.states import AccreditationState

__all__ = [
    "Accreditation",
    "AccreditationState",
    "CharterAcceptance",
    "CharterVersion",
    "ExternalKind",
    "Origin",
    "charter_digest",
]

from diplomatie.accounts.models.accreditation import (
    Accreditation,
    ExternalKind,
    Origin,
)
from diplomatie.accounts.models.charter import CharterAcceptance, CharterVersion, charter_digest
from diplomatie.accounts.models.session import AccountSession, SignInMethod
from diplomatie.accounts.states import AccreditationState

__all__ = [
    "AccountSession",
    "Accreditation",
    "AccreditationState",
    "CharterAcceptance",
    "CharterVersion",
    "ExternalKind",
    "Origin",
    "SignInMethod",
    "charter_digest",
]

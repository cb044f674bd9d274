"""The life cycle of an accreditation, declared once: an undeclared transition raises.

    pending ──accept──▶ accepted ──renew──▶ accepted
       │                   ├──expire──▶ expired
       └──refuse──▶ refused └──revoke──▶ revoked

Refused, expired and revoked are final: a new accreditation starts with a new
application (the same account is then accredited again)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from diplomatie.core.errors import InvalidInput


class AccreditationState(models.TextChoices):
    PENDING = "pending", _("Waiting to be vetted")
    ACCEPTED = "accepted", _("Accredited")
    REFUSED = "refused", _("Refused")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


S = AccreditationState
TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.ACCEPTED, S.REFUSED}),
    S.ACCEPTED: frozenset({S.ACCEPTED, S.EXPIRED, S.REVOKED}),
    S.REFUSED: frozenset(),
    S.EXPIRED: frozenset(),
    S.REVOKED: frozenset(),
}
FINAL_STATES = frozenset(state for state, targets in TRANSITIONS.items() if not targets)


class InvalidTransition(InvalidInput):
    """The accreditation is no longer in a state that allows this step."""


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS.get(current, frozenset()):
        raise InvalidTransition(
            _("This accreditation is %(state)s: it cannot be %(target)s any more.")
            % {"state": S(current).label.lower(), "target": S(target).label.lower()}
        )

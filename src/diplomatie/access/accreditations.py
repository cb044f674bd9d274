"""Who may see and act on accreditations and the security charter.

Queryset and predicate side by side, written from the same rules (parity tests in
tests/accounts/test_access.py):
- administrators see every accreditation and vet them;
- a sponsor sees the accreditations they sponsor (and renews them while current);
- an accredited external sees their own;
- nobody else sees any — for them an accreditation does not exist (404).
Only agents of the ministry sponsor. Externals (members of external organisations only)
are bound by the security charter; agents of the ministry and of partner
administrations, and administrators, are not."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from diplomatie.access.perimeter import perimeter_of
from diplomatie.accounts.models import Accreditation, AccreditationState
from diplomatie.directory.models import Agent


def is_administrator(agent: Agent | None) -> bool:
    return bool(
        agent is not None
        and agent.is_authenticated
        and agent.is_active
        and (agent.is_staff or agent.is_superuser)
    )


def visible_accreditations(agent: Agent | None) -> QuerySet[Accreditation]:
    if agent is None or not agent.is_authenticated or not agent.is_active:
        return Accreditation.objects.none()
    if is_administrator(agent):
        return Accreditation.objects.all()
    return Accreditation.objects.filter(Q(sponsor=agent) | Q(agent=agent))


def can_view_accreditation(agent: Agent | None, accreditation: Accreditation) -> bool:
    """The predicate twin of `visible_accreditations`."""
    if agent is None or not agent.is_authenticated or not agent.is_active:
        return False
    if is_administrator(agent):
        return True
    return agent.pk in {accreditation.sponsor_id, accreditation.agent_id}


def can_vet_accreditations(agent: Agent | None) -> bool:
    """Accept, refuse and revoke: administrators only."""
    return is_administrator(agent)


def can_sponsor(agent: Agent | None) -> bool:
    """Agents of the ministry answer for the externals they bring in."""
    return perimeter_of(agent).in_ministry


def can_renew_accreditation(agent: Agent | None, accreditation: Accreditation) -> bool:
    if accreditation.state != AccreditationState.ACCEPTED:
        return False
    if is_administrator(agent):
        return True
    return (
        agent is not None
        and agent.pk == accreditation.sponsor_id
        and perimeter_of(agent).in_ministry
    )


def can_manage_charter(agent: Agent | None) -> bool:
    """Write and publish versions of the security charter."""
    return is_administrator(agent)


def bound_by_charter(agent: Agent | None) -> bool:
    """Whether the agent must have accepted the current security charter: an external,
    that is a member of external organisations only (or an account opened by an
    accreditation), never an administrator or an agent of an administration."""
    if agent is None or not agent.is_authenticated or not agent.is_active:
        return False
    perimeter = perimeter_of(agent)
    if perimeter.internal:
        return False
    if perimeter.belongs:
        return True
    return Accreditation.objects.filter(agent=agent).exists()

"""Readers of accreditations and of the security charter."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from diplomatie.access.accreditations import (
    bound_by_charter,
    can_manage_charter,
    can_view_accreditation,
    visible_accreditations,
)
from diplomatie.accounts.models import (
    Accreditation,
    AccreditationState,
    CharterAcceptance,
    CharterVersion,
)
from diplomatie.core.errors import NotFound
from diplomatie.directory.models import Agent

S = AccreditationState
SOON = dt.timedelta(days=30)


def get_accreditation_for(actor: Agent, accreditation_id: int) -> Accreditation:
    accreditation = (
        visible_accreditations(actor)
        .select_related("sponsor", "agent", "organisation", "decided_by", "ended_by", "filed_by")
        .filter(pk=accreditation_id)
        .first()
    )
    if accreditation is None or not can_view_accreditation(actor, accreditation):
        raise NotFound("accreditation")
    return accreditation


def list_accreditations_for(
    actor: Agent, *, state: str = "", limit: int = 200
) -> list[Accreditation]:
    qs = visible_accreditations(actor).select_related("sponsor", "organisation", "agent")
    if state in S.values:
        qs = qs.filter(state=state)
    return list(qs.order_by("-created_at", "-pk")[:limit])


def pending_count_for(actor: Agent) -> int:
    return visible_accreditations(actor).filter(state=S.PENDING).count()


def expiring_soon_for(actor: Agent, *, today: dt.date | None = None) -> list[Accreditation]:
    day = today or timezone.localdate()
    return list(
        visible_accreditations(actor)
        .filter(state=S.ACCEPTED, expires_on__lte=day + SOON)
        .select_related("sponsor", "organisation", "agent")
        .order_by("expires_on", "pk")[:100]
    )


def sponsored_by(agent: Agent) -> list[Accreditation]:
    return list(
        Accreditation.objects.filter(sponsor=agent)
        .select_related("organisation", "agent")
        .order_by("-created_at", "-pk")[:200]
    )


def accreditations_of(agent: Agent) -> list[Accreditation]:
    return list(
        Accreditation.objects.filter(agent=agent)
        .select_related("sponsor", "organisation")
        .order_by("-created_at", "-pk")
    )


def standing_accreditation(agent: Agent) -> tuple[bool, Accreditation | None]:
    """(whether the account stands on accreditation at all, its current or last one)."""
    rows = list(
        Accreditation.objects.filter(agent=agent)
        .exclude(state__in=[S.PENDING, S.REFUSED])
        .select_related("sponsor")
        .order_by("-pk")[:5]
    )
    if not rows:
        return False, None
    today = timezone.localdate()
    current = next((row for row in rows if row.is_current(today)), None)
    return True, current or rows[0]


def current_charter() -> CharterVersion | None:
    return CharterVersion.objects.filter(published_at__isnull=False).order_by("-number").first()


def charter_versions_for(actor: Agent) -> list[CharterVersion]:
    if not can_manage_charter(actor):
        raise NotFound("charter")
    return list(CharterVersion.objects.order_by("-number", "-pk"))


def get_charter_version_for(actor: Agent, version_id: int) -> CharterVersion:
    if not can_manage_charter(actor):
        raise NotFound("charter")
    version = CharterVersion.objects.filter(pk=version_id).first()
    if version is None:
        raise NotFound("charter")
    return version


def acceptances_of(agent: Agent) -> list[CharterAcceptance]:
    return list(
        CharterAcceptance.objects.filter(agent=agent)
        .select_related("version")
        .order_by("-accepted_at", "-pk")
    )


def must_accept_charter(agent: Agent) -> CharterVersion | None:
    """The version the agent must accept before going on, or None."""
    if not bound_by_charter(agent):
        return None
    current = current_charter()
    if current is None:
        return None
    if CharterAcceptance.objects.filter(agent=agent, version=current).exists():
        return None
    return current

"""The personas of the security suite: who tries every route.

One factory function per persona, in one registry. Adding a persona is one line in
`PERSONAS` (and, in `url_table.py`, the group it belongs to when its answers follow a group).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.test import Client
from django.utils import timezone

from diplomatie.accounts.accreditations import do_expire_accreditation
from diplomatie.directory.models import Agent, Organisation, OrganisationKind, Role
from tests.accounts.helpers import accredit
from tests.conftest import signed_in
from tests.factories import PASSWORD, make_agent, make_member, make_organisation

K = OrganisationKind


@dataclass
class Tree:
    """The organisations the personas belong to."""

    ministry: Organisation
    political: Organisation
    middle_east: Organisation
    levant: Organisation
    consular: Organisation
    embassy: Organisation
    interior: Organisation
    # A service BELOW a partner administration: not the ministry, whatever its kind.
    interior_service: Organisation
    media: Organisation
    company: Organisation
    ngo: Organisation


def build_tree() -> Tree:
    root = make_organisation(K.MINISTRY, name="Ministère", code="ministere", acronym="MEAE")
    political = make_organisation(K.DIRECTORATE, parent=root, name="Affaires politiques")
    middle_east = make_organisation(K.SUBDIRECTORATE, parent=political, name="Moyen-Orient")
    interior = make_organisation(K.PARTNER_ADMINISTRATION, name="Intérieur", code="interieur")
    return Tree(
        ministry=root,
        political=political,
        middle_east=middle_east,
        levant=make_organisation(K.SERVICE, parent=middle_east, name="Levant", code="lev"),
        consular=make_organisation(K.DIRECTORATE, parent=root, name="Affaires consulaires"),
        embassy=make_organisation(
            K.EMBASSY, parent=root, name="Ambassade à Washington", country="US"
        ),
        interior=interior,
        interior_service=make_organisation(
            K.SERVICE, parent=interior, name="Étrangers en France", code="dgef", acronym="DGEF"
        ),
        media=make_organisation(K.MEDIA, name="Presse Internationale", code="presse"),
        company=make_organisation(K.COMPANY, name="Industries Réunies", code="industries"),
        ngo=make_organisation(K.NGO, name="Solidarités", code="ssf"),
    )


def _member(organisation: Organisation, name: str, *, role: str = Role.MEMBER) -> Agent:
    return make_member(organisation, role=role, display_name=name, email=f"{name}@sec.example")


def _deactivated(tree: Tree) -> Agent:
    agent = _member(tree.levant, "deactivated")
    agent.is_active = False
    agent.save(update_fields=["is_active"])
    return agent


def _expired_external(tree: Tree) -> Agent:
    """A journalist whose accreditation has expired: accredited by an administrator on a
    sponsor's invitation, then past its date (the sweep expired it). The account still
    exists and still belongs to its media; the gate signs it out at its next request."""
    sponsor = make_member(tree.levant, display_name="sponsor", email="sponsor@sec.example")
    vetting = make_agent(display_name="vetting", email="vetting@sec.example", is_staff=True)
    row = accredit(vetting, sponsor, tree.media, days=30, email="expired@sec.example")
    do_expire_accreditation(row.pk, today=timezone.localdate() + dt.timedelta(days=31))
    assert row.agent is not None
    return Agent.objects.get(pk=row.agent.pk)


def _administrator(tree: Tree) -> Agent:
    return Agent.objects.create_superuser("admin@sec.example", PASSWORD, display_name="admin")


# name -> factory. `None` stands for the anonymous visitor (no session at all).
PERSONAS: dict[str, Callable[[Tree], Agent] | None] = {
    "anonymous": None,
    "desk_officer": lambda t: _member(t.levant, "desk_officer"),
    "service_head": lambda t: _member(t.levant, "service_head", role=Role.HEAD),
    "other_service": lambda t: _member(t.consular, "other_service"),
    "poste_agent": lambda t: _member(t.embassy, "poste_agent"),
    "partner": lambda t: _member(t.interior, "partner"),
    "partner_service": lambda t: _member(t.interior_service, "partner_service"),
    "journalist": lambda t: _member(t.media, "journalist"),
    "company": lambda t: _member(t.company, "company"),
    "ngo": lambda t: _member(t.ngo, "ngo"),
    "deactivated": _deactivated,
    "expired_external": _expired_external,
    "admin": _administrator,
}


def build_personas(tree: Tree) -> dict[str, Agent | None]:
    return {name: (make(tree) if make else None) for name, make in PERSONAS.items()}


def open_session(agent: Agent) -> str:
    """The session id of `agent` signed in, as the matrix uses it for every request.

    The one place to complete a sign-in once it takes more than a password (a second
    factor verified for the administrator, the charter accepted by an external…)."""
    client = signed_in(Client(), agent)  # with the second factor where it is required
    return client.cookies[settings.SESSION_COOKIE_NAME].value

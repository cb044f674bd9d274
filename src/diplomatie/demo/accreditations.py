"""Demo accreditations and security charter, built through the accounts' services.

Version 1 of the charter (texts in `charter_fr.md` and `charter_en.md`) is published by
the administrator. Every demo external (the media, the NGO and the company) is accredited,
sponsored by an agent of the press service of the Directorate for Communication and Press;
one accreditation ends within the month (its sponsor is reminded by the worker), and one
journalist's application waits for the administrator to vet it. The demo externals have
accepted the charter — except Alex Morgan, the featured journalist, who is shown it at
his first sign-in.

Deterministic (people taken by organisation, sorted by e-mail; dates relative to the day
of loading) and idempotent: nothing happens once a charter version exists."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from diplomatie.accounts.accreditations import (
    ApplicationData,
    do_accept_accreditation,
    do_apply_for_accreditation,
    do_invite_external,
)
from diplomatie.accounts.charter import do_accept_charter, do_publish_charter, do_save_charter_draft
from diplomatie.accounts.models import Accreditation, CharterVersion, ExternalKind
from diplomatie.directory.models import Agent, Membership, Organisation, Role
from diplomatie.notifications.models import Notification

HERE = Path(__file__).resolve().parent
ADMIN = "admin@diplomatie.example"
ALEX = "alex.morgan@presse-internationale.example"
PRESS_SERVICE = "dcp-presse"
EXTERNALS = (
    ("presse-internationale", ExternalKind.JOURNALIST),
    ("ssf", ExternalKind.NGO),
    ("navalia", ExternalKind.COMPANY),
)
EXPIRING_SOON_DAYS = 18  # within the month: the sponsor is asked to renew
PENDING = ApplicationData(
    full_name="Léa Fontaine",
    email="lea.fontaine@courrier-diplomatique.example",
    kind=ExternalKind.JOURNALIST,
    organisation_name="Le Courrier diplomatique",
    title="Journaliste, rubrique internationale",
    press_card_number="CP-2026-08817",
    message=(
        "Correspondante aux Nations unies, je couvre le dossier du Proche-Orient et "
        "souhaite suivre les communautés ouvertes à la presse."
    ),
    language="fr",
)


def charter_texts() -> tuple[str, str]:
    return (
        (HERE / "charter_fr.md").read_text(encoding="utf-8"),
        (HERE / "charter_en.md").read_text(encoding="utf-8"),
    )


def _press_sponsors() -> list[Agent]:
    """The press service's agents, head first."""
    service = Organisation.objects.get(code=PRESS_SERVICE)
    rows = (
        Membership.objects.active()
        .filter(organisation=service, agent__is_active=True)
        .select_related("agent")
        .order_by("agent__email")
    )
    heads = [m.agent for m in rows if m.role == Role.HEAD]
    others = [m.agent for m in rows if m.role != Role.HEAD and m.agent not in heads]
    return heads + others


def _members(code: str) -> list[Agent]:
    ids = Membership.objects.active().filter(organisation__code=code).values("agent_id")
    return list(Agent.objects.filter(pk__in=ids, is_active=True).order_by("email"))


def load_demo_accreditations(*, stdout: Callable[[str], None] | None = None) -> dict[str, int]:
    counts = {"charter versions": 0, "accreditations": 0, "charter acceptances": 0}
    if CharterVersion.objects.exists() or Accreditation.objects.exists():
        return counts
    admin = Agent.objects.get(email=ADMIN)
    sponsors = _press_sponsors()
    today = timezone.localdate()
    with transaction.atomic():
        fr, en = charter_texts()
        draft = do_save_charter_draft(admin, text_fr=fr, text_en=en)
        version = do_publish_charter(admin, draft.pk)
        counts["charter versions"] = 1
        accepted: list[Accreditation] = []
        index = 0
        for code, kind in EXTERNALS:
            organisation = Organisation.objects.get(code=code)
            for agent in _members(code):
                sponsor = sponsors[index % len(sponsors)]
                first_of_company = code == "navalia" and not accepted_in(accepted, code)
                days = EXPIRING_SOON_DAYS if first_of_company else 150 + 20 * index
                row = do_invite_external(
                    sponsor,
                    ApplicationData(
                        full_name=agent.display_name,
                        email=agent.email,
                        kind=kind,
                        organisation=organisation,
                        title=agent.title,
                        press_card_number=(
                            f"CP-{2021 + index % 5}-{4200 + 37 * index}"
                            if kind == ExternalKind.JOURNALIST
                            else ""
                        ),
                        language=agent.preferred_language,
                    ),
                )
                accepted.append(
                    do_accept_accreditation(
                        admin, row.pk, expires_on=today + dt.timedelta(days=min(days, 360))
                    )
                )
                index += 1
                if agent.email != ALEX:
                    do_accept_charter(agent, version.pk, language=agent.preferred_language)
                    counts["charter acceptances"] += 1
        counts["accreditations"] = len(accepted)
        pending = do_apply_for_accreditation(PENDING, sponsor_email=sponsors[0].email)
        counts["accreditations"] += 1
        # The administrator's inbox keeps only what is still to vet.
        Notification.objects.filter(agent=admin, kind="accreditation.apply").exclude(
            url__endswith=f"/{pending.pk}/"
        ).update(read_at=timezone.now())
    if stdout is not None:
        stdout(
            f"Demo accreditations: charter version {version.number} published, "
            f"{counts['accreditations']} accreditations (one to vet), "
            f"{counts['charter acceptances']} acceptances of the charter."
        )
    return counts


def accepted_in(rows: list[Accreditation], code: str) -> bool:
    return any(row.organisation is not None and row.organisation.code == code for row in rows)

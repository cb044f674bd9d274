"""Accreditations and charters built through the services, as users would build them."""

from __future__ import annotations

import datetime as dt
import re

from django.core import mail
from django.utils import timezone

from diplomatie.accounts.accreditations import (
    ApplicationData,
    do_accept_accreditation,
    do_apply_for_accreditation,
    do_invite_external,
)
from diplomatie.accounts.charter import do_publish_charter, do_save_charter_draft
from diplomatie.accounts.models import Accreditation, CharterVersion, ExternalKind
from diplomatie.directory.models import Agent, Organisation

CHARTER_FR = "# Charte de sécurité\n\nJe protège les informations **Diffusion Restreinte**."
CHARTER_EN = "# Security charter\n\nI protect **Restricted** information."


def application(**overrides: object) -> ApplicationData:
    fields: dict[str, object] = {
        "full_name": "Jamie Rivera",
        "email": "jamie.rivera@presse.example",
        "kind": ExternalKind.JOURNALIST,
        "organisation_name": "Le Quotidien du Monde",
        "title": "Correspondant diplomatique",
        "press_card_number": "CP-2026-1234",
        "language": "en",
    }
    fields.update(overrides)
    return ApplicationData(**fields)  # type: ignore[arg-type]


def public_application(sponsor: Agent | None, **overrides: object) -> Accreditation:
    return do_apply_for_accreditation(
        application(**overrides), sponsor_email=sponsor.email if sponsor else "nobody@x.example"
    )


def invitation(sponsor: Agent, organisation: Organisation, **overrides: object) -> Accreditation:
    return do_invite_external(
        sponsor,
        application(organisation=organisation, organisation_name="", **overrides),
    )


def in_days(days: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=days)


def accredit(
    admin: Agent,
    sponsor: Agent,
    organisation: Organisation,
    *,
    days: int = 180,
    **overrides: object,
) -> Accreditation:
    """An external put forward by `sponsor` and accepted by `admin`."""
    row = invitation(sponsor, organisation, **overrides)
    return do_accept_accreditation(admin, row.pk, expires_on=in_days(days))


def publish_charter(admin: Agent, fr: str = CHARTER_FR, en: str = CHARTER_EN) -> CharterVersion:
    draft = do_save_charter_draft(admin, text_fr=fr, text_en=en)
    return do_publish_charter(admin, draft.pk)


def link_in_last_mail(to: str) -> str:
    message = next(m for m in reversed(mail.outbox) if to in m.to)
    found = re.search(r"https?://\S+/compte/bienvenue/\S+/", str(message.body))
    assert found, message.body
    return found.group(0)

"""A letter rendered with four signature fields, and the full signing sequence."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from diplomatie.directory.models import Agent
from diplomatie.publications.actions import do_create_draft
from diplomatie.publications.models import Publication
from diplomatie.signatures.services import (
    SignatureSlot,
    archive,
    certify,
    render_pdf,
    seal,
    sign,
)
from tests.conftest import Ministry
from tests.factories import PASSWORD, draft_data

SLOTS = (
    SignatureSlot("step-1-a", "Visa — Head of the Levant service"),
    SignatureSlot("step-2-a", "Signature — Director of political affairs"),
    SignatureSlot("step-3-a", "Cachet — Seal of the ministry"),
)


def make_letter(ministry: Ministry, desk_officer: Agent) -> Publication:
    publication: Publication = do_create_draft(
        desk_officer,
        draft_data(
            kind="letter",
            issuer=ministry.levant,
            subject="Invitation au dialogue régional",
            body="Madame la Ministre,\n\nJ'ai l'honneur de **vous inviter** au dialogue.\n\n"
            "- point un\n- point deux",
            action_to=ministry.consular,
            info_to=[ministry.embassy],
        ),
    )
    return publication


@pytest.fixture
def letter(ministry: Ministry, desk_officer: Agent) -> Publication:
    return make_letter(ministry, desk_officer)


@dataclass
class Signed:
    rendered: bytes
    certified: bytes
    visa: bytes
    signed: bytes
    sealed: bytes
    archived: bytes


def make_signed(letter: Publication, service_head: Agent, desk_officer: Agent) -> Signed:
    """Certification, a visa, a signature, the cachet, the archival timestamp."""
    rendered = render_pdf(letter, SLOTS)
    certified = certify(rendered)
    visa = sign(certified, agent=service_head, password=PASSWORD, field="step-1-a", reason="Visa")
    signed = sign(visa, agent=desk_officer, password=PASSWORD, field="step-2-a")
    sealed = seal(signed, field="step-3-a")
    return Signed(rendered, certified, visa, signed, sealed, archive(sealed))


@pytest.fixture
def signed(letter: Publication, service_head: Agent, desk_officer: Agent) -> Signed:
    return make_signed(letter, service_head, desk_officer)

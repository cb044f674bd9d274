"""Fixtures of the parapheur: a cast of actors and the PDF engine.

The PDF engine is the `signatures` app's when it is installed; until then a stand-in
that only appends marks to the bytes lets the circuit logic be tested on its own (the
cryptographic tests are skipped without the real one)."""

from __future__ import annotations

import importlib.util
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from diplomatie.core.errors import PermissionDenied
from diplomatie.directory.models import Agent, Organisation, OrganisationKind, Role
from diplomatie.parapheur import documents
from diplomatie.parapheur.actions import StepSpec
from diplomatie.parapheur.models import Quorum, StepKind
from diplomatie.publications.actions import do_create_draft
from diplomatie.publications.models import Publication
from tests.conftest import Ministry
from tests.factories import draft_data, make_member, make_organisation

REAL_PKI = importlib.util.find_spec("diplomatie.signatures.services") is not None


@dataclass
class FakeSlot:
    name: str
    label: str


class FakeSignatures:
    """Stands for `diplomatie.signatures.services`: marks instead of signatures."""

    SignatureSlot = FakeSlot

    def render_pdf(self, publication: Publication, slots: Sequence[FakeSlot]) -> bytes:
        fields = ",".join(s.name for s in slots)
        body = publication.body.replace("\n", " ")
        return (
            f"%PDF-1.7\n% {publication.chrono} {publication.subject} [{fields}] {body}\n".encode()
        )

    def certify(self, pdf: bytes) -> bytes:
        return pdf + b"% certified by the seal\n"

    def sign(
        self,
        pdf: bytes,
        *,
        agent: Agent,
        password: str = "",
        confirmed_by: str = "",
        field: str,
        on_behalf_of: Agent | None = None,
        reason: str = "",
    ) -> bytes:
        if not confirmed_by and not agent.check_password(password):
            raise PermissionDenied("wrong password")
        behalf = f" for {on_behalf_of.pk}" if on_behalf_of else ""
        return pdf + f"% {field} signed by {agent.pk}{behalf}\n".encode()

    def seal(self, pdf: bytes, *, field: str) -> bytes:
        return pdf + f"% {field} sealed\n".encode()

    def archive(self, pdf: bytes) -> bytes:
        return pdf + b"% archived\n"


@pytest.fixture(autouse=True)
def pdf_engine(settings: SettingsWrapper, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    settings.DATA_DIR = tmp_path
    if REAL_PKI:
        return documents._services()
    fake = FakeSignatures()
    monkeypatch.setattr(documents, "_services", lambda: fake)
    return fake


@dataclass
class Cast:
    author: Agent
    visa: Agent
    signer: Agent
    director: Agent
    protocol_head: Agent
    outsider: Agent
    levant: Organisation
    protocol: Organisation
    consular: Organisation
    political: Organisation


@pytest.fixture
def cast(ministry: Ministry, desk_officer: Agent, service_head: Agent) -> Cast:
    protocol = make_organisation(
        OrganisationKind.DIRECTORATE,
        parent=ministry.ministry,
        name="Protocole",
        code="proto",
        acronym="PROTO",
    )
    return Cast(
        author=desk_officer,
        visa=make_member(ministry.middle_east, display_name="Valérie Visa", email="v@d.example"),
        signer=service_head,
        director=make_member(
            ministry.political,
            role=Role.HEAD,
            display_name="Diane Directrice",
            email="dd@d.example",
        ),
        protocol_head=make_member(
            protocol, role=Role.HEAD, display_name="Paul Protocole", email="pp@d.example"
        ),
        outsider=make_member(ministry.consular, display_name="Olga Outsider", email="o@d.example"),
        levant=ministry.levant,
        protocol=protocol,
        consular=ministry.consular,
        political=ministry.political,
    )


def make_letter(cast: Cast, **overrides: Any) -> Publication:
    fields: dict[str, Any] = {
        "kind": "letter",
        "subject": "Lettre à l'ambassadeur du Liban",
        "summary": "",
        "body": "Monsieur l'Ambassadeur,\n\nJ'ai l'honneur de vous faire savoir…",
        "issuer": cast.levant,
        "action_to": cast.consular,
    }
    fields.update(overrides)
    publication: Publication = do_create_draft(cast.author, draft_data(**fields))
    return publication


def full_circuit(cast: Cast) -> list[StepSpec]:
    """visa → signature → signature → cachet."""
    return [
        StepSpec(kind=StepKind.VISA, agents=[cast.visa]),
        StepSpec(kind=StepKind.SIGNATURE, agents=[cast.signer]),
        StepSpec(kind=StepKind.SIGNATURE, role_organisation=cast.political, role=Role.HEAD),
        StepSpec(kind=StepKind.CACHET, role_organisation=cast.protocol, role=Role.HEAD),
    ]


ANY = Quorum.ANY
ALL = Quorum.ALL

"""The demo circuits: built through the services, at the promised steps, idempotent."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings

from diplomatie.demo.ministry import load_demo
from diplomatie.demo.parapheur import load_demo_parapheur
from diplomatie.directory.models import Agent
from diplomatie.parapheur import documents
from diplomatie.parapheur.models import Circuit, CircuitState, StepKind, StepState
from diplomatie.parapheur.selectors import waiting_steps_for
from diplomatie.publications.models import Status
from diplomatie.signatures.services import verify

pytestmark = pytest.mark.django_db


def test_demo_circuits(settings: Settings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path
    load_demo()
    assert load_demo_parapheur() == {"templates": 2, "circuits": 3}
    henri = Agent.objects.get(email="henri.dubois@diplomatie.example")
    camille = Agent.objects.get(email="camille.laurent@diplomatie.example")
    waiting = waiting_steps_for(henri).get()
    assert waiting.kind == StepKind.SIGNATURE
    assert waiting.circuit.publication.author == camille
    states = {c.state: c for c in Circuit.objects.select_related("publication")}
    assert set(states) == {CircuitState.RUNNING, CircuitState.REJECTED, CircuitState.COMPLETED}
    assert states[CircuitState.REJECTED].rejection_reason
    assert states[CircuitState.REJECTED].publication.status == Status.DRAFT
    completed = states[CircuitState.COMPLETED]
    assert completed.publication.status == Status.SENT
    assert not completed.steps.exclude(state=StepState.DONE).exists()
    report = verify(documents.load(completed.document_sha256))
    assert report.valid, report.explanation
    assert load_demo_parapheur() == {"templates": 0, "circuits": 0}
    assert Circuit.objects.count() == 3

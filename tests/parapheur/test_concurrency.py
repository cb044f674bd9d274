"""Two people acting on one step at the same moment never both sign the same revision."""

from __future__ import annotations

import threading

import pytest
from django.db import connections

from diplomatie.core.errors import DiplomatieError
from diplomatie.directory.models import Agent
from diplomatie.parapheur import actions
from diplomatie.parapheur.actions import StepSpec
from diplomatie.parapheur.models import Act, ActKind, Circuit, Quorum, Step, StepKind, StepState
from tests.factories import PASSWORD, make_member
from tests.parapheur.conftest import Cast, make_letter


@pytest.mark.django_db(transaction=True)
def test_two_signers_of_an_any_of_step_at_once(cast: Cast) -> None:
    others = [make_member(cast.levant, display_name=f"Adjoint {n}") for n in range(3)]
    signers = [cast.signer, *others]
    started: list[Circuit] = []

    def start() -> None:
        # In a thread of its own: pyHanko's synchronous API runs its own event loop, which
        # it cannot do in a thread where one runs already (the browser tests' Playwright).
        try:
            started.append(
                actions.do_start_circuit(
                    cast.author,
                    make_letter(cast),
                    steps=[
                        StepSpec(kind=StepKind.SIGNATURE, quorum=Quorum.ANY, agents=signers),
                        StepSpec(kind=StepKind.VISA, agents=[cast.visa]),
                    ],
                )
            )
        finally:
            connections.close_all()

    starter = threading.Thread(target=start)
    starter.start()
    starter.join(timeout=120)
    circuit = started[0]
    step_id = circuit.steps.get(position=1).pk
    version = circuit.version
    barrier = threading.Barrier(len(signers))
    outcomes: list[str] = []

    def sign(agent_id: int) -> None:
        try:
            agent = Agent.objects.get(pk=agent_id)
            step = Step.objects.select_related("circuit").get(pk=step_id)
            barrier.wait(timeout=30)
            actions.do_sign(agent, step, password=PASSWORD, version=version)
            outcomes.append("signed")
        except DiplomatieError as exc:
            outcomes.append(f"refused: {exc}")
        except BaseException as exc:  # pragma: no cover - reported below
            outcomes.append(f"error: {exc!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(a.pk,)) for a in signers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert outcomes.count("signed") == 1, outcomes
    assert all(o.startswith("refused") for o in outcomes if o != "signed"), outcomes
    circuit = Circuit.objects.get(pk=circuit.pk)
    assert circuit.version == version + 1
    signs = list(Act.objects.filter(circuit=circuit, kind=ActKind.SIGN))
    assert len(signs) == 1
    assert signs[0].sha256_before == circuit.frozen_sha256
    assert circuit.steps.get(position=1).state == StepState.DONE
    assert circuit.steps.get(position=2).state == StepState.OPEN

"""`visible_circuits` and `can_view_circuit` agree, for every persona and state."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from diplomatie.access.policy import can_view_circuit
from diplomatie.access.querysets import visible_circuits
from diplomatie.directory.models import Agent
from diplomatie.parapheur import actions
from diplomatie.parapheur.actions import StepSpec
from diplomatie.parapheur.models import Circuit, StepKind, StepState
from tests.factories import PASSWORD, make_member
from tests.parapheur.conftest import Cast, make_letter

pytestmark = pytest.mark.django_db


def test_parity(cast: Cast, journalist: Agent, ambassador: Agent) -> None:
    today = timezone.localdate()
    deputy = make_member(cast.levant, display_name="Denise Adjointe")
    actions.do_declare_delegation(
        cast.protocol_head, delegate=deputy, starts_on=today, ends_on=today + dt.timedelta(days=1)
    )
    steps = [
        StepSpec(kind=StepKind.VISA, agents=[cast.visa]),
        StepSpec(kind=StepKind.SIGNATURE, agents=[cast.signer]),
        StepSpec(kind=StepKind.CACHET, agents=[cast.protocol_head]),
    ]
    running = actions.do_start_circuit(cast.author, make_letter(cast), steps=steps)
    rejected = actions.do_start_circuit(cast.author, make_letter(cast), steps=steps)
    actions.do_reject(cast.visa, rejected.steps.get(position=1), reason="Non.")
    done = actions.do_start_circuit(cast.author, make_letter(cast), steps=steps)
    actions.do_visa(cast.visa, done.steps.get(position=1))
    actions.do_sign(cast.signer, done.steps.get(position=2), password=PASSWORD)
    at_cachet = actions.do_start_circuit(cast.author, make_letter(cast), steps=steps)
    actions.do_visa(cast.visa, at_cachet.steps.get(position=1))
    actions.do_sign(cast.signer, at_cachet.steps.get(position=2), password=PASSWORD)
    actions.do_cachet(deputy, done.steps.get(position=3), password=PASSWORD)
    reader = make_member(cast.consular, display_name="Lecteur")
    people = [
        cast.author,
        cast.visa,
        cast.signer,
        cast.protocol_head,
        cast.outsider,
        deputy,
        reader,
        journalist,
        ambassador,
    ]
    seen: dict[tuple[int, int], bool] = {}
    for agent in people:
        visible = set(visible_circuits(agent).values_list("pk", flat=True))
        for circuit in Circuit.objects.select_related("publication"):
            assert can_view_circuit(agent, circuit) == (circuit.pk in visible), (agent, circuit)
            seen[agent.pk, circuit.pk] = circuit.pk in visible
    assert seen[deputy.pk, at_cachet.pk]  # waiting for the absent agent
    assert seen[deputy.pk, done.pk]  # acted in it
    assert not seen[deputy.pk, running.pk]
    assert seen[reader.pk, done.pk] and not seen[reader.pk, running.pk]  # the sent letter
    # A member of the action organisation reads the sent letter, not the drafts in circuit.
    assert not any(seen[cast.outsider.pk, c.pk] for c in (running, rejected, at_cachet))
    assert not any(seen[journalist.pk, c.pk] for c in (running, rejected, done, at_cachet))
    assert at_cachet.steps.get(position=3).state == StepState.OPEN

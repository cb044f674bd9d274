"""The life cycles of a circuit and of its steps: declared transitions only."""

from __future__ import annotations

from diplomatie.core.errors import InvalidInput
from diplomatie.parapheur.models import CircuitState, StepState

C = CircuitState
S = StepState
CIRCUIT_TRANSITIONS: dict[str, frozenset[str]] = {
    C.RUNNING: frozenset({C.COMPLETED, C.REJECTED, C.WITHDRAWN}),
    C.COMPLETED: frozenset(),
    C.REJECTED: frozenset(),
    C.WITHDRAWN: frozenset(),
}
STEP_TRANSITIONS: dict[str, frozenset[str]] = {
    S.PENDING: frozenset({S.OPEN, S.CANCELLED}),
    S.OPEN: frozenset({S.DONE, S.REJECTED, S.CANCELLED}),
    S.DONE: frozenset(),
    S.REJECTED: frozenset(),
    S.CANCELLED: frozenset(),
}


def check_circuit_transition(current: str, target: str) -> None:
    if target not in CIRCUIT_TRANSITIONS[current]:
        raise InvalidInput(f"A circuit that is {current} cannot become {target}.")


def check_step_transition(current: str, target: str) -> None:
    if target not in STEP_TRANSITIONS[current]:
        raise InvalidInput(f"A step that is {current} cannot become {target}.")

"""The life cycle of a task: declared transitions only."""

from __future__ import annotations

from diplomatie.core.errors import InvalidInput
from diplomatie.routing.models import TaskState

S = TaskState
TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.ASSIGNED, S.DONE, S.REROUTED}),
    S.ASSIGNED: frozenset({S.ASSIGNED, S.IN_PROGRESS, S.DONE, S.REROUTED}),
    S.IN_PROGRESS: frozenset({S.ASSIGNED, S.DONE, S.REROUTED}),
    S.DONE: frozenset(),
    S.REROUTED: frozenset(),
}


def check_transition(current: str, target: str) -> None:
    if target not in TRANSITIONS[current]:
        raise InvalidInput(
            f"A task that is {TaskState(current).label.lower()} cannot become "
            f"{TaskState(target).label.lower()}."
        )

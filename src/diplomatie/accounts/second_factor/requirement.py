"""Who must have a second factor: administrators, and the agents higher apps name.

The parapheur registers its signers (`register_requirement` in its `AppConfig.ready()`):
this module knows no app above it. Everyone else may enrol, and once they have a device
they present it at every sign-in like the others.
"""

from __future__ import annotations

from collections.abc import Callable

from diplomatie.directory.models import Agent

Requirement = Callable[[Agent], bool]
_requirements: dict[str, Requirement] = {}


def register_requirement(name: str, check: Requirement) -> None:
    """`check(agent)` is True when the agent must have a second factor; `name` says why."""
    _requirements[name] = check


def is_administrator(agent: Agent) -> bool:
    return bool(agent.is_staff or agent.is_superuser)


def reasons_required(agent: Agent) -> list[str]:
    reasons = ["administrator"] if is_administrator(agent) else []
    reasons += [name for name, check in _requirements.items() if check(agent)]
    return reasons


def is_required(agent: Agent) -> bool:
    return is_administrator(agent) or any(check(agent) for check in _requirements.values())

"""The worker's periodic sweeps, registered by the apps that own them.

`core/` knows no domain app: each app registers its sweeps in its `AppConfig.ready()`
and the worker runs every registered sweep once a round. A sweep takes whatever has
fallen due and must be safe to run twice or concurrently (claim rows under a lock or
with a conditional update), so a worker that dies mid-sweep loses nothing."""

from __future__ import annotations

from collections.abc import Callable

Sweep = Callable[[], int]
_SWEEPS: dict[str, Sweep] = {}


def register_sweep(name: str, sweep: Sweep) -> None:
    """Run `sweep` on every round of the worker; it returns how many things it did."""
    _SWEEPS[name] = sweep


def registered_sweeps() -> dict[str, Sweep]:
    return dict(_SWEEPS)


def run_sweeps() -> dict[str, int]:
    return {name: sweep() for name, sweep in _SWEEPS.items()}

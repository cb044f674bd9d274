"""A large data set on top of the demo ministry.

`generate(100_000)` loads the demo ministry if it is missing, then writes publications
with their addressees, themes, tags, chrono numbers, tasks and their history, replies,
acknowledgements and reads, in batches of 5,000 written with `bulk_create`. It keeps the
invariants the services keep (see `diplomatie.demo.publications`) and continues the
chrono counters of whatever is already there, so it can run on top of the demo
publications, or twice.

Call it once Django is set up (`bench.journal` does); it imports the models lazily.
"""

from __future__ import annotations

from collections.abc import Callable

BATCH_SIZE = 5_000


def generate(
    n_publications: int, *, seed: int = 7, stdout: Callable[[str], None] | None = None
) -> dict[str, int]:
    """Write `n_publications` sent publications (replies included); return the row counts."""
    from diplomatie.demo.ministry import load_demo
    from diplomatie.demo.publications import PublicationGenerator

    load_demo()
    generator = PublicationGenerator(seed=seed)
    return generator.generate(n_publications, batch_size=BATCH_SIZE, stdout=stdout)

"""Concurrent writers never fork the chain nor share a sequence number."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from diplomatie.audit.chain import verify_chain
from diplomatie.audit.models import Event
from diplomatie.audit.recorder import record_event
from diplomatie.directory.models import Agent
from tests.factories import make_agent

THREADS = 6
PER_THREAD = 15


@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_keep_one_gap_free_chain() -> None:
    agents = [make_agent() for _ in range(THREADS)]
    before = Event.objects.count()
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def write(agent_id: int, index: int) -> None:
        try:
            agent = Agent.objects.get(pk=agent_id)
            barrier.wait(timeout=30)
            for n in range(PER_THREAD):
                if (index + n) % 2:
                    # Outside any transaction: the recorder opens its own.
                    record_event("test.alone", actor=agent, details={"n": n})
                else:
                    # Inside an action's transaction, with another write before it.
                    with transaction.atomic():
                        Agent.objects.filter(pk=agent_id).update(title=f"n{n}")
                        record_event("test.in_action", actor=agent, details={"n": n})
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(agent.pk, i)) for i, agent in enumerate(agents)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    total = before + THREADS * PER_THREAD
    sequences = list(Event.objects.order_by("sequence").values_list("sequence", flat=True))
    assert sequences == list(range(1, total + 1)), connection.vendor
    report = verify_chain()
    assert report.intact, report.problems
    assert report.checked == total

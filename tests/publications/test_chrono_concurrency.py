"""Chrono numbers stay unique and gap-free when many agents send at once."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from diplomatie.directory.models import Agent
from diplomatie.publications.actions import do_create_draft, do_send
from diplomatie.publications.models import ChronoCounter, Publication
from tests.conftest import Ministry
from tests.factories import draft_data, make_member

THREADS = 6
PER_THREAD = 5


@pytest.mark.django_db(transaction=True)
def test_concurrent_sending_gives_unique_gapless_numbers(ministry: Ministry) -> None:
    senders = [make_member(ministry.embassy) for _ in range(THREADS)]
    drafts = {
        sender.pk: [
            do_create_draft(
                sender, draft_data(issuer=ministry.embassy, action_to=ministry.levant)
            ).pk
            for _ in range(PER_THREAD)
        ]
        for sender in senders
    }
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def send_all(agent_id: int) -> None:
        try:
            agent = Agent.objects.get(pk=agent_id)
            barrier.wait(timeout=30)
            for pk in drafts[agent_id]:
                do_send(agent, Publication.objects.get(pk=pk))
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send_all, args=(s.pk,)) for s in senders]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    year = timezone.localdate().year
    numbers = sorted(
        n
        for n in Publication.objects.filter(issuer=ministry.embassy, status="sent").values_list(
            "chrono_sequence", flat=True
        )
        if n is not None
    )
    assert numbers == list(range(1, THREADS * PER_THREAD + 1)), connection.vendor
    counter = ChronoCounter.objects.get(issuer=ministry.embassy, year=year)
    assert counter.last == THREADS * PER_THREAD

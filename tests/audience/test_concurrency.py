"""Counted views and ratings stay exact when many requests arrive at once (run on the
SQLite file and on PostgreSQL)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connections
from django.utils import timezone

from diplomatie.audience.actions import do_rate_publication, do_record_view
from diplomatie.audience.models import Rating, View, ViewClock
from diplomatie.directory.models import Agent
from diplomatie.publications.models import Publication
from tests.conftest import Ministry
from tests.factories import make_member, send_publication

THREADS = 6
PER_THREAD = 5


def run_together(work: Callable[[int], None]) -> list[BaseException]:
    barrier = threading.Barrier(THREADS)
    errors: list[BaseException] = []

    def run(index: int) -> None:
        try:
            barrier.wait(timeout=30)
            work(index)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.django_db(transaction=True)
def test_concurrent_views_count_once_per_reader_and_window(ministry: Ministry) -> None:
    author = make_member(ministry.embassy)
    note = send_publication(author, issuer=ministry.embassy, action_to=ministry.levant)
    readers = [make_member(ministry.levant).pk for _ in range(3)]
    now = timezone.now()

    def view(index: int) -> None:
        publication = Publication.objects.get(pk=note.pk)
        # Every thread views as every reader, many times, at the same moment.
        for _ in range(PER_THREAD):
            for reader_id in readers:
                do_record_view(Agent.objects.get(pk=reader_id), publication, now=now)

    assert not run_together(view)
    assert View.objects.filter(publication=note).count() == len(readers)
    assert ViewClock.objects.filter(publication=note).count() == len(readers)


@pytest.mark.django_db(transaction=True)
def test_concurrent_ratings_leave_one_row_per_reader(ministry: Ministry) -> None:
    author = make_member(ministry.embassy)
    note = send_publication(author, issuer=ministry.embassy, action_to=ministry.levant)
    readers = [make_member(ministry.levant).pk for _ in range(THREADS)]

    def rate(index: int) -> None:
        publication = Publication.objects.get(pk=note.pk)
        for round_ in range(PER_THREAD):
            # Each reader rates several times, and also rates as a neighbour's thread.
            for reader_id in (readers[index], readers[(index + 1) % THREADS]):
                do_rate_publication(
                    Agent.objects.get(pk=reader_id), publication, score=1 + round_ % 5
                )

    assert not run_together(rate)
    assert Rating.objects.filter(publication=note).count() == THREADS
    assert set(Rating.objects.values_list("score", flat=True)) <= {1, 2, 3, 4, 5}

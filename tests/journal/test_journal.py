"""The journal: what lands in each pane, ordering, pagination, filters, query counts."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diplomatie.directory.models import Agent
from diplomatie.journal.selectors import PAGE_SIZE, Filters, interest_page, task_page
from diplomatie.publications.actions import do_mark_read
from diplomatie.publications.models import Publication
from diplomatie.routing.actions import do_take_task
from diplomatie.routing.models import Task
from tests.conftest import Ministry, signed_in
from tests.factories import send_publication


def flood(ministry: Ministry, author: Agent, n: int, **overrides: Any) -> list[Publication]:
    fields: dict[str, Any] = {"issuer": ministry.embassy, "action_to": ministry.levant}
    fields.update(overrides)
    return [send_publication(author, **fields) for _ in range(n)]


def test_action_goes_to_tasks_and_information_to_interests(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    from tests.factories import make_member

    consular_agent = make_member(ministry.consular)
    telegram = send_publication(
        ambassador,
        issuer=ministry.embassy,
        action_to=ministry.levant,
        info_to=[ministry.consular],
    )
    tasks = task_page(desk_officer, Filters())
    assert [t.publication_id for t in tasks.rows] == [telegram.pk]
    interests = interest_page(consular_agent, Filters())
    assert [p.pk for p in interests.rows] == [telegram.pk]
    assert task_page(consular_agent, Filters()).total == 0


def test_tasks_are_ordered_overdue_first_then_by_precedence(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    routine = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    flash = send_publication(
        ambassador, issuer=ministry.embassy, action_to=ministry.levant, precedence="flash"
    )
    late = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    Task.objects.filter(publication=late).update(due_at=timezone.now() - dt.timedelta(days=1))
    order = [t.publication_id for t in task_page(desk_officer, Filters()).rows]
    assert order == [late.pk, flash.pk, routine.pk]


def test_taken_tasks_leave_colleagues_panes(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent, service_head: Agent
) -> None:
    telegram = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    do_take_task(desk_officer, Task.objects.get(publication=telegram))
    assert task_page(desk_officer, Filters()).total == 1
    assert task_page(service_head, Filters()).total == 0


def test_keyset_pagination_walks_every_row_once(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    sent = flood(ministry, ambassador, PAGE_SIZE * 2 + 3, info_to=[], action_to=ministry.political)
    seen: list[int] = []
    cursor = None
    while True:
        page = interest_page(desk_officer, Filters(), cursor)
        seen.extend(p.pk for p in page.rows)
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    assert sorted(seen) == sorted(p.pk for p in sent)
    assert len(seen) == len(set(seen))


def test_filters_and_unread(ministry: Ministry, ambassador: Agent, desk_officer: Agent) -> None:
    note = send_publication(
        ambassador, kind="note", issuer=ministry.embassy, action_to=ministry.political
    )
    telegram = send_publication(
        ambassador, issuer=ministry.embassy, action_to=ministry.political, precedence="priority"
    )
    assert [p.pk for p in interest_page(desk_officer, Filters(kind="note")).rows] == [note.pk]
    by_precedence = interest_page(desk_officer, Filters(precedence="priority")).rows
    assert [p.pk for p in by_precedence] == [telegram.pk]
    do_mark_read(desk_officer, note)
    page = interest_page(desk_officer, Filters())
    assert page.extra["unread"] == 1
    assert [p.pk for p in interest_page(desk_officer, Filters(unread=True)).rows] == [telegram.pk]


def test_a_forged_cursor_is_ignored(
    client: Client, ministry: Ministry, desk_officer: Agent
) -> None:
    signed_in(client, desk_officer)
    response = client.get(reverse("home"), {"pane": "interests", "cursor": "forged"})
    assert response.status_code == 200
    response = client.get(reverse("home"), {"since": "not-a-date", "theme": "x", "kind": "bad"})
    assert response.status_code == 200


@pytest.mark.parametrize("persona", ["desk_officer", "service_head"])
def test_journal_query_count_does_not_grow(
    client: Client,
    request: pytest.FixtureRequest,
    ministry: Ministry,
    ambassador: Agent,
    persona: str,
) -> None:
    agent: Agent = request.getfixturevalue(persona)
    signed_in(client, agent)
    flood(ministry, ambassador, 2, info_to=[ministry.political])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("home")).status_code == 200
        return len(queries)

    small = count()
    flood(ministry, ambassador, 30, info_to=[ministry.political])
    flood(ministry, ambassador, 5, action_to=ministry.political)
    large = count()
    assert small == large, f"{small} queries with 2 publications, {large} with 37"
    assert large <= 16


def test_htmx_next_page_query_count(
    client: Client, ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    signed_in(client, desk_officer)
    flood(ministry, ambassador, PAGE_SIZE + 5, action_to=ministry.political)
    first = interest_page(desk_officer, Filters())
    with CaptureQueriesContext(connection) as queries:
        response = client.get(
            reverse("home"),
            {"pane": "interests", "cursor": first.next_cursor or ""},
            headers={"HX-Request": "true"},
        )
    assert response.status_code == 200
    assert response.content.decode().count('<li class="row') == 5
    assert len(queries) <= 10

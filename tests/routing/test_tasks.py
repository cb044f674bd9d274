"""The task life cycle: take, assign, start, close by note or reply, re-route."""

from __future__ import annotations

import pytest

from diplomatie.core.errors import InvalidInput, PermissionDenied
from diplomatie.directory.models import Agent
from diplomatie.notifications.models import Notification
from diplomatie.publications.models import Publication
from diplomatie.routing.actions import (
    close_tasks_answered_by,
    do_assign_task,
    do_close_task,
    do_reroute_task,
    do_start_task,
    do_take_task,
)
from diplomatie.routing.models import Addressing, Task
from tests.conftest import Ministry
from tests.factories import send_publication


@pytest.fixture
def telegram(ministry: Ministry, ambassador: Agent) -> Publication:
    return send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)


def task_of(publication: Publication) -> Task:
    return Task.objects.get(publication=publication, state__in=["new", "assigned", "in_progress"])


def test_member_takes_starts_and_closes_with_a_note(
    telegram: Publication, desk_officer: Agent
) -> None:
    task = do_take_task(desk_officer, task_of(telegram))
    assert (task.state, task.assignee) == ("assigned", desk_officer)
    task = do_start_task(desk_officer, task)
    assert task.state == "in_progress"
    with pytest.raises(InvalidInput, match="reply or a closing note"):
        do_close_task(desk_officer, task, note="  ")
    task = do_close_task(desk_officer, task, note="Traité par téléphone avec le poste.")
    assert task.state == "done" and task.closed_at is not None
    actions = list(task.events.values_list("action", flat=True))
    assert actions == ["created", "taken", "started", "closed"]


def test_head_assigns_and_the_assignee_is_notified(
    telegram: Publication, service_head: Agent, desk_officer: Agent
) -> None:
    task = do_assign_task(service_head, task_of(telegram), desk_officer)
    assert task.assignee == desk_officer
    assert Notification.objects.filter(agent=desk_officer, kind="task.assigned").exists()


def test_only_managers_assign_and_only_members_take(
    telegram: Publication, desk_officer: Agent, ambassador: Agent, service_head: Agent
) -> None:
    with pytest.raises(PermissionDenied):
        do_assign_task(desk_officer, task_of(telegram), desk_officer)
    with pytest.raises(PermissionDenied):
        do_take_task(ambassador, task_of(telegram))
    with pytest.raises(InvalidInput, match="not a member"):
        do_assign_task(service_head, task_of(telegram), ambassador)


def test_a_taken_task_cannot_be_taken_again(
    telegram: Publication, desk_officer: Agent, service_head: Agent
) -> None:
    do_take_task(desk_officer, task_of(telegram))
    with pytest.raises(InvalidInput, match="already been taken"):
        do_take_task(service_head, task_of(telegram))


def test_reply_closes_the_task(
    ministry: Ministry, telegram: Publication, desk_officer: Agent, service_head: Agent
) -> None:
    do_assign_task(service_head, task_of(telegram), desk_officer)
    reply = send_publication(
        desk_officer,
        issuer=ministry.levant,
        action_to=ministry.embassy,
        references=[("reply", telegram)],
    )
    closed = close_tasks_answered_by(desk_officer, reply)
    assert len(closed) == 1
    task = Task.objects.get(pk=closed[0].pk)
    assert (task.state, task.reply_id) == ("done", reply.pk)


def test_reroute_moves_the_action_and_keeps_a_copy(
    ministry: Ministry, telegram: Publication, service_head: Agent
) -> None:
    with pytest.raises(InvalidInput, match="Say why"):
        do_reroute_task(service_head, task_of(telegram), ministry.consular, note="")
    new = do_reroute_task(
        service_head, task_of(telegram), ministry.consular, note="Question consulaire."
    )
    assert new.organisation == ministry.consular and new.state == "new"
    old = Task.objects.get(publication=telegram, state="rerouted")
    assert old.rerouted_to == new
    modes = dict(
        Addressing.objects.filter(publication=telegram).values_list("organisation__code", "mode")
    )
    assert modes == {"lev": "information", "fae": "action"}
    assert "Question consulaire." in new.events.get().note


def test_closed_tasks_stay_closed(telegram: Publication, desk_officer: Agent) -> None:
    task = do_take_task(desk_officer, task_of(telegram))
    do_close_task(desk_officer, task, note="fait")
    with pytest.raises(InvalidInput):
        do_start_task(desk_officer, Task.objects.get(pk=task.pk))

"""Immediate and flash publications must be acknowledged, or they escalate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from diplomatie.audit.models import Event
from diplomatie.core.errors import PermissionDenied
from diplomatie.core.worker import requeue_abandoned, run_once
from diplomatie.directory.models import Agent
from diplomatie.notifications.models import Notification
from diplomatie.publications.actions import do_acknowledge, escalate_due
from diplomatie.publications.models import Publication
from diplomatie.routing.models import DutyAssignment
from tests.conftest import Ministry
from tests.factories import make_member, send_publication


@pytest.fixture
def flash(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent, service_head: Agent
) -> Publication:
    return send_publication(
        ambassador, issuer=ministry.embassy, action_to=ministry.levant, precedence="flash"
    )


def test_flash_is_announced_and_escalates_step_by_step(
    ministry: Ministry, flash: Publication, desk_officer: Agent, service_head: Agent
) -> None:
    on_call = make_member(ministry.levant)
    DutyAssignment.objects.create(organisation=ministry.levant, agent=on_call)
    assert Notification.objects.filter(agent=desk_officer, kind="publication.precedence").exists()
    assert flash.escalation_due_at is not None and flash.sent_at is not None
    assert (flash.escalation_due_at - flash.sent_at) == dt.timedelta(minutes=15)

    assert escalate_due(flash.sent_at + dt.timedelta(minutes=14)) == 0
    later = flash.sent_at + dt.timedelta(minutes=16)
    assert escalate_due(later) == 1
    assert escalate_due(later) == 0, "a step is taken once"
    flash.refresh_from_db()
    assert flash.escalation_level == 1
    assert Notification.objects.filter(agent=service_head, kind="publication.escalation").exists()
    assert not Notification.objects.filter(agent=on_call, kind="publication.escalation").exists()

    assert escalate_due(later + dt.timedelta(minutes=16)) == 1
    flash.refresh_from_db()
    assert flash.escalation_level == 2 and flash.escalation_due_at is None
    assert Notification.objects.filter(agent=on_call, kind="publication.escalation").exists()
    steps = Event.objects.filter(action="publication.escalate", target_id=str(flash.pk))
    assert [e.details["step"] for e in steps.order_by("pk")] == ["head", "duty_roster"]


def test_acknowledgement_stops_the_escalation(
    flash: Publication, desk_officer: Agent, ambassador: Agent
) -> None:
    with pytest.raises(PermissionDenied):
        do_acknowledge(ambassador, flash)
    do_acknowledge(desk_officer, flash)
    flash.refresh_from_db()
    assert flash.acknowledged_by == desk_officer and flash.escalation_due_at is None
    assert escalate_due(timezone.now() + dt.timedelta(hours=5)) == 0


def test_routine_needs_no_acknowledgement(ministry: Ministry, ambassador: Agent) -> None:
    routine = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    assert not routine.needs_acknowledgement and routine.escalation_due_at is None


@pytest.mark.django_db(transaction=True)
def test_the_worker_takes_due_steps_even_when_its_task_was_lost(
    ministry: Ministry, ambassador: Agent, service_head: Agent
) -> None:
    from django_tasks_db.models import DBTaskResult

    flash = send_publication(
        ambassador, issuer=ministry.embassy, action_to=ministry.levant, precedence="flash"
    )
    queued = DBTaskResult.objects.get()
    assert queued.task_path.endswith("escalate_publication")
    assert queued.run_after == flash.escalation_due_at
    # The worker that claimed the task dies: the task is stuck "running"…
    DBTaskResult.objects.update(status="RUNNING", started_at=timezone.now() - dt.timedelta(hours=1))
    # …and the step falls due.
    Publication.objects.filter(pk=flash.pk).update(
        escalation_due_at=timezone.now() - dt.timedelta(minutes=1)
    )
    summary = run_once("test-worker")
    assert summary["requeued"] == 1
    flash.refresh_from_db()
    assert flash.escalation_level == 1
    assert Notification.objects.filter(agent=service_head, kind="publication.escalation").exists()
    assert requeue_abandoned() == 0

"""The only writers of tasks: take, assign, start, close, re-route."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diplomatie.audit.recorder import record_event
from diplomatie.core.errors import InvalidInput, PermissionDenied
from diplomatie.directory.models import Agent, Membership, Organisation, Role, Sector
from diplomatie.notifications.actions import do_notify
from diplomatie.publications.models import Publication, ReferenceKind, Status
from diplomatie.publications.states import TASK_DELAY
from diplomatie.routing.models import OPEN_STATES, Addressing, Mode, Task, TaskEvent, TaskState
from diplomatie.routing.states import check_transition

MANAGING_ROLES = (Role.HEAD, Role.SECRETARY, Role.DELEGATE)


def is_member(agent: Agent, organisation_id: int) -> bool:
    return Membership.objects.active().filter(agent=agent, organisation_id=organisation_id).exists()


def manages(agent: Agent, organisation_id: int) -> bool:
    return (
        Membership.objects.active()
        .filter(agent=agent, organisation_id=organisation_id, role__in=MANAGING_ROLES)
        .exists()
    )


def _lock(task: Task) -> Task:
    return Task.objects.select_for_update().select_related("publication").get(pk=task.pk)


def _move(
    task: Task, *, actor: Agent, action: str, to: str, note: str = "", assignee: Agent | None = None
) -> None:
    check_transition(task.state, to)
    TaskEvent.objects.create(
        task=task,
        actor=actor,
        action=action,
        from_state=task.state,
        to_state=to,
        assignee=assignee,
        note=note,
    )
    task.state = to
    record_event(
        f"task.{action}",
        actor=actor,
        target=task,
        details={"to": to, "assignee": assignee.pk if assignee else None},
    )


@transaction.atomic
def do_take_task(actor: Agent, task: Task) -> Task:
    task = _lock(task)
    if not is_member(actor, task.organisation_id):
        raise PermissionDenied(_("Only a member of the organisation can take this task."))
    if task.state != TaskState.NEW:
        raise InvalidInput(_("This task has already been taken."))
    _move(task, actor=actor, action="taken", to=TaskState.ASSIGNED, assignee=actor)
    task.assignee = actor
    task.save(update_fields=["state", "assignee", "updated_at"])
    return task


@transaction.atomic
def do_assign_task(actor: Agent, task: Task, assignee: Agent) -> Task:
    task = _lock(task)
    if not manages(actor, task.organisation_id):
        raise PermissionDenied(
            _("Only the head, a delegate or the secretary of the organisation can assign.")
        )
    if not is_member(assignee, task.organisation_id):
        raise InvalidInput(
            _("%(name)s is not a member of the organisation.") % {"name": assignee.display_name}
        )
    _move(task, actor=actor, action="assigned", to=TaskState.ASSIGNED, assignee=assignee)
    task.assignee = assignee
    task.save(update_fields=["state", "assignee", "updated_at"])
    if assignee.pk != actor.pk:
        do_notify(
            [assignee],
            kind="task.assigned",
            text=_("%(name)s assigned you: %(subject)s")
            % {"name": actor.display_name, "subject": task.publication.subject},
            url=f"/publications/{task.publication_id}/",
        )
    return task


def _is_assignee(actor: Agent, task: Task) -> bool:
    """The assignee, as long as they still belong to the organisation."""
    return task.assignee_id == actor.pk and is_member(actor, task.organisation_id)


@transaction.atomic
def do_start_task(actor: Agent, task: Task) -> Task:
    task = _lock(task)
    if not _is_assignee(actor, task):
        raise PermissionDenied(_("Only the assignee can start this task."))
    _move(task, actor=actor, action="started", to=TaskState.IN_PROGRESS)
    task.save(update_fields=["state", "updated_at"])
    return task


def _may_close(actor: Agent, task: Task) -> bool:
    return _is_assignee(actor, task) or manages(actor, task.organisation_id)


@transaction.atomic
def do_close_task(
    actor: Agent, task: Task, *, note: str = "", reply: Publication | None = None
) -> Task:
    """Close with a reply publication (sent, and referring to the task's publication
    as a reply) or with a closing note."""
    task = _lock(task)
    if not _may_close(actor, task):
        raise PermissionDenied(_("Only the assignee or the head can close this task."))
    note = note.strip()
    if reply is None and not note:
        raise InvalidInput(_("Close the task with a reply or a closing note."))
    if reply is not None:
        is_reply = reply.references.filter(
            target_id=task.publication_id, kind=ReferenceKind.REPLY
        ).exists()
        if reply.status != Status.SENT or not is_reply:
            raise InvalidInput(_("The reply must be a sent publication that answers this one."))
    _move(task, actor=actor, action="closed", to=TaskState.DONE, note=note)
    task.closed_at = timezone.now()
    task.closing_note = note
    task.reply = reply
    task.save(update_fields=["state", "closed_at", "closing_note", "reply", "updated_at"])
    return task


@transaction.atomic
def do_reroute_task(actor: Agent, task: Task, organisation: Organisation, *, note: str) -> Task:
    """Send the task to the service that should have had it. The old organisation
    keeps an information copy; the new one is the action addressee and gets a task."""
    task = _lock(task)
    if not manages(actor, task.organisation_id):
        raise PermissionDenied(
            _("Only the head, a delegate or the secretary of the organisation can re-route.")
        )
    if organisation.pk == task.organisation_id:
        raise InvalidInput(_("The task is already with this organisation."))
    if organisation.sector == Sector.EXTERNAL:
        raise InvalidInput(_("A task can only be re-routed to a service of an administration."))
    if not note.strip():
        raise InvalidInput(_("Say why the task is re-routed."))
    _move(task, actor=actor, action="rerouted", to=TaskState.REROUTED, note=note.strip())
    task.closed_at = timezone.now()
    task.save(update_fields=["state", "closed_at", "updated_at"])
    publication = task.publication
    Addressing.objects.filter(publication=publication, mode=Mode.ACTION).update(
        mode=Mode.INFORMATION
    )
    Addressing.objects.update_or_create(
        publication=publication, organisation=organisation, defaults={"mode": Mode.ACTION}
    )
    new_task = Task.objects.create(
        publication=publication,
        organisation=organisation,
        precedence_rank=task.precedence_rank,
        due_at=timezone.now() + TASK_DELAY[publication.precedence],
    )
    task.rerouted_to = new_task
    task.save(update_fields=["rerouted_to"])
    TaskEvent.objects.create(
        task=new_task,
        actor=actor,
        action="received",
        to_state=TaskState.NEW,
        note=_("Re-routed from %(organisation)s: %(note)s")
        % {"organisation": task.organisation.label, "note": note.strip()},
    )
    record_event(
        "routing.reroute",
        actor=actor,
        target=publication,
        details={"from": task.organisation_id, "to": organisation.pk, "note": note.strip()},
    )
    return new_task


def close_tasks_answered_by(actor: Agent, reply: Publication) -> list[Task]:
    """When a sent reply answers a publication whose open task the actor may close,
    close that task with the reply (same transaction as the sending)."""
    targets = reply.references.filter(kind=ReferenceKind.REPLY).values("target_id")
    return [
        do_close_task(actor, task, reply=reply)
        for task in Task.objects.filter(publication_id__in=targets, state__in=OPEN_STATES)
        if _may_close(actor, task)
    ]

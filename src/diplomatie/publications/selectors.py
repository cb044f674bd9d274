"""Reads of publications, always starting from the visibility policy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet

from diplomatie.access.perimeter import perimeter_of
from diplomatie.access.policy import can_view_publication
from diplomatie.access.querysets import visible_organisations, visible_publications
from diplomatie.audit.models import Event
from diplomatie.core.errors import NotFound
from diplomatie.directory.models import Agent
from diplomatie.publications.models import Attachment, Publication, Reference, Status
from diplomatie.routing.models import Addressing, Mode, Task, TaskEvent


def get_publication_for(agent: Agent, publication_id: int) -> Publication:
    """The publication, or NotFound — the same for "missing" and "not yours"."""
    publication = (
        Publication.objects.filter(pk=publication_id)
        .select_related("author", "issuer", "acknowledged_by", "community")
        .first()
    )
    if publication is None or not can_view_publication(agent, publication):
        raise NotFound("publication")
    return publication


def get_attachment_for(agent: Agent, publication_id: int, attachment_id: int) -> Attachment:
    publication = get_publication_for(agent, publication_id)
    attachment = Attachment.objects.filter(pk=attachment_id, publication=publication).first()
    if attachment is None:
        raise NotFound("attachment")
    return attachment


@dataclass
class PublicationDetail:
    publication: Publication
    action: Addressing | None
    information: list[Addressing]
    attachments: list[Attachment]
    references: list[Reference]
    referenced_by: list[Reference]
    tasks: list[Task]
    escalations: list[Event]
    coauthors: list[Agent]
    themes: list[Any]
    tags: list[Any]


def hide_unreadable_replies(agent: Agent, tasks: list[Task]) -> list[Task]:
    """A task's reply is shown only to who may read the reply itself."""
    reply_ids = {t.reply_id for t in tasks if t.reply_id}
    readable = (
        set(visible_publications(agent).filter(pk__in=reply_ids).values_list("pk", flat=True))
        if reply_ids
        else set()
    )
    for task in tasks:
        if task.reply_id and task.reply_id not in readable:
            task.reply = None
    return tasks


def publication_detail_for(agent: Agent, publication: Publication) -> PublicationDetail:
    visible = visible_publications(agent)
    perimeter = perimeter_of(agent)
    addressings = list(
        Addressing.objects.filter(
            publication=publication, organisation__in=visible_organisations(agent)
        )
        .select_related("organisation")
        .order_by("mode", "organisation__name")
    )
    references = list(
        Reference.objects.filter(source=publication, target__in=visible).select_related("target")
    )
    referenced_by = list(
        Reference.objects.filter(target=publication, source__in=visible.filter(status=Status.SENT))
        .select_related("source")
        .order_by("source__sent_at")
    )
    # How a publication is handled inside the administration is not shown to externals.
    task_rows = Task.objects.filter(publication=publication)
    if not perimeter.internal:
        task_rows = task_rows.none()
    tasks = list(
        task_rows.select_related("organisation", "assignee", "reply")
        .prefetch_related(
            Prefetch("events", queryset=TaskEvent.objects.select_related("actor", "assignee"))
        )
        .order_by("created_at", "pk")
    )
    hide_unreadable_replies(agent, tasks)
    escalations = list(
        Event.objects.filter(
            target_type="publications.publication",
            target_id=str(publication.pk),
            action__in=["publication.escalate", "publication.acknowledge"],
        ).order_by("at", "pk")
    )
    return PublicationDetail(
        publication=publication,
        action=next((a for a in addressings if a.mode == Mode.ACTION), None),
        information=[a for a in addressings if a.mode == Mode.INFORMATION],
        attachments=list(publication.attachments.all()),
        references=references,
        referenced_by=referenced_by,
        tasks=tasks,
        escalations=escalations,
        coauthors=list(publication.coauthors.all()),
        themes=list(publication.themes.all()),
        tags=list(publication.tags.all()),
    )


def drafts_for(agent: Agent) -> QuerySet[Publication]:
    return (
        visible_publications(agent)
        .filter(status=Status.DRAFT)
        .select_related("issuer")
        .order_by("-updated_at", "-pk")
    )


def get_task_for(agent: Agent, task_id: int) -> Task:
    task = (
        Task.objects.filter(pk=task_id)
        .select_related("publication", "organisation", "assignee")
        .first()
    )
    if task is None or not can_view_publication(agent, task.publication):
        raise NotFound("task")
    return task

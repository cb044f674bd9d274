"""Background work of publications: thin tasks that call the services."""

from __future__ import annotations

from django_tasks import task

from diplomatie.publications.actions import escalate_due


@task()
def escalate_publication(publication_id: int) -> int:
    """Take the escalation step of one publication if it has fallen due."""
    return escalate_due(publication_id=publication_id)


@task()
def escalate_all() -> int:
    return escalate_due()

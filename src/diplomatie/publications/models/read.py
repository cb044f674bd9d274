from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent
    from diplomatie.publications.models.publication import Publication


class Read(models.Model):
    """That an agent has read a publication: the unread state of the journal."""

    agent: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.CASCADE, related_name="+"
    )
    publication: models.ForeignKey[Publication, Publication] = models.ForeignKey(
        "publications.Publication", on_delete=models.CASCADE, related_name="reads"
    )
    first_read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["agent", "publication"], name="read_unique")]

    def __str__(self) -> str:
        return f"{self.agent_id} read {self.publication_id}"

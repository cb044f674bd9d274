from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent
    from diplomatie.publications.models.publication import Publication


class Revision(models.Model):
    """A previous state of an article, kept when it is edited after publication."""

    publication: models.ForeignKey[Publication, Publication] = models.ForeignKey(
        "publications.Publication", on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    subject = models.CharField(max_length=300)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    edited_by: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.PROTECT, related_name="+"
    )
    edited_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["publication", "number"], name="revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.publication_id} r{self.number}"

"""Counted views of publication pages.

A reader's repeated views inside `VIEW_WINDOW` count once. `ViewClock` holds, per reader
and publication, when a view was last counted; a view is counted only by whoever moves
that clock forward (a conditional UPDATE, or the INSERT that creates it, guarded by a
unique constraint), so concurrent requests can neither lose nor double a view."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent
    from diplomatie.publications.models import Publication

VIEW_WINDOW = dt.timedelta(minutes=30)


class View(models.Model):
    """One counted view: the audience curves are aggregates of these rows."""

    agent: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.CASCADE, related_name="+"
    )
    publication: models.ForeignKey[Publication, Publication] = models.ForeignKey(
        "publications.Publication", on_delete=models.CASCADE, related_name="views"
    )
    at = models.DateTimeField()

    class Meta:
        indexes = [
            models.Index(fields=["publication", "at"], name="view_pub_at"),
            models.Index(fields=["at", "publication"], name="view_at_pub"),
            models.Index(fields=["publication", "agent"], name="view_pub_agent"),
        ]

    def __str__(self) -> str:
        return f"{self.agent_id} viewed {self.publication_id} at {self.at:%Y-%m-%d %H:%M}"


class ViewClock(models.Model):
    """When a reader's view of a publication was last counted."""

    agent: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.CASCADE, related_name="+"
    )
    publication: models.ForeignKey[Publication, Publication] = models.ForeignKey(
        "publications.Publication", on_delete=models.CASCADE, related_name="+"
    )
    counted_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agent", "publication"], name="view_clock_unique")
        ]

    def __str__(self) -> str:
        return f"{self.agent_id}/{self.publication_id}: {self.counted_at:%Y-%m-%d %H:%M}"

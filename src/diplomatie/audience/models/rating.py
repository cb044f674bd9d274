"""How interesting a reader found a publication, from 1 to 5."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent
    from diplomatie.publications.models import Publication

SCORES = range(1, 6)


class Rating(models.Model):
    """One rating per reader and publication; the reader may change it."""

    agent: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.CASCADE, related_name="+"
    )
    publication: models.ForeignKey[Publication, Publication] = models.ForeignKey(
        "publications.Publication", on_delete=models.CASCADE, related_name="ratings"
    )
    score = models.PositiveSmallIntegerField(_("interest"))
    rated_at = models.DateTimeField(_("rated"))

    class Meta:
        verbose_name = _("rating")
        verbose_name_plural = _("ratings")
        constraints = [
            models.UniqueConstraint(fields=["agent", "publication"], name="rating_unique"),
            models.CheckConstraint(condition=Q(score__gte=1, score__lte=5), name="rating_range"),
        ]
        indexes = [models.Index(fields=["publication", "rated_at"], name="rating_pub_at")]

    def __str__(self) -> str:
        return f"{self.agent_id} rated {self.publication_id}: {self.score}"

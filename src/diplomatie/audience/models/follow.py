"""What an agent follows: themes (topics, regions, countries) and other agents."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent
    from diplomatie.publications.models import Theme


class Follow(models.Model):
    """One followed theme or one followed agent: exactly one of the two is set.

    Countries are themes of kind *country*, so following a country is following a theme;
    following a region also brings the publications about its countries."""

    agent: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.CASCADE, related_name="follows"
    )
    theme: models.ForeignKey[Theme | None, Theme | None] = models.ForeignKey(
        "publications.Theme",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
        verbose_name=_("theme"),
    )
    followed: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="followers",
        verbose_name=_("agent"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.CheckConstraint(
                condition=Q(theme__isnull=False, followed__isnull=True)
                | Q(theme__isnull=True, followed__isnull=False),
                name="follow_one_target",
            ),
            models.UniqueConstraint(
                fields=["agent", "theme"],
                condition=Q(theme__isnull=False),
                name="follow_unique_theme",
            ),
            models.UniqueConstraint(
                fields=["agent", "followed"],
                condition=Q(followed__isnull=False),
                name="follow_unique_agent",
            ),
            models.CheckConstraint(
                condition=~Q(agent=models.F("followed")), name="follow_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agent_id} follows {self.theme_id or self.followed_id}"

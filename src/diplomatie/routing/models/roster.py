from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent, Organisation


class DutyAssignment(models.Model):
    """A member on call for an organisation: the last step of an escalation."""

    organisation: models.ForeignKey[Organisation, Organisation] = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="duty_roster"
    )
    agent: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("duty roster entry")
        verbose_name_plural = _("duty roster")
        ordering = ["organisation", "position"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "agent"], name="duty_unique")
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.agent_id}"

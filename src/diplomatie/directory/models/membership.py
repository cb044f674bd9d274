"""Memberships: an agent belongs to organisations with a role, over a period."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from diplomatie.directory.models.agent import Agent
    from diplomatie.directory.models.organisation import Organisation


class Role(models.TextChoices):
    MEMBER = "member", _("Member")
    HEAD = "head", _("Head")
    SECRETARY = "secretary", _("Secretary")
    DELEGATE = "delegate", _("Delegate")


ROLE_ORDER = {Role.HEAD: 0, Role.DELEGATE: 1, Role.SECRETARY: 2, Role.MEMBER: 3}


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, on: dt.date | None = None) -> MembershipQuerySet:
        day = on or timezone.localdate()
        return self.filter(Q(start__lte=day), Q(end__isnull=True) | Q(end__gte=day))


class Membership(models.Model):
    agent: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.CASCADE, related_name="memberships"
    )
    organisation: models.ForeignKey[Organisation, Organisation] = models.ForeignKey(
        "directory.Organisation", on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    start = models.DateField(_("from"), default=timezone.localdate)
    end = models.DateField(_("to"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=models.F("start")),
                name="membership_end_after_start",
            ),
            models.UniqueConstraint(
                fields=["agent", "organisation", "role", "start"], name="membership_unique_period"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "role"])]

    def __str__(self) -> str:
        return f"{self.agent} — {self.get_role_display()} — {self.organisation}"

    def is_active(self, on: dt.date | None = None) -> bool:
        day = on or timezone.localdate()
        return self.start <= day and (self.end is None or self.end >= day)

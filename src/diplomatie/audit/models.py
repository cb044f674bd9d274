"""The record of security-relevant events, written in the transaction of the action.

The table is an append-only hash chain: each event carries a gap-free `sequence`, the
hash of the event before it (`prev_hash`) and its own `hash`, a SHA-256 over a canonical
serialisation of its content (see `audit.chain`). Changing, removing, inserting or
reordering a row breaks the chain, and `diplomatie audit-verify` says where.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent


class Event(models.Model):
    sequence = models.PositiveBigIntegerField(_("sequence"), unique=True)
    # Set by the recorder (not auto_now_add), so that the value hashed is the value stored.
    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=60, db_index=True)
    target_type = models.CharField(_("object type"), max_length=60, blank=True)
    target_id = models.CharField(_("object"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(_("previous hash"), max_length=64)
    hash = models.CharField(_("hash"), max_length=64)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-sequence"]
        indexes = [
            models.Index(fields=["target_type", "target_id"], name="audit_event_target"),
            models.Index(fields=["actor", "sequence"], name="audit_event_actor_seq"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.at:%Y-%m-%d %H:%M:%S} {self.action}"

    def details_text(self) -> str:
        return json.dumps(self.details, ensure_ascii=False, sort_keys=True) if self.details else ""

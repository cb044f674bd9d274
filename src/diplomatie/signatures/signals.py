"""Revoke an agent's certificate when they are deactivated or leave every organisation.

Signals rather than calls in the directory's services, because an agent can also be
deactivated from the administration pages; the receivers do nothing (no query) unless
the saved row is an inactive agent or an ended membership.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from diplomatie.directory.models import Agent, Membership
from diplomatie.signatures.pki import revoke_if_departed


@receiver(post_save, sender=Agent, dispatch_uid="signatures_agent_saved")
def agent_saved(sender: type[Agent], instance: Agent, **kwargs: Any) -> None:
    if not instance.is_active:
        revoke_if_departed(instance)


@receiver(post_save, sender=Membership, dispatch_uid="signatures_membership_saved")
def membership_saved(sender: type[Membership], instance: Membership, **kwargs: Any) -> None:
    if instance.end is not None:
        revoke_if_departed(instance.agent)

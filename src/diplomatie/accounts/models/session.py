"""The sessions of an account, as the person sees them on "my sessions".

The session itself lives in Django's session engine (database or cache); this row only
describes it (when, from where, how) so that a person can see and end their sessions and
the platform can end every session of an account. It never holds session data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent


class SignInMethod(models.TextChoices):
    PASSWORD = "password", _("Password")
    SSO = "sso", _("Ministry account (single sign-on)")


class AccountSession(models.Model):
    session_key = models.CharField(_("session key"), max_length=40, unique=True)
    agent: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.CASCADE, related_name="account_sessions"
    )
    created_at = models.DateTimeField(_("signed in at"))
    # Updated at most once a minute by the session middleware, not on every request.
    last_seen_at = models.DateTimeField(_("last seen at"))
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    method = models.CharField(_("sign-in method"), max_length=16, choices=SignInMethod.choices)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        indexes = [models.Index(fields=["agent", "-last_seen_at"], name="accounts_session_agent")]

    def __str__(self) -> str:
        return f"{self.agent_id} {self.created_at:%Y-%m-%d %H:%M}"

"""An accreditation: an external's application, its vetting and its period of validity.

One row follows one accreditation from the application (by the external on the public
form, or by a sponsoring agent of the ministry) through the administrator's decision to
its end (expiry or revocation). The account (`agent`) exists only once it is accepted."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from diplomatie.accounts.states import AccreditationState
from diplomatie.directory.models import Language, OrganisationKind

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent, Organisation


class ExternalKind(models.TextChoices):
    JOURNALIST = "journalist", _("Accredited journalist")
    COMPANY = "company", _("Company")
    NGO = "ngo", _("NGO")


# The kind of organisation an external of each kind belongs to.
ORGANISATION_KIND: dict[str, str] = {
    ExternalKind.JOURNALIST: OrganisationKind.MEDIA,
    ExternalKind.COMPANY: OrganisationKind.COMPANY,
    ExternalKind.NGO: OrganisationKind.NGO,
}


class Origin(models.TextChoices):
    PUBLIC_FORM = "public", _("Application on the public form")
    DIRECTORY = "directory", _("Invitation by a sponsor")
    COMMUNITY = "community", _("Invitation from a community")


class Accreditation(models.Model):
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=AccreditationState.choices,
        default=AccreditationState.PENDING,
    )
    kind = models.CharField(_("kind"), max_length=20, choices=ExternalKind.choices)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices)

    # Who: as stated in the application, vetted by the administrator.
    full_name = models.CharField(_("full name"), max_length=150)
    email = models.EmailField(_("e-mail address"))
    title = models.CharField(_("position"), max_length=200, blank=True)
    language = models.CharField(
        _("language"), max_length=5, choices=Language.choices, default=Language.FRENCH
    )
    press_card_number = models.CharField(_("press card number"), max_length=50, blank=True)
    message = models.TextField(_("message"), blank=True)

    # Their organisation: an existing external organisation, or one to create on acceptance.
    organisation: models.ForeignKey[Organisation | None, Organisation | None] = models.ForeignKey(
        "directory.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accreditations",
        verbose_name=_("organisation"),
    )
    organisation_name = models.CharField(_("new organisation"), max_length=200, blank=True)

    # The sponsor: an agent of the ministry, who answers for the external.
    sponsor: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sponsored_accreditations",
        verbose_name=_("sponsor"),
    )
    sponsor_email = models.EmailField(_("sponsor's e-mail address as given"), blank=True)
    filed_by: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # The community an invitation came from: the new member is invited into it.
    community_slug = models.SlugField(max_length=80, blank=True)

    # The account, created on acceptance.
    agent: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="accreditations",
        verbose_name=_("account"),
    )

    created_at = models.DateTimeField(_("applied on"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided on"), null=True, blank=True)
    decided_by: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    refusal_reason = models.TextField(_("reason for the refusal"), blank=True)
    expires_on = models.DateField(_("valid until"), null=True, blank=True)
    renewed_at = models.DateTimeField(_("last renewed on"), null=True, blank=True)
    renewed_by: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    # Renewal reminders sent to the sponsor, each once per period of validity.
    reminded_30_at = models.DateTimeField(null=True, blank=True)
    reminded_7_at = models.DateTimeField(null=True, blank=True)
    ended_at = models.DateTimeField(_("ended on"), null=True, blank=True)
    ended_by: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    end_reason = models.TextField(_("reason for the revocation"), blank=True)

    class Meta:
        verbose_name = _("accreditation")
        verbose_name_plural = _("accreditations")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["agent"],
                condition=Q(state=AccreditationState.ACCEPTED),
                name="accreditation_one_current_per_agent",
            ),
            models.CheckConstraint(
                condition=~Q(state=AccreditationState.ACCEPTED)
                | (Q(agent__isnull=False) & Q(expires_on__isnull=False)),
                name="accreditation_accepted_has_agent_and_expiry",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "expires_on"], name="accreditation_state_expiry"),
            models.Index(fields=["agent", "state"], name="accreditation_agent_state"),
        ]

    def __str__(self) -> str:
        return f"{self.full_name} — {self.get_kind_display()} — {self.get_state_display()}"

    @property
    def organisation_label(self) -> str:
        if self.organisation is not None:
            return self.organisation.label
        return self.organisation_name

    def is_current(self, today: dt.date | None = None) -> bool:
        """Accepted and not past its expiry date (valid through that whole day)."""
        day = today or timezone.localdate()
        return (
            self.state == AccreditationState.ACCEPTED
            and self.expires_on is not None
            and day <= self.expires_on
        )

    def days_left(self, today: dt.date | None = None) -> int | None:
        if self.expires_on is None:
            return None
        return (self.expires_on - (today or timezone.localdate())).days

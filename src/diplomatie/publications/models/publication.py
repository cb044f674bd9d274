"""The publication: the unit of information."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from diplomatie.communities.models import Community
    from diplomatie.directory.models import Agent, Organisation


class Kind(models.TextChoices):
    TELEGRAM = "telegram", _("Diplomatic telegram")
    DIPLOMATIC_NOTE = "diplomatic_note", _("Diplomatic note")
    NOTE = "note", _("Internal note")
    LETTER = "letter", _("Formal letter")
    ARTICLE = "article", _("Article")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent")


class Classification(models.TextChoices):
    NP = "NP", _("Non protégé")
    DR = "DR", _("Diffusion Restreinte")


class Audience(models.TextChoices):
    ADDRESSEES = "addressees", _("Addressees only")
    MINISTRY = "ministry", _("The ministry")
    ADMINISTRATIONS = "administrations", _("All public administrations")
    PARTNERS = "partners", _("Partners too (externals included)")


class Precedence(models.TextChoices):
    ROUTINE = "routine", _("Routine")
    PRIORITY = "priority", _("Priority")
    IMMEDIATE = "immediate", _("Immediate")
    FLASH = "flash", _("Flash")


PRECEDENCE_RANK: dict[str, int] = {
    Precedence.ROUTINE: 0,
    Precedence.PRIORITY: 1,
    Precedence.IMMEDIATE: 2,
    Precedence.FLASH: 3,
}
ACKNOWLEDGED_PRECEDENCES = frozenset({Precedence.IMMEDIATE, Precedence.FLASH})
# Kinds that are addressed to exactly one organisation "pour action" and get a number.
ROUTED_KINDS = frozenset({Kind.TELEGRAM, Kind.DIPLOMATIC_NOTE, Kind.NOTE, Kind.LETTER})
CHRONO_KINDS = ROUTED_KINDS
LANGUAGES = [("fr", _("French")), ("en", _("English")), ("other", _("Other"))]


class Publication(models.Model):
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    subject = models.CharField(_("subject"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    body = models.TextField(_("body"), blank=True, help_text=_("Markdown."))
    language = models.CharField(_("language"), max_length=5, choices=LANGUAGES, default="fr")
    classification = models.CharField(
        _("classification"), max_length=2, choices=Classification.choices, default=Classification.NP
    )
    audience = models.CharField(
        _("audience"), max_length=20, choices=Audience.choices, default=Audience.ADDRESSEES
    )
    precedence = models.CharField(
        _("precedence"), max_length=10, choices=Precedence.choices, default=Precedence.ROUTINE
    )
    precedence_rank = models.PositiveSmallIntegerField(default=0, editable=False)

    author: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent",
        on_delete=models.PROTECT,
        related_name="authored_publications",
        verbose_name=_("author"),
    )
    coauthors = models.ManyToManyField(
        "directory.Agent",
        blank=True,
        related_name="coauthored_publications",
        verbose_name=_("co-authors"),
    )
    issuer: models.ForeignKey[Organisation, Organisation] = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.PROTECT,
        related_name="issued_publications",
        verbose_name=_("issuing organisation"),
    )
    # A publication in a community is read by its members only (see access/).
    community: models.ForeignKey[Community | None, Community | None] = models.ForeignKey(
        "communities.Community",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="publications",
        verbose_name=_("community"),
    )
    themes = models.ManyToManyField(
        "publications.Theme", blank=True, related_name="publications", verbose_name=_("themes")
    )
    tags = models.ManyToManyField(
        "publications.Tag", blank=True, related_name="publications", verbose_name=_("tags")
    )

    chrono_year = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)
    chrono_sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    chrono = models.CharField(_("chrono number"), max_length=80, blank=True, editable=False)

    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, db_index=True)

    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    # Escalation of an unacknowledged immediate or flash publication: 0 none yet,
    # 1 the head of the action organisation, 2 its duty roster. The next step is due at
    # `escalation_due_at`; the row is the state, so a dead worker loses nothing.
    escalation_level = models.PositiveSmallIntegerField(default=0)
    escalation_due_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "chrono_year", "chrono_sequence"],
                condition=Q(chrono_sequence__isnull=False),
                name="publication_unique_chrono",
            ),
            models.CheckConstraint(
                condition=~Q(classification="DR") | Q(audience="addressees"),
                name="publication_dr_addressees_only",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-sent_at", "-id"], name="pub_sent_order"),
            models.Index(fields=["author", "status"], name="pub_author_status"),
            models.Index(
                fields=["escalation_due_at"],
                condition=Q(acknowledged_at__isnull=True, escalation_due_at__isnull=False),
                name="pub_escalation_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.chrono} {self.subject}".strip()

    def save(self, *args: object, **kwargs: object) -> None:
        self.precedence_rank = PRECEDENCE_RANK[self.precedence]
        update_fields = kwargs.get("update_fields")
        if isinstance(update_fields, list | tuple | set) and "precedence" in update_fields:
            kwargs["update_fields"] = {*update_fields, "precedence_rank"}
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def is_draft(self) -> bool:
        return self.status == Status.DRAFT

    @property
    def is_routed(self) -> bool:
        return self.kind in ROUTED_KINDS

    @property
    def needs_acknowledgement(self) -> bool:
        return (
            self.status == Status.SENT
            and self.kind in ROUTED_KINDS
            and self.precedence in ACKNOWLEDGED_PRECEDENCES
        )

    @property
    def is_immutable(self) -> bool:
        """Sent official documents are records; only articles may still be edited."""
        return self.status == Status.SENT and self.kind != Kind.ARTICLE

    @property
    def sent_date(self) -> dt.date | None:
        return self.sent_at.date() if self.sent_at else None

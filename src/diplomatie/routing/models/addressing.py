"""Who a publication is addressed to: organisations, never persons."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from diplomatie.directory.models import Organisation
    from diplomatie.publications.models import Publication


class Mode(models.TextChoices):
    ACTION = "action", _("For action")
    INFORMATION = "information", _("For information")


class AddressingOrigin(models.TextChoices):
    DIRECT = "direct", _("Chosen by the author")
    LIST = "list", _("Distribution list")
    RULE = "rule", _("Routing rule")


class Addressing(models.Model):
    """One row per (publication, organisation): members of the organisation and of its
    descendants receive the publication. Never copied per person."""

    publication: models.ForeignKey[Publication, Publication] = models.ForeignKey(
        "publications.Publication", on_delete=models.CASCADE, related_name="addressings"
    )
    organisation: models.ForeignKey[Organisation, Organisation] = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="addressings"
    )
    mode = models.CharField(_("mode"), max_length=12, choices=Mode.choices)
    origin = models.CharField(
        _("origin"), max_length=8, choices=AddressingOrigin.choices, default=AddressingOrigin.DIRECT
    )
    origin_label = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("addressing")
        verbose_name_plural = _("addressings")
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "organisation"], name="addressing_unique"
            ),
            models.UniqueConstraint(
                fields=["publication"],
                condition=Q(mode="action"),
                name="addressing_one_action",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "publication"], name="addr_org_pub")]

    def __str__(self) -> str:
        return f"{self.publication_id} → {self.organisation_id} ({self.mode})"

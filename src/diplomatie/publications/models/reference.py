from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from diplomatie.publications.models.publication import Publication


class ReferenceKind(models.TextChoices):
    REPLY = "reply", _("In reply to")
    SEE_ALSO = "see_also", _("See also")
    SUPERSEDES = "supersedes", _("Cancels and replaces")


class Reference(models.Model):
    """`source` refers to `target`: a reply, a see-also, or an *annule et remplace*."""

    source: models.ForeignKey[Publication, Publication] = models.ForeignKey(
        "publications.Publication", on_delete=models.CASCADE, related_name="references"
    )
    target: models.ForeignKey[Publication, Publication] = models.ForeignKey(
        "publications.Publication", on_delete=models.PROTECT, related_name="referenced_by"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ReferenceKind.choices)

    class Meta:
        verbose_name = _("reference")
        verbose_name_plural = _("references")
        constraints = [
            models.UniqueConstraint(fields=["source", "target", "kind"], name="reference_unique"),
            models.CheckConstraint(
                condition=~models.Q(source=models.F("target")), name="reference_not_self"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"

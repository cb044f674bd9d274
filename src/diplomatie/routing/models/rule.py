"""Routing rules: information copies added by theme, country or kind."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from diplomatie.publications.models import Kind

if TYPE_CHECKING:
    from diplomatie.directory.models import Organisation
    from diplomatie.publications.models import Theme


class RoutingRule(models.Model):
    """When a sent publication matches every condition given, `organisation` receives
    an information copy. A rule with no condition matches nothing."""

    name = models.CharField(_("name"), max_length=200)
    active = models.BooleanField(_("active"), default=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, blank=True)
    theme: models.ForeignKey[Theme | None, Theme | None] = models.ForeignKey(
        "publications.Theme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("theme or country"),
    )
    organisation: models.ForeignKey[Organisation, Organisation] = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("add for information"),
    )

    class Meta:
        verbose_name = _("routing rule")
        verbose_name_plural = _("routing rules")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

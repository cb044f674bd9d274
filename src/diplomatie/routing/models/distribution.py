"""Named distribution lists, kept up to date as organisations change."""

from __future__ import annotations

from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from diplomatie.directory.models import Organisation


class DistributionList(models.Model):
    """A list is a rule, not a frozen copy: "all embassies in Europe" is the embassies
    whose country is in the region's countries, evaluated when a publication is sent,
    plus any organisations named explicitly."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name (French)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    kinds = models.JSONField(
        _("kinds of organisation"),
        default=list,
        blank=True,
        help_text=_("Organisations of these kinds (empty: no rule by kind)."),
    )
    region = models.ForeignKey(
        "publications.Theme",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("Only organisations located in a country of this region."),
    )
    organisations = models.ManyToManyField(
        "directory.Organisation", blank=True, related_name="+", verbose_name=_("also")
    )

    class Meta:
        verbose_name = _("distribution list")
        verbose_name_plural = _("distribution lists")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "fr")[:2] == "en" and self.name_en:
            return self.name_en
        return self.name

    def resolve(self) -> QuerySet[Organisation]:
        """The organisations on the list today."""
        rule = Q(pk__in=[])
        if self.kinds:
            by_kind = Q(kind__in=self.kinds)
            if self.region_id is not None:
                countries = self.region.countries.values_list("code", flat=True)  # type: ignore[union-attr]
                by_kind &= Q(country__in=[c.upper() for c in countries])
            rule |= by_kind
        explicit = self.organisations.values("pk")
        organisations: QuerySet[Organisation] = Organisation.objects.filter(
            rule | Q(pk__in=explicit)
        )
        return organisations

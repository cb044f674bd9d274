"""Themes (countries, regions, a managed thematic vocabulary) and free tags."""

from __future__ import annotations

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class ThemeKind(models.TextChoices):
    COUNTRY = "country", _("Country")
    REGION = "region", _("Region")
    TOPIC = "topic", _("Topic")


class Theme(models.Model):
    """A country (ISO 3166 alpha-2 code), a region, or a topic of the managed vocabulary."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=ThemeKind.choices)
    name = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    region = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="countries",
        limit_choices_to={"kind": ThemeKind.REGION},
        verbose_name=_("region"),
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["kind", "name"]
        indexes = [models.Index(fields=["kind", "name"])]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "fr")[:2] == "en" and self.name_en:
            return self.name_en
        return self.name


class Tag(models.Model):
    """A free tag; stored lower-case so that "Sahel" and "sahel" are one tag."""

    name = models.CharField(_("tag"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

"""The security charter: versions written by administrators, accepted by externals.

A published version is immutable; the SHA-256 of its text (French and English together,
see `charter_digest`) is kept with it and copied into every acceptance, so that what a
person accepted can be proved later even if someone tampered with the row."""

from __future__ import annotations

import hashlib
import json
from typing import TYPE_CHECKING

from django.db import models
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from diplomatie.directory.models import Language

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent


def charter_digest(text_fr: str, text_en: str) -> str:
    """SHA-256 (hex) of the canonical JSON `{"en": …, "fr": …}` (keys sorted, UTF-8)."""
    canonical = json.dumps({"fr": text_fr, "en": text_en}, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


class CharterVersion(models.Model):
    # Numbered when published (1, 2, …); a draft has no number yet.
    number = models.PositiveIntegerField(_("version"), null=True, blank=True, unique=True)
    text_fr = models.TextField(_("text (French)"))
    text_en = models.TextField(_("text (English)"))
    sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    created_by: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(_("published on"), null=True, blank=True)
    published_by: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("security charter version")
        verbose_name_plural = _("security charter versions")
        ordering = ["-published_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(number__isnull=True, published_at__isnull=True)
                | models.Q(number__isnull=False, published_at__isnull=False),
                name="charter_published_has_number",
            )
        ]

    def __str__(self) -> str:
        if self.number is None:
            return str(_("Draft of the security charter"))
        return str(_("Security charter, version %(number)s") % {"number": self.number})

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    def text_in(self, language: str | None = None) -> str:
        lang = (language or get_language() or "fr")[:2]
        return self.text_en if lang == Language.ENGLISH and self.text_en else self.text_fr

    def digest_matches(self) -> bool:
        return charter_digest(self.text_fr, self.text_en) == self.sha256


class CharterAcceptance(models.Model):
    agent: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.PROTECT, related_name="charter_acceptances"
    )
    version: models.ForeignKey[CharterVersion, CharterVersion] = models.ForeignKey(
        CharterVersion, on_delete=models.PROTECT, related_name="acceptances"
    )
    sha256 = models.CharField(_("SHA-256 of the text accepted"), max_length=64)
    language = models.CharField(_("language read"), max_length=5, choices=Language.choices)
    accepted_at = models.DateTimeField(_("accepted on"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    class Meta:
        verbose_name = _("acceptance of the security charter")
        verbose_name_plural = _("acceptances of the security charter")
        ordering = ["-accepted_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["agent", "version"], name="charter_accepted_once")
        ]

    def __str__(self) -> str:
        return f"{self.agent} — {self.version}"

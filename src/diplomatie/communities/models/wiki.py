"""Wiki pages of a community; every revision is kept."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from diplomatie.communities.models.community import Community
    from diplomatie.directory.models import Agent


class WikiPage(models.Model):
    """The page holds its current title and text: a copy of its latest revision."""

    community: models.ForeignKey[Community, Community] = models.ForeignKey(
        "communities.Community", on_delete=models.CASCADE, related_name="wiki_pages"
    )
    title = models.CharField(_("title"), max_length=150)
    slug = models.SlugField(_("short name"), max_length=160)
    body = models.TextField(_("text"), blank=True)
    revision_count = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField()
    updated_by: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("wiki page")
        verbose_name_plural = _("wiki pages")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["community", "slug"], name="wiki_page_slug_unique")
        ]

    def __str__(self) -> str:
        return self.title


class WikiRevision(models.Model):
    page: models.ForeignKey[WikiPage, WikiPage] = models.ForeignKey(
        WikiPage, on_delete=models.CASCADE, related_name="revisions"
    )
    number = models.PositiveIntegerField()
    title = models.CharField(_("title"), max_length=150)
    body = models.TextField(_("text"), blank=True)
    comment = models.CharField(_("edit summary"), max_length=300, blank=True)
    author: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField()
    reverted_from = models.PositiveIntegerField(null=True, blank=True)

    class Meta:
        verbose_name = _("wiki revision")
        verbose_name_plural = _("wiki revisions")
        ordering = ["page", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["page", "number"], name="wiki_revision_unique")
        ]

    def __str__(self) -> str:
        return f"{self.page_id} r{self.number}"

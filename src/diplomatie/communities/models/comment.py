"""Discussions: comments on publications, and reports of abusive ones."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent
    from diplomatie.publications.models import Publication


class Comment(models.Model):
    """A comment, or a reply to one (one level: a reply's parent is a top comment).
    Deleting hides the text but keeps the row, and its text, for the audit."""

    publication: models.ForeignKey[Publication, Publication] = models.ForeignKey(
        "publications.Publication", on_delete=models.CASCADE, related_name="comments"
    )
    parent: models.ForeignKey[Comment | None, Comment | None] = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.PROTECT, related_name="comments"
    )
    body = models.TextField(_("comment"), help_text=_("Markdown; @name mentions a colleague."))
    mentions = models.ManyToManyField("directory.Agent", blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["publication", "created_at"], name="comment_thread")]

    def __str__(self) -> str:
        return f"comment {self.pk} on {self.publication_id}"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class ReportState(models.TextChoices):
    OPEN = "open", _("Open")
    DISMISSED = "dismissed", _("Dismissed")
    DELETED = "deleted", _("Comment deleted")


class Report(models.Model):
    comment: models.ForeignKey[Comment, Comment] = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports"
    )
    reporter: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("reason"), max_length=500)
    state = models.CharField(
        _("state"), max_length=10, choices=ReportState.choices, default=ReportState.OPEN
    )
    created_at = models.DateTimeField(auto_now_add=True)
    handled_by: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    handled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"],
                condition=models.Q(state="open"),
                name="report_open_once",
            )
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="report_state")]

    def __str__(self) -> str:
        return f"report {self.pk} on comment {self.comment_id}"

"""The task "à traiter" of the organisation a publication is addressed to for action."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent, Organisation
    from diplomatie.publications.models import Publication


class TaskState(models.TextChoices):
    NEW = "new", _("New")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    REROUTED = "rerouted", _("Re-routed")


OPEN_STATES = (TaskState.NEW, TaskState.ASSIGNED, TaskState.IN_PROGRESS)


class Task(models.Model):
    publication: models.ForeignKey[Publication, Publication] = models.ForeignKey(
        "publications.Publication", on_delete=models.CASCADE, related_name="tasks"
    )
    organisation: models.ForeignKey[Organisation, Organisation] = models.ForeignKey(
        "directory.Organisation", on_delete=models.PROTECT, related_name="tasks"
    )
    state = models.CharField(
        _("state"), max_length=12, choices=TaskState.choices, default=TaskState.NEW
    )
    assignee: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="tasks",
        verbose_name=_("assignee"),
    )
    # Copied from the publication so that the journal sorts on one table.
    precedence_rank = models.PositiveSmallIntegerField(default=0)
    due_at = models.DateTimeField(_("due"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reply: models.ForeignKey[Publication | None, Publication | None] = models.ForeignKey(
        "publications.Publication",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reply"),
    )
    closing_note = models.TextField(_("closing note"), blank=True)
    rerouted_to: models.ForeignKey[Task | None, Task | None] = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        constraints = [
            models.UniqueConstraint(
                fields=["publication"],
                condition=Q(state__in=["new", "assigned", "in_progress"]),
                name="task_one_open_per_publication",
            )
        ]
        indexes = [
            models.Index(fields=["organisation", "state"], name="task_org_state"),
            models.Index(fields=["assignee", "state"], name="task_assignee_state"),
        ]

    def __str__(self) -> str:
        return f"task {self.pk} ({self.state})"

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES


class TaskEvent(models.Model):
    """The history of a task, shown on it."""

    task: models.ForeignKey[Task, Task] = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="events"
    )
    at = models.DateTimeField(auto_now_add=True)
    actor: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(max_length=20)
    from_state = models.CharField(max_length=12, blank=True)
    to_state = models.CharField(max_length=12, blank=True)
    assignee: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.task_id} {self.action}"

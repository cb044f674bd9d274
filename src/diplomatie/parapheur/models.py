"""Signature circuits: templates, circuits, their steps, who acts, and what was done.

A circuit is a row-stored state machine (see `states.py`): restarting the server loses
nothing. Every PDF revision is stored content-addressed (see `documents.py`) and named by
its SHA-256 here; the acts record the hash before and after, which is the evidence file.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from diplomatie.directory.models import Role
from diplomatie.publications.models import Kind

if TYPE_CHECKING:
    from diplomatie.directory.models import Agent, Organisation
    from diplomatie.publications.models import Publication

# Kinds of publication that may go through a circuit; a formal letter must.
SIGNABLE_KINDS = frozenset({Kind.LETTER, Kind.NOTE, Kind.DIPLOMATIC_NOTE})


class StepKind(models.TextChoices):
    VISA = "visa", _("Visa")
    SIGNATURE = "signature", _("Signature")
    CACHET = "cachet", _("Cachet (ministry seal)")


class Quorum(models.TextChoices):
    ANY = "any", _("Any one of them")
    ALL = "all", _("All of them")


class CircuitState(models.TextChoices):
    RUNNING = "running", _("In progress")
    COMPLETED = "completed", _("Completed")
    REJECTED = "rejected", _("Rejected")
    WITHDRAWN = "withdrawn", _("Withdrawn by the author")


class StepState(models.TextChoices):
    PENDING = "pending", _("Pending")
    OPEN = "open", _("Waiting")
    DONE = "done", _("Done")
    REJECTED = "rejected", _("Rejected")
    CANCELLED = "cancelled", _("Not reached")


class ActKind(models.TextChoices):
    START = "start", _("Started and certified by the seal")
    VISA = "visa", _("Visa")
    SIGN = "sign", _("Signed")
    CACHET = "cachet", _("Cachet applied")
    REJECT = "reject", _("Rejected")
    WITHDRAW = "withdraw", _("Withdrawn by the author")
    ARCHIVE = "archive", _("Archival timestamp")


class ConfirmedBy(models.TextChoices):
    TOTP = "totp", _("authenticator app code")
    PASSKEY = "webauthn", _("passkey")
    PASSWORD = "password", _("password")


class StepAssignment(models.Model):
    """Who a step (of a template or a circuit) is for: named people, or a role in an
    organisation resolved when the step opens. Shared by templates and circuits."""

    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=10, choices=StepKind.choices)
    quorum = models.CharField(_("quorum"), max_length=3, choices=Quorum.choices, default=Quorum.ANY)
    role_organisation: models.ForeignKey[Organisation | None, Organisation | None] = (
        models.ForeignKey(
            "directory.Organisation",
            null=True,
            blank=True,
            on_delete=models.PROTECT,
            related_name="+",
            verbose_name=_("organisation of the role"),
        )
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)

    class Meta:
        abstract = True


class CircuitTemplate(models.Model):
    organisation: models.ForeignKey[Organisation, Organisation] = models.ForeignKey(
        "directory.Organisation",
        on_delete=models.CASCADE,
        related_name="circuit_templates",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("circuit template")
        verbose_name_plural = _("circuit templates")
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="template_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class TemplateStep(StepAssignment):
    template: models.ForeignKey[CircuitTemplate, CircuitTemplate] = models.ForeignKey(
        CircuitTemplate, on_delete=models.CASCADE, related_name="steps"
    )
    agents = models.ManyToManyField(
        "directory.Agent", blank=True, related_name="+", verbose_name=_("named people")
    )

    class Meta:
        ordering = ["position"]
        verbose_name = _("template step")
        verbose_name_plural = _("template steps")
        constraints = [
            models.UniqueConstraint(fields=["template", "position"], name="template_step_unique")
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.get_kind_display()}"


class Circuit(models.Model):
    publication: models.ForeignKey[Publication, Publication] = models.ForeignKey(
        "publications.Publication", on_delete=models.PROTECT, related_name="circuits"
    )
    template: models.ForeignKey[CircuitTemplate | None, CircuitTemplate | None] = models.ForeignKey(
        CircuitTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_by: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=CircuitState.choices, default=CircuitState.RUNNING
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # The SHA-256 of the certified PDF (the frozen document) and of its latest revision.
    frozen_sha256 = models.CharField(max_length=64, blank=True)
    document_sha256 = models.CharField(max_length=64, blank=True)
    # Incremented by every act: a form carries the version it was shown, so two people
    # acting at once never both act on the same revision.
    version = models.PositiveIntegerField(default=0)
    rejection_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("signature circuit")
        verbose_name_plural = _("signature circuits")
        constraints = [
            models.UniqueConstraint(
                fields=["publication"],
                condition=Q(state="running"),
                name="circuit_one_running_per_publication",
            )
        ]
        indexes = [models.Index(fields=["started_by", "state"], name="circuit_author_state")]

    def __str__(self) -> str:
        return f"{self.publication_id} ({self.state})"

    @property
    def is_running(self) -> bool:
        return self.state == CircuitState.RUNNING


class Step(StepAssignment):
    circuit: models.ForeignKey[Circuit, Circuit] = models.ForeignKey(
        Circuit, on_delete=models.CASCADE, related_name="steps"
    )
    state = models.CharField(
        _("state"), max_length=10, choices=StepState.choices, default=StepState.PENDING
    )
    label = models.CharField(_("label"), max_length=300, blank=True)
    # The PDF signature field of a signature or cachet step taken by any one person.
    field_name = models.CharField(max_length=40, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["circuit", "position"], name="circuit_step_unique")
        ]
        indexes = [models.Index(fields=["state"], name="step_state")]

    def __str__(self) -> str:
        return f"{self.circuit_id}/{self.position} {self.kind}"

    @property
    def is_open(self) -> bool:
        return self.state == StepState.OPEN

    @property
    def needs_pdf(self) -> bool:
        return self.kind in (StepKind.SIGNATURE, StepKind.CACHET)


class Assignee(models.Model):
    """One person a circuit step waits for. Named people get their row at the start;
    the holders of a role get theirs when the step opens."""

    step: models.ForeignKey[Step, Step] = models.ForeignKey(
        Step, on_delete=models.CASCADE, related_name="assignees"
    )
    agent: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent", on_delete=models.PROTECT, related_name="signature_assignments"
    )
    # Their own signature field when every one of them must sign ("all of").
    field_name = models.CharField(max_length=40, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["step", "agent"], name="assignee_unique")]
        indexes = [models.Index(fields=["agent", "done_at"], name="assignee_agent_done")]

    def __str__(self) -> str:
        return f"{self.step_id}: {self.agent_id}"


class Act(models.Model):
    """What happened, in order: the evidence file is made of these rows."""

    circuit: models.ForeignKey[Circuit, Circuit] = models.ForeignKey(
        Circuit, on_delete=models.CASCADE, related_name="acts"
    )
    step: models.ForeignKey[Step | None, Step | None] = models.ForeignKey(
        Step, null=True, blank=True, on_delete=models.CASCADE, related_name="acts"
    )
    kind = models.CharField(_("action"), max_length=10, choices=ActKind.choices)
    actor: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    on_behalf_of: models.ForeignKey[Agent | None, Agent | None] = models.ForeignKey(
        "directory.Agent", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("time"), auto_now_add=True)
    sha256_before = models.CharField(max_length=64, blank=True)
    sha256_after = models.CharField(max_length=64, blank=True)
    field_name = models.CharField(max_length=40, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # How the signer confirmed a signature or a cachet.
    confirmed_by = models.CharField(
        _("confirmed with"), max_length=16, choices=ConfirmedBy.choices, blank=True
    )

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["actor", "-at"], name="act_actor_at")]

    def __str__(self) -> str:
        return f"{self.circuit_id} {self.kind}"


class Delegation(models.Model):
    """During an absence, the delegate sees the absent agent's steps and acts for them."""

    agent: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent",
        on_delete=models.CASCADE,
        related_name="delegations_given",
        verbose_name=_("absent agent"),
    )
    delegate: models.ForeignKey[Agent, Agent] = models.ForeignKey(
        "directory.Agent",
        on_delete=models.CASCADE,
        related_name="delegations_received",
        verbose_name=_("delegate"),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="delegation_dates"
            ),
            models.CheckConstraint(
                condition=~Q(agent=models.F("delegate")), name="delegation_not_self"
            ),
        ]
        indexes = [models.Index(fields=["delegate", "ends_on"], name="delegation_delegate")]

    def __str__(self) -> str:
        return f"{self.agent_id} → {self.delegate_id}"

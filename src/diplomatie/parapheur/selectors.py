"""Reads of the parapheur, always starting from the visibility policy."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from diplomatie.access.perimeter import perimeter_of
from diplomatie.access.policy import can_view_circuit
from diplomatie.access.querysets import signed_circuits, visible_circuits
from diplomatie.access.writing import startable_templates, visible_circuit_templates
from diplomatie.core.errors import NotFound
from diplomatie.directory.models import Agent
from diplomatie.parapheur.models import (
    Act,
    Assignee,
    Circuit,
    CircuitState,
    CircuitTemplate,
    Delegation,
    Step,
    StepState,
    TemplateStep,
)

LIST_SIZE = 50


def in_running_circuit(publication_id: int) -> bool:
    return Circuit.objects.filter(
        publication_id=publication_id, state=CircuitState.RUNNING
    ).exists()


def _absent_for(agent: Agent) -> QuerySet[Delegation]:
    today = timezone.localdate()
    return Delegation.objects.filter(
        delegate_id=agent.pk, cancelled=False, starts_on__lte=today, ends_on__gte=today
    )


def waiting_steps_for(agent: Agent) -> QuerySet[Step]:
    """Open steps waiting for the agent, or for someone who delegated to them today
    (none once the agent has left the ministry)."""
    if not perimeter_of(agent).in_ministry:
        return Step.objects.none()
    absent = _absent_for(agent).values("agent_id")
    mine = Assignee.objects.filter(step=OuterRef("pk"), done_at__isnull=True).filter(
        Q(agent_id=agent.pk) | Q(agent_id__in=absent)
    )
    own = Assignee.objects.filter(step=OuterRef("pk"), done_at__isnull=True, agent_id=agent.pk)
    return (
        Step.objects.filter(state=StepState.OPEN, circuit__state=CircuitState.RUNNING)
        .filter(Exists(mine))
        .annotate(delegated=~Exists(own))
        .select_related("circuit__publication__issuer", "circuit__started_by")
        .order_by("opened_at", "pk")
    )


def circuits_started_by(agent: Agent) -> QuerySet[Circuit]:
    return (
        visible_circuits(agent)
        .filter(Q(started_by_id=agent.pk) | Q(publication__author_id=agent.pk))
        .select_related("publication__issuer")
        .order_by("-started_at", "-pk")
    )


def circuits_acted_by(agent: Agent) -> QuerySet[Circuit]:
    acted = Act.objects.filter(circuit=OuterRef("pk"), actor_id=agent.pk).exclude(kind="start")
    return (
        visible_circuits(agent)
        .filter(Exists(acted))
        .select_related("publication__issuer")
        .order_by("-started_at", "-pk")
    )


def get_circuit_for(agent: Agent, circuit_id: int) -> Circuit:
    """The circuit, or NotFound — the same for "missing" and "not yours"."""
    circuit = (
        Circuit.objects.filter(pk=circuit_id)
        .select_related("publication__issuer", "publication__author", "started_by")
        .first()
    )
    if circuit is None or not can_view_circuit(agent, circuit):
        raise NotFound("circuit")
    return circuit


def get_step_for(agent: Agent, circuit_id: int, step_id: int) -> Step:
    circuit = get_circuit_for(agent, circuit_id)
    step = Step.objects.filter(pk=step_id, circuit=circuit).first()
    if step is None:
        raise NotFound("step")
    step.circuit = circuit
    return step


@dataclass
class CircuitDetail:
    circuit: Circuit
    steps: list[Step]
    acts: list[Act]
    # For each open step, the assignees the viewer may act for (themselves, absent ones).
    mine: dict[int, list[Assignee]] = field(default_factory=dict)


def circuit_detail_for(agent: Agent, circuit: Circuit) -> CircuitDetail:
    steps = list(
        circuit.steps.select_related("role_organisation").prefetch_related(
            Prefetch(
                "assignees",
                queryset=Assignee.objects.select_related("agent").order_by("agent__display_name"),
            )
        )
    )
    acts = list(circuit.acts.select_related("actor", "on_behalf_of", "step").order_by("at", "pk"))
    absent = set(_absent_for(agent).values_list("agent_id", flat=True))
    mine: dict[int, list[Assignee]] = {}
    if circuit.state == CircuitState.RUNNING:
        for step in steps:
            if step.state != StepState.OPEN:
                continue
            rows = [
                a
                for a in step.assignees.all()
                if a.done_at is None and (a.agent_id == agent.pk or a.agent_id in absent)
            ]
            rows.sort(key=lambda a: a.agent_id != agent.pk)
            if rows:
                mine[step.pk] = rows
    return CircuitDetail(circuit=circuit, steps=steps, acts=acts, mine=mine)


def signed_circuit_for(agent: Agent, publication_id: int) -> Circuit:
    """The completed circuit of a publication the agent may read, or NotFound."""
    circuit = (
        signed_circuits(agent)
        .filter(publication_id=publication_id)
        .select_related("publication")
        .order_by("-finished_at", "-pk")
        .first()
    )
    if circuit is None:
        raise NotFound("signed document")
    return circuit


def signed_circuit_ids(agent: Agent, publication_id: int) -> list[int]:
    return list(
        signed_circuits(agent).filter(publication_id=publication_id).values_list("pk", flat=True)
    )


def circuits_of_publication(agent: Agent, publication_id: int) -> list[Circuit]:
    return list(
        visible_circuits(agent).filter(publication_id=publication_id).order_by("-started_at", "-pk")
    )


def templates_by_organisation(agent: Agent) -> list[CircuitTemplate]:
    """The circuit templates, for agents of the ministry only: their steps name agents
    whom an external may not see."""
    return list(
        visible_circuit_templates(agent)
        .select_related("organisation")
        .prefetch_related(
            Prefetch(
                "steps",
                queryset=TemplateStep.objects.select_related("role_organisation")
                .prefetch_related("agents")
                .order_by("position"),
            )
        )
        .order_by("organisation__name", "name")
    )


def templates_for_starting(agent: Agent) -> list[CircuitTemplate]:
    """The templates of the organisations the agent belongs to and their ancestors."""
    return list(
        startable_templates(agent)
        .select_related("organisation")
        .order_by("organisation__name", "name")
    )


def delegations_of(agent: Agent) -> list[Delegation]:
    return list(
        Delegation.objects.filter(
            Q(agent=agent) | Q(delegate=agent), cancelled=False, ends_on__gte=timezone.localdate()
        )
        .select_related("agent", "delegate")
        .order_by("starts_on", "pk")
    )

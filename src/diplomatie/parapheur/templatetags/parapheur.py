from __future__ import annotations

from typing import Any

from django import template

from diplomatie.access.writing import can_start_circuit, in_circuit_sector
from diplomatie.directory.models import Agent
from diplomatie.parapheur.models import CircuitState
from diplomatie.parapheur.selectors import circuits_of_publication, signed_circuit_ids
from diplomatie.publications.models import Publication, Status

register = template.Library()


@register.inclusion_tag("parapheur/_publication_box.html")
def parapheur_box(publication: Publication, agent: Agent, is_author: bool) -> dict[str, Any]:
    """The circuits of a publication on its page, and the button that starts one."""
    circuits = circuits_of_publication(agent, publication.pk)
    running = any(c.state == CircuitState.RUNNING for c in circuits)
    may_start = is_author and not running and can_start_circuit(agent, publication)
    # Readers outside the ministry see no circuit, but may download the signed document.
    signed = (
        not circuits
        and publication.status == Status.SENT
        and bool(signed_circuit_ids(agent, publication.pk))
    )
    return {
        "publication": publication,
        "circuits": circuits,
        "may_start": may_start,
        "signed_only": signed,
    }


@register.filter
def runs_circuits(agent: Any) -> bool:
    """Whether the signature book is the agent's to use (agents of the ministry only)."""
    return in_circuit_sector(agent)

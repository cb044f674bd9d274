"""The evidence file ("bordereau") of a circuit: every act with its actor, on whose
behalf, time, document hash before and after, and the reason of a rejection — as a JSON
record and as a PDF (WeasyPrint). Built on demand from the acts, which never change."""

from __future__ import annotations

import importlib
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone, translation

from diplomatie.parapheur.models import Act, Circuit


def _agent(agent: Any) -> dict[str, Any] | None:
    if agent is None:
        return None
    return {"id": agent.pk, "name": agent.display_name, "email": agent.email}


def evidence_record(circuit: Circuit) -> dict[str, Any]:
    publication = circuit.publication
    acts = list(
        Act.objects.filter(circuit=circuit)
        .select_related("actor", "on_behalf_of", "step")
        .order_by("at", "pk")
    )
    steps = list(circuit.steps.prefetch_related("assignees__agent").order_by("position"))
    return {
        "circuit": circuit.pk,
        "state": circuit.state,
        "publication": {
            "id": publication.pk,
            "kind": publication.kind,
            "subject": publication.subject,
            "chrono": publication.chrono,
            "issuer": publication.issuer.label,
            "author": _agent(publication.author),
        },
        "started_by": _agent(circuit.started_by),
        "started_at": circuit.started_at.isoformat(),
        "finished_at": circuit.finished_at.isoformat() if circuit.finished_at else None,
        "frozen_sha256": circuit.frozen_sha256,
        "final_sha256": circuit.document_sha256,
        "rejection_reason": circuit.rejection_reason or None,
        "steps": [
            {
                "position": s.position,
                "kind": s.kind,
                "quorum": s.quorum,
                "label": s.label,
                "state": s.state,
                "assignees": [_agent(a.agent) for a in s.assignees.all()],
            }
            for s in steps
        ],
        "acts": [
            {
                "at": a.at.isoformat(),
                "step": a.step.position if a.step else None,
                "action": a.kind,
                "actor": _agent(a.actor),
                "on_behalf_of": _agent(a.on_behalf_of),
                "sha256_before": a.sha256_before or None,
                "sha256_after": a.sha256_after or None,
                "signature_field": a.field_name or None,
                "reason": a.reason or None,
                "confirmed_by": a.confirmed_by or None,
            }
            for a in acts
        ],
        "generated_at": timezone.now().isoformat(),
    }


def evidence_pdf(circuit: Circuit, *, language: str | None = None) -> bytes:
    # Imported by name: WeasyPrint has no type information, and loading it is slow.
    weasyprint = importlib.import_module("weasyprint")
    record = evidence_record(circuit)
    acts = list(
        Act.objects.filter(circuit=circuit)
        .select_related("actor", "on_behalf_of", "step")
        .order_by("at", "pk")
    )
    with translation.override(language or translation.get_language()):
        html = render_to_string(
            "parapheur/evidence.html", {"circuit": circuit, "record": record, "acts": acts}
        )
    pdf: bytes = weasyprint.HTML(string=html).write_pdf()
    return pdf

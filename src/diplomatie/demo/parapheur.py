"""Demo signature circuits, built through the parapheur's services with real signatures.

Circuit templates for the Middle East service and the political directorate, and three
letters by the featured desk officer (Camille Laurent): one waiting for the featured head
of service's signature (Henri Dubois), one rejected by him, one completed — signed, sealed,
timestamped and sent. Idempotent: nothing is done once the templates exist. Demo agents
re-authenticate with the demo password."""

from __future__ import annotations

from collections.abc import Callable

from django.db import transaction

from diplomatie.demo.ministry import DEMO_PASSWORD
from diplomatie.directory.models import Agent, Organisation, Role
from diplomatie.parapheur import actions
from diplomatie.parapheur.actions import StepSpec, role_holders
from diplomatie.parapheur.models import CircuitTemplate, Step, StepKind, StepState
from diplomatie.publications.actions import DraftData, do_create_draft
from diplomatie.publications.models import Kind

SERVICE = "dgp-afmo-moyen-orient"
SUBDIRECTORATE = "dgp-afmo"
DIRECTORATE = "dgp"
PROTOCOL = "protocole"
TEMPLATE_NAME = "Courrier du service : visa du sous-directeur, signature du chef de service"

LETTERS = [
    (
        "Lettre à l'ambassadeur du Liban – Réunion du groupe de contact",
        "Monsieur l'Ambassadeur,\n\nJ'ai l'honneur de vous informer que la prochaine réunion "
        "du groupe de contact se tiendra à Paris le 14 du mois prochain.\n\nJe vous prie "
        "d'agréer, Monsieur l'Ambassadeur, l'assurance de ma haute considération.",
    ),
    (
        "Lettre au président de l'Institut du monde arabe – Exposition « Byblos »",
        "Monsieur le Président,\n\nLe ministère soutiendra l'exposition consacrée à Byblos "
        "par un prêt de pièces et un concours financier.\n\nJe vous prie d'agréer, Monsieur "
        "le Président, l'expression de ma considération distinguée.",
    ),
    (
        "Lettre à la directrice de l'Agence française de développement – Programme eau",
        "Madame la Directrice,\n\nJe souhaite attirer votre attention sur le programme de "
        "réhabilitation des réseaux d'eau au Sud-Liban, prioritaire pour le poste.\n\nJe "
        "vous prie d'agréer, Madame la Directrice, l'expression de ma considération "
        "distinguée.",
    ),
]


def _open_step(circuit_id: int) -> Step:
    return Step.objects.select_related("circuit").get(circuit_id=circuit_id, state=StepState.OPEN)


def _head(code: str) -> Agent | None:
    organisation = Organisation.objects.filter(code=code).first()
    if organisation is None:
        return None
    holders = role_holders(organisation.pk, Role.HEAD)
    return holders[0] if holders else None


def load_demo_parapheur(*, stdout: Callable[[str], None] | None = None) -> dict[str, int]:
    counts = {"templates": 0, "circuits": 0}
    orgs = {
        o.code: o
        for o in Organisation.objects.filter(
            code__in=[SERVICE, SUBDIRECTORATE, DIRECTORATE, PROTOCOL, "fae"]
        )
    }
    camille = Agent.objects.filter(email="camille.laurent@diplomatie.example").first()
    henri = Agent.objects.filter(email="henri.dubois@diplomatie.example").first()
    sub_director, chief_of_protocol = _head(SUBDIRECTORATE), _head(PROTOCOL)
    if (
        len(orgs) < 4
        or None in (camille, henri, sub_director, chief_of_protocol)
        or CircuitTemplate.objects.filter(organisation=orgs[SERVICE]).exists()
    ):
        return counts
    assert camille is not None and henri is not None
    assert sub_director is not None and chief_of_protocol is not None
    steps = [
        StepSpec(kind=StepKind.VISA, role_organisation=orgs[SUBDIRECTORATE], role=Role.HEAD),
        StepSpec(kind=StepKind.SIGNATURE, role_organisation=orgs[SERVICE], role=Role.HEAD),
        StepSpec(kind=StepKind.CACHET, role_organisation=orgs[PROTOCOL], role=Role.HEAD),
    ]
    with transaction.atomic():
        template = actions.do_create_template(
            None, organisation=orgs[SERVICE], name=TEMPLATE_NAME, steps=steps
        )
        actions.do_create_template(
            None,
            organisation=orgs[DIRECTORATE],
            name="Courrier de la direction : visa du chef de service, signature du directeur",
            steps=[
                StepSpec(kind=StepKind.VISA, role_organisation=orgs[SERVICE], role=Role.HEAD),
                StepSpec(
                    kind=StepKind.SIGNATURE, role_organisation=orgs[DIRECTORATE], role=Role.HEAD
                ),
                StepSpec(kind=StepKind.CACHET, role_organisation=orgs[PROTOCOL], role=Role.HEAD),
            ],
        )
        counts["templates"] = 2
        action_to = orgs.get("fae") or orgs[SUBDIRECTORATE]
        circuits = []
        for subject, body in LETTERS:
            letter = do_create_draft(
                camille,
                DraftData(
                    kind=Kind.LETTER,
                    subject=subject,
                    body=body,
                    issuer=orgs[SERVICE],
                    action_to=action_to,
                ),
            )
            circuits.append(actions.do_start_circuit(camille, letter, template=template))
        waiting, rejected, completed = circuits
        # 1. Visa given: waiting for Henri Dubois's signature.
        actions.do_visa(sub_director, _open_step(waiting.pk))
        # 2. Rejected by Henri Dubois.
        actions.do_visa(sub_director, _open_step(rejected.pk))
        actions.do_reject(
            henri,
            _open_step(rejected.pk),
            reason="Le concours financier n'est pas arbitré : retirer ce paragraphe.",
        )
        # 3. Completed: signed, sealed, archived, sent.
        actions.do_visa(sub_director, _open_step(completed.pk))
        actions.do_sign(henri, _open_step(completed.pk), password=DEMO_PASSWORD)
        actions.do_cachet(chief_of_protocol, _open_step(completed.pk), password=DEMO_PASSWORD)
        counts["circuits"] = len(circuits)
    if stdout is not None:
        stdout(f"Demo parapheur: {counts['templates']} templates, {counts['circuits']} circuits.")
    return counts

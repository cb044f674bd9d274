"""Review of the session: a person who left the ministry loses the circuits they were in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from diplomatie.access.policy import can_view_circuit
from diplomatie.access.querysets import visible_circuits
from diplomatie.audit.models import Event
from diplomatie.core.errors import PermissionDenied
from diplomatie.directory.models import Agent, Membership
from diplomatie.parapheur import actions
from diplomatie.parapheur.actions import StepSpec
from diplomatie.parapheur.models import Circuit, StepKind
from diplomatie.parapheur.selectors import waiting_steps_for
from diplomatie.publications.actions import do_create_draft
from tests.conftest import Ministry, signed_in
from tests.factories import PASSWORD, draft_data, membership
from tests.parapheur.conftest import Cast, full_circuit, make_letter

pytestmark = pytest.mark.django_db


def _leave_for(agent: Agent, ministry: Ministry) -> Agent:
    """The agent's memberships end yesterday; they now work for an NGO (a fresh instance:
    the perimeter is cached on the object)."""
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Membership.objects.filter(agent=agent).update(start=yesterday, end=yesterday)
    membership(agent, ministry.ngo)
    return Agent.objects.get(pk=agent.pk)


def _restricted_circuit(cast: Cast) -> Circuit:
    steps = [
        StepSpec(kind=StepKind.VISA, agents=[cast.visa]),
        StepSpec(kind=StepKind.SIGNATURE, agents=[cast.signer]),
    ]
    letter = make_letter(cast, classification="DR")
    return actions.do_start_circuit(cast.author, letter, steps=steps)


def test_assignee_who_left_the_ministry_no_longer_sees_the_circuit(
    client: Client, cast: Cast, ministry: Ministry
) -> None:
    circuit = _restricted_circuit(cast)
    assert can_view_circuit(cast.visa, circuit)
    gone = _leave_for(cast.visa, ministry)
    assert not can_view_circuit(gone, circuit)
    assert not visible_circuits(gone).filter(pk=circuit.pk).exists()
    assert not waiting_steps_for(gone).exists()
    signed_in(client, gone)
    for name in ("parapheur:circuit", "parapheur:document"):
        assert client.get(reverse(name, args=[circuit.pk])).status_code == 404
    assert client.get(reverse("parapheur:evidence", args=[circuit.pk, "json"])).status_code == 404


def test_past_actor_who_left_the_ministry_no_longer_sees_the_circuit(
    cast: Cast, ministry: Ministry
) -> None:
    circuit = _restricted_circuit(cast)
    actions.do_visa(cast.visa, circuit.steps.get(position=1))
    gone = _leave_for(cast.visa, ministry)
    assert not can_view_circuit(gone, circuit)
    assert not visible_circuits(gone).filter(pk=circuit.pk).exists()


def test_assignee_who_left_the_ministry_cannot_act(cast: Cast, ministry: Ministry) -> None:
    circuit = _restricted_circuit(cast)
    gone = _leave_for(cast.visa, ministry)
    with pytest.raises(PermissionDenied):
        actions.do_visa(gone, circuit.steps.get(position=1))


def test_templates_page_names_nobody_to_an_external(
    client: Client, cast: Cast, journalist: Agent
) -> None:
    """Externals see no agent outside their organisations: not through a template's steps."""
    actions.do_create_template(
        None,
        organisation=cast.levant,
        name="Lettre simple",
        steps=[StepSpec(kind=StepKind.VISA, agents=[cast.visa])],
    )
    url = reverse("parapheur:templates")
    assert cast.visa.display_name in signed_in(client, cast.author).get(url).content.decode()
    page = signed_in(client, journalist).get(url)
    # The page itself does not exist outside the ministry (404, like a missing page).
    assert page.status_code == 404
    assert cast.visa.display_name not in page.content.decode()


def test_an_agent_outside_the_ministry_cannot_start_a_circuit(
    cast: Cast, ministry: Ministry, partner_agent: Agent
) -> None:
    """The ministry's signatures and seal are not for another administration's notes."""
    note = do_create_draft(
        partner_agent,
        draft_data(
            kind="note",
            subject="Note de l'Intérieur",
            issuer=ministry.interior,
            action_to=cast.consular,
        ),
    )
    with pytest.raises(PermissionDenied):
        actions.do_start_circuit(
            partner_agent, note, steps=[StepSpec(kind=StepKind.SIGNATURE, agents=[cast.signer])]
        )
    assert not Circuit.objects.filter(publication=note).exists()


def test_readers_outside_the_ministry_get_the_signed_pdf_but_not_the_circuit(
    client: Client, cast: Cast, ngo_worker: Agent, journalist: Agent
) -> None:
    """The circuit (its actors, acts and evidence) is the ministry's internal workflow;
    an external reader of the sent letter downloads the signed document only."""
    from tests.parapheur.test_actions import open_step, refresh

    letter = make_letter(cast, audience="partners")
    circuit = actions.do_start_circuit(cast.author, letter, steps=full_circuit(cast))
    actions.do_visa(cast.visa, open_step(circuit))
    actions.do_sign(cast.signer, open_step(circuit), password=PASSWORD)
    actions.do_sign(cast.director, open_step(circuit), password=PASSWORD)
    actions.do_cachet(cast.protocol_head, open_step(circuit), password=PASSWORD)
    circuit = refresh(circuit)
    assert circuit.publication.status == "sent"

    signed_in(client, ngo_worker)
    assert not can_view_circuit(ngo_worker, circuit)
    assert not visible_circuits(ngo_worker).exists()
    for url in (
        reverse("parapheur:circuit", args=[circuit.pk]),
        reverse("parapheur:document", args=[circuit.pk]),
        reverse("parapheur:evidence", args=[circuit.pk, "json"]),
        reverse("parapheur:evidence", args=[circuit.pk, "pdf"]),
    ):
        assert client.get(url).status_code == 404, url
    page = client.get(reverse("publications:detail", args=[letter.pk])).content.decode()
    signed_url = reverse("parapheur:signed_document", args=[letter.pk])
    assert signed_url in page
    assert reverse("parapheur:circuit", args=[circuit.pk]) not in page
    assert "v@d.example" not in page
    before = Event.objects.filter(action="publication.read_by_external", actor=ngo_worker)
    seen = before.count()
    response = client.get(signed_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # What an external opened is in the audit log: the signed PDF too.
    downloads = before.filter(details__file="pdf-signe")
    assert before.count() == seen + 1 and downloads.count() == 1

    # An agent of the ministry who reads it sees the circuit; the signed link works too
    # (an ordinary read of a Non protégé document by an internal agent is not logged).
    signed_in(client, cast.outsider)
    assert client.get(reverse("parapheur:circuit", args=[circuit.pk])).status_code == 200
    assert client.get(signed_url).status_code == 200
    assert not Event.objects.filter(actor=cast.outsider, action__startswith="publication.read")


def test_signed_pdf_is_404_to_who_cannot_read_the_document(
    client: Client, cast: Cast, journalist: Agent
) -> None:
    from tests.parapheur.test_actions import run_full_circuit

    circuit = run_full_circuit(cast)  # addressees only
    signed_url = reverse("parapheur:signed_document", args=[circuit.publication_id])
    signed_in(client, journalist)
    assert client.get(signed_url).status_code == 404
    draft = make_letter(cast)
    signed_in(client, cast.author)
    # No completed circuit yet: nothing to download.
    assert client.get(reverse("parapheur:signed_document", args=[draft.pk])).status_code == 404

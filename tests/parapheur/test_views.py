"""Pages of the parapheur: who sees what, the forms, the files, the journal, query counts."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from diplomatie.accounts.second_factor.devices import totp_devices
from diplomatie.audit.models import Event
from diplomatie.directory.models import Agent
from diplomatie.parapheur import actions
from diplomatie.parapheur.actions import StepSpec
from diplomatie.parapheur.models import (
    Act,
    ActKind,
    Circuit,
    CircuitState,
    CircuitTemplate,
    StepKind,
    StepState,
)
from diplomatie.publications.models import Publication, Status
from tests.conftest import signed_in
from tests.factories import PASSWORD, make_member
from tests.parapheur.conftest import Cast, full_circuit, make_letter
from tests.second_factor import fresh_code

pytestmark = pytest.mark.django_db


def start(cast: Cast, steps: list[StepSpec] | None = None) -> Circuit:
    return actions.do_start_circuit(
        cast.author, make_letter(cast), steps=steps or full_circuit(cast)
    )


def post_act(client: Client, circuit: Circuit, data: dict[str, Any]) -> Any:
    step = circuit.steps.get(state=StepState.OPEN)
    version = Circuit.objects.get(pk=circuit.pk).version
    prefix = "r" if data.get("action") == "reject" else "s"
    payload = {f"{prefix}{step.pk}-version": version, "action": data.pop("action", "act")}
    payload.update({f"{prefix}{step.pk}-{k}": v for k, v in data.items()})
    return client.post(reverse("parapheur:act", args=[circuit.pk, step.pk]), payload, follow=True)


def test_start_from_the_draft_page(client: Client, cast: Cast) -> None:
    letter = make_letter(cast)
    signed_in(client, cast.author)
    page = client.get(reverse("publications:detail", args=[letter.pk]))
    assert reverse("parapheur:start", args=[letter.pk]) in page.content.decode()
    assert b'action="/publications/%d/envoyer/"' % letter.pk not in page.content
    response = client.post(
        reverse("parapheur:start", args=[letter.pk]),
        {
            "kind_1": "visa",
            "people_1": cast.visa.email,
            "quorum_1": "any",
            "kind_2": "signature",
            "people_2": f"{cast.signer.email}, {cast.director.email}",
            "quorum_2": "all",
        },
    )
    circuit = Circuit.objects.get(publication=letter)
    assert response.status_code == 302
    assert response["Location"] == reverse("parapheur:circuit", args=[circuit.pk])
    assert [s.kind for s in circuit.steps.order_by("position")] == ["visa", "signature"]
    page = client.get(reverse("publications:detail", args=[letter.pk]))
    assert reverse("parapheur:circuit", args=[circuit.pk]) in page.content.decode()


def test_start_form_explains_mistakes(client: Client, cast: Cast) -> None:
    letter = make_letter(cast)
    signed_in(client, cast.author)
    page = client.post(
        reverse("parapheur:start", args=[letter.pk]),
        {"kind_1": "signature", "people_1": "nobody@nowhere.example", "quorum_1": "any"},
    )
    assert page.status_code == 200
    assert "Nobody has the address nobody@nowhere.example" in page.content.decode()
    page = client.post(reverse("parapheur:start", args=[letter.pk]), {"template": ""})
    assert "A circuit needs at least one step." in page.content.decode()
    assert not Circuit.objects.exists()


def test_each_actor_acts_through_the_page(client: Client, cast: Cast) -> None:
    circuit = start(cast)
    signed_in(client, cast.visa)
    page = client.get(reverse("parapheur:circuit", args=[circuit.pk]))
    assert "Give my visa" in page.content.decode()
    post_act(client, circuit, {})
    # Signers confirm with a fresh code of their authenticator app (signed_in enrols one).
    signed_in(client, cast.signer)
    page = post_act(client, circuit, {"code": "000000"})
    assert "Wrong or already used code: nothing was signed." in page.content.decode()
    page = post_act(client, circuit, {"password": PASSWORD})
    assert "Type the code of your authenticator app" in page.content.decode()
    page = post_act(client, circuit, {"code": fresh_code(totp_devices(cast.signer).get())})
    assert "Signed." in page.content.decode()
    signed_in(client, cast.director)
    post_act(client, circuit, {"code": fresh_code(totp_devices(cast.director).get())})
    signed_in(client, cast.protocol_head)
    page = client.get(reverse("parapheur:circuit", args=[circuit.pk]))
    assert "Apply the seal" in page.content.decode()
    post_act(client, circuit, {"code": fresh_code(totp_devices(cast.protocol_head).get())})
    circuit.refresh_from_db()
    assert circuit.state == CircuitState.COMPLETED
    assert Publication.objects.get(pk=circuit.publication_id).status == Status.SENT
    # Whoever may read the sent letter downloads the signed PDF and the evidence file.
    reader = make_member(cast.consular, display_name="Lecteur Consulaire")
    signed_in(client, reader)
    pdf = client.get(reverse("parapheur:document", args=[circuit.pk]))
    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    record = json.loads(
        client.get(reverse("parapheur:evidence", args=[circuit.pk, "json"])).content
    )
    assert [a["action"] for a in record["acts"]] == [
        "start",
        "visa",
        "sign",
        "sign",
        "cachet",
        "archive",
    ]
    assert record["acts"][2]["actor"]["email"] == cast.signer.email
    assert record["final_sha256"] == circuit.document_sha256
    evidence = client.get(reverse("parapheur:evidence", args=[circuit.pk, "pdf"]))
    assert evidence.content.startswith(b"%PDF")
    page = client.get(reverse("publications:detail", args=[circuit.publication_id]))
    assert reverse("parapheur:document", args=[circuit.pk]) in page.content.decode()


def test_rejection_through_the_page_needs_a_reason(client: Client, cast: Cast) -> None:
    circuit = start(cast)
    signed_in(client, cast.visa)
    page = post_act(client, circuit, {"action": "reject", "reason": ""})
    assert "Say why you reject it" in page.content.decode()
    post_act(client, circuit, {"action": "reject", "reason": "Date erronée."})
    circuit.refresh_from_db()
    assert circuit.state == CircuitState.REJECTED
    signed_in(client, cast.author)
    page = client.get(reverse("parapheur:circuit", args=[circuit.pk]))
    assert "Date erronée." in page.content.decode()


def test_delegate_acts_for_through_the_page(client: Client, cast: Cast) -> None:
    import datetime as dt

    from django.utils import timezone

    deputy = make_member(cast.levant, display_name="Denise Adjointe", email="deputy@d.example")
    signed_in(client, cast.signer)
    today = timezone.localdate()
    response = client.post(
        reverse("parapheur:delegations"),
        {
            "delegate": deputy.email,
            "starts_on": today.isoformat(),
            "ends_on": (today + dt.timedelta(days=2)).isoformat(),
        },
    )
    assert response.status_code == 302
    circuit = start(cast, [StepSpec(kind=StepKind.SIGNATURE, agents=[cast.signer])])
    signed_in(client, deputy)
    page = client.get(reverse("parapheur:circuit", args=[circuit.pk]))
    assert "You act for Henri Dubois, who is absent." in page.content.decode()
    step = circuit.steps.get()
    code = fresh_code(totp_devices(deputy).get())
    post_act(client, circuit, {"code": code, "for_agent": cast.signer.pk})
    act = Act.objects.get(step=step, kind=ActKind.SIGN)
    assert (act.actor_id, act.on_behalf_of_id) == (deputy.pk, cast.signer.pk)


def test_outsiders_get_404_everywhere(client: Client, cast: Cast, journalist: Agent) -> None:
    circuit = start(cast)
    step = circuit.steps.get(state=StepState.OPEN)
    letter_id = circuit.publication_id
    urls = [
        reverse("parapheur:circuit", args=[circuit.pk]),
        reverse("parapheur:document", args=[circuit.pk]),
        reverse("parapheur:evidence", args=[circuit.pk, "pdf"]),
        reverse("parapheur:evidence", args=[circuit.pk, "json"]),
        reverse("parapheur:start", args=[letter_id]),
        reverse("parapheur:circuit", args=[circuit.pk + 1000]),
    ]
    for outsider in (cast.outsider, journalist):
        signed_in(client, outsider)
        for url in urls:
            assert client.get(url).status_code == 404, url
        act = client.post(
            reverse("parapheur:act", args=[circuit.pk, step.pk]), {f"s{step.pk}-version": 0}
        )
        assert act.status_code == 404
    assert not Event.objects.filter(action="parapheur.visa").exists()
    # A named actor of a later step and the author see it.
    for insider in (cast.author, cast.visa, cast.signer):
        signed_in(client, insider)
        assert client.get(urls[0]).status_code == 200


def test_the_journal_shows_the_waiting_step(client: Client, cast: Cast) -> None:
    circuit = start(cast)
    signed_in(client, cast.visa)
    page = client.get(reverse("home")).content.decode()
    assert "Signature book" in page
    assert reverse("parapheur:circuit", args=[circuit.pk]) in page
    signed_in(client, cast.signer)
    page = client.get(reverse("home")).content.decode()
    assert reverse("parapheur:circuit", args=[circuit.pk]) not in page


def test_pages_render(client: Client, cast: Cast) -> None:
    actions.do_create_template(
        None, organisation=cast.levant, name="Standard", steps=full_circuit(cast)
    )
    start(cast)
    signed_in(client, cast.author)
    for name in ("parapheur:mine", "parapheur:templates", "parapheur:delegations"):
        assert client.get(reverse(name)).status_code == 200
    assert "Standard" in client.get(reverse("parapheur:templates")).content.decode()


@pytest.mark.parametrize("page", ["parapheur:mine", "home"])
def test_query_count_is_flat(client: Client, cast: Cast, page: str) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for batch in (1, 6):
        for index in range(batch):
            circuit = start(cast, [StepSpec(kind=StepKind.VISA, agents=[cast.visa])])
            if index % 2:
                actions.do_visa(cast.visa, circuit.steps.get())
        for agent in (cast.visa, cast.author):
            signed_in(client, agent)
            with CaptureQueriesContext(connection) as queries:
                assert client.get(reverse(page)).status_code == 200
            counts.append((agent.pk, len(queries)))
    assert counts[:2] == counts[2:], counts


def test_administrators_manage_templates(client: Client, cast: Cast, admin: Agent) -> None:
    template = actions.do_create_template(
        None, organisation=cast.levant, name="Standard", steps=full_circuit(cast)
    )
    signed_in(client, admin)
    assert client.get(reverse("admin:parapheur_circuittemplate_changelist")).status_code == 200
    url = reverse("admin:parapheur_circuittemplate_change", args=[template.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:parapheur_circuittemplate_add")).status_code == 200
    response = client.post(
        reverse("admin:parapheur_circuittemplate_add"),
        {
            "organisation": cast.levant.pk,
            "name": "Visa seul",
            "active": "on",
            "steps-TOTAL_FORMS": "1",
            "steps-INITIAL_FORMS": "0",
            "steps-0-position": "1",
            "steps-0-kind": "visa",
            "steps-0-quorum": "any",
            "steps-0-agents": [cast.visa.pk],
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    created = CircuitTemplate.objects.get(name="Visa seul")
    assert list(created.steps.get().agents.all()) == [cast.visa]
    assert Event.objects.filter(
        action="parapheur.template_create", target_id=str(created.pk), actor=admin
    ).exists()
    signed_in(client, cast.author)
    assert client.get(reverse("admin:parapheur_circuittemplate_changelist")).status_code == 302


def test_templates_page_query_count_is_flat(client: Client, cast: Cast) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    signed_in(client, cast.author)
    counts = []
    for batch in (1, 5):
        for _ in range(batch):
            actions.do_create_template(
                None,
                organisation=cast.levant if batch == 1 else cast.protocol,
                name=f"Modèle {Circuit.objects.count()}-{_}-{batch}",
                steps=full_circuit(cast),
            )
        with CaptureQueriesContext(connection) as queries:
            assert client.get(reverse("parapheur:templates")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_withdraw_through_the_page(client: Client, cast: Cast) -> None:
    circuit = start(cast)
    url = reverse("parapheur:withdraw", args=[circuit.pk])
    signed_in(client, cast.outsider)
    assert client.post(url).status_code == 404
    signed_in(client, cast.visa)
    page = client.post(url, follow=True).content.decode()
    assert "Only the authors of the document can withdraw it." in page
    signed_in(client, cast.author)
    page = client.get(reverse("parapheur:circuit", args=[circuit.pk])).content.decode()
    assert url in page
    page = client.post(url, {"reason": "À revoir."}, follow=True).content.decode()
    assert "Withdrawn: the draft is yours again." in page
    assert Circuit.objects.get(pk=circuit.pk).state == CircuitState.WITHDRAWN

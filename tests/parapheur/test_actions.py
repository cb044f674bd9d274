"""The circuit services: start, visa, signatures, cachet, rejection, delegation,
quorums, re-authentication, concurrency, and the sending of a signed letter."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from diplomatie.audit.models import Event
from diplomatie.core.errors import InvalidInput, PermissionDenied
from diplomatie.directory.models import Agent, Role
from diplomatie.notifications.models import Notification
from diplomatie.parapheur import actions, documents
from diplomatie.parapheur.actions import StepSpec
from diplomatie.parapheur.models import (
    Act,
    ActKind,
    Circuit,
    CircuitState,
    Quorum,
    StepKind,
    StepState,
)
from diplomatie.parapheur.selectors import waiting_steps_for
from diplomatie.publications.actions import (
    do_delete_draft,
    do_send,
    do_send_answering,
    do_update_draft,
)
from diplomatie.publications.models import Publication, Status
from diplomatie.routing.models import Task
from tests.factories import PASSWORD, draft_data, make_member
from tests.parapheur.conftest import Cast, full_circuit, make_letter

pytestmark = pytest.mark.django_db


def open_step(circuit: Circuit):  # type: ignore[no-untyped-def]
    return circuit.steps.get(state=StepState.OPEN)


def refresh(circuit: Circuit) -> Circuit:
    return Circuit.objects.select_related("publication").get(pk=circuit.pk)


def run_full_circuit(cast: Cast) -> Circuit:
    letter = make_letter(cast)
    circuit = actions.do_start_circuit(cast.author, letter, steps=full_circuit(cast))
    actions.do_visa(cast.visa, open_step(circuit))
    actions.do_sign(cast.signer, open_step(circuit), password=PASSWORD)
    actions.do_sign(cast.director, open_step(circuit), password=PASSWORD)
    actions.do_cachet(cast.protocol_head, open_step(circuit), password=PASSWORD)
    return refresh(circuit)


def test_start_freezes_numbers_and_certifies(cast: Cast) -> None:
    letter = make_letter(cast)
    circuit = actions.do_start_circuit(cast.author, letter, steps=full_circuit(cast))
    letter.refresh_from_db()
    assert letter.status == Status.DRAFT
    assert letter.chrono.startswith("LEV ") or letter.chrono  # numbered at the start
    assert letter.chrono_sequence == 1
    assert len(circuit.frozen_sha256) == 64
    assert circuit.document_sha256 == circuit.frozen_sha256
    pdf = documents.load(circuit.frozen_sha256)
    assert pdf.startswith(b"%PDF")
    steps = list(circuit.steps.order_by("position"))
    assert [s.state for s in steps] == ["open", "pending", "pending", "pending"]
    assert [s.field_name for s in steps] == ["", "step2", "step3", "step4"]
    # The first step waits for the visa; the role steps are not resolved yet.
    assert list(steps[0].assignees.values_list("agent_id", flat=True)) == [cast.visa.pk]
    assert not steps[2].assignees.exists()
    assert Notification.objects.filter(agent=cast.visa, kind="parapheur.step").count() == 1
    event = Event.objects.get(action="parapheur.start")
    assert event.actor_id == cast.author.pk
    assert event.details["sha256"] == circuit.frozen_sha256
    assert Act.objects.get(circuit=circuit).kind == ActKind.START
    # Frozen: neither edited, nor sent by hand, nor started twice.
    with pytest.raises(InvalidInput, match="signature circuit"):
        do_update_draft(
            cast.author,
            letter,
            draft_data(kind="letter", subject="Autre", issuer=cast.levant, action_to=cast.consular),
        )
    with pytest.raises(InvalidInput, match="already in a signature circuit"):
        actions.do_start_circuit(cast.author, letter, steps=full_circuit(cast))


def test_the_full_circuit_signs_seals_archives_and_sends(cast: Cast) -> None:
    circuit = run_full_circuit(cast)
    assert circuit.state == CircuitState.COMPLETED
    letter = circuit.publication
    assert letter.status == Status.SENT
    assert letter.chrono_sequence == 1  # the number given at the start, kept
    # Routed through the publication service: the action organisation has its task.
    assert Task.objects.filter(publication=letter, organisation=cast.consular).exists()
    acts = list(circuit.acts.order_by("at", "pk"))
    assert [a.kind for a in acts] == ["start", "visa", "sign", "sign", "cachet", "archive"]
    # Each act starts from the hash the previous one produced.
    for previous, act in itertools.pairwise(acts):
        assert act.sha256_before == previous.sha256_after
    assert acts[1].sha256_after == acts[1].sha256_before  # a visa never touches the PDF
    assert len({a.sha256_after for a in acts[2:]}) == 4
    assert circuit.document_sha256 == acts[-1].sha256_after
    # The role step was resolved when it opened: the head of the directorate signed.
    assert acts[3].actor_id == cast.director.pk
    assert acts[4].actor_id == cast.protocol_head.pk
    assert {e.action for e in Event.objects.filter(action__startswith="parapheur.")} >= {
        "parapheur.start",
        "parapheur.visa",
        "parapheur.sign",
        "parapheur.cachet",
        "parapheur.complete",
    }
    assert Notification.objects.filter(agent=cast.author, kind="parapheur.complete").exists()
    assert not waiting_steps_for(cast.protocol_head).exists()


def test_only_the_right_person_acts_and_only_the_right_act(cast: Cast) -> None:
    circuit = actions.do_start_circuit(cast.author, make_letter(cast), steps=full_circuit(cast))
    with pytest.raises(PermissionDenied, match="not waiting for you"):
        actions.do_visa(cast.signer, open_step(circuit))
    with pytest.raises(InvalidInput, match="something else"):
        actions.do_sign(cast.visa, open_step(circuit), password=PASSWORD)
    later = circuit.steps.get(position=2)
    with pytest.raises(InvalidInput, match="not waiting"):
        actions.do_sign(cast.signer, later, password=PASSWORD)


def test_rejection_returns_the_draft_to_its_author(cast: Cast) -> None:
    letter = make_letter(cast)
    circuit = actions.do_start_circuit(cast.author, letter, steps=full_circuit(cast))
    actions.do_visa(cast.visa, open_step(circuit))
    with pytest.raises(InvalidInput, match="why"):
        actions.do_reject(cast.signer, open_step(circuit), reason="  ")
    actions.do_reject(cast.signer, open_step(circuit), reason="Le ton est trop vif.")
    circuit = refresh(circuit)
    assert circuit.state == CircuitState.REJECTED
    assert circuit.rejection_reason == "Le ton est trop vif."
    assert [s.state for s in circuit.steps.order_by("position")] == [
        "done",
        "rejected",
        "cancelled",
        "cancelled",
    ]
    letter.refresh_from_db()
    assert letter.status == Status.DRAFT
    note = Notification.objects.get(agent=cast.author, kind="parapheur.reject")
    assert "Le ton est trop vif." in note.text
    assert Act.objects.get(circuit=circuit, kind=ActKind.REJECT).reason == "Le ton est trop vif."
    # The author corrects it and starts again: same chrono number, no gap.
    do_update_draft(
        cast.author,
        letter,
        draft_data(
            kind="letter",
            subject=letter.subject,
            body="Texte adouci.",
            issuer=cast.levant,
            action_to=cast.consular,
        ),
    )
    with pytest.raises(InvalidInput, match="numbered"):
        do_delete_draft(cast.author, letter)
    again = actions.do_start_circuit(cast.author, letter, steps=full_circuit(cast))
    letter.refresh_from_db()
    assert letter.chrono_sequence == 1
    assert again.frozen_sha256 != circuit.frozen_sha256


def test_any_of_the_first_one_completes_the_step(cast: Cast) -> None:
    other = make_member(cast.levant, display_name="Bruno Adjoint")
    circuit = actions.do_start_circuit(
        cast.author,
        make_letter(cast),
        steps=[
            StepSpec(kind=StepKind.SIGNATURE, quorum=Quorum.ANY, agents=[cast.signer, other]),
            StepSpec(kind=StepKind.VISA, agents=[cast.visa]),
        ],
    )
    step = open_step(circuit)
    assert set(waiting_steps_for(other)) == {step} == set(waiting_steps_for(cast.signer))
    version = refresh(circuit).version
    actions.do_sign(other, step, password=PASSWORD, version=version)
    step.refresh_from_db()
    assert step.state == StepState.DONE
    # The second one, acting on what they saw, is refused: the step is done.
    with pytest.raises(InvalidInput, match="since you opened it"):
        actions.do_sign(cast.signer, step, password=PASSWORD, version=version)
    with pytest.raises(InvalidInput, match="not waiting"):
        actions.do_sign(cast.signer, step, password=PASSWORD)
    assert not waiting_steps_for(cast.signer).exists()
    assert Act.objects.filter(circuit=circuit, kind=ActKind.SIGN).count() == 1


def test_all_of_everyone_signs_in_their_own_field(cast: Cast) -> None:
    other = make_member(cast.levant, display_name="Bruno Adjoint")
    circuit = actions.do_start_circuit(
        cast.author,
        make_letter(cast),
        steps=[
            StepSpec(kind=StepKind.SIGNATURE, quorum=Quorum.ALL, agents=[cast.signer, other]),
            StepSpec(kind=StepKind.VISA, agents=[cast.visa]),
        ],
    )
    step = open_step(circuit)
    actions.do_sign(cast.signer, step, password=PASSWORD)
    step.refresh_from_db()
    assert step.state == StepState.OPEN
    assert not waiting_steps_for(cast.signer).exists()
    assert waiting_steps_for(other).get() == step
    actions.do_sign(other, step, password=PASSWORD)
    step.refresh_from_db()
    assert step.state == StepState.DONE
    fields = sorted(
        Act.objects.filter(circuit=circuit, kind=ActKind.SIGN).values_list("field_name", flat=True)
    )
    assert fields == ["step1-1", "step1-2"]
    assert waiting_steps_for(cast.visa).exists()


def test_delegation_acts_for_the_absent_agent(cast: Cast) -> None:
    today = timezone.localdate()
    deputy = make_member(cast.levant, display_name="Denise Adjointe", email="deputy@d.example")
    actions.do_declare_delegation(
        cast.signer, delegate=deputy, starts_on=today, ends_on=today + dt.timedelta(days=7)
    )
    assert Notification.objects.filter(agent=deputy, kind="parapheur.delegation").exists()
    circuit = actions.do_start_circuit(
        cast.author,
        make_letter(cast),
        steps=[StepSpec(kind=StepKind.SIGNATURE, agents=[cast.signer])],
    )
    # The delegate was told when the step opened, and sees it.
    assert Notification.objects.filter(agent=deputy, kind="parapheur.step").exists()
    step = waiting_steps_for(deputy).get()
    assert step.delegated is True  # type: ignore[attr-defined]
    actions.do_sign(deputy, step, password=PASSWORD)
    act = Act.objects.get(circuit=circuit, kind=ActKind.SIGN)
    assert act.actor_id == deputy.pk
    assert act.on_behalf_of_id == cast.signer.pk
    assert Event.objects.get(action="parapheur.sign").details["on_behalf_of"] == cast.signer.pk
    assert refresh(circuit).state == CircuitState.COMPLETED


def test_only_agents_of_the_ministry_act_or_stand_in(cast: Cast, partner_agent: Agent) -> None:
    with pytest.raises(InvalidInput, match="not an agent of the ministry"):
        actions.do_start_circuit(
            cast.author,
            make_letter(cast),
            steps=[StepSpec(kind=StepKind.SIGNATURE, agents=[partner_agent])],
        )
    today = timezone.localdate()
    with pytest.raises(InvalidInput, match="agent of the ministry"):
        actions.do_declare_delegation(
            cast.signer, delegate=partner_agent, starts_on=today, ends_on=today
        )


def test_delegation_outside_its_dates_gives_nothing(cast: Cast) -> None:
    today = timezone.localdate()
    deputy = make_member(cast.levant, display_name="Denise Adjointe")
    actions.do_declare_delegation(
        cast.signer,
        delegate=deputy,
        starts_on=today + dt.timedelta(days=3),
        ends_on=today + dt.timedelta(days=7),
    )
    circuit = actions.do_start_circuit(
        cast.author, make_letter(cast), steps=[StepSpec(kind=StepKind.VISA, agents=[cast.signer])]
    )
    assert not waiting_steps_for(deputy).exists()
    with pytest.raises(PermissionDenied):
        actions.do_visa(deputy, open_step(circuit))
    with pytest.raises(InvalidInput):
        actions.do_declare_delegation(
            cast.signer, delegate=cast.signer, starts_on=today, ends_on=today
        )
    with pytest.raises(InvalidInput):
        actions.do_declare_delegation(
            cast.signer, delegate=deputy, starts_on=today, ends_on=today - dt.timedelta(days=1)
        )


def test_reauthentication_failures_are_counted_and_lock(cast: Cast) -> None:
    circuit = actions.do_start_circuit(
        cast.author,
        make_letter(cast),
        steps=[StepSpec(kind=StepKind.SIGNATURE, agents=[cast.signer])],
    )
    step = open_step(circuit)
    with pytest.raises(PermissionDenied, match=r"Wrong password: nothing was signed\. 4 attempts"):
        actions.do_sign(cast.signer, step, password="wrong")
    # The failure is on record although the act was refused.
    assert Event.objects.filter(action="parapheur.reauth_failed", actor=cast.signer).count() == 1
    assert refresh(circuit).document_sha256 == circuit.frozen_sha256
    assert not Act.objects.filter(kind=ActKind.SIGN).exists()
    for _ in range(4):
        with pytest.raises(PermissionDenied, match="Wrong password"):
            actions.do_sign(cast.signer, step, password="")
    with pytest.raises(PermissionDenied, match="locked"):
        actions.do_sign(cast.signer, step, password=PASSWORD)
    # The cachet asks for the password too.
    assert open_step(circuit) == step


def test_cachet_needs_the_password_of_who_triggers_it(cast: Cast) -> None:
    circuit = actions.do_start_circuit(
        cast.author,
        make_letter(cast),
        steps=[StepSpec(kind=StepKind.CACHET, role_organisation=cast.protocol, role=Role.HEAD)],
    )
    with pytest.raises(PermissionDenied, match="Wrong password"):
        actions.do_cachet(cast.protocol_head, open_step(circuit), password="nope")
    actions.do_cachet(cast.protocol_head, open_step(circuit), password=PASSWORD)
    assert refresh(circuit).state == CircuitState.COMPLETED


def test_do_send_refuses_an_unsigned_letter(cast: Cast) -> None:
    letter = make_letter(cast)
    with pytest.raises(InvalidInput, match="must be signed before it is sent"):
        do_send(cast.author, letter)
    with pytest.raises(InvalidInput, match="must be signed"):
        do_send_answering(cast.author, letter)
    assert Publication.objects.get(pk=letter.pk).status == Status.DRAFT
    assert Publication.objects.get(pk=letter.pk).chrono == ""
    # A note in a circuit cannot be sent by hand either, but one outside may.
    note = make_letter(cast, kind="note")
    actions.do_start_circuit(
        cast.author, note, steps=[StepSpec(kind=StepKind.VISA, agents=[cast.visa])]
    )
    with pytest.raises(InvalidInput, match="signature circuit"):
        do_send(cast.author, note)


def test_start_is_checked(cast: Cast) -> None:
    letter = make_letter(cast)
    with pytest.raises(PermissionDenied):
        actions.do_start_circuit(cast.signer, letter, steps=full_circuit(cast))
    with pytest.raises(InvalidInput, match="at least one step"):
        actions.do_start_circuit(cast.author, letter, steps=[])
    with pytest.raises(InvalidInput, match="put it last"):
        actions.do_start_circuit(
            cast.author,
            letter,
            steps=[
                StepSpec(kind=StepKind.CACHET, agents=[cast.protocol_head]),
                StepSpec(kind=StepKind.VISA, agents=[cast.visa]),
            ],
        )
    with pytest.raises(InvalidInput, match="name the people"):
        actions.do_start_circuit(
            cast.author,
            letter,
            steps=[
                StepSpec(
                    kind=StepKind.SIGNATURE,
                    quorum=Quorum.ALL,
                    role_organisation=cast.levant,
                    role=Role.HEAD,
                )
            ],
        )
    with pytest.raises(InvalidInput, match="nobody is secretary"):
        actions.do_start_circuit(
            cast.author,
            letter,
            steps=[
                StepSpec(kind=StepKind.VISA, role_organisation=cast.levant, role=Role.SECRETARY)
            ],
        )
    telegram = make_letter(cast, kind="telegram", summary="Résumé.")
    with pytest.raises(InvalidInput, match="Only formal letters and notes"):
        actions.do_start_circuit(cast.author, telegram, steps=full_circuit(cast))
    # Nothing was numbered by the refused starts.
    letter.refresh_from_db()
    assert letter.chrono_sequence is None
    assert not Circuit.objects.exists()


def test_templates_give_their_steps(cast: Cast) -> None:
    template = actions.do_create_template(
        None, organisation=cast.levant, name="Lettre signée par le chef", steps=full_circuit(cast)
    )
    assert Event.objects.filter(action="parapheur.template_create").exists()
    circuit = actions.do_start_circuit(cast.author, make_letter(cast), template=template)
    assert circuit.template_id == template.pk
    assert [s.kind for s in circuit.steps.order_by("position")] == [
        "visa",
        "signature",
        "signature",
        "cachet",
    ]
    with pytest.raises(InvalidInput, match="already has a template"):
        actions.do_create_template(
            None,
            organisation=cast.levant,
            name="Lettre signée par le chef",
            steps=full_circuit(cast),
        )


def test_the_author_withdraws_a_running_circuit(cast: Cast) -> None:
    letter = make_letter(cast)
    circuit = actions.do_start_circuit(cast.author, letter, steps=full_circuit(cast))
    actions.do_visa(cast.visa, open_step(circuit))
    with pytest.raises(PermissionDenied):
        actions.do_withdraw_circuit(cast.signer, circuit)
    actions.do_withdraw_circuit(cast.author, circuit, reason="M. Dubois est en mission.")
    circuit = refresh(circuit)
    assert circuit.state == CircuitState.WITHDRAWN
    assert circuit.rejection_reason == "M. Dubois est en mission."
    assert [s.state for s in circuit.steps.order_by("position")] == [
        "done",
        "cancelled",
        "cancelled",
        "cancelled",
    ]
    assert not waiting_steps_for(cast.signer).exists()
    assert Notification.objects.filter(agent=cast.signer, kind="parapheur.withdraw").exists()
    assert Event.objects.filter(action="parapheur.withdraw", actor=cast.author).exists()
    with pytest.raises(InvalidInput, match="over"):
        actions.do_withdraw_circuit(cast.author, circuit)
    with pytest.raises(InvalidInput, match="over"):
        actions.do_sign(cast.signer, circuit.steps.get(position=2), password=PASSWORD)
    again = actions.do_start_circuit(
        cast.author, letter, steps=[StepSpec(kind=StepKind.SIGNATURE, agents=[cast.director])]
    )
    assert again.is_running
    letter.refresh_from_db()
    assert letter.chrono_sequence == 1

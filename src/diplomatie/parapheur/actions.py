"""The only writers of the parapheur: templates, starting a circuit, visas, signatures,
the cachet, rejections and delegations.

Each act locks the circuit's row first (`select_for_update`; on SQLite the immediate
transaction holds the write lock), so two people acting on one step at once are
serialised: the second one finds the step done, or the circuit's version moved on, and
is told so — nobody signs a revision someone else has already replaced. The PDF work is
done inside the transaction through `documents.py`: the act, its audit event, its
notification and the new revision's hash are committed together or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from diplomatie.access.perimeter import perimeter_of
from diplomatie.access.writing import (
    can_declare_delegation,
    can_start_circuit,
    can_start_with_template,
    in_circuit_sector,
)
from diplomatie.accounts.second_factor.actions import verify_fresh_factor
from diplomatie.accounts.second_factor.devices import Factor, has_device
from diplomatie.audit.models import Event
from diplomatie.audit.recorder import record_event
from diplomatie.core.errors import InvalidInput, PermissionDenied
from diplomatie.directory.models import Agent, Membership, Organisation, Role
from diplomatie.notifications.actions import do_notify
from diplomatie.parapheur import documents
from diplomatie.parapheur.models import (
    SIGNABLE_KINDS,
    Act,
    ActKind,
    Assignee,
    Circuit,
    CircuitState,
    CircuitTemplate,
    Delegation,
    Quorum,
    Step,
    StepKind,
    StepState,
    TemplateStep,
)
from diplomatie.parapheur.states import check_circuit_transition, check_step_transition
from diplomatie.publications.models import Publication, Status

MAX_STEPS = 12
MAX_PEOPLE_PER_STEP = 10
REAUTH_WINDOW = dt.timedelta(minutes=15)
REAUTH_MAX_FAILURES = 5
MAX_DELEGATION = dt.timedelta(days=366)


@dataclass
class StepSpec:
    """One step as a template or an author composes it."""

    kind: str
    quorum: str = Quorum.ANY
    agents: Sequence[Agent] = field(default_factory=list)
    role_organisation: Organisation | None = None
    role: str = ""


def role_holders(organisation_id: int, role: str) -> list[Agent]:
    ids = (
        Membership.objects.active()
        .filter(organisation_id=organisation_id, role=role, agent__is_active=True)
        .values_list("agent_id", flat=True)
    )
    return list(Agent.objects.filter(pk__in=ids).order_by("display_name", "pk"))


def check_steps(specs: Sequence[StepSpec]) -> list[StepSpec]:
    """Validate a circuit's steps; the messages say what to change."""
    if not specs:
        raise InvalidInput(_("A circuit needs at least one step."))
    if len(specs) > MAX_STEPS:
        raise InvalidInput(_("A circuit has %(max)s steps at most.") % {"max": MAX_STEPS})
    cleaned: list[StepSpec] = []
    for number, spec in enumerate(specs, start=1):
        if spec.kind not in StepKind.values:
            raise InvalidInput(_("Step %(n)s: unknown kind of step.") % {"n": number})
        if spec.quorum not in Quorum.values:
            raise InvalidInput(
                _("Step %(n)s: choose “any one of them” or “all of them”.") % {"n": number}
            )
        agents = list({a.pk: a for a in spec.agents}.values())
        by_role = spec.role_organisation is not None or bool(spec.role)
        if by_role and (spec.role_organisation is None or spec.role not in Role.values):
            raise InvalidInput(
                _("Step %(n)s: a role needs both an organisation and a role.") % {"n": number}
            )
        if by_role and agents:
            raise InvalidInput(
                _("Step %(n)s: assign it either to named people or to a role, not both.")
                % {"n": number}
            )
        if not by_role and not agents:
            raise InvalidInput(
                _("Step %(n)s: name who must act, or the role that must.") % {"n": number}
            )
        if len(agents) > MAX_PEOPLE_PER_STEP:
            raise InvalidInput(
                _("Step %(n)s: %(max)s people at most.") % {"n": number, "max": MAX_PEOPLE_PER_STEP}
            )
        outside = [a for a in agents if not perimeter_of(a).in_ministry]
        if outside:
            raise InvalidInput(
                _("Step %(n)s: %(name)s is not an agent of the ministry.")
                % {"n": number, "name": outside[0].display_name}
            )
        inactive = [a for a in agents if not a.is_active]
        if inactive:
            raise InvalidInput(
                _("Step %(n)s: %(name)s no longer has an account.")
                % {"n": number, "name": inactive[0].display_name}
            )
        quorum = spec.quorum if len(agents) > 1 else Quorum.ANY
        if spec.kind == StepKind.CACHET:
            quorum = Quorum.ANY
            if number != len(specs):
                raise InvalidInput(
                    _("The cachet (the ministry's seal) closes the circuit: put it last.")
                )
        if spec.kind == StepKind.SIGNATURE and by_role and spec.quorum == Quorum.ALL:
            raise InvalidInput(
                _(
                    "Step %(n)s: when every one of them must sign, name the people: each "
                    "signature has its own place on the document."
                )
                % {"n": number}
            )
        if (
            by_role
            and spec.role_organisation is not None
            and not role_holders(spec.role_organisation.pk, spec.role)
        ):
            raise InvalidInput(
                _("Step %(n)s: nobody is %(role)s of %(organisation)s today.")
                % {
                    "n": number,
                    "role": Role(spec.role).label.lower(),
                    "organisation": spec.role_organisation.label,
                }
            )
        cleaned.append(
            StepSpec(
                kind=spec.kind,
                quorum=quorum,
                agents=agents,
                role_organisation=spec.role_organisation,
                role=spec.role if by_role else "",
            )
        )
    return cleaned


# --- Templates --------------------------------------------------------------------------


@transaction.atomic
def do_create_template(
    actor: Agent | None, *, organisation: Organisation, name: str, steps: Sequence[StepSpec]
) -> CircuitTemplate:
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("A template needs a name."))
    specs = check_steps(steps)
    if CircuitTemplate.objects.filter(organisation=organisation, name=name).exists():
        raise InvalidInput(_("This organisation already has a template of that name."))
    template = CircuitTemplate.objects.create(organisation=organisation, name=name)
    for position, spec in enumerate(specs, start=1):
        row = TemplateStep.objects.create(
            template=template,
            position=position,
            kind=spec.kind,
            quorum=spec.quorum,
            role_organisation=spec.role_organisation,
            role=spec.role,
        )
        row.agents.set(spec.agents)
    record_event(
        "parapheur.template_create",
        actor=actor,
        target=template,
        details={"organisation": organisation.pk, "steps": len(specs)},
    )
    return template


def template_specs(template: CircuitTemplate) -> list[StepSpec]:
    return [
        StepSpec(
            kind=row.kind,
            quorum=row.quorum,
            agents=list(row.agents.all()),
            role_organisation=row.role_organisation,
            role=row.role,
        )
        for row in template.steps.select_related("role_organisation").prefetch_related("agents")
    ]


# --- Starting ---------------------------------------------------------------------------


def _is_author(agent: Agent, publication: Publication) -> bool:
    return publication.author_id == agent.pk or publication.coauthors.filter(pk=agent.pk).exists()


def step_label(spec: StepSpec | Step, agents: Sequence[Agent] = ()) -> str:
    if spec.kind == StepKind.CACHET:
        return _("Seal of the ministry")
    if spec.role_organisation is not None and spec.role:
        return _("%(role)s, %(organisation)s") % {
            "role": Role(spec.role).label,
            "organisation": spec.role_organisation.label,
        }
    return ", ".join(a.display_name for a in agents)


@transaction.atomic
def do_start_circuit(
    actor: Agent,
    publication: Publication,
    *,
    steps: Sequence[StepSpec] = (),
    template: CircuitTemplate | None = None,
) -> Circuit:
    """Freeze the draft: number it, render it with one signature field per signature or
    cachet, have the seal certify it, and open the first step."""
    from diplomatie.publications.actions import assign_chrono, check_complete, check_issuer

    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.status != Status.DRAFT:
        raise InvalidInput(_("Only a draft can go through a signature circuit."))
    if not _is_author(actor, publication):
        raise PermissionDenied(_("Only the authors of a draft can start its circuit."))
    if not in_circuit_sector(actor):
        raise PermissionDenied(_("Only agents of the ministry start a signature circuit."))
    if publication.kind not in SIGNABLE_KINDS:
        raise InvalidInput(_("Only formal letters and notes go through a signature circuit."))
    if Circuit.objects.filter(publication=publication, state=CircuitState.RUNNING).exists():
        raise InvalidInput(_("This document is already in a signature circuit."))
    check_issuer(actor, publication.issuer, publication.kind)
    if not can_start_circuit(actor, publication):  # the policy's word, whatever the above
        raise PermissionDenied(_("Only the authors of a draft can start its circuit."))
    check_complete(publication)
    if template is not None:
        if not template.active:
            raise InvalidInput(_("This circuit template is no longer in use."))
        if not can_start_with_template(actor, template):
            raise InvalidInput(_("This circuit template cannot be found."))
        steps = template_specs(template)
    specs = check_steps(steps)
    assign_chrono(publication)

    circuit = Circuit.objects.create(publication=publication, template=template, started_by=actor)
    slots: list[tuple[str, str]] = []
    rows: list[Step] = []
    for position, spec in enumerate(specs, start=1):
        step = Step.objects.create(
            circuit=circuit,
            position=position,
            kind=spec.kind,
            quorum=spec.quorum,
            role_organisation=spec.role_organisation,
            role=spec.role,
            label=step_label(spec, spec.agents),
        )
        signs = spec.kind in (StepKind.SIGNATURE, StepKind.CACHET)
        if signs and spec.quorum == Quorum.ANY:
            step.field_name = f"step{position}"
            step.save(update_fields=["field_name"])
            slots.append((step.field_name, step.label))
        assignees = []
        for index, agent in enumerate(spec.agents, start=1):
            name = f"step{position}-{index}" if signs and spec.quorum == Quorum.ALL else ""
            if name:
                slots.append((name, agent.display_name))
            assignees.append(Assignee(step=step, agent=agent, field_name=name))
        Assignee.objects.bulk_create(assignees)
        rows.append(step)

    pdf = documents.freeze(publication, slots)
    sha = documents.store(pdf)
    circuit.frozen_sha256 = circuit.document_sha256 = sha
    circuit.save(update_fields=["frozen_sha256", "document_sha256"])
    Act.objects.create(circuit=circuit, kind=ActKind.START, actor=actor, sha256_after=sha)
    record_event(
        "parapheur.start",
        actor=actor,
        target=circuit,
        details={
            "publication": publication.pk,
            "chrono": publication.chrono,
            "sha256": sha,
            "steps": [s.kind for s in rows],
            "template": template.pk if template else None,
        },
    )
    _open(rows[0])
    return circuit


def _open(step: Step) -> None:
    check_step_transition(step.state, StepState.OPEN)
    if step.role_organisation_id is not None and step.role:
        holders = role_holders(step.role_organisation_id, step.role)
        if not holders:
            raise InvalidInput(
                _("Nobody holds the role of this step today: the circuit cannot go on.")
            )
        Assignee.objects.bulk_create(
            [Assignee(step=step, agent=a) for a in holders], ignore_conflicts=True
        )
    step.state = StepState.OPEN
    step.opened_at = timezone.now()
    step.save(update_fields=["state", "opened_at"])
    waiting = list(step.assignees.values_list("agent_id", flat=True))
    delegates = list(
        active_delegations(on=timezone.localdate())
        .filter(agent_id__in=waiting)
        .values_list("delegate_id", flat=True)
    )
    publication = step.circuit.publication
    texts = {
        StepKind.VISA: _("Visa requested: %(subject)s"),
        StepKind.SIGNATURE: _("Signature requested: %(subject)s"),
        StepKind.CACHET: _("Cachet requested: %(subject)s"),
    }
    do_notify(
        [*waiting, *delegates],
        kind="parapheur.step",
        text=texts[StepKind(step.kind)] % {"subject": publication.subject},
        url=f"/parapheur/{step.circuit_id}/",
    )


# --- Delegations ------------------------------------------------------------------------


def active_delegations(*, on: dt.date) -> QuerySet[Delegation]:
    return Delegation.objects.filter(cancelled=False, starts_on__lte=on, ends_on__gte=on)


@transaction.atomic
def do_declare_delegation(
    actor: Agent, *, delegate: Agent, starts_on: dt.date, ends_on: dt.date
) -> Delegation:
    if not can_declare_delegation(actor):
        raise PermissionDenied(_("Absences and delegations are for agents of the ministry."))
    if delegate.pk == actor.pk:
        raise InvalidInput(_("Choose someone else as your delegate."))
    if not delegate.is_active:
        raise InvalidInput(_("This person no longer has an account."))
    if not perimeter_of(delegate).in_ministry:
        raise InvalidInput(_("Your delegate must be an agent of the ministry."))
    if ends_on < starts_on:
        raise InvalidInput(_("The absence ends before it starts."))
    if ends_on < timezone.localdate():
        raise InvalidInput(_("This absence is already over."))
    if ends_on - starts_on > MAX_DELEGATION:
        raise InvalidInput(_("A delegation lasts a year at most."))
    delegation = Delegation.objects.create(
        agent=actor, delegate=delegate, starts_on=starts_on, ends_on=ends_on
    )
    record_event(
        "parapheur.delegate",
        actor=actor,
        target=delegation,
        details={
            "delegate": delegate.pk,
            "from": starts_on.isoformat(),
            "to": ends_on.isoformat(),
        },
    )
    do_notify(
        [delegate],
        kind="parapheur.delegation",
        text=_("%(name)s delegates their signature book to you from %(start)s to %(end)s.")
        % {"name": actor.display_name, "start": starts_on, "end": ends_on},
        url="/parapheur/",
    )
    return delegation


@transaction.atomic
def do_cancel_delegation(actor: Agent, delegation: Delegation) -> None:
    delegation = Delegation.objects.select_for_update().get(pk=delegation.pk)
    if delegation.agent_id != actor.pk:
        raise PermissionDenied(_("Only who declared a delegation can cancel it."))
    delegation.cancelled = True
    delegation.save(update_fields=["cancelled"])
    record_event("parapheur.delegate_cancel", actor=actor, target=delegation)


@transaction.atomic
def do_withdraw_circuit(actor: Agent, circuit: Circuit, *, reason: str = "") -> Circuit:
    """The author takes the document back (a signer gone for good, a text to change):
    the circuit stops, the draft keeps its number and can go through a new circuit."""
    circuit = Circuit.objects.select_for_update().select_related("publication").get(pk=circuit.pk)
    if not _is_author(actor, circuit.publication):
        raise PermissionDenied(_("Only the authors of the document can withdraw it."))
    if circuit.state != CircuitState.RUNNING:
        raise InvalidInput(_("This circuit is over: nothing more can be done on it."))
    check_circuit_transition(circuit.state, CircuitState.WITHDRAWN)
    waiting = list(
        Assignee.objects.filter(
            step__circuit=circuit, step__state=StepState.OPEN, done_at__isnull=True
        ).values_list("agent_id", flat=True)
    )
    circuit.steps.filter(state__in=[StepState.OPEN, StepState.PENDING]).update(
        state=StepState.CANCELLED
    )
    reason = reason.strip()[:2000]
    Act.objects.create(
        circuit=circuit,
        kind=ActKind.WITHDRAW,
        actor=actor,
        sha256_before=circuit.document_sha256,
        sha256_after=circuit.document_sha256,
        reason=reason,
    )
    circuit.state = CircuitState.WITHDRAWN
    circuit.finished_at = timezone.now()
    circuit.version += 1
    circuit.rejection_reason = reason
    circuit.save(update_fields=["state", "finished_at", "version", "rejection_reason"])
    record_event("parapheur.withdraw", actor=actor, target=circuit, details={"reason": reason})
    do_notify(
        waiting,
        kind="parapheur.withdraw",
        text=_("Withdrawn by its author, nothing more to do: %(subject)s")
        % {"subject": circuit.publication.subject},
        url=f"/parapheur/{circuit.pk}/",
    )
    return circuit


# --- Acting -----------------------------------------------------------------------------


def recent_reauth_failures(agent: Agent) -> int:
    return Event.objects.filter(
        actor_id=agent.pk,
        action="parapheur.reauth_failed",
        at__gte=timezone.now() - REAUTH_WINDOW,
    ).count()


@dataclass(frozen=True)
class Confirmation:
    """What a signer gives to sign: a fresh code of their authenticator app or a passkey's
    answer to this session's challenge — or, for an agent with no second factor at all,
    their password (the pages send such a signer to enrolment first)."""

    password: str = ""
    code: str = ""
    passkey_state: dict[str, Any] | None = None
    passkey_answer: str = ""


def check_reauthentication(agent: Agent, confirmation: Confirmation, *, circuit: Circuit) -> str:
    """The signer confirms again, with their second factor instead of the password when
    they have one: the password was given at sign-in, and what a signature must prove is
    that the holder of the device is there now (a passkey with its PIN or biometrics is
    two factors by itself). Returns the factor used. A failure is recorded in its own
    transaction — it must survive the refusal — and too many lock signing for a while."""
    if recent_reauth_failures(agent) >= REAUTH_MAX_FAILURES:
        raise PermissionDenied(
            _("Too many failed confirmations: signing is locked for %(minutes)s minutes.")
            % {"minutes": int(REAUTH_WINDOW.total_seconds() // 60)}
        )
    if has_device(agent):
        with transaction.atomic():
            factor = verify_fresh_factor(
                agent,
                code=confirmation.code,
                passkey_state=confirmation.passkey_state,
                passkey_answer=confirmation.passkey_answer,
            )
        if factor is not None:
            return factor
        tried = Factor.PASSKEY if confirmation.passkey_answer else Factor.TOTP
    else:
        if confirmation.password and agent.check_password(confirmation.password):
            return Factor.PASSWORD
        tried = Factor.PASSWORD
    with transaction.atomic():
        record_event(
            "parapheur.reauth_failed", actor=agent, target=circuit, details={"factor": tried}
        )
    left = max(REAUTH_MAX_FAILURES - recent_reauth_failures(agent), 0)
    if tried == Factor.PASSWORD:
        raise PermissionDenied(
            _("Wrong password: nothing was signed. %(left)s attempts left.") % {"left": left}
        )
    if tried == Factor.PASSKEY:
        raise PermissionDenied(
            _("The passkey did not confirm: nothing was signed. %(left)s attempts left.")
            % {"left": left}
        )
    raise PermissionDenied(
        _("Wrong or already used code: nothing was signed. %(left)s attempts left.")
        % {"left": left}
    )


def pending_assignees_for(agent: Agent, step: Step, *, on: dt.date) -> list[Assignee]:
    """The step's waiting assignees this agent may act for: themselves first, then the
    agents who delegated to them today."""
    absent = set(
        active_delegations(on=on).filter(delegate_id=agent.pk).values_list("agent_id", flat=True)
    )
    rows = [
        a
        for a in step.assignees.select_related("agent").filter(done_at__isnull=True)
        if a.agent_id == agent.pk or a.agent_id in absent
    ]
    rows.sort(key=lambda a: (a.agent_id != agent.pk, a.agent.display_name))
    return rows


ACT_FOR_STEP = {
    StepKind.VISA: ActKind.VISA,
    StepKind.SIGNATURE: ActKind.SIGN,
    StepKind.CACHET: ActKind.CACHET,
}


def do_visa(
    actor: Agent, step: Step, *, for_agent: Agent | None = None, version: int | None = None
) -> Circuit:
    return _act(actor, step.pk, ActKind.VISA, for_agent=for_agent, version=version)


def do_sign(
    actor: Agent,
    step: Step,
    *,
    password: str = "",
    confirmation: Confirmation | None = None,
    for_agent: Agent | None = None,
    version: int | None = None,
) -> Circuit:
    confirmation = confirmation or Confirmation(password=password)
    factor = check_reauthentication(actor, confirmation, circuit=step.circuit)
    return _act(
        actor,
        step.pk,
        ActKind.SIGN,
        password=confirmation.password,
        confirmed_by=factor,
        for_agent=for_agent,
        version=version,
    )


def do_cachet(
    actor: Agent,
    step: Step,
    *,
    password: str = "",
    confirmation: Confirmation | None = None,
    for_agent: Agent | None = None,
    version: int | None = None,
) -> Circuit:
    confirmation = confirmation or Confirmation(password=password)
    factor = check_reauthentication(actor, confirmation, circuit=step.circuit)
    return _act(
        actor, step.pk, ActKind.CACHET, confirmed_by=factor, for_agent=for_agent, version=version
    )


def do_reject(
    actor: Agent,
    step: Step,
    *,
    reason: str,
    for_agent: Agent | None = None,
    version: int | None = None,
) -> Circuit:
    reason = reason.strip()
    if not reason:
        raise InvalidInput(_("Say why you reject it: the author needs the reason."))
    return _act(
        actor, step.pk, ActKind.REJECT, reason=reason[:2000], for_agent=for_agent, version=version
    )


@transaction.atomic
def _act(
    actor: Agent,
    step_id: int,
    kind: str,
    *,
    password: str = "",
    confirmed_by: str = "",
    reason: str = "",
    for_agent: Agent | None = None,
    version: int | None = None,
) -> Circuit:
    circuit_id = Step.objects.filter(pk=step_id).values_list("circuit_id", flat=True).first()
    if circuit_id is None:
        raise InvalidInput(_("This step does not exist."))
    circuit = Circuit.objects.select_for_update().select_related("publication").get(pk=circuit_id)
    step = Step.objects.select_related("role_organisation").get(pk=step_id)
    step.circuit = circuit
    if circuit.state != CircuitState.RUNNING:
        raise InvalidInput(_("This circuit is over: nothing more can be done on it."))
    if version is not None and version != circuit.version:
        raise InvalidInput(
            _("Someone acted on this document since you opened it: look at it again, then act.")
        )
    if step.state != StepState.OPEN:
        raise InvalidInput(_("This step is not waiting for anyone now."))
    today = timezone.localdate()
    candidates = pending_assignees_for(actor, step, on=today)
    if for_agent is not None:
        candidates = [a for a in candidates if a.agent_id == for_agent.pk]
    if not candidates or not perimeter_of(actor).in_ministry:
        raise PermissionDenied(_("This step is not waiting for you."))
    assignee = candidates[0]
    behalf = assignee.agent if assignee.agent_id != actor.pk else None
    if kind != ActKind.REJECT and kind != ACT_FOR_STEP[StepKind(step.kind)]:
        raise InvalidInput(_("This step asks for something else."))

    before = circuit.document_sha256
    field_name = assignee.field_name or step.field_name
    after = _apply_to_pdf(
        circuit,
        kind,
        actor=actor,
        password=password,
        confirmed_by=confirmed_by,
        field=field_name,
        behalf=behalf,
    )
    now = timezone.now()
    Act.objects.create(
        circuit=circuit,
        step=step,
        kind=kind,
        actor=actor,
        on_behalf_of=behalf,
        sha256_before=before,
        sha256_after=after,
        field_name=field_name if kind in (ActKind.SIGN, ActKind.CACHET) else "",
        reason=reason,
        confirmed_by=confirmed_by,
    )
    circuit.version += 1
    circuit.document_sha256 = after
    record_event(
        f"parapheur.{kind}",
        actor=actor,
        target=circuit,
        details={
            "step": step.position,
            "on_behalf_of": behalf.pk if behalf else None,
            "sha256_before": before,
            "sha256_after": after,
            **({"reason": reason} if reason else {}),
            **({"confirmed_by": confirmed_by} if confirmed_by else {}),
        },
    )
    if kind == ActKind.REJECT:
        _reject(circuit, step, actor=actor, reason=reason)
        return circuit
    Assignee.objects.filter(pk=assignee.pk).update(done_at=now)
    step_done = (
        step.quorum == Quorum.ANY or not step.assignees.filter(done_at__isnull=True).exists()
    )
    if step_done:
        check_step_transition(step.state, StepState.DONE)
        step.state = StepState.DONE
        step.done_at = now
        step.save(update_fields=["state", "done_at"])
        following = circuit.steps.filter(position__gt=step.position).order_by("position").first()
        if following is not None:
            following.circuit = circuit
            _open(following)
        else:
            _complete(circuit, actor=actor)
    circuit.save(update_fields=["version", "document_sha256", "state", "finished_at"])
    return circuit


def _apply_to_pdf(
    circuit: Circuit,
    kind: str,
    *,
    actor: Agent,
    password: str,
    confirmed_by: str,
    field: str,
    behalf: Agent | None,
) -> str:
    """Sign or seal the current revision; return the hash of the new one (or the same
    hash for a visa or a rejection, which live in the application, never in the PDF)."""
    before = circuit.document_sha256
    if kind == ActKind.SIGN:
        pdf = documents.sign(
            documents.load(before),
            agent=actor,
            password=password,
            confirmed_by=confirmed_by,
            field=field,
            on_behalf_of=behalf,
            reason=_("Signature: %(subject)s") % {"subject": circuit.publication.subject[:100]},
        )
        return documents.store(pdf)
    if kind == ActKind.CACHET:
        return documents.store(documents.seal(documents.load(before), field=field))
    return before


def _reject(circuit: Circuit, step: Step, *, actor: Agent, reason: str) -> None:
    check_circuit_transition(circuit.state, CircuitState.REJECTED)
    now = timezone.now()
    step.state = StepState.REJECTED
    step.done_at = now
    step.save(update_fields=["state", "done_at"])
    circuit.steps.filter(state=StepState.PENDING).update(state=StepState.CANCELLED)
    circuit.state = CircuitState.REJECTED
    circuit.finished_at = now
    circuit.rejection_reason = reason
    circuit.save(
        update_fields=["version", "document_sha256", "state", "finished_at", "rejection_reason"]
    )
    publication = circuit.publication
    do_notify(
        [publication.author_id, *publication.coauthors.values_list("pk", flat=True)],
        kind="parapheur.reject",
        text=_("%(name)s rejected “%(subject)s”: %(reason)s")
        % {"name": actor.display_name, "subject": publication.subject, "reason": reason},
        url=f"/parapheur/{circuit.pk}/",
    )


def _complete(circuit: Circuit, *, actor: Agent) -> None:
    """The last step is done: close the PDF with the archival timestamp, then send the
    publication and route it, in the same transaction."""
    from diplomatie.publications.actions import do_send_signed
    from diplomatie.routing.actions import close_tasks_answered_by

    check_circuit_transition(circuit.state, CircuitState.COMPLETED)
    before = circuit.document_sha256
    after = documents.store(documents.archive(documents.load(before)))
    Act.objects.create(
        circuit=circuit, kind=ActKind.ARCHIVE, sha256_before=before, sha256_after=after
    )
    circuit.document_sha256 = after
    circuit.state = CircuitState.COMPLETED
    circuit.finished_at = timezone.now()
    publication = do_send_signed(circuit.publication)
    close_tasks_answered_by(publication.author, publication)
    record_event(
        "parapheur.complete",
        actor=actor,
        target=circuit,
        details={"publication": publication.pk, "chrono": publication.chrono, "sha256": after},
    )
    do_notify(
        [publication.author_id],
        kind="parapheur.complete",
        text=_("Signed and sent: %(chrono)s %(subject)s")
        % {"chrono": publication.chrono, "subject": publication.subject},
        url=f"/publications/{publication.pk}/",
    )

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diplomatie.access.querysets import visible_agents
from diplomatie.access.writing import (
    can_declare_delegation,
    can_start_circuit,
    sees_circuit_templates,
)
from diplomatie.accounts.second_factor import passkeys
from diplomatie.accounts.second_factor.devices import has_device
from diplomatie.accounts.second_factor.devices import passkeys as passkeys_of
from diplomatie.core.errors import DiplomatieError, NotFound
from diplomatie.directory.models import Agent
from diplomatie.directory.requests import current_agent
from diplomatie.parapheur import actions, documents, selectors
from diplomatie.parapheur.evidence import evidence_pdf, evidence_record
from diplomatie.parapheur.forms import ActForm, DelegationForm, RejectForm, SignForm, StartForm
from diplomatie.parapheur.models import Circuit, CircuitState, StepKind
from diplomatie.publications.actions import do_record_read
from diplomatie.publications.selectors import get_publication_for

LIST_SIZE = selectors.LIST_SIZE


def _circuit(request: HttpRequest, circuit_id: int) -> Circuit:
    try:
        return selectors.get_circuit_for(current_agent(request), circuit_id)
    except NotFound:
        raise Http404 from None


def my_parapheur(request: HttpRequest) -> HttpResponse:
    """Documents waiting for me, those I started, those I acted on."""
    agent = current_agent(request)
    context = {
        "waiting": list(selectors.waiting_steps_for(agent)[:LIST_SIZE]),
        "started": list(selectors.circuits_started_by(agent)[:LIST_SIZE]),
        "done": list(selectors.circuits_acted_by(agent)[:LIST_SIZE]),
    }
    return render(request, "parapheur/mine.html", context)


def templates(request: HttpRequest) -> HttpResponse:
    agent = current_agent(request)
    if not sees_circuit_templates(agent):
        raise Http404
    rows = selectors.templates_by_organisation(agent)
    return render(request, "parapheur/templates.html", {"templates": rows})


def start(request: HttpRequest, publication_id: int) -> HttpResponse:
    agent = current_agent(request)
    try:
        publication = get_publication_for(agent, publication_id)
    except NotFound:
        raise Http404 from None
    if not can_start_circuit(agent, publication):
        raise Http404
    form = StartForm(request.POST or None, templates=selectors.templates_for_starting(agent))
    if request.method == "POST" and form.is_valid():
        template = form.cleaned_data.get("template")
        specs = [] if template else form.step_specs()
        if form.is_valid():
            try:
                circuit = actions.do_start_circuit(
                    agent, publication, steps=specs, template=template
                )
            except DiplomatieError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("The circuit has started: %(chrono)s is frozen and certified by the seal.")
                    % {"chrono": circuit.publication.chrono or publication.subject},
                )
                return redirect("parapheur:circuit", circuit.pk)
    return render(request, "parapheur/start.html", {"form": form, "publication": publication})


def circuit(request: HttpRequest, circuit_id: int) -> HttpResponse:
    agent = current_agent(request)
    found = _circuit(request, circuit_id)
    detail = selectors.circuit_detail_for(agent, found)
    forms: dict[int, dict[str, Any]] = {}
    for step in detail.steps:
        rows = detail.mine.get(step.pk)
        if not rows:
            continue
        initial = {
            "version": found.version,
            "for_agent": rows[0].agent_id if rows[0].agent_id != agent.pk else None,
        }
        forms[step.pk] = {
            "step": step,
            "for": rows[0].agent if rows[0].agent_id != agent.pk else None,
            "act": SignForm(initial=initial, prefix=f"s{step.pk}")
            if step.kind in (StepKind.SIGNATURE, StepKind.CACHET)
            else ActForm(initial=initial, prefix=f"s{step.pk}"),
            "reject": RejectForm(initial=initial, prefix=f"r{step.pk}"),
        }
    signs = any(f["step"].kind != StepKind.VISA for f in forms.values())
    context = {
        "circuit": found,
        "publication": found.publication,
        "detail": detail,
        "forms": list(forms.values()),
        "needs_second_factor": signs and not has_device(agent),
        "has_passkey": signs and passkeys_of(agent).exists(),
        "is_author": found.publication.author_id == agent.pk,
    }
    return render(request, "parapheur/circuit.html", context)


def _confirmation(request: HttpRequest, data: dict[str, Any]) -> actions.Confirmation:
    answer = data.get("passkey") or ""
    state = passkeys.take_state(request.session, passkeys.ASSERT_STATE) if answer else None
    return actions.Confirmation(
        code=data.get("code") or "", passkey_state=state, passkey_answer=answer
    )


@require_POST
def act(request: HttpRequest, circuit_id: int, step_id: int) -> HttpResponse:
    agent = current_agent(request)
    try:
        step = selectors.get_step_for(agent, circuit_id, step_id)
    except NotFound:
        raise Http404 from None
    rejecting = request.POST.get("action") == "reject"
    signing = step.kind in (StepKind.SIGNATURE, StepKind.CACHET)
    if signing and not rejecting and not has_device(agent):
        messages.info(request, _("To sign, enrol a second factor first: then come back."))
        back = reverse("parapheur:circuit", args=[circuit_id])
        return redirect(f"{reverse('accounts:second_factor')}?next={back}")
    if rejecting:
        form: ActForm = RejectForm(request.POST, prefix=f"r{step.pk}")
    elif signing:
        form = SignForm(request.POST, prefix=f"s{step.pk}")
    else:
        form = ActForm(request.POST, prefix=f"s{step.pk}")
    if not form.is_valid():
        if rejecting:
            messages.error(request, _("Say why you reject it: the author needs the reason."))
        elif signing:
            messages.error(
                request,
                _("Type the code of your authenticator app, or use your passkey, to sign."),
            )
        else:
            messages.error(request, _("The form was incomplete; try again."))
        return redirect("parapheur:circuit", circuit_id)
    data = form.cleaned_data
    for_agent = (
        Agent.objects.filter(pk=data["for_agent"]).first() if data.get("for_agent") else None
    )
    version = data["version"]
    try:
        if rejecting:
            actions.do_reject(
                agent, step, reason=data["reason"], for_agent=for_agent, version=version
            )
            messages.success(request, _("Rejected: the document returns to its author."))
        elif step.kind == StepKind.VISA:
            actions.do_visa(agent, step, for_agent=for_agent, version=version)
            messages.success(request, _("Visa given."))
        elif step.kind == StepKind.SIGNATURE:
            actions.do_sign(
                agent,
                step,
                confirmation=_confirmation(request, data),
                for_agent=for_agent,
                version=version,
            )
            messages.success(request, _("Signed."))
        else:
            actions.do_cachet(
                agent,
                step,
                confirmation=_confirmation(request, data),
                for_agent=for_agent,
                version=version,
            )
            messages.success(request, _("The ministry's seal was applied."))
    except DiplomatieError as exc:
        messages.error(request, str(exc))
    return redirect("parapheur:circuit", circuit_id)


@require_POST
def withdraw(request: HttpRequest, circuit_id: int) -> HttpResponse:
    agent = current_agent(request)
    found = _circuit(request, circuit_id)
    try:
        actions.do_withdraw_circuit(agent, found, reason=request.POST.get("reason", ""))
    except DiplomatieError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Withdrawn: the draft is yours again."))
    return redirect("parapheur:circuit", circuit_id)


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _file_stem(found: Circuit) -> str:
    chrono = found.publication.chrono or f"circuit-{found.pk}"
    return "".join(c if c.isalnum() or c in "-_" else "-" for c in chrono)


def document(request: HttpRequest, circuit_id: int) -> HttpResponse:
    """The PDF as it stands: signed and timestamped once the circuit is complete."""
    found = _circuit(request, circuit_id)
    try:
        pdf = documents.load(found.document_sha256)
    except NotFound:
        raise Http404 from None
    suffix = "signe" if found.state == CircuitState.COMPLETED else "en-circuit"
    do_record_read(current_agent(request), found.publication, file=f"pdf-{suffix}", request=request)
    return _pdf_response(pdf, f"{_file_stem(found)}-{suffix}.pdf")


def signed_document(request: HttpRequest, publication_id: int) -> HttpResponse:
    """The signed PDF of a sent document, for whoever may read the document — readers
    outside the ministry included, who never see the circuit itself."""
    agent = current_agent(request)
    try:
        found = selectors.signed_circuit_for(agent, publication_id)
        pdf = documents.load(found.document_sha256)
    except NotFound:
        raise Http404 from None
    # Reads of Diffusion Restreinte, and every read by an external member, are audited.
    do_record_read(agent, found.publication, file="pdf-signe", request=request)
    return _pdf_response(pdf, f"{_file_stem(found)}-signe.pdf")


def evidence(request: HttpRequest, circuit_id: int, fmt: str) -> HttpResponse:
    found = _circuit(request, circuit_id)
    if fmt == "json":
        response = HttpResponse(
            json.dumps(evidence_record(found), ensure_ascii=False, indent=2),
            content_type="application/json",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="bordereau-{_file_stem(found)}.json"'
        )
        response["Cache-Control"] = "private, no-store"
        return response
    return _pdf_response(evidence_pdf(found), f"bordereau-{_file_stem(found)}.pdf")


def delegations(request: HttpRequest) -> HttpResponse:
    agent = current_agent(request)
    if not can_declare_delegation(agent):
        raise Http404
    form = DelegationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        delegate = visible_agents(agent).filter(email__iexact=form.cleaned_data["delegate"]).first()
        if delegate is None:
            form.add_error("delegate", _("Nobody has this address."))
        else:
            try:
                actions.do_declare_delegation(
                    agent,
                    delegate=delegate,
                    starts_on=form.cleaned_data["starts_on"],
                    ends_on=form.cleaned_data["ends_on"],
                )
            except DiplomatieError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Your delegation is recorded."))
                return redirect("parapheur:delegations")
    rows = selectors.delegations_of(agent)
    return render(
        request,
        "parapheur/delegations.html",
        {
            "form": form,
            "given": [d for d in rows if d.agent_id == agent.pk],
            "received": [d for d in rows if d.delegate_id == agent.pk],
        },
    )


@require_POST
def cancel_delegation(request: HttpRequest, delegation_id: int) -> HttpResponse:
    agent = current_agent(request)
    delegation = next((d for d in selectors.delegations_of(agent) if d.pk == delegation_id), None)
    if delegation is None or delegation.agent_id != agent.pk:
        raise Http404
    actions.do_cancel_delegation(agent, delegation)
    messages.success(request, _("Delegation cancelled."))
    return redirect("parapheur:delegations")

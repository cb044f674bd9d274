"""Pages of accreditation: the public application, a sponsor's invitation, the
administrators' vetting, renewal and revocation, and the first password of a new
external. Anyone who may not see an accreditation gets 404, as for a missing one."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diplomatie.access.accreditations import (
    can_renew_accreditation,
    can_sponsor,
    can_vet_accreditations,
)
from diplomatie.accounts import accreditations as actions
from diplomatie.accounts import selectors
from diplomatie.accounts.accreditation_forms import (
    AcceptForm,
    InvitationForm,
    PublicApplicationForm,
    ReasonForm,
    RenewForm,
)
from diplomatie.accounts.models import Accreditation, AccreditationState
from diplomatie.accounts.tokens import welcome_token_generator
from diplomatie.audit.recorder import client_ip, record_event
from diplomatie.communities.models import Community
from diplomatie.core.errors import DiplomatieError, NotFound
from diplomatie.directory.models import Language, Organisation, Sector
from diplomatie.directory.requests import current_agent

View = Callable[..., HttpResponse]
S = AccreditationState

# The public form: applications from one address per hour, before it is told to wait.
APPLY_LIMIT = 5
APPLY_WINDOW = 60 * 60


def not_found_as_404(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None

    return wrapper


def _language() -> str:
    lang = (get_language() or "fr")[:2]
    return lang if lang in Language.values else Language.FRENCH


def _throttled(request: HttpRequest) -> bool:
    """Count this application against its address; True once over the limit."""
    key = f"accounts:apply:{client_ip(request) or 'unknown'}"
    cache.add(key, 0, APPLY_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, APPLY_WINDOW)
        count = 1
    return count > APPLY_LIMIT


# ---------------------------------------------------------------------------------------
# Public application


@login_not_required
def apply(request: HttpRequest) -> HttpResponse:
    form = PublicApplicationForm(request.POST or None)
    if request.method == "POST":
        if _throttled(request):
            return render(request, "accounts/apply_throttled.html", status=429)
        if form.is_valid():
            try:
                actions.do_apply_for_accreditation(
                    form.application(language=_language()),
                    sponsor_email=form.cleaned_data["sponsor_email"],
                    request=request,
                )
            except DiplomatieError as exc:
                form.add_error(None, str(exc))
            else:
                return redirect("accounts:apply_done")
    return render(request, "accounts/apply.html", {"form": form})


@login_not_required
def apply_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/apply_done.html")


# ---------------------------------------------------------------------------------------
# A sponsor's invitation


@not_found_as_404
def invite(request: HttpRequest) -> HttpResponse:
    """From an external organisation's page (`?organisation=code`) or from a community the
    sponsor moderates (`?communaute=slug`), or from the account page."""
    agent = current_agent(request)
    if not can_sponsor(agent):
        raise NotFound("accreditation")
    source = request.GET  # the form posts back to the same address, query included
    community: Community | None = None
    organisation: Organisation | None = None
    if source.get("communaute"):
        community = actions.check_invitation_community(agent, source["communaute"])
    if source.get("organisation"):
        organisation = Organisation.objects.filter(
            code=source["organisation"], sector=Sector.EXTERNAL
        ).first()
        if organisation is None:
            raise NotFound("organisation")
    initial = {"organisation": organisation} if organisation is not None else {}
    form = InvitationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            accreditation = actions.do_invite_external(
                agent,
                form.application(language=_language()),
                community=community,
                request=request,
            )
        except DiplomatieError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                _("Thank you: an administrator will vet the accreditation of %(name)s.")
                % {"name": accreditation.full_name},
            )
            return redirect("accounts:accreditation", accreditation.pk)
    context = {"form": form, "community": community, "organisation": organisation}
    return render(request, "accounts/invite.html", context)


# ---------------------------------------------------------------------------------------
# Vetting


@not_found_as_404
def accreditations(request: HttpRequest) -> HttpResponse:
    agent = current_agent(request)
    if not can_vet_accreditations(agent):
        raise NotFound("accreditation")
    state = request.GET.get("etat", S.PENDING)
    if state not in {*S.values, "all"}:
        state = S.PENDING
    context = {
        "rows": selectors.list_accreditations_for(agent, state="" if state == "all" else state),
        "state": state,
        "states": [
            (S.PENDING, S.PENDING.label),
            *[(s.value, s.label) for s in S if s != S.PENDING],
        ],
        "expiring": selectors.expiring_soon_for(agent),
        "pending": selectors.pending_count_for(agent),
    }
    return render(request, "accounts/accreditations.html", context)


def _detail_context(
    request: HttpRequest, accreditation: Accreditation, **forms: Any
) -> dict[str, Any]:
    agent = current_agent(request)
    administrator = can_vet_accreditations(agent)
    pending = accreditation.state == S.PENDING
    current = accreditation.state == S.ACCEPTED
    initial_org = {
        "organisation": accreditation.organisation,
        "organisation_name": accreditation.organisation_name,
    }
    context: dict[str, Any] = {
        "accreditation": accreditation,
        "administrator": administrator,
        "sponsor_ok": accreditation.sponsor is not None and can_sponsor(accreditation.sponsor),
        "accept_form": forms.get("accept_form")
        or (AcceptForm(initial=initial_org) if administrator and pending else None),
        "refuse_form": forms.get("refuse_form")
        or (ReasonForm(prefix="refuse") if administrator and pending else None),
        "revoke_form": forms.get("revoke_form")
        or (ReasonForm(prefix="revoke") if administrator and current else None),
        "renew_form": forms.get("renew_form")
        or (RenewForm() if can_renew_accreditation(agent, accreditation) else None),
        "welcome_again": administrator
        and current
        and accreditation.agent is not None
        and not accreditation.agent.has_usable_password(),
        "days_left": accreditation.days_left() if current else None,
    }
    return context


@not_found_as_404
def accreditation(request: HttpRequest, accreditation_id: int) -> HttpResponse:
    row = selectors.get_accreditation_for(current_agent(request), accreditation_id)
    return render(request, "accounts/accreditation.html", _detail_context(request, row))


def _decision(
    request: HttpRequest,
    accreditation_id: int,
    *,
    form: Any,
    form_name: str,
    work: Callable[[Any], object],
    success: str,
) -> HttpResponse:
    agent = current_agent(request)
    row = selectors.get_accreditation_for(agent, accreditation_id)
    if form.is_valid():
        try:
            work(form.cleaned_data)
        except NotFound:
            raise
        except DiplomatieError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, success)
            return redirect("accounts:accreditation", accreditation_id)
    row = selectors.get_accreditation_for(agent, accreditation_id)
    context = _detail_context(request, row, **{form_name: form})
    return render(request, "accounts/accreditation.html", context, status=400)


@require_POST
@not_found_as_404
def accept(request: HttpRequest, accreditation_id: int) -> HttpResponse:
    agent = current_agent(request)
    if not can_vet_accreditations(agent):
        raise NotFound("accreditation")
    return _decision(
        request,
        accreditation_id,
        form=AcceptForm(request.POST),
        form_name="accept_form",
        work=lambda data: actions.do_accept_accreditation(
            agent,
            accreditation_id,
            expires_on=data["expires_on"],
            organisation=data.get("organisation"),
            organisation_name=data.get("organisation_name", ""),
            request=request,
        ),
        success=_("Accreditation accepted: the person receives a link to choose their password."),
    )


@require_POST
@not_found_as_404
def refuse(request: HttpRequest, accreditation_id: int) -> HttpResponse:
    agent = current_agent(request)
    if not can_vet_accreditations(agent):
        raise NotFound("accreditation")
    return _decision(
        request,
        accreditation_id,
        form=ReasonForm(request.POST, prefix="refuse"),
        form_name="refuse_form",
        work=lambda data: actions.do_refuse_accreditation(
            agent, accreditation_id, reason=data["reason"], request=request
        ),
        success=_("Application refused: the applicant is told the reason by e-mail."),
    )


@require_POST
@not_found_as_404
def revoke(request: HttpRequest, accreditation_id: int) -> HttpResponse:
    agent = current_agent(request)
    if not can_vet_accreditations(agent):
        raise NotFound("accreditation")
    return _decision(
        request,
        accreditation_id,
        form=ReasonForm(request.POST, prefix="revoke"),
        form_name="revoke_form",
        work=lambda data: actions.do_revoke_accreditation(
            agent, accreditation_id, reason=data["reason"], request=request
        ),
        success=_("Accreditation revoked: the account is stopped and the sponsor told."),
    )


@require_POST
@not_found_as_404
def renew(request: HttpRequest, accreditation_id: int) -> HttpResponse:
    agent = current_agent(request)
    row = selectors.get_accreditation_for(agent, accreditation_id)
    if agent.pk == row.agent_id and not can_vet_accreditations(agent):
        raise NotFound("accreditation")  # an external does not renew their own
    return _decision(
        request,
        accreditation_id,
        form=RenewForm(request.POST),
        form_name="renew_form",
        work=lambda data: actions.do_renew_accreditation(
            agent, accreditation_id, expires_on=data["expires_on"], request=request
        ),
        success=_("Accreditation renewed."),
    )


@require_POST
@not_found_as_404
def welcome_again(request: HttpRequest, accreditation_id: int) -> HttpResponse:
    agent = current_agent(request)
    if not can_vet_accreditations(agent):
        raise NotFound("accreditation")
    try:
        actions.do_send_welcome_again(agent, accreditation_id)
    except NotFound:
        raise
    except DiplomatieError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("A new link was sent."))
    return redirect("accounts:accreditation", accreditation_id)


# ---------------------------------------------------------------------------------------
# The new external's first password


class WelcomeView(auth_views.PasswordResetConfirmView):
    """The link of the acceptance e-mail: Django's password-reset confirmation with the
    accreditation's own tokens (valid a week, once, while the accreditation lasts)."""

    template_name = "accounts/welcome.html"
    token_generator = welcome_token_generator
    success_url = reverse_lazy("accounts:welcome_done")
    reset_url_token = "choisir"  # noqa: S105  # nosec B105  (a path segment, not a secret)

    def form_valid(self, form: Any) -> HttpResponse:
        with transaction.atomic():
            response = super().form_valid(form)
            record_event(
                "accreditation.password_set",
                actor=form.user,
                target=form.user,
                request=self.request,
            )
        return response


@login_not_required
def welcome_done(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/welcome_done.html", {"login": reverse("accounts:login")})

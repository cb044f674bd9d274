"""Pages of the security charter (reading, accepting, writing and publishing) and the
account page that shows one's accreditation and acceptances."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diplomatie.access.accreditations import (
    bound_by_charter,
    can_manage_charter,
    can_sponsor,
    can_vet_accreditations,
)
from diplomatie.accounts import charter as actions
from diplomatie.accounts import selectors
from diplomatie.accounts.accreditation_views import not_found_as_404
from diplomatie.accounts.charter_forms import CharterAcceptForm, CharterDraftForm
from diplomatie.core.errors import DiplomatieError, NotFound
from diplomatie.core.markdown import render_markdown
from diplomatie.directory.models import Language
from diplomatie.directory.requests import current_agent


def _safe_next(request: HttpRequest, value: str) -> str | None:
    if value and url_has_allowed_host_and_scheme(
        value, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return value
    return None


def _reading_language(request: HttpRequest) -> str:
    asked = request.GET.get("langue", "")
    if asked in Language.values:
        return asked
    lang = (get_language() or "fr")[:2]
    return lang if lang in Language.values else Language.FRENCH


def charter(request: HttpRequest) -> HttpResponse:
    """The current charter; an external who has not accepted it does so here."""
    agent = current_agent(request)
    version = selectors.current_charter()
    language = _reading_language(request)
    next_url = _safe_next(request, request.POST.get("next") or request.GET.get("next", ""))
    must_accept = selectors.must_accept_charter(agent)
    form = CharterAcceptForm(
        request.POST or None, initial={"version": version.pk if version else None}
    )
    if request.method == "POST":
        if version is None or not bound_by_charter(agent):
            return redirect("accounts:charter")
        if form.is_valid():
            try:
                actions.do_accept_charter(
                    agent,
                    form.cleaned_data["version"],
                    language=request.POST.get("language", language),
                    request=request,
                )
            except DiplomatieError as exc:
                messages.error(request, str(exc))
                return redirect("accounts:charter")
            messages.success(request, _("Thank you: your acceptance of the charter is recorded."))
            return redirect(next_url or "home")
    acceptance = None
    if version is not None:
        acceptance = next(
            (a for a in selectors.acceptances_of(agent) if a.version_id == version.pk), None
        )
    context = {
        "version": version,
        "language": language,
        "other_language": Language.ENGLISH if language == Language.FRENCH else Language.FRENCH,
        "body": render_markdown(version.text_in(language)) if version else "",
        "must_accept": must_accept is not None,
        "bound": bound_by_charter(agent),
        "acceptance": acceptance,
        "form": form,
        "next": next_url or "",
    }
    return render(request, "accounts/charter.html", context)


@not_found_as_404
def charter_versions(request: HttpRequest) -> HttpResponse:
    agent = current_agent(request)
    versions = selectors.charter_versions_for(agent)
    return render(request, "accounts/charter_versions.html", {"versions": versions})


@not_found_as_404
def charter_draft(request: HttpRequest) -> HttpResponse:
    """Write the next version: starts from the current one's text."""
    agent = current_agent(request)
    if not can_manage_charter(agent):
        raise NotFound("charter")
    draft = actions.current_draft()
    base = draft or selectors.current_charter()
    initial = {"text_fr": base.text_fr, "text_en": base.text_en} if base else {}
    form = CharterDraftForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.do_save_charter_draft(
                agent,
                text_fr=form.cleaned_data["text_fr"],
                text_en=form.cleaned_data["text_en"],
                request=request,
            )
        except DiplomatieError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Draft saved. Read it again, then publish it."))
            return redirect("accounts:charter_version", saved.pk)
    return render(request, "accounts/charter_draft.html", {"form": form, "draft": draft})


@not_found_as_404
def charter_version(request: HttpRequest, version_id: int) -> HttpResponse:
    agent = current_agent(request)
    version = selectors.get_charter_version_for(agent, version_id)
    context = {
        "version": version,
        "body_fr": render_markdown(version.text_fr),
        "body_en": render_markdown(version.text_en),
        "acceptances": version.acceptances.count(),
        "digest_ok": version.digest_matches(),
    }
    return render(request, "accounts/charter_version.html", context)


@require_POST
@not_found_as_404
def charter_publish(request: HttpRequest, version_id: int) -> HttpResponse:
    agent = current_agent(request)
    try:
        version = actions.do_publish_charter(agent, version_id, request=request)
    except NotFound:
        raise
    except DiplomatieError as exc:
        messages.error(request, str(exc))
        return redirect("accounts:charter_version", version_id)
    messages.success(
        request,
        _("Version %(number)s of the charter is published: externals accept it at their next page.")
        % {"number": version.number},
    )
    return redirect("accounts:charter_version", version.pk)


def account(request: HttpRequest) -> HttpResponse:
    """My account: my accreditation, my acceptances of the charter, whom I sponsor."""
    agent = current_agent(request)
    context = {
        "accreditations": selectors.accreditations_of(agent),
        "acceptances": selectors.acceptances_of(agent),
        "charter": selectors.current_charter(),
        "bound": bound_by_charter(agent),
        "may_sponsor": can_sponsor(agent),
        "sponsored": selectors.sponsored_by(agent) if can_sponsor(agent) else [],
        "administrator": can_vet_accreditations(agent),
        "pending": selectors.pending_count_for(agent) if can_vet_accreditations(agent) else 0,
    }
    return render(request, "accounts/account.html", context)

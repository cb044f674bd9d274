"""The only writers of accreditations: application, invitation, vetting, renewal, end.

Each `do_*` writes in one transaction with its audit event and its notifications (rows);
e-mails leave once the transaction commits. Decisions lock the row, so that of two
administrators deciding at once one wins and the other is told who did."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Coalesce
from django.dispatch import Signal
from django.http import HttpRequest
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _

from diplomatie.access.accreditations import (
    can_renew_accreditation,
    can_sponsor,
    can_vet_accreditations,
    can_view_accreditation,
)
from diplomatie.access.perimeter import forget_perimeter, perimeter_of
from diplomatie.accounts.mail import public_url, send_on_commit
from diplomatie.accounts.models import Accreditation, AccreditationState, ExternalKind, Origin
from diplomatie.accounts.models.accreditation import ORGANISATION_KIND
from diplomatie.accounts.sessions import end_sessions_of
from diplomatie.accounts.states import check_transition
from diplomatie.accounts.tokens import WELCOME_LINK_DAYS, welcome_token_generator
from diplomatie.audit.recorder import record_event
from diplomatie.communities.actions import do_invite, is_moderator
from diplomatie.communities.models import Community
from diplomatie.core.errors import DiplomatieError, InvalidInput, NotFound
from diplomatie.directory.actions import do_add_membership, do_create_organisation
from diplomatie.directory.models import Agent, Language, Membership, Organisation, Sector
from diplomatie.notifications.actions import do_notify

logger = logging.getLogger(__name__)

S = AccreditationState
REMINDER_DAYS = (30, 7)
MAX_REASON = 2000

# Sent when an accreditation ends (expiry or revocation), inside its transaction, so that
# apps holding credentials of the account (API tokens, identity-provider links) revoke
# them. Arguments: `agent`, `accreditation`, `reason`.
accreditation_ended = Signal()


class AlreadyDecided(InvalidInput):
    """Another administrator decided first."""


@dataclass(frozen=True)
class ApplicationData:
    full_name: str
    email: str
    kind: str
    organisation: Organisation | None = None
    organisation_name: str = ""
    title: str = ""
    press_card_number: str = ""
    message: str = ""
    language: str = Language.FRENCH


def one_year_after(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def accreditation_url(accreditation: Accreditation) -> str:
    return reverse("accounts:accreditation", args=[accreditation.pk])


def _date(day: dt.date) -> str:
    return formats.date_format(day, "DATE_FORMAT")


def _administrator_ids() -> list[int]:
    return list(
        Agent.objects.filter(Q(is_staff=True) | Q(is_superuser=True), is_active=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def _notify(agent: Agent, *, kind: str, text: str, url: str = "") -> None:
    do_notify([agent], kind=kind, text=text, url=url)


# ---------------------------------------------------------------------------------------
# Applications and invitations


def _clean_application(data: ApplicationData) -> ApplicationData:
    full_name = " ".join(data.full_name.split())
    email = data.email.strip().lower()
    if not full_name:
        raise InvalidInput(_("Give the person's full name."))
    if not email or "@" not in email:
        raise InvalidInput(_("Give a valid e-mail address."))
    if data.kind not in ExternalKind.values:
        raise InvalidInput(_("Choose a journalist, a company or an NGO."))
    press_card = data.press_card_number.strip()
    if data.kind == ExternalKind.JOURNALIST and not press_card:
        raise InvalidInput(_("A journalist's application needs the number of their press card."))
    organisation_name = " ".join(data.organisation_name.split())
    if data.organisation is not None:
        if data.organisation.sector != Sector.EXTERNAL:
            raise InvalidInput(_("Only an external organisation (company, NGO, media) fits."))
    elif not organisation_name:
        raise InvalidInput(_("Name the organisation the person works for."))
    language = data.language if data.language in Language.values else Language.FRENCH
    return ApplicationData(
        full_name=full_name[:150],
        email=email,
        kind=data.kind,
        organisation=data.organisation,
        organisation_name=organisation_name[:200],
        title=data.title.strip()[:200],
        press_card_number=press_card[:50] if data.kind == ExternalKind.JOURNALIST else "",
        message=data.message.strip()[:2000],
        language=language,
    )


def _file(
    data: ApplicationData,
    *,
    origin: str,
    sponsor: Agent | None,
    sponsor_email: str,
    filed_by: Agent | None,
    community_slug: str = "",
) -> Accreditation:
    return Accreditation.objects.create(
        origin=origin,
        kind=data.kind,
        full_name=data.full_name,
        email=data.email,
        title=data.title,
        language=data.language,
        press_card_number=data.press_card_number,
        message=data.message,
        organisation=data.organisation,
        organisation_name="" if data.organisation is not None else data.organisation_name,
        sponsor=sponsor,
        sponsor_email=sponsor_email,
        filed_by=filed_by,
        community_slug=community_slug,
    )


def _tell_administrators(accreditation: Accreditation) -> None:
    do_notify(
        _administrator_ids(),
        kind="accreditation.apply",
        text=_("Accreditation to vet: %(name)s (%(organisation)s).")
        % {"name": accreditation.full_name, "organisation": accreditation.organisation_label},
        url=accreditation_url(accreditation),
    )


def find_sponsor(email: str) -> Agent | None:
    """The agent of the ministry with this address, or None (whoever else it may be)."""
    candidate = Agent.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if candidate is not None and can_sponsor(candidate):
        return candidate
    return None


@transaction.atomic
def do_apply_for_accreditation(
    data: ApplicationData, *, sponsor_email: str, request: HttpRequest | None = None
) -> Accreditation:
    """An external applies on the public form, naming a sponsor by e-mail address.

    Whatever the sponsor's address or the applicant's, the caller answers the same: the
    application is stored either way, and the administrator sees on vetting whether the
    sponsor named is an agent of the ministry."""
    data = _clean_application(data)
    sponsor = find_sponsor(sponsor_email)
    accreditation = _file(
        data,
        origin=Origin.PUBLIC_FORM,
        sponsor=sponsor,
        sponsor_email=sponsor_email.strip().lower()[:254],
        filed_by=None,
    )
    record_event(
        "accreditation.apply",
        target=accreditation,
        details={
            "email": data.email,
            "kind": data.kind,
            "sponsor": sponsor.pk if sponsor else None,
            "sponsor_email": accreditation.sponsor_email,
        },
        request=request,
    )
    if sponsor is not None:
        with translation.override(sponsor.preferred_language):
            _notify(
                sponsor,
                kind="accreditation.sponsor_named",
                text=_(
                    "%(name)s (%(organisation)s) applies for accreditation naming you as sponsor."
                )
                % {"name": data.full_name, "organisation": accreditation.organisation_label},
                url=accreditation_url(accreditation),
            )
    _tell_administrators(accreditation)
    send_on_commit(
        "application_received",
        {"accreditation": accreditation},
        to=data.email,
        language=data.language,
    )
    return accreditation


def check_invitation_community(actor: Agent, slug: str) -> Community:
    """The community an invitation starts from: one the sponsor moderates, open to
    externals. Any other answers 404."""
    community = Community.objects.filter(slug=slug, open_to_externals=True).first()
    if community is None or not is_moderator(actor, community):
        raise NotFound("community")
    return community


@transaction.atomic
def do_invite_external(
    actor: Agent,
    data: ApplicationData,
    *,
    community: Community | None = None,
    request: HttpRequest | None = None,
) -> Accreditation:
    """A sponsoring agent of the ministry puts an external forward for accreditation."""
    if not can_sponsor(actor):
        raise NotFound("accreditation")
    if community is not None:
        community = check_invitation_community(actor, community.slug)
    data = _clean_application(data)
    accreditation = _file(
        data,
        origin=Origin.COMMUNITY if community is not None else Origin.DIRECTORY,
        sponsor=actor,
        sponsor_email=actor.email,
        filed_by=actor,
        community_slug=community.slug if community is not None else "",
    )
    record_event(
        "accreditation.invite",
        actor=actor,
        target=accreditation,
        details={
            "email": data.email,
            "kind": data.kind,
            "community": community.slug if community is not None else "",
        },
        request=request,
    )
    _tell_administrators(accreditation)
    return accreditation


# ---------------------------------------------------------------------------------------
# Vetting


def _locked(accreditation_id: int) -> Accreditation:
    accreditation = (
        Accreditation.objects.select_for_update(of=("self",))
        .select_related("sponsor", "agent", "organisation", "decided_by")
        .filter(pk=accreditation_id)
        .first()
    )
    if accreditation is None:
        raise NotFound("accreditation")
    return accreditation


def _check_pending(accreditation: Accreditation) -> None:
    if accreditation.state == S.PENDING:
        return
    who = accreditation.decided_by.display_name if accreditation.decided_by else "—"
    when = (
        formats.date_format(timezone.localtime(accreditation.decided_at), "DATETIME_FORMAT")
        if accreditation.decided_at
        else "—"
    )
    raise AlreadyDecided(
        _("This application was already decided (%(state)s) by %(who)s on %(when)s.")
        % {"state": accreditation.get_state_display().lower(), "who": who, "when": when}
    )


def check_expiry(expires_on: dt.date | None, *, today: dt.date | None = None) -> dt.date:
    day = today or timezone.localdate()
    latest = one_year_after(day)
    if expires_on is None:
        raise InvalidInput(_("Give the date until which the accreditation is valid."))
    if expires_on <= day:
        raise InvalidInput(_("The expiry date must be after today."))
    if expires_on > latest:
        raise InvalidInput(
            _("An accreditation is valid for one year at most: choose %(date)s or earlier.")
            % {"date": _date(latest)}
        )
    return expires_on


def _unique_code(name: str) -> str:
    base = slugify(name)[:50] or "organisation"
    code, n = base, 1
    while Organisation.objects.filter(code=code).exists():
        n += 1
        code = f"{base}-{n}"
    return code


def _organisation_for(
    accreditation: Accreditation,
    *,
    actor: Agent,
    organisation: Organisation | None,
    organisation_name: str,
) -> tuple[Organisation, bool]:
    chosen = organisation or accreditation.organisation
    if chosen is not None:
        if chosen.sector != Sector.EXTERNAL:
            raise InvalidInput(_("Only an external organisation (company, NGO, media) fits."))
        return chosen, False
    name = " ".join((organisation_name or accreditation.organisation_name).split())
    if not name:
        raise InvalidInput(_("Choose the organisation, or give the name of the one to create."))
    created = do_create_organisation(
        code=_unique_code(name),
        name=name[:200],
        kind=ORGANISATION_KIND[accreditation.kind],
        actor=actor,
    )
    return created, True


def _account_for(accreditation: Accreditation) -> tuple[Agent, bool]:
    existing = Agent.objects.filter(email__iexact=accreditation.email).first()
    if existing is None:
        agent = Agent.objects.create_user(
            accreditation.email,
            None,  # no usable password: the external chooses one from the e-mailed link
            display_name=accreditation.full_name,
            title=accreditation.title,
            title_en=accreditation.title,
            preferred_language=accreditation.language,
        )
        return agent, True
    if not existing.is_active:
        raise InvalidInput(_("A deactivated account uses this e-mail address."))
    if existing.is_staff or existing.is_superuser or perimeter_of(existing).internal:
        raise InvalidInput(
            _("An account of the ministry or of an administration uses this e-mail address.")
        )
    if Accreditation.objects.filter(agent=existing, state=S.ACCEPTED).exists():
        raise InvalidInput(_("This person is already accredited; renew the accreditation."))
    return existing, False


def welcome_link(agent: Agent) -> str:
    uid = urlsafe_base64_encode(force_bytes(agent.pk))
    token = welcome_token_generator.make_token(agent)
    return public_url(reverse("accounts:welcome", args=[uid, token]))


def _send_welcome(accreditation: Accreditation, agent: Agent) -> None:
    context = {"accreditation": accreditation, "agent": agent, "days": WELCOME_LINK_DAYS}
    if agent.has_usable_password():
        context["sign_in_url"] = public_url(reverse("accounts:login"))
    else:
        context["link"] = welcome_link(agent)
    send_on_commit(
        "accreditation_accepted", context, to=agent.email, language=agent.preferred_language
    )


def _invite_into_community(accreditation: Accreditation, agent: Agent) -> None:
    sponsor = accreditation.sponsor
    community = Community.objects.filter(slug=accreditation.community_slug).first()
    if sponsor is None or community is None:
        return
    try:
        with transaction.atomic():
            do_invite(sponsor, community, agent)
    except DiplomatieError as error:
        # The community closed to externals or the sponsor stopped moderating it since.
        logger.info("No community invitation for accreditation %s: %s", accreditation.pk, error)


@transaction.atomic
def do_accept_accreditation(
    actor: Agent,
    accreditation_id: int,
    *,
    expires_on: dt.date | None,
    organisation: Organisation | None = None,
    organisation_name: str = "",
    request: HttpRequest | None = None,
) -> Accreditation:
    """Accept: the account, the organisation if new and the membership, at once."""
    if not can_vet_accreditations(actor):
        raise NotFound("accreditation")
    accreditation = _locked(accreditation_id)
    _check_pending(accreditation)
    check_transition(accreditation.state, S.ACCEPTED)
    expires_on = check_expiry(expires_on)
    sponsor = accreditation.sponsor
    if sponsor is None or not sponsor.is_active or not can_sponsor(sponsor):
        raise InvalidInput(
            _(
                "This application names no agent of the ministry as sponsor: it cannot be "
                "accepted. Refuse it, giving the reason."
            )
        )
    org, org_created = _organisation_for(
        accreditation, actor=actor, organisation=organisation, organisation_name=organisation_name
    )
    agent, agent_created = _account_for(accreditation)
    if not Membership.objects.active().filter(agent=agent, organisation=org).exists():
        do_add_membership(agent=agent, organisation=org, actor=actor)
    forget_perimeter(agent)
    now = timezone.now()
    accreditation.state = S.ACCEPTED
    accreditation.agent = agent
    accreditation.organisation = org
    accreditation.decided_at = now
    accreditation.decided_by = actor
    accreditation.expires_on = expires_on
    accreditation.save(
        update_fields=[
            "state",
            "agent",
            "organisation",
            "decided_at",
            "decided_by",
            "expires_on",
        ]
    )
    record_event(
        "accreditation.accept",
        actor=actor,
        target=accreditation,
        details={
            "agent": agent.pk,
            "agent_created": agent_created,
            "organisation": org.pk,
            "organisation_created": org_created,
            "sponsor": sponsor.pk,
            "expires_on": expires_on.isoformat(),
        },
        request=request,
    )
    if accreditation.community_slug:
        _invite_into_community(accreditation, agent)
    with translation.override(sponsor.preferred_language):
        _notify(
            sponsor,
            kind="accreditation.accept",
            text=_("%(name)s is accredited until %(date)s; you are their sponsor.")
            % {"name": accreditation.full_name, "date": _date(expires_on)},
            url=accreditation_url(accreditation),
        )
    _send_welcome(accreditation, agent)
    return accreditation


@transaction.atomic
def do_send_welcome_again(actor: Agent, accreditation_id: int) -> Accreditation:
    """A new link to choose the password, for an external who has not used theirs."""
    if not can_vet_accreditations(actor):
        raise NotFound("accreditation")
    accreditation = _locked(accreditation_id)
    agent = accreditation.agent
    if accreditation.state != S.ACCEPTED or agent is None:
        raise InvalidInput(_("Only a current accreditation gets a new link."))
    if agent.has_usable_password():
        raise InvalidInput(
            _("This person has chosen a password already; they can reset it if forgotten.")
        )
    record_event("accreditation.welcome_again", actor=actor, target=accreditation)
    _send_welcome(accreditation, agent)
    return accreditation


def _reason(reason: str, message: str) -> str:
    text = reason.strip()
    if not text:
        raise InvalidInput(message)
    return text[:MAX_REASON]


@transaction.atomic
def do_refuse_accreditation(
    actor: Agent, accreditation_id: int, *, reason: str, request: HttpRequest | None = None
) -> Accreditation:
    if not can_vet_accreditations(actor):
        raise NotFound("accreditation")
    text = _reason(reason, _("Give the reason for the refusal: the applicant will read it."))
    accreditation = _locked(accreditation_id)
    _check_pending(accreditation)
    check_transition(accreditation.state, S.REFUSED)
    accreditation.state = S.REFUSED
    accreditation.refusal_reason = text
    accreditation.decided_at = timezone.now()
    accreditation.decided_by = actor
    accreditation.save(update_fields=["state", "refusal_reason", "decided_at", "decided_by"])
    record_event(
        "accreditation.refuse",
        actor=actor,
        target=accreditation,
        details={"reason": text},
        request=request,
    )
    if accreditation.sponsor is not None:
        with translation.override(accreditation.sponsor.preferred_language):
            _notify(
                accreditation.sponsor,
                kind="accreditation.refuse",
                text=_("The accreditation of %(name)s was refused.")
                % {"name": accreditation.full_name},
                url=accreditation_url(accreditation),
            )
    send_on_commit(
        "accreditation_refused",
        {"accreditation": accreditation},
        to=accreditation.email,
        language=accreditation.language,
    )
    return accreditation


# ---------------------------------------------------------------------------------------
# Renewal and end


@transaction.atomic
def do_renew_accreditation(
    actor: Agent,
    accreditation_id: int,
    *,
    expires_on: dt.date | None,
    request: HttpRequest | None = None,
) -> Accreditation:
    """Extend a current accreditation, to one year from today at most."""
    accreditation = _locked(accreditation_id)
    if not can_renew_accreditation(actor, accreditation):
        if can_view_accreditation(actor, accreditation) and actor.pk != accreditation.agent_id:
            # The sponsor or an administrator, on an accreditation that has ended.
            check_transition(accreditation.state, S.ACCEPTED)
        raise NotFound("accreditation")
    if not accreditation.is_current():
        raise InvalidInput(_("This accreditation has expired: a new application is needed."))
    check_transition(accreditation.state, S.ACCEPTED)
    new_expiry = check_expiry(expires_on)
    previous = accreditation.expires_on
    assert previous is not None
    if new_expiry <= previous:
        raise InvalidInput(
            _("The new expiry date must be after the current one (%(date)s).")
            % {"date": _date(previous)}
        )
    accreditation.expires_on = new_expiry
    accreditation.renewed_at = timezone.now()
    accreditation.renewed_by = actor
    accreditation.reminded_30_at = None
    accreditation.reminded_7_at = None
    accreditation.save(
        update_fields=["expires_on", "renewed_at", "renewed_by", "reminded_30_at", "reminded_7_at"]
    )
    record_event(
        "accreditation.renew",
        actor=actor,
        target=accreditation,
        details={"from": previous.isoformat(), "to": new_expiry.isoformat()},
        request=request,
    )
    agent = accreditation.agent
    assert agent is not None
    with translation.override(agent.preferred_language):
        _notify(
            agent,
            kind="accreditation.renew",
            text=_("Your accreditation is renewed until %(date)s.") % {"date": _date(new_expiry)},
            url=reverse("accounts:account"),
        )
    sponsor = accreditation.sponsor
    if sponsor is not None and sponsor.pk != actor.pk:
        with translation.override(sponsor.preferred_language):
            _notify(
                sponsor,
                kind="accreditation.renew",
                text=_("The accreditation of %(name)s is renewed until %(date)s.")
                % {"name": accreditation.full_name, "date": _date(new_expiry)},
                url=accreditation_url(accreditation),
            )
    return accreditation


def _stop_account(accreditation: Accreditation, *, reason: str) -> int:
    """End the account's access at once: sessions, links (the welcome token is bound to
    the accreditation's state), and whatever other apps hold (signal)."""
    agent = accreditation.agent
    assert agent is not None
    ended = end_sessions_of(agent, reason=reason)
    accreditation_ended.send(
        sender=Accreditation, agent=agent, accreditation=accreditation, reason=reason
    )
    return ended


def _tell_sponsor_of_end(accreditation: Accreditation, *, template: str, text: str) -> None:
    sponsor = accreditation.sponsor
    if sponsor is None:
        return
    _notify(
        sponsor, kind=f"accreditation.{template}", text=text, url=accreditation_url(accreditation)
    )
    send_on_commit(
        f"accreditation_{template}",
        {"accreditation": accreditation, "sponsor": sponsor},
        to=sponsor.email,
        language=sponsor.preferred_language,
    )


@transaction.atomic
def do_revoke_accreditation(
    actor: Agent, accreditation_id: int, *, reason: str, request: HttpRequest | None = None
) -> Accreditation:
    if not can_vet_accreditations(actor):
        raise NotFound("accreditation")
    text = _reason(reason, _("Give the reason for the revocation."))
    accreditation = _locked(accreditation_id)
    check_transition(accreditation.state, S.REVOKED)
    accreditation.state = S.REVOKED
    accreditation.ended_at = timezone.now()
    accreditation.ended_by = actor
    accreditation.end_reason = text
    accreditation.save(update_fields=["state", "ended_at", "ended_by", "end_reason"])
    sessions = _stop_account(accreditation, reason="accreditation revoked")
    record_event(
        "accreditation.revoke",
        actor=actor,
        target=accreditation,
        details={"reason": text, "sessions_ended": sessions},
        request=request,
    )
    if accreditation.sponsor is not None:
        with translation.override(accreditation.sponsor.preferred_language):
            _tell_sponsor_of_end(
                accreditation,
                template="revoked",
                text=_("The accreditation of %(name)s was revoked.")
                % {"name": accreditation.full_name},
            )
    return accreditation


@transaction.atomic
def do_expire_accreditation(accreditation_id: int, *, today: dt.date | None = None) -> bool:
    """Mark one accreditation past its date as expired; False if there was nothing to do
    (already expired, renewed, revoked meanwhile)."""
    day = today or timezone.localdate()
    accreditation = _locked(accreditation_id)
    if accreditation.state != S.ACCEPTED or accreditation.is_current(day):
        return False
    check_transition(accreditation.state, S.EXPIRED)
    accreditation.state = S.EXPIRED
    accreditation.ended_at = timezone.now()
    accreditation.save(update_fields=["state", "ended_at"])
    sessions = _stop_account(accreditation, reason="accreditation expired")
    record_event(
        "accreditation.expire",
        target=accreditation,
        details={"expires_on": str(accreditation.expires_on), "sessions_ended": sessions},
    )
    if accreditation.sponsor is not None:
        with translation.override(accreditation.sponsor.preferred_language):
            _tell_sponsor_of_end(
                accreditation,
                template="expired",
                text=_("The accreditation of %(name)s has expired: their account is stopped.")
                % {"name": accreditation.full_name},
            )
    return True


@transaction.atomic
def do_send_renewal_reminder(
    accreditation_id: int, *, days: int, today: dt.date | None = None
) -> bool:
    """Ask the sponsor to renew, once per reminder and period (the row is claimed by a
    conditional update before anything is sent)."""
    day = today or timezone.localdate()
    field = f"reminded_{days}_at"
    now = timezone.now()
    marks: dict[str, Any] = {field: now}
    if days == min(REMINDER_DAYS):
        # The last reminder makes any earlier one pointless: mark them sent too.
        marks.update(
            {
                f"reminded_{d}_at": Coalesce(F(f"reminded_{d}_at"), Value(now))
                for d in REMINDER_DAYS
                if d != days
            }
        )
    claimed = Accreditation.objects.filter(
        pk=accreditation_id,
        state=S.ACCEPTED,
        expires_on__gte=day,
        expires_on__lte=day + dt.timedelta(days=days),
        **{f"{field}__isnull": True},
    ).update(**marks)
    if not claimed:
        return False
    accreditation = Accreditation.objects.select_related("sponsor").get(pk=accreditation_id)
    sponsor = accreditation.sponsor
    assert accreditation.expires_on is not None
    left = (accreditation.expires_on - day).days
    record_event(
        "accreditation.remind",
        target=accreditation,
        details={"days": days, "days_left": left, "sponsor": sponsor.pk if sponsor else None},
    )
    if sponsor is not None:
        with translation.override(sponsor.preferred_language):
            _notify(
                sponsor,
                kind="accreditation.remind",
                text=_(
                    "The accreditation of %(name)s ends on %(date)s: renew it if they still "
                    "need access."
                )
                % {"name": accreditation.full_name, "date": _date(accreditation.expires_on)},
                url=accreditation_url(accreditation),
            )
        send_on_commit(
            "renewal_reminder",
            {
                "accreditation": accreditation,
                "sponsor": sponsor,
                "days_left": left,
                "url": public_url(accreditation_url(accreditation)),
            },
            to=sponsor.email,
            language=sponsor.preferred_language,
        )
    return True


def accreditation_sweep(today: dt.date | None = None) -> int:
    """The worker's periodic sweep: expire what is past its date, remind sponsors of what
    is near it. Each row in its own transaction; running it twice does nothing more."""
    day = today or timezone.localdate()
    done = 0
    due = Accreditation.objects.filter(state=S.ACCEPTED, expires_on__lt=day)
    for pk in list(due.order_by("pk").values_list("pk", flat=True)):
        done += do_expire_accreditation(pk, today=day)
    for days in sorted(REMINDER_DAYS):
        near = Accreditation.objects.filter(
            state=S.ACCEPTED,
            expires_on__gte=day,
            expires_on__lte=day + dt.timedelta(days=days),
            **{f"reminded_{days}_at__isnull": True},
        )
        for pk in list(near.order_by("pk").values_list("pk", flat=True)):
            done += do_send_renewal_reminder(pk, days=days, today=day)
    return done

"""The only writers of publications: drafts, sending, chrono numbers, reads,
acknowledgements and escalation."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from diplomatie.access.perimeter import perimeter_of
from diplomatie.access.policy import can_view_publication, reads_are_audited
from diplomatie.access.writing import (
    addresses,
    can_address,
    can_author,
    can_edit_publication,
    can_reply_to,
    can_send_as,
    can_supersede,
    can_use_distribution_list,
    can_write_in_community,
    community_only,
)
from diplomatie.audit.recorder import record_event
from diplomatie.communities.models import Community
from diplomatie.core.errors import InvalidInput, PermissionDenied
from diplomatie.directory.models import Agent, Membership, Organisation, Role, Sector
from diplomatie.notifications.actions import do_notify
from diplomatie.publications.models import (
    CHRONO_KINDS,
    ROUTED_KINDS,
    Attachment,
    Audience,
    ChronoCounter,
    Classification,
    Kind,
    Precedence,
    Publication,
    Read,
    Reference,
    ReferenceKind,
    Revision,
    Status,
    Tag,
    Theme,
)
from diplomatie.publications.states import ACKNOWLEDGEMENT_DELAY, TASK_DELAY
from diplomatie.routing.models import (
    Addressing,
    AddressingOrigin,
    DistributionList,
    DutyAssignment,
    Mode,
    RoutingRule,
    Task,
    TaskEvent,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

logger = logging.getLogger(__name__)
MAX_TAGS = 5
MAX_TAG_LENGTH = 40
# Markings above Diffusion Restreinte that a person might type or an integration send
# ("Secret" is a classification marking, not a password).
ABOVE_DR = {  # nosec B105
    "CD": "Confidentiel Défense",
    "C": "Confidentiel",
    "CONFIDENTIEL": "Confidentiel",
    "CONFIDENTIEL DEFENSE": "Confidentiel Défense",
    "SD": "Secret Défense",
    "S": "Secret",
    "SECRET": "Secret",
    "SECRET DEFENSE": "Secret Défense",
    "TS": "Très Secret",
    "TRES SECRET": "Très Secret",
    "TSD": "Très Secret Défense",
}


@dataclass
class DraftData:
    """What an author writes; validated by `check_draft`."""

    kind: str
    subject: str
    issuer: Organisation
    body: str = ""
    summary: str = ""
    language: str = "fr"
    classification: str = Classification.NP
    audience: str = Audience.ADDRESSEES
    precedence: str = Precedence.ROUTINE
    action_to: Organisation | None = None
    info_to: Sequence[Organisation] = ()
    lists: Sequence[DistributionList] = ()
    themes: Sequence[Theme] = ()
    tags: Sequence[str] = ()
    # None: leave the co-authors as they are (the web form does not edit them).
    coauthors: Sequence[Agent] | None = ()
    references: Sequence[tuple[str, Publication]] = field(default_factory=list)
    # An article published in a community: read by its members only, never addressed.
    community: Community | None = None


def check_classification(value: str) -> str:
    marking = " ".join(value.upper().replace("É", "E").replace("-", " ").split())
    if marking in ABOVE_DR:
        raise InvalidInput(
            _(
                "Diplomatie stores nothing above Diffusion Restreinte: a document classified "
                "%(level)s must stay on the protected networks. Nothing was saved."
            )
            % {"level": ABOVE_DR[marking]}
        )
    if marking not in Classification.values:
        raise InvalidInput(
            _("Unknown classification “%(value)s”: choose Non protégé or Diffusion Restreinte.")
            % {"value": value[:40]}
        )
    return marking


def normalise_tags(tags: Sequence[str]) -> list[str]:
    cleaned: list[str] = []
    for tag in tags:
        name = " ".join(tag.strip().lower().split()).lstrip("#")
        if not name or name in cleaned:
            continue
        if len(name) > MAX_TAG_LENGTH:
            raise InvalidInput(
                _("A tag has %(max)s characters at most: “%(tag)s”.")
                % {"max": MAX_TAG_LENGTH, "tag": name[:60]}
            )
        cleaned.append(name)
    if len(cleaned) > MAX_TAGS:
        raise InvalidInput(_("%(max)s tags at most.") % {"max": MAX_TAGS})
    return cleaned


def check_issuer(actor: Agent, issuer: Organisation, kind: str | None = None) -> None:
    if not can_send_as(actor, issuer):
        raise PermissionDenied(_("You can only write on behalf of an organisation you belong to."))
    if kind is not None and not can_send_as(actor, issuer, kind):
        raise PermissionDenied(
            _("A %(kind)s cannot be written on behalf of %(organisation)s.")
            % {"kind": Kind(kind).label.lower(), "organisation": issuer.label}
        )


def check_kind(actor: Agent, kind: str) -> None:
    if kind not in Kind.values:
        raise InvalidInput(_("Unknown kind of publication."))
    if not can_author(actor, kind):
        raise PermissionDenied(
            _(
                "You may not write a %(kind)s here: members of external organisations write "
                "articles in the communities open to them."
            )
            % {"kind": Kind(kind).label.lower()}
        )


def check_addressees(actor: Agent, data: DraftData) -> None:
    """Only who may address organisations does, and only those the policy allows."""
    addressees = [*([data.action_to] if data.action_to else []), *data.info_to]
    if (addressees or data.lists) and not addresses(actor):
        raise PermissionDenied(
            _(
                "Members of external organisations do not address organisations: publish "
                "your article in a community."
            )
        )
    for organisation in addressees:
        if not can_address(actor, organisation):
            raise InvalidInput(_("An addressee cannot be found."))
    for distribution in data.lists:
        if not can_use_distribution_list(actor, distribution):
            raise InvalidInput(_("A distribution list cannot be found."))


def check_draft(actor: Agent, data: DraftData) -> DraftData:
    """Validate what can be checked on a draft; raise `InvalidInput` with the reason."""
    check_kind(actor, data.kind)
    data.classification = check_classification(data.classification)
    data.subject = " ".join(data.subject.split())
    if not data.subject:
        raise InvalidInput(_("The subject is required."))
    if len(data.subject) > 300:
        raise InvalidInput(_("The subject has 300 characters at most."))
    if data.audience not in Audience.values:
        raise InvalidInput(_("Unknown audience."))
    if data.precedence not in Precedence.values:
        raise InvalidInput(_("Unknown precedence."))
    if data.kind != Kind.TELEGRAM:
        data.precedence = Precedence.ROUTINE
    if data.classification == Classification.DR:
        # Diffusion Restreinte implies "addressees only".
        data.audience = Audience.ADDRESSEES
    check_issuer(actor, data.issuer, data.kind)
    check_addressees(actor, data)
    if community_only(data.issuer):
        if data.community is None:
            raise InvalidInput(
                _(
                    "Choose the community where your article is published: on behalf of an "
                    "external organisation one publishes in a community open to externals."
                )
            )
        if data.classification != Classification.NP:
            raise InvalidInput(_("An article of an external organisation is Non protégé."))
    if data.kind not in ROUTED_KINDS and data.action_to is not None:
        raise InvalidInput(_("An article is not addressed for action."))
    addressees = [*([data.action_to] if data.action_to else []), *data.info_to]
    if data.classification == Classification.DR:
        external = [o for o in addressees if o.sector == Sector.EXTERNAL]
        if external:
            raise InvalidInput(
                _(
                    "A Diffusion Restreinte document cannot be addressed to an external "
                    "organisation (%(organisation)s)."
                )
                % {"organisation": external[0].label}
            )
    data.tags = normalise_tags(data.tags)
    check_community_post(actor, data)
    for kind, target in data.references:
        if (
            kind not in ReferenceKind.values
            or target.status != Status.SENT
            or not can_view_publication(actor, target)
        ):
            raise InvalidInput(_("A referenced publication cannot be found."))
        if kind == ReferenceKind.SUPERSEDES and not can_supersede(actor, target):
            raise PermissionDenied(
                _("Only the authors of a publication can cancel and replace it.")
            )
        if kind == ReferenceKind.REPLY and not can_reply_to(actor, target):
            raise PermissionDenied(_("You may not answer this publication."))
    return data


def check_community_post(actor: Agent, data: DraftData) -> None:
    """A community post is an article by a member of the community, addressed to no
    organisation: the community's members are its readers."""
    if data.community is None:
        return
    check_community_member(actor, data.community)
    if data.kind != Kind.ARTICLE:
        raise InvalidInput(_("Only articles are published in a community."))
    if data.action_to is not None or data.info_to or data.lists:
        raise InvalidInput(
            _("A community post is read by the community's members: it is not addressed.")
        )
    data.audience = Audience.ADDRESSEES


def check_community_member(actor: Agent, community: Community | None) -> None:
    """Only a member today writes or sends in a community (checked again at sending);
    an external member only in a community opened to externals."""
    if community is not None and not can_write_in_community(actor, community):
        raise PermissionDenied(_("You can only publish in a community you are a member of."))


def check_complete(publication: Publication) -> None:
    """What must hold before a publication leaves: the messages name what is missing."""
    if publication.kind == Kind.TELEGRAM and not publication.summary.strip():
        raise InvalidInput(_("A telegram needs a summary (résumé) above its body."))
    if publication.kind in ROUTED_KINDS:
        actions = [a for a in publication.addressings.all() if a.mode == Mode.ACTION]
        if len(actions) != 1:
            raise InvalidInput(
                _("Choose the one organisation that must act on it (“pour action”).")
            )
    if not publication.body.strip() and publication.kind != Kind.TELEGRAM:
        raise InvalidInput(_("The body is empty."))
    if publication.kind == Kind.TELEGRAM and not publication.body.strip():
        raise InvalidInput(_("The body is empty."))


def _write_addressees(publication: Publication, data: DraftData) -> None:
    Addressing.objects.filter(publication=publication).delete()
    rows: dict[int, Addressing] = {}
    if data.action_to is not None:
        rows[data.action_to.pk] = Addressing(
            publication=publication, organisation=data.action_to, mode=Mode.ACTION
        )
    for organisation in data.info_to:
        rows.setdefault(
            organisation.pk,
            Addressing(publication=publication, organisation=organisation, mode=Mode.INFORMATION),
        )
    for distribution in data.lists:
        organisations = distribution.resolve()
        if data.classification == Classification.DR:
            # Diffusion Restreinte never leaves the institutions, whatever a list holds.
            organisations = organisations.exclude(sector=Sector.EXTERNAL)
        for organisation in organisations:
            rows.setdefault(
                organisation.pk,
                Addressing(
                    publication=publication,
                    organisation=organisation,
                    mode=Mode.INFORMATION,
                    origin=AddressingOrigin.LIST,
                    origin_label=distribution.name,
                ),
            )
    Addressing.objects.bulk_create(rows.values())


def _write_relations(publication: Publication, data: DraftData) -> None:
    publication.themes.set(data.themes)
    if data.coauthors is not None:
        publication.coauthors.set([a for a in data.coauthors if a.pk != publication.author_id])
    tags = [Tag.objects.get_or_create(name=name)[0] for name in data.tags]
    publication.tags.set(tags)
    Reference.objects.filter(source=publication).delete()
    Reference.objects.bulk_create(
        [Reference(source=publication, target=t, kind=k) for k, t in data.references],
        ignore_conflicts=True,
    )


@transaction.atomic
def do_create_draft(actor: Agent, data: DraftData) -> Publication:
    data = check_draft(actor, data)
    publication = Publication.objects.create(
        kind=data.kind,
        subject=data.subject,
        summary=data.summary.strip(),
        body=data.body,
        language=data.language,
        classification=data.classification,
        audience=data.audience,
        precedence=data.precedence,
        author=actor,
        issuer=data.issuer,
        community=data.community,
    )
    _write_relations(publication, data)
    _write_addressees(publication, data)
    record_event("publication.draft", actor=actor, target=publication)
    return publication


@transaction.atomic
def do_update_draft(actor: Agent, publication: Publication, data: DraftData) -> Publication:
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.status != Status.DRAFT:
        raise InvalidInput(
            _("A sent publication cannot be changed: write a new one that corrects it.")
        )
    if not can_edit_publication(actor, publication):
        raise PermissionDenied(_("Only the authors of a draft can change it."))
    check_not_in_circuit(publication)
    data = check_draft(actor, data)
    for name in ("kind", "subject", "language", "classification", "audience", "precedence"):
        setattr(publication, name, getattr(data, name))
    publication.summary = data.summary.strip()
    publication.body = data.body
    publication.issuer = data.issuer
    publication.community = data.community
    publication.save()
    _write_relations(publication, data)
    _write_addressees(publication, data)
    return publication


def _is_author(actor: Agent, publication: Publication) -> bool:
    return publication.author_id == actor.pk or publication.coauthors.filter(pk=actor.pk).exists()


def next_chrono(issuer: Organisation, year: int) -> int:
    """The next number of the issuer's year, taken under a row lock.

    On SQLite the whole transaction already holds the database's write lock (immediate
    transactions); on PostgreSQL `select_for_update` serialises the senders of one
    issuer. Either way the number is committed with the publication or not at all,
    so there are neither gaps nor duplicates."""
    ChronoCounter.objects.get_or_create(issuer=issuer, year=year)
    counter = ChronoCounter.objects.select_for_update().get(issuer=issuer, year=year)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def format_chrono(issuer: Organisation, year: int, sequence: int) -> str:
    label = (issuer.acronym or issuer.code).upper().replace(" ", "")
    return f"{label} {year}-{sequence:05d}"


def _apply_routing_rules(publication: Publication) -> None:
    themes = list(publication.themes.all())
    theme_ids = {t.pk for t in themes} | {t.region_id for t in themes if t.region_id}
    rules = (
        RoutingRule.objects.filter(active=True)
        .filter(
            (Q(kind="") | Q(kind=publication.kind))
            & (Q(theme__isnull=True) | Q(theme__in=theme_ids))
        )
        .exclude(kind="", theme__isnull=True)
    )
    present = set(publication.addressings.values_list("organisation_id", flat=True))
    new = []
    for rule in rules:
        if rule.organisation_id in present:
            continue
        present.add(rule.organisation_id)
        new.append(
            Addressing(
                publication=publication,
                organisation_id=rule.organisation_id,
                mode=Mode.INFORMATION,
                origin=AddressingOrigin.RULE,
                origin_label=rule.name,
            )
        )
    Addressing.objects.bulk_create(new)


def members_of(organisation_id: int, *, roles: Sequence[str] | None = None) -> list[int]:
    qs = Membership.objects.active().filter(organisation_id=organisation_id, agent__is_active=True)
    if roles is not None:
        qs = qs.filter(role__in=roles)
    return list(qs.values_list("agent_id", flat=True).distinct())


def assign_chrono(publication: Publication) -> None:
    """Number the publication once (at sending, or when a signature circuit freezes it);
    a number once given stays with the publication, so the sequence has no gaps."""
    if publication.kind not in CHRONO_KINDS or publication.chrono_sequence is not None:
        return
    year = timezone.localdate().year
    sequence = next_chrono(publication.issuer, year)
    publication.chrono_year = year
    publication.chrono_sequence = sequence
    publication.chrono = format_chrono(publication.issuer, year, sequence)
    publication.save(update_fields=["chrono_year", "chrono_sequence", "chrono"])


def check_not_in_circuit(publication: Publication) -> None:
    """A document in a signature circuit is frozen until the circuit ends."""
    from diplomatie.parapheur.selectors import in_running_circuit

    if in_running_circuit(publication.pk):
        raise InvalidInput(
            _("This document is in a signature circuit: it cannot change until the circuit ends.")
        )


@transaction.atomic
def do_send(actor: Agent, publication: Publication) -> Publication:
    """Send: number it, route it, open the action organisation's task, start the
    acknowledgement clock. Everything in one transaction."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.status != Status.DRAFT:
        raise InvalidInput(_("This publication has already been sent."))
    if not _is_author(actor, publication):
        raise PermissionDenied(_("Only the authors of a draft can send it."))
    if publication.kind == Kind.LETTER:
        raise InvalidInput(
            _(
                "A formal letter must be signed before it is sent: start a signature circuit "
                "from its page; it is sent when the circuit is complete."
            )
        )
    check_not_in_circuit(publication)
    check_issuer(actor, publication.issuer, publication.kind)
    check_kind(actor, publication.kind)
    check_community_member(actor, publication.community)
    if not addresses(actor) and publication.addressings.exists():
        raise PermissionDenied(
            _(
                "Members of external organisations do not address organisations: publish "
                "your article in a community."
            )
        )
    check_complete(publication)
    return _send(actor, publication)


@transaction.atomic
def do_send_signed(publication: Publication) -> Publication:
    """The end of a completed signature circuit (`parapheur.actions`): send on behalf of
    the author the document that was numbered when the circuit started."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.status != Status.DRAFT:
        raise InvalidInput(_("This publication has already been sent."))
    return _send(publication.author, publication)


def _send(actor: Agent, publication: Publication) -> Publication:
    now = timezone.now()
    assign_chrono(publication)
    publication.status = Status.SENT
    publication.sent_at = now
    if publication.needs_acknowledgement:
        publication.escalation_due_at = now + ACKNOWLEDGEMENT_DELAY[publication.precedence]
    publication.save()
    if publication.community_id is None:  # community posts are not routed
        _apply_routing_rules(publication)
    action = publication.addressings.filter(mode=Mode.ACTION).first()
    if action is not None:
        task = Task.objects.create(
            publication=publication,
            organisation_id=action.organisation_id,
            precedence_rank=publication.precedence_rank,
            due_at=now + TASK_DELAY[publication.precedence],
        )
        TaskEvent.objects.create(task=task, actor=actor, action="created", to_state=task.state)
        record_event(
            "task.created",
            actor=actor,
            target=task,
            details={"organisation": task.organisation_id, "to": task.state},
        )
        if publication.needs_acknowledgement:
            do_notify(
                members_of(action.organisation_id),
                kind="publication.precedence",
                text=_("%(precedence)s: %(subject)s — acknowledge it.")
                % {
                    "precedence": publication.get_precedence_display(),
                    "subject": publication.subject,
                },
                url=f"/publications/{publication.pk}/",
            )
    record_event(
        "publication.send",
        actor=actor,
        target=publication,
        details={
            "chrono": publication.chrono,
            "addressees": list(
                publication.addressings.values_list("organisation_id", "mode").order_by(
                    "organisation_id"
                )
            ),
        },
    )
    if publication.escalation_due_at is not None:
        due = publication.escalation_due_at
        pk = publication.pk
        transaction.on_commit(lambda: _enqueue_escalation(pk, due))
    return publication


def _enqueue_escalation(publication_id: int, due: dt.datetime) -> None:
    from diplomatie.publications.tasks import escalate_publication

    escalate_publication.using(run_after=due).enqueue(publication_id)


@transaction.atomic
def do_acknowledge(actor: Agent, publication: Publication) -> Publication:
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if not publication.needs_acknowledgement:
        raise InvalidInput(_("This publication does not need an acknowledgement."))
    if publication.acknowledged_at is not None:
        return publication
    action = publication.addressings.filter(mode=Mode.ACTION).first()
    if action is None or action.organisation_id not in perimeter_of(actor).lineage_ids:
        raise PermissionDenied(
            _("Only a member of the organisation that must act can acknowledge it.")
        )
    publication.acknowledged_at = timezone.now()
    publication.acknowledged_by = actor
    publication.escalation_due_at = None
    publication.save(update_fields=["acknowledged_at", "acknowledged_by", "escalation_due_at"])
    record_event("publication.acknowledge", actor=actor, target=publication)
    return publication


def escalate_due(now: dt.datetime | None = None, *, publication_id: int | None = None) -> int:
    """Take every escalation step that has fallen due; idempotent, safe to run twice.

    Each publication is handled in its own transaction under a row lock, so two
    workers never take the same step and a crash loses at most the step in progress,
    which the next run takes again."""
    now = now or timezone.now()
    due = Publication.objects.filter(acknowledged_at__isnull=True, escalation_due_at__lte=now)
    if publication_id is not None:
        due = due.filter(pk=publication_id)
    steps = 0
    for pk in list(due.order_by("escalation_due_at", "pk").values_list("pk", flat=True)[:500]):
        try:
            steps += _escalate_one(pk, now)
        except Exception:  # one bad row must not block the others; it is retried
            logger.exception("escalation of publication %s failed", pk)
    return steps


@transaction.atomic
def _escalate_one(pk: int, now: dt.datetime) -> int:
    publication = Publication.objects.select_for_update().filter(pk=pk).first()
    if (
        publication is None
        or publication.acknowledged_at is not None
        or publication.escalation_due_at is None
        or publication.escalation_due_at > now
    ):
        return 0
    action = publication.addressings.filter(mode=Mode.ACTION).first()
    if action is None:
        publication.escalation_due_at = None
        publication.save(update_fields=["escalation_due_at"])
        return 0
    level = publication.escalation_level + 1
    if level == 1:
        recipients = members_of(action.organisation_id, roles=[Role.HEAD, Role.DELEGATE])
        step = "head"
        publication.escalation_due_at = now + ACKNOWLEDGEMENT_DELAY[publication.precedence]
    else:
        recipients = list(
            DutyAssignment.objects.filter(organisation_id=action.organisation_id).values_list(
                "agent_id", flat=True
            )
        )
        step = "duty_roster"
        publication.escalation_due_at = None
    publication.escalation_level = level
    publication.save(update_fields=["escalation_level", "escalation_due_at"])
    readers = [
        agent
        for agent in Agent.objects.filter(pk__in=recipients, is_active=True)
        if can_view_publication(agent, publication)
    ]
    recipients = [agent.pk for agent in readers]
    do_notify(
        readers,
        kind="publication.escalation",
        text=_("Not acknowledged: %(precedence)s %(chrono)s — %(subject)s")
        % {
            "precedence": publication.get_precedence_display(),
            "chrono": publication.chrono,
            "subject": publication.subject,
        },
        url=f"/publications/{publication.pk}/",
    )
    record_event(
        "publication.escalate",
        target=publication,
        details={"level": level, "step": step, "notified": sorted(recipients)},
    )
    if publication.escalation_due_at is not None:
        due, pid = publication.escalation_due_at, publication.pk
        transaction.on_commit(lambda: _enqueue_escalation(pid, due))
    return 1


def do_mark_read(agent: Agent, publication: Publication) -> None:
    """Idempotent and safe under concurrent reads of the same page."""
    Read.objects.bulk_create([Read(agent=agent, publication=publication)], ignore_conflicts=True)


@transaction.atomic
def do_record_read(
    agent: Agent,
    publication: Publication,
    *,
    attachment: Attachment | None = None,
    file: str = "",
    request: HttpRequest | None = None,
) -> None:
    """The audit log's record of an opening (a publication's page or one of its files):
    every opening of a Diffusion Restreinte document, and every opening by an external
    member (`publication.read_by_external`) — one event per opening; the other reads of
    internal agents are not logged. The caller has already checked the agent may see it."""
    if publication.classification == Classification.DR:
        action = "publication.read_restricted"
    elif reads_are_audited(agent):
        action = "publication.read_by_external"
    else:
        return
    details: dict[str, Any] = {"chrono": publication.chrono or ""}
    if attachment is not None:
        details.update(attachment=attachment.pk, name=attachment.name, sha256=attachment.sha256)
    if file:
        details["file"] = file  # e.g. the signed PDF of the parapheur
    record_event(action, actor=agent, target=publication, details=details, request=request)


@transaction.atomic
def do_edit_article(
    actor: Agent, publication: Publication, *, subject: str, summary: str, body: str
) -> Publication:
    """Articles stay editable after publication; each edit keeps the previous text."""
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.kind != Kind.ARTICLE or publication.status != Status.SENT:
        raise InvalidInput(_("Only a published article can be edited this way."))
    if not can_edit_publication(actor, publication):
        raise PermissionDenied(_("Only the authors of an article can edit it."))
    subject = " ".join(subject.split())
    if not subject:
        raise InvalidInput(_("The subject is required."))
    number = publication.revisions.count() + 1
    Revision.objects.create(
        publication=publication,
        number=number,
        subject=publication.subject,
        summary=publication.summary,
        body=publication.body,
        edited_by=actor,
    )
    publication.subject = subject[:300]
    publication.summary = summary.strip()
    publication.body = body
    publication.save(update_fields=["subject", "summary", "body", "updated_at"])
    record_event("publication.edit", actor=actor, target=publication, details={"revision": number})
    return publication


@transaction.atomic
def do_delete_draft(actor: Agent, publication: Publication) -> None:
    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.status != Status.DRAFT:
        raise InvalidInput(_("A sent publication is a record and cannot be deleted."))
    if publication.author_id != actor.pk:
        raise PermissionDenied(_("Only the author of a draft can delete it."))
    if publication.chrono_sequence is not None:
        raise InvalidInput(
            _(
                "This draft was numbered when its signature circuit started: it stays on "
                "record. Correct it and start the circuit again."
            )
        )
    record_event("publication.delete_draft", actor=actor, target=publication)
    publication.delete()


@transaction.atomic
def do_add_attachment(actor: Agent, publication: Publication, upload: Any) -> Attachment:
    """Attach a file to a draft, under a lock so that a concurrent send cannot slip in."""
    from diplomatie.publications.attachments import store_attachment

    publication = Publication.objects.select_for_update().get(pk=publication.pk)
    if publication.status != Status.DRAFT:
        raise InvalidInput(_("A sent publication is a record: nothing can be attached to it."))
    if not _is_author(actor, publication):
        raise PermissionDenied(_("Only the authors of a draft can attach files to it."))
    check_not_in_circuit(publication)
    attachment = store_attachment(upload, publication=publication, actor=actor)
    record_event(
        "publication.attach",
        actor=actor,
        target=publication,
        details={"attachment": attachment.pk, "sha256": attachment.sha256},
    )
    return attachment


@transaction.atomic
def do_save_publication(
    actor: Agent,
    data: DraftData,
    *,
    publication: Publication | None = None,
    upload: Any = None,
    send: bool = False,
) -> Publication:
    """What the compose form does, in one transaction: create or update the draft,
    attach the file, and — when asked — send it and close the tasks it answers. If any
    step is refused, nothing at all is saved."""
    if publication is None:
        publication = do_create_draft(actor, data)
    else:
        publication = do_update_draft(actor, publication, data)
    if upload:
        do_add_attachment(actor, publication, upload)
    if send:
        publication = do_send_answering(actor, publication)
    return publication


@transaction.atomic
def do_send_answering(actor: Agent, publication: Publication) -> Publication:
    """Send, and close the open tasks that this publication answers as a reply."""
    from diplomatie.routing.actions import close_tasks_answered_by

    publication = do_send(actor, publication)
    close_tasks_answered_by(actor, publication)
    return publication

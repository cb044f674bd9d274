"""The only writers of the security charter: drafts, publication, acceptance.

There is at most one draft at a time; publishing numbers it (1, 2, …) and freezes it.
An acceptance records the version, the SHA-256 of the text, the time and the address."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from diplomatie.access.accreditations import bound_by_charter, can_manage_charter
from diplomatie.accounts.models import CharterAcceptance, CharterVersion, charter_digest
from diplomatie.audit.recorder import client_ip, record_event
from diplomatie.core.errors import InvalidInput, NotFound, PermissionDenied
from diplomatie.directory.models import Agent, Language

MAX_TEXT = 100_000


def _clean_text(text: str, language: str) -> str:
    cleaned = text.replace("\r\n", "\n").strip()
    if not cleaned:
        raise InvalidInput(
            _("Write the text of the charter in French.")
            if language == Language.FRENCH
            else _("Write the text of the charter in English.")
        )
    if len(cleaned) > MAX_TEXT:
        raise InvalidInput(
            _("The charter is limited to %(n)s characters per language.") % {"n": MAX_TEXT}
        )
    return cleaned


def current_draft() -> CharterVersion | None:
    return CharterVersion.objects.filter(published_at__isnull=True).order_by("-pk").first()


@transaction.atomic
def do_save_charter_draft(
    actor: Agent, *, text_fr: str, text_en: str, request: HttpRequest | None = None
) -> CharterVersion:
    """Write the draft of the next version (creating it if there is none)."""
    if not can_manage_charter(actor):
        raise NotFound("charter")
    fr = _clean_text(text_fr, Language.FRENCH)
    en = _clean_text(text_en, Language.ENGLISH)
    draft = (
        CharterVersion.objects.select_for_update()
        .filter(published_at__isnull=True)
        .order_by("-pk")
        .first()
    )
    digest = charter_digest(fr, en)
    if draft is None:
        draft = CharterVersion.objects.create(
            text_fr=fr, text_en=en, sha256=digest, created_by=actor
        )
        action = "charter.draft"
    else:
        draft.text_fr, draft.text_en, draft.sha256 = fr, en, digest
        draft.updated_at = timezone.now()
        draft.save(update_fields=["text_fr", "text_en", "sha256", "updated_at"])
        action = "charter.edit"
    record_event(action, actor=actor, target=draft, details={"sha256": digest}, request=request)
    return draft


@transaction.atomic
def do_publish_charter(
    actor: Agent, version_id: int, *, request: HttpRequest | None = None
) -> CharterVersion:
    """Publish the draft: it gets the next number and never changes again. From now on
    every external must accept it before going on."""
    if not can_manage_charter(actor):
        raise NotFound("charter")
    version = CharterVersion.objects.select_for_update().filter(pk=version_id).first()
    if version is None:
        raise NotFound("charter")
    if version.is_published:
        raise InvalidInput(
            _("Version %(number)s is published already; published versions never change.")
            % {"number": version.number}
        )
    last = CharterVersion.objects.aggregate(last=Max("number"))["last"] or 0
    version.number = last + 1
    version.sha256 = charter_digest(version.text_fr, version.text_en)
    version.published_at = timezone.now()
    version.published_by = actor
    try:
        with transaction.atomic():
            version.save(update_fields=["number", "sha256", "published_at", "published_by"])
    except IntegrityError as error:
        raise InvalidInput(
            _("Another version was published at the same moment. Reload the page.")
        ) from error
    record_event(
        "charter.publish",
        actor=actor,
        target=version,
        details={"number": version.number, "sha256": version.sha256},
        request=request,
    )
    return version


@transaction.atomic
def do_accept_charter(
    agent: Agent,
    version_id: int,
    *,
    language: str,
    request: HttpRequest | None = None,
) -> CharterAcceptance:
    """Record that the agent read and accepted this version (which must be the current
    one); accepting twice records it once."""
    if not bound_by_charter(agent):
        raise PermissionDenied(_("Only external members are asked to accept the charter."))
    current = CharterVersion.objects.filter(published_at__isnull=False).order_by("-number").first()
    if current is None or current.pk != version_id:
        raise InvalidInput(
            _("A newer version of the charter was published: read it before accepting.")
        )
    if not current.digest_matches():
        raise InvalidInput(_("The charter's text does not match its fingerprint. Contact us."))
    lang = language if language in Language.values else Language.FRENCH
    acceptance, created = CharterAcceptance.objects.get_or_create(
        agent=agent,
        version=current,
        defaults={"sha256": current.sha256, "language": lang, "ip_address": client_ip(request)},
    )
    if created:
        record_event(
            "charter.accept",
            actor=agent,
            target=current,
            details={"number": current.number, "sha256": current.sha256, "language": lang},
            request=request,
        )
    return acceptance

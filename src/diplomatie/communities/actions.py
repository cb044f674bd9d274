"""The only writers of communities, memberships, comments, reports and wiki pages.

Each `do_*` checks who may act, writes in one transaction with its audit event and
notifies the person concerned (in the same transaction: notifications are rows)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from diplomatie.access.perimeter import perimeter_of
from diplomatie.access.policy import can_view_publication, reads_are_audited
from diplomatie.access.querysets import visible_agents
from diplomatie.access.writing import can_comment_on, can_create_community
from diplomatie.audit.recorder import record_event
from diplomatie.communities.models import (
    Access,
    Comment,
    Community,
    CommunityMembership,
    CommunityRole,
    MembershipState,
    Report,
    ReportState,
    WikiPage,
    WikiRevision,
)
from diplomatie.core.errors import InvalidInput, NotFound, PermissionDenied
from diplomatie.directory.models import Agent, Membership, Role
from diplomatie.notifications.actions import do_notify
from diplomatie.publications.models import Publication, Status

if TYPE_CHECKING:
    from django.http import HttpRequest

EDIT_WINDOW = dt.timedelta(minutes=15)
MAX_COMMENT = 5000
MAX_WIKI = 100_000
# `@` followed by the local part of a colleague's e-mail address: @camille.laurent
MENTION = re.compile(r"(?<![\w.@/])@([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)")


# ---------------------------------------------------------------------------------------
# Communities and memberships


def community_url(community: Community) -> str:
    return reverse("communities:detail", args=[community.slug])


def membership_of(
    community: Community, agent: Agent, *, for_update: bool = False
) -> CommunityMembership | None:
    qs = CommunityMembership.objects.filter(community=community, agent=agent)
    if for_update:
        qs = qs.select_for_update()
    return qs.first()


def is_moderator(agent: Agent, community: Community) -> bool:
    return CommunityMembership.objects.filter(
        community=community,
        agent=agent,
        state=MembershipState.MEMBER,
        role=CommunityRole.MODERATOR,
    ).exists()


def moderator_ids(community: Community) -> list[int]:
    return list(
        CommunityMembership.objects.filter(
            community=community, state=MembershipState.MEMBER, role=CommunityRole.MODERATOR
        ).values_list("agent_id", flat=True)
    )


def check_moderator(agent: Agent, community: Community) -> None:
    if not is_moderator(agent, community):
        raise PermissionDenied(_("Only a moderator of the community can do this."))


def check_may_take_part(agent: Agent, community: Community) -> None:
    """Internal agents may take part in any community; external members (journalists,
    NGOs, companies) only in those opened to externals."""
    perimeter = perimeter_of(agent)
    if not perimeter.belongs:
        raise PermissionDenied(_("Only members of an organisation can take part."))
    if not perimeter.internal and not community.open_to_externals:
        raise PermissionDenied(
            _("This community is not open to external members (%(name)s).")
            % {"name": community.name}
        )


# Paths under /communautes/ that a community's short name must not take.
RESERVED_SLUGS = frozenset({"nouvelle", "signalements", "publications", "commentaires"})


def _unique_slug(name: str) -> str:
    base = slugify(name)[:70] or "communaute"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Community.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def do_create_community(
    actor: Agent,
    *,
    name: str,
    description: str = "",
    access: str = Access.OPEN,
    open_to_externals: bool = False,
) -> Community:
    """Any internal agent may create a community and becomes its first moderator."""
    if not can_create_community(actor):
        raise PermissionDenied(
            _("Only agents of the ministry or of a partner administration create communities.")
        )
    name = " ".join(name.split())
    if not name:
        raise InvalidInput(_("The community needs a name."))
    if len(name) > 120:
        raise InvalidInput(_("A community's name has 120 characters at most."))
    if access not in Access.values:
        raise InvalidInput(_("Unknown access mode."))
    if Community.objects.filter(name__iexact=name).exists():
        raise InvalidInput(_("A community named “%(name)s” already exists.") % {"name": name})
    community = Community.objects.create(
        name=name,
        slug=_unique_slug(name),
        description=description.strip(),
        access=access,
        open_to_externals=open_to_externals,
        created_by=actor,
    )
    CommunityMembership.objects.create(
        community=community,
        agent=actor,
        state=MembershipState.MEMBER,
        role=CommunityRole.MODERATOR,
    )
    record_event(
        "community.create",
        actor=actor,
        target=community,
        details={"access": access, "open_to_externals": open_to_externals},
    )
    return community


def _set_state(
    membership: CommunityMembership | None,
    *,
    community: Community,
    agent: Agent,
    state: str,
    role: str = CommunityRole.MEMBER,
    **fields: object,
) -> CommunityMembership:
    if membership is None:
        return CommunityMembership.objects.create(
            community=community, agent=agent, state=state, role=role, **fields
        )
    membership.state = state
    membership.role = role
    for key, value in fields.items():
        setattr(membership, key, value)
    membership.save()
    return membership


@transaction.atomic
def do_join(actor: Agent, community: Community) -> CommunityMembership:
    """Join an open community (or one whose invitation is pending: accepting it)."""
    community = Community.objects.select_for_update().get(pk=community.pk)
    membership = membership_of(community, actor, for_update=True)
    if membership is not None and membership.state == MembershipState.INVITED:
        return do_accept_invitation(actor, community)
    if community.access != Access.OPEN:
        raise PermissionDenied(
            _("This community is not open: ask to join or wait for an invitation.")
        )
    check_may_take_part(actor, community)
    if membership is not None and membership.is_member:
        raise InvalidInput(_("You are already a member of this community."))
    membership = _set_state(
        membership, community=community, agent=actor, state=MembershipState.MEMBER
    )
    record_event("community.join", actor=actor, target=community)
    do_notify(
        [i for i in moderator_ids(community) if i != actor.pk],
        kind="community.join",
        text=_("%(agent)s joined %(community)s.")
        % {"agent": actor.display_name, "community": community.name},
        url=reverse("communities:members", args=[community.slug]),
    )
    return membership


@transaction.atomic
def do_request_membership(
    actor: Agent, community: Community, *, message: str = ""
) -> CommunityMembership:
    """Ask to join a community on request; its moderators approve or refuse. A refused
    request may be made again (the moderators see it once more)."""
    community = Community.objects.select_for_update().get(pk=community.pk)
    if community.access != Access.ON_REQUEST:
        raise PermissionDenied(_("This community does not take requests."))
    check_may_take_part(actor, community)
    membership = membership_of(community, actor, for_update=True)
    if membership is not None and membership.is_member:
        raise InvalidInput(_("You are already a member of this community."))
    if membership is not None and membership.state == MembershipState.REQUESTED:
        raise InvalidInput(_("Your request is already waiting for a moderator."))
    if membership is not None and membership.state == MembershipState.INVITED:
        return do_accept_invitation(actor, community)
    membership = _set_state(
        membership,
        community=community,
        agent=actor,
        state=MembershipState.REQUESTED,
        message=message.strip()[:500],
    )
    record_event("community.request", actor=actor, target=community)
    do_notify(
        moderator_ids(community),
        kind="community.request",
        text=_("%(agent)s asks to join %(community)s.")
        % {"agent": actor.display_name, "community": community.name},
        url=reverse("communities:requests", args=[community.slug]),
    )
    return membership


def _pending(community: Community, membership_id: int, state: str) -> CommunityMembership:
    membership = (
        CommunityMembership.objects.select_for_update()
        .select_related("agent")
        .filter(pk=membership_id, community=community, state=state)
        .first()
    )
    if membership is None:
        raise NotFound("membership")
    return membership


@transaction.atomic
def do_decide_request(
    actor: Agent, community: Community, membership_id: int, *, approve: bool
) -> CommunityMembership:
    check_moderator(actor, community)
    membership = _pending(community, membership_id, MembershipState.REQUESTED)
    if approve:
        check_may_take_part(membership.agent, community)
    membership.state = MembershipState.MEMBER if approve else MembershipState.REFUSED
    membership.save(update_fields=["state", "updated_at"])
    record_event(
        "community.approve" if approve else "community.refuse",
        actor=actor,
        target=community,
        details={"agent": membership.agent_id},
    )
    text = (
        _("Your request to join %(community)s was approved.")
        if approve
        else _("Your request to join %(community)s was refused.")
    )
    do_notify(
        [membership.agent_id],
        kind="community.approve" if approve else "community.refuse",
        text=text % {"community": community.name},
        url=community_url(community),
    )
    return membership


@transaction.atomic
def do_invite(actor: Agent, community: Community, invitee: Agent) -> CommunityMembership:
    check_moderator(actor, community)
    if not visible_agents(actor).filter(pk=invitee.pk).exists():
        raise NotFound("agent")
    check_may_take_part(invitee, community)
    membership = membership_of(community, invitee, for_update=True)
    if membership is not None and membership.is_member:
        raise InvalidInput(_("%(agent)s is already a member.") % {"agent": invitee.display_name})
    if membership is not None and membership.state == MembershipState.INVITED:
        raise InvalidInput(_("%(agent)s is already invited.") % {"agent": invitee.display_name})
    membership = _set_state(
        membership,
        community=community,
        agent=invitee,
        state=MembershipState.INVITED,
        invited_by=actor,
    )
    record_event("community.invite", actor=actor, target=community, details={"agent": invitee.pk})
    do_notify(
        [invitee],
        kind="community.invite",
        text=_("%(agent)s invites you to join %(community)s.")
        % {"agent": actor.display_name, "community": community.name},
        url=community_url(community),
    )
    return membership


@transaction.atomic
def do_accept_invitation(actor: Agent, community: Community) -> CommunityMembership:
    return _answer_invitation(actor, community, accept=True)


@transaction.atomic
def do_decline_invitation(actor: Agent, community: Community) -> CommunityMembership:
    return _answer_invitation(actor, community, accept=False)


def _answer_invitation(actor: Agent, community: Community, *, accept: bool) -> CommunityMembership:
    membership = membership_of(community, actor, for_update=True)
    if membership is None or membership.state != MembershipState.INVITED:
        raise InvalidInput(_("There is no invitation waiting for you in this community."))
    if accept:
        check_may_take_part(actor, community)
    membership.state = MembershipState.MEMBER if accept else MembershipState.DECLINED
    membership.save(update_fields=["state", "updated_at"])
    record_event(
        "community.accept" if accept else "community.decline", actor=actor, target=community
    )
    text = (
        _("%(agent)s accepted your invitation to %(community)s.")
        if accept
        else _("%(agent)s declined your invitation to %(community)s.")
    )
    if membership.invited_by_id:
        do_notify(
            [membership.invited_by_id],
            kind="community.accept" if accept else "community.decline",
            text=text % {"agent": actor.display_name, "community": community.name},
            url=community_url(community),
        )
    return membership


@transaction.atomic
def do_leave(actor: Agent, community: Community) -> CommunityMembership:
    community = Community.objects.select_for_update().get(pk=community.pk)
    membership = membership_of(community, actor, for_update=True)
    if membership is None or not membership.is_member:
        raise InvalidInput(_("You are not a member of this community."))
    if membership.is_moderator and moderator_ids(community) == [actor.pk]:
        raise InvalidInput(
            _("You are the last moderator: name another moderator before you leave.")
        )
    membership.state = MembershipState.LEFT
    membership.role = CommunityRole.MEMBER
    membership.save(update_fields=["state", "role", "updated_at"])
    record_event("community.leave", actor=actor, target=community)
    do_notify(
        moderator_ids(community),
        kind="community.leave",
        text=_("%(agent)s left %(community)s.")
        % {"agent": actor.display_name, "community": community.name},
        url=reverse("communities:members", args=[community.slug]),
    )
    return membership


@transaction.atomic
def do_set_role(
    actor: Agent, community: Community, membership_id: int, *, role: str
) -> CommunityMembership:
    """Promote a member to moderator, or demote a moderator; a community always keeps
    at least one moderator."""
    community = Community.objects.select_for_update().get(pk=community.pk)
    check_moderator(actor, community)
    if role not in CommunityRole.values:
        raise InvalidInput(_("Unknown role."))
    membership = _pending(community, membership_id, MembershipState.MEMBER)
    if membership.role == role:
        return membership
    if role == CommunityRole.MEMBER and moderator_ids(community) == [membership.agent_id]:
        raise InvalidInput(_("A community needs at least one moderator."))
    membership.role = role
    membership.save(update_fields=["role", "updated_at"])
    promoted = role == CommunityRole.MODERATOR
    record_event(
        "community.promote" if promoted else "community.demote",
        actor=actor,
        target=community,
        details={"agent": membership.agent_id},
    )
    text = (
        _("You are now a moderator of %(community)s.")
        if promoted
        else _("You are no longer a moderator of %(community)s.")
    )
    do_notify(
        [membership.agent_id],
        kind="community.role",
        text=text % {"community": community.name},
        url=community_url(community),
    )
    return membership


# ---------------------------------------------------------------------------------------
# Discussions


def mention_tokens(body: str) -> list[str]:
    return list(dict.fromkeys(m.lower() for m in MENTION.findall(body)))


def resolve_mentions(author: Agent, body: str) -> list[Agent]:
    """The agents named in `@local-part` mentions whom the author may see; a local part
    shared by two visible agents is ambiguous and mentions no one."""
    tokens = mention_tokens(body)[:20]
    if not tokens:
        return []
    query = Q(pk__in=[])
    for token in tokens:
        query |= Q(email__istartswith=f"{token}@")
    found: dict[str, list[Agent]] = {}
    for agent in visible_agents(author).filter(query):
        found.setdefault(agent.email.split("@", 1)[0].lower(), []).append(agent)
    return [agents[0] for token in tokens if len(agents := found.get(token, [])) == 1]


def check_comment_body(body: str) -> str:
    body = body.strip()
    if not body:
        raise InvalidInput(_("The comment is empty."))
    if len(body) > MAX_COMMENT:
        raise InvalidInput(_("A comment has %(max)s characters at most.") % {"max": MAX_COMMENT})
    return body


def comment_url(comment: Comment) -> str:
    return reverse("publications:detail", args=[comment.publication_id]) + f"#comment-{comment.pk}"


def _notify_mentions(actor: Agent, comment: Comment, agents: Iterable[Agent]) -> list[int]:
    """Mentioned agents hear of it only if they may read the publication."""
    readers = [
        a for a in agents if a.pk != actor.pk and can_view_publication(a, comment.publication)
    ]
    do_notify(
        readers,
        kind="comment.mention",
        text=_("%(agent)s mentioned you about “%(subject)s”.")
        % {"agent": actor.display_name, "subject": comment.publication.subject},
        url=comment_url(comment),
    )
    return [a.pk for a in readers]


def access_publication(actor: Agent, publication_id: int) -> Publication:
    publication = Publication.objects.filter(pk=publication_id).first()
    if publication is None or not can_view_publication(actor, publication):
        raise NotFound("publication")
    return publication


def access_comment(actor: Agent, comment_id: int, *, for_update: bool = False) -> Comment:
    qs = Comment.objects.select_related("publication", "author")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    comment = qs.filter(pk=comment_id).first()
    if comment is None or not can_view_publication(actor, comment.publication):
        raise NotFound("comment")
    return comment


@transaction.atomic
def do_post_comment(
    actor: Agent, publication: Publication, *, body: str, parent: Comment | None = None
) -> Comment:
    if not can_view_publication(actor, publication):
        raise NotFound("publication")
    if publication.status != Status.SENT:
        raise InvalidInput(_("A draft cannot be discussed: send it first."))
    if not can_comment_on(actor, publication):
        raise PermissionDenied(
            _("Members of external organisations comment in the communities open to them.")
        )
    body = check_comment_body(body)
    if parent is not None:
        parent = Comment.objects.filter(pk=parent.pk, publication=publication).first()
        if parent is None:
            raise NotFound("comment")
        if parent.parent_id is not None:  # one level of replies: answer the thread
            parent = Comment.objects.get(pk=parent.parent_id)
        if parent.is_deleted:
            raise InvalidInput(_("This comment was deleted: it cannot be answered."))
    comment = Comment.objects.create(
        publication=publication, parent=parent, author=actor, body=body
    )
    mentioned = resolve_mentions(actor, body)
    comment.mentions.set(mentioned)
    notified = _notify_mentions(actor, comment, mentioned)
    if (
        parent is not None
        and parent.author_id != actor.pk
        and parent.author_id not in notified
        and can_view_publication(Agent.objects.get(pk=parent.author_id), publication)
    ):
        do_notify(
            [parent.author_id],
            kind="comment.reply",
            text=_("%(agent)s answered your comment on “%(subject)s”.")
            % {"agent": actor.display_name, "subject": publication.subject},
            url=comment_url(comment),
        )
    record_event(
        "comment.post",
        actor=actor,
        target=comment,
        details={"publication": publication.pk, "mentions": notified},
    )
    return comment


def may_edit_comment(agent: Agent, comment: Comment, now: dt.datetime | None = None) -> bool:
    now = now or timezone.now()
    return (
        comment.author_id == agent.pk
        and not comment.is_deleted
        and now - comment.created_at <= EDIT_WINDOW
    )


@transaction.atomic
def do_edit_comment(actor: Agent, comment_id: int, *, body: str) -> Comment:
    """The author may correct a comment for a short while; it then shows "edited"."""
    comment = access_comment(actor, comment_id, for_update=True)
    if comment.author_id != actor.pk:
        raise PermissionDenied(_("Only the author of a comment can edit it."))
    if not may_edit_comment(actor, comment):
        raise InvalidInput(
            _("A comment can be edited for %(minutes)s minutes after it was posted.")
            % {"minutes": int(EDIT_WINDOW.total_seconds() // 60)}
        )
    body = check_comment_body(body)
    previous = comment.body
    before = set(comment.mentions.values_list("pk", flat=True))
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    mentioned = resolve_mentions(actor, body)
    comment.mentions.set(mentioned)
    notified = _notify_mentions(actor, comment, [a for a in mentioned if a.pk not in before])
    record_event(
        "comment.edit",
        actor=actor,
        target=comment,
        details={"previous": previous, "mentions": notified},
    )
    return comment


def comment_moderator_ids(publication: Publication) -> list[int]:
    """Who moderates a publication's discussion: the community's moderators for
    community content, otherwise the heads of the issuing organisation."""
    if publication.community_id is not None:
        return list(
            CommunityMembership.objects.filter(
                community_id=publication.community_id,
                state=MembershipState.MEMBER,
                role=CommunityRole.MODERATOR,
            ).values_list("agent_id", flat=True)
        )
    return list(
        Membership.objects.active()
        .filter(organisation_id=publication.issuer_id, role=Role.HEAD, agent__is_active=True)
        .values_list("agent_id", flat=True)
        .distinct()
    )


def may_moderate(agent: Agent, publication: Publication) -> bool:
    return agent.pk in comment_moderator_ids(publication)


@transaction.atomic
def do_delete_comment(actor: Agent, comment_id: int) -> Comment:
    """Hide a comment: its author or a moderator. The row and its text stay."""
    comment = access_comment(actor, comment_id, for_update=True)
    if comment.is_deleted:
        return comment
    moderator = may_moderate(actor, comment.publication)
    if comment.author_id != actor.pk and not moderator:
        raise PermissionDenied(_("Only its author or a moderator can delete a comment."))
    now = timezone.now()
    comment.deleted_at = now
    comment.deleted_by = actor
    comment.save(update_fields=["deleted_at", "deleted_by"])
    closed = Report.objects.filter(comment=comment, state=ReportState.OPEN).update(
        state=ReportState.DELETED, handled_by=actor, handled_at=now
    )
    record_event(
        "comment.delete",
        actor=actor,
        target=comment,
        details={"by_moderator": comment.author_id != actor.pk, "reports_closed": closed},
    )
    if comment.author_id != actor.pk and can_view_publication(
        Agent.objects.get(pk=comment.author_id), comment.publication
    ):
        do_notify(
            [comment.author_id],
            kind="comment.deleted",
            text=_("A moderator deleted your comment on “%(subject)s”.")
            % {"subject": comment.publication.subject},
            url=comment_url(comment),
        )
    return comment


@transaction.atomic
def do_report_comment(actor: Agent, comment_id: int, *, reason: str) -> Report:
    comment = access_comment(actor, comment_id, for_update=True)
    reason = " ".join(reason.split())
    if not reason:
        raise InvalidInput(_("Say why this comment is abusive."))
    if comment.is_deleted:
        raise InvalidInput(_("This comment was already deleted."))
    if comment.author_id == actor.pk:
        raise InvalidInput(_("You cannot report your own comment: delete it instead."))
    if Report.objects.filter(comment=comment, reporter=actor, state=ReportState.OPEN).exists():
        raise InvalidInput(_("You already reported this comment; the moderators will look at it."))
    try:
        with transaction.atomic():
            report = Report.objects.create(comment=comment, reporter=actor, reason=reason[:500])
    except IntegrityError:
        raise InvalidInput(
            _("You already reported this comment; the moderators will look at it.")
        ) from None
    record_event("comment.report", actor=actor, target=comment, details={"report": report.pk})
    do_notify(
        comment_moderator_ids(comment.publication),
        kind="comment.report",
        text=_("A comment on “%(subject)s” was reported: %(reason)s")
        % {"subject": comment.publication.subject, "reason": reason[:200]},
        url=comment_url(comment),
    )
    return report


@transaction.atomic
def do_handle_report(actor: Agent, report_id: int, *, delete: bool) -> Report:
    """A moderator dismisses a report, or deletes the comment (closing its reports)."""
    report = Report.objects.select_related("comment").filter(pk=report_id).first()
    if report is None:
        raise NotFound("report")
    comment = access_comment(actor, report.comment_id)
    if not may_moderate(actor, comment.publication):
        raise NotFound("report")
    if report.state != ReportState.OPEN:
        raise InvalidInput(_("This report was already handled."))
    if delete:
        do_delete_comment(actor, comment.pk)
        report.refresh_from_db()
        return report
    report.state = ReportState.DISMISSED
    report.handled_by = actor
    report.handled_at = timezone.now()
    report.save(update_fields=["state", "handled_by", "handled_at"])
    record_event(
        "comment.report_dismiss", actor=actor, target=comment, details={"report": report.pk}
    )
    return report


# ---------------------------------------------------------------------------------------
# Wiki


def check_member(agent: Agent, community: Community) -> None:
    if not CommunityMembership.objects.filter(
        community=community, agent=agent, state=MembershipState.MEMBER
    ).exists():
        raise PermissionDenied(_("Only members of the community can edit its wiki."))


def _wiki_text(title: str, body: str) -> tuple[str, str]:
    title = " ".join(title.split())
    if not title:
        raise InvalidInput(_("The page needs a title."))
    if len(title) > 150 or any(c in title for c in "[]|"):
        raise InvalidInput(_("A page title has 150 characters at most, without [ ] or |."))
    if len(body) > MAX_WIKI:
        raise InvalidInput(_("The page is too long."))
    return title, body


def _revise(
    page: WikiPage, actor: Agent, *, title: str, body: str, comment: str, reverted_from: int | None
) -> WikiRevision:
    now = timezone.now()
    page.revision_count += 1
    page.title, page.body, page.updated_at, page.updated_by = title, body, now, actor
    page.save()
    revision = WikiRevision.objects.create(
        page=page,
        number=page.revision_count,
        title=title,
        body=body,
        comment=" ".join(comment.split())[:300],
        author=actor,
        created_at=now,
        reverted_from=reverted_from,
    )
    record_event(
        "wiki.revise",
        actor=actor,
        target=page,
        details={"revision": revision.number, "reverted_from": reverted_from},
    )
    return revision


@transaction.atomic
def do_create_wiki_page(
    actor: Agent, community: Community, *, title: str, body: str, comment: str = ""
) -> WikiPage:
    check_member(actor, community)
    title, body = _wiki_text(title, body)
    slug = slugify(title)[:160] or "page"
    if WikiPage.objects.filter(community=community, slug=slug).exists():
        raise InvalidInput(_("A page with this title already exists."))
    page = WikiPage(
        community=community, title=title, slug=slug, updated_at=timezone.now(), updated_by=actor
    )
    _revise(
        page, actor, title=title, body=body, comment=comment or _("Created"), reverted_from=None
    )
    return page


@transaction.atomic
def do_edit_wiki_page(
    actor: Agent, page: WikiPage, *, title: str, body: str, comment: str = ""
) -> WikiRevision:
    page = WikiPage.objects.select_for_update().select_related("community").get(pk=page.pk)
    check_member(actor, page.community)
    title, body = _wiki_text(title, body)
    if title == page.title and body == page.body:
        raise InvalidInput(_("Nothing changed."))
    return _revise(page, actor, title=title, body=body, comment=comment, reverted_from=None)


@transaction.atomic
def do_revert_wiki_page(actor: Agent, page: WikiPage, number: int) -> WikiRevision:
    """Revert to an earlier revision: a new revision copying it (history is never lost)."""
    page = WikiPage.objects.select_for_update().select_related("community").get(pk=page.pk)
    check_member(actor, page.community)
    old = WikiRevision.objects.filter(page=page, number=number).first()
    if old is None:
        raise NotFound("revision")
    if old.title == page.title and old.body == page.body:
        raise InvalidInput(_("The page already reads like this revision."))
    return _revise(
        page,
        actor,
        title=old.title,
        body=old.body,
        comment=_("Reverted to revision %(number)s") % {"number": number},
        reverted_from=number,
    )


@transaction.atomic
def do_record_community_read(
    actor: Agent,
    community: Community,
    *,
    page: str = "",
    wiki: WikiPage | None = None,
    request: HttpRequest | None = None,
) -> None:
    """An external member's opening of a community's pages (its page, members, wiki) goes
    to the audit log, one event per page opened; internal agents' reads are not logged.
    The caller has already checked that the actor is a member."""
    if not reads_are_audited(actor):
        return
    details: dict[str, object] = {"page": page, "community": community.slug}
    if wiki is not None:
        details.update(wiki=wiki.slug, title=wiki.title)
    record_event(
        "community.read_by_external",
        actor=actor,
        target=wiki if wiki is not None else community,
        details=details,
        request=request,
    )

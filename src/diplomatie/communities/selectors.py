"""Reads of communities, discussions and wiki pages, always through `access/`."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from diplomatie.access.perimeter import perimeter_of
from diplomatie.access.policy import (
    can_view_community,
    can_view_publication,
    is_community_member,
)
from diplomatie.access.querysets import (
    community_publication_ids,
    visible_agents,
    visible_communities,
    visible_publications,
)
from diplomatie.access.writing import can_comment_on
from diplomatie.communities.actions import (
    comment_moderator_ids,
    may_edit_comment,
)
from diplomatie.communities.models import (
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
from diplomatie.communities.rendering import render_comment, render_wiki
from diplomatie.core.errors import NotFound
from diplomatie.directory.models import Agent, Membership, Role
from diplomatie.publications.models import Publication, Status

MEMBERS_PAGE = 50
MENTIONED = Agent.objects.only("pk", "email", "display_name")
PUBLICATIONS_ON_PAGE = 20


def _with_counts(qs: QuerySet[Community], agent: Agent) -> QuerySet[Community]:
    mine = CommunityMembership.objects.filter(community_id=OuterRef("pk"), agent_id=agent.pk)
    return qs.annotate(
        member_count=Count("memberships", filter=Q(memberships__state=MembershipState.MEMBER)),
        my_state=Subquery(mine.values("state")[:1]),
        my_role=Subquery(mine.values("role")[:1]),
    )


@dataclass
class CommunityList:
    mine: list[Community]
    invited: list[Community]
    discoverable: list[Community]


def list_communities_for(agent: Agent) -> CommunityList:
    """My communities, my invitations, and the others I may join or ask to join."""
    rows = list(_with_counts(visible_communities(agent), agent).order_by("name"))
    lists = CommunityList([], [], [])
    for community in rows:
        state = getattr(community, "my_state", None)
        if state == MembershipState.MEMBER:
            lists.mine.append(community)
        elif state == MembershipState.INVITED:
            lists.invited.append(community)
        else:
            lists.discoverable.append(community)
    return lists


def get_community_for(agent: Agent, slug: str) -> Community:
    """The community with `my_membership` set, or NotFound (missing or not visible)."""
    community = Community.objects.filter(slug=slug).first()
    if community is None or not can_view_community(agent, community):
        raise NotFound("community")
    community.my_membership = (  # type: ignore[attr-defined]
        CommunityMembership.objects.filter(community=community, agent=agent).first()
    )
    return community


def my_membership(community: Community) -> CommunityMembership | None:
    found: CommunityMembership | None = getattr(community, "my_membership", None)
    return found


def get_member_community_for(agent: Agent, slug: str) -> Community:
    """Content pages of a community (members, wiki, discussions): members only."""
    community = get_community_for(agent, slug)
    membership = my_membership(community)
    if membership is None or not is_community_member(agent, community.pk):
        raise NotFound("community")
    return community


@dataclass
class CommunityPage:
    community: Community
    membership: CommunityMembership | None
    member_count: int = 0
    publications: list[Publication] = field(default_factory=list)
    discussions: list[Comment] = field(default_factory=list)
    wiki_pages: list[WikiPage] = field(default_factory=list)
    members: list[CommunityMembership] = field(default_factory=list)
    pending_requests: int = 0

    @property
    def is_member(self) -> bool:
        return self.membership is not None and self.membership.is_member

    @property
    def is_moderator(self) -> bool:
        return self.membership is not None and self.membership.is_moderator


def community_page_for(agent: Agent, community: Community) -> CommunityPage:
    """What a visitor sees (name, description, how to join) and, for members, the
    community's publications, latest discussions, wiki pages and members."""
    membership = my_membership(community)
    page = CommunityPage(community, membership)
    page.member_count = CommunityMembership.objects.filter(
        community=community, state=MembershipState.MEMBER
    ).count()
    if not page.is_member or not is_community_member(agent, community.pk):
        return page
    publications = visible_publications(agent).filter(community=community, status=Status.SENT)
    page.publications = list(
        publications.select_related("author")
        .annotate(comment_count=Count("comments", filter=Q(comments__deleted_at__isnull=True)))
        .order_by("-sent_at", "-pk")[:PUBLICATIONS_ON_PAGE]
    )
    page.discussions = list(
        Comment.objects.filter(publication__in=publications, deleted_at__isnull=True)
        .select_related("author", "publication")
        .order_by("-created_at", "-pk")[:10]
    )
    page.wiki_pages = list(
        WikiPage.objects.filter(community=community)
        .select_related("updated_by")
        .order_by("title")[:50]
    )
    page.members = list(
        CommunityMembership.objects.filter(community=community, state=MembershipState.MEMBER)
        .select_related("agent")
        .order_by("-role", "agent__display_name")[:12]
    )
    if page.is_moderator:
        page.pending_requests = CommunityMembership.objects.filter(
            community=community, state=MembershipState.REQUESTED
        ).count()
    return page


def members_of(community: Community, *, offset: int = 0) -> tuple[list[CommunityMembership], int]:
    qs = CommunityMembership.objects.filter(community=community, state=MembershipState.MEMBER)
    rows = list(
        qs.select_related("agent").order_by("-role", "agent__display_name", "pk")[
            offset : offset + MEMBERS_PAGE
        ]
    )
    return rows, qs.count()


def pending_requests(community: Community) -> list[CommunityMembership]:
    return list(
        CommunityMembership.objects.filter(community=community, state=MembershipState.REQUESTED)
        .select_related("agent")
        .order_by("created_at", "pk")[:200]
    )


def pending_invitations(community: Community) -> list[CommunityMembership]:
    return list(
        CommunityMembership.objects.filter(community=community, state=MembershipState.INVITED)
        .select_related("agent", "invited_by")
        .order_by("updated_at", "pk")[:200]
    )


# ---------------------------------------------------------------------------------------
# Discussions


@dataclass
class Thread:
    publication: Publication
    comments: list[Comment]
    count: int
    may_comment: bool
    may_moderate: bool


def thread_for(agent: Agent, publication: Publication) -> Thread:
    """The discussion of a publication the agent may read: top comments in order, each
    with its replies; a fixed number of queries whatever its length."""
    if not can_view_publication(agent, publication):
        raise NotFound("publication")
    rows = list(
        Comment.objects.filter(publication=publication)
        .select_related("author")
        .prefetch_related(
            Prefetch("mentions", queryset=Agent.objects.only("pk", "email", "display_name"))
        )
        .order_by("created_at", "pk")
    )
    moderators = set(comment_moderator_ids(publication))
    may_moderate = agent.pk in moderators
    # An external may read a comment by someone whose directory page they cannot open:
    # the name is shown, without a link (internal agents see every active agent).
    if perimeter_of(agent).internal:
        known = {c.author_id for c in rows if c.author.is_active}
    else:
        known = set(
            visible_agents(agent)
            .filter(pk__in={c.author_id for c in rows})
            .values_list("pk", flat=True)
        )
    tops: list[Comment] = []
    by_id: dict[int, Comment] = {}
    for comment in rows:
        comment.html = (  # type: ignore[attr-defined]
            "" if comment.is_deleted else render_comment(comment.body, comment.mentions.all())
        )
        comment.author_visible = comment.author_id in known  # type: ignore[attr-defined]
        comment.may_edit = may_edit_comment(agent, comment)  # type: ignore[attr-defined]
        comment.may_delete = not comment.is_deleted and (  # type: ignore[attr-defined]
            comment.author_id == agent.pk or may_moderate
        )
        comment.may_report = comment.author_id != agent.pk  # type: ignore[attr-defined]
        comment.reply_list = []  # type: ignore[attr-defined]
        by_id[comment.pk] = comment
    for comment in rows:
        parent = by_id.get(comment.parent_id) if comment.parent_id else None
        if parent is not None:
            parent.reply_list.append(comment)  # type: ignore[attr-defined]
        else:
            tops.append(comment)
    return Thread(
        publication=publication,
        comments=tops,
        count=sum(1 for c in rows if not c.is_deleted),
        may_comment=can_comment_on(agent, publication),
        may_moderate=may_moderate,
    )


def open_reports_for(agent: Agent) -> QuerySet[Report]:
    """Open reports on comments the agent moderates: in communities they moderate, and
    on publications issued by organisations they head — on publications they may read."""
    moderated = CommunityMembership.objects.filter(
        agent_id=agent.pk, state=MembershipState.MEMBER, role=CommunityRole.MODERATOR
    ).values("community_id")
    headed = (
        Membership.objects.active()
        .filter(agent_id=agent.pk, role=Role.HEAD)
        .values("organisation_id")
    )
    return (
        Report.objects.filter(state=ReportState.OPEN)
        .filter(
            Q(comment__publication__community_id__in=moderated)
            | Q(
                comment__publication__community__isnull=True,
                comment__publication__issuer_id__in=headed,
            )
        )
        .filter(comment__publication__in=visible_publications(agent))
        .select_related("comment", "comment__author", "comment__publication", "reporter")
        .order_by("created_at", "pk")
    )


def reports_pane_for(agent: Agent) -> list[Report]:
    """The moderation block of the journal's *À traiter* pane (20 oldest open reports)."""
    return list(open_reports_for(agent)[:20])


def community_interest_ids(agent: Agent) -> QuerySet[Publication, int]:
    """Ids of the publications of my communities, for the journal's *Centres d'intérêt*:
    united with the addressed ones in one indexed subquery (the journal's queryset starts
    from `visible_publications`, which keeps only what the agent may read)."""
    return community_publication_ids(agent.pk)


# ---------------------------------------------------------------------------------------
# Wiki


def wiki_titles(community: Community) -> dict[str, str]:
    titles: dict[str, str] = {}
    for title, slug in WikiPage.objects.filter(community=community).values_list("title", "slug"):
        titles[title.lower()] = slug
        titles[slug] = slug
    return titles


def get_wiki_page(community: Community, slug: str) -> WikiPage:
    page = (
        WikiPage.objects.filter(community=community, slug=slug).select_related("updated_by").first()
    )
    if page is None:
        raise NotFound("wiki page")
    return page


def render_page(page: WikiPage, community: Community, body: str | None = None) -> Any:
    return render_wiki(page.body if body is None else body, community, wiki_titles(community))


def revisions_of(page: WikiPage) -> list[WikiRevision]:
    return list(page.revisions.select_related("author").order_by("-number")[:500])


def get_revision(page: WikiPage, number: int) -> WikiRevision:
    revision = page.revisions.select_related("author").filter(number=number).first()
    if revision is None:
        raise NotFound("revision")
    return revision

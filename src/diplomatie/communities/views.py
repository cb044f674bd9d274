"""Pages of communities, discussions and wiki. Outsiders get 404, never 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diplomatie.access.querysets import visible_agents
from diplomatie.access.writing import can_create_community, can_edit_comment
from diplomatie.communities import actions, selectors
from diplomatie.communities.forms import (
    CommentForm,
    CommunityForm,
    InviteForm,
    ReportForm,
    RequestForm,
    WikiForm,
)
from diplomatie.communities.models import Access, Comment, Community, CommunityRole
from diplomatie.communities.rendering import diff_lines
from diplomatie.core.errors import DiplomatieError, NotFound
from diplomatie.core.requests import page_offset
from diplomatie.directory.requests import current_agent

View = Callable[..., HttpResponse]


def not_found_as_404(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except NotFound:
            raise Http404 from None

    return wrapper


def _member_community(request: HttpRequest, slug: str) -> Community:
    return selectors.get_member_community_for(current_agent(request), slug)


def _moderated_community(request: HttpRequest, slug: str) -> Community:
    community = _member_community(request, slug)
    membership = selectors.my_membership(community)
    if membership is None or not membership.is_moderator:
        raise NotFound("community")
    return community


def _done(request: HttpRequest, work: Callable[[], object], success: str) -> bool:
    try:
        work()
    except NotFound:
        raise
    except DiplomatieError as exc:
        messages.error(request, str(exc))
        return False
    messages.success(request, success)
    return True


# ---------------------------------------------------------------------------------------
# Communities


def index(request: HttpRequest) -> HttpResponse:
    agent = current_agent(request)
    from diplomatie.access.perimeter import perimeter_of

    return render(
        request,
        "communities/index.html",
        {
            "listing": selectors.list_communities_for(agent),
            "may_create": perimeter_of(agent).internal,
        },
    )


def create(request: HttpRequest) -> HttpResponse:
    agent = current_agent(request)
    if not can_create_community(agent):
        raise Http404
    form = CommunityForm(request.POST or None, initial={"access": Access.OPEN})
    if request.method == "POST" and form.is_valid():
        try:
            community = actions.do_create_community(agent, **form.cleaned_data)
        except DiplomatieError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Community created: you are its moderator."))
            return redirect("communities:detail", community.slug)
    return render(request, "communities/create.html", {"form": form})


@not_found_as_404
def detail(request: HttpRequest, slug: str) -> HttpResponse:
    agent = current_agent(request)
    community = selectors.get_community_for(agent, slug)
    page = selectors.community_page_for(agent, community)
    if page.is_member:
        actions.do_record_community_read(agent, community, page="detail", request=request)
    return render(
        request,
        "communities/detail.html",
        {"page": page, "community": community, "request_form": RequestForm()},
    )


@require_POST
@not_found_as_404
def join(request: HttpRequest, slug: str) -> HttpResponse:
    agent = current_agent(request)
    community = selectors.get_community_for(agent, slug)
    membership = selectors.my_membership(community)
    if membership is not None and membership.state == "invited":
        _done(
            request,
            lambda: actions.do_accept_invitation(agent, community),
            _("Welcome to the community."),
        )
    elif community.access == Access.ON_REQUEST:
        form = RequestForm(request.POST)
        message = form.cleaned_data["message"] if form.is_valid() else ""
        _done(
            request,
            lambda: actions.do_request_membership(agent, community, message=message),
            _("Request sent: a moderator will answer it."),
        )
    else:
        _done(request, lambda: actions.do_join(agent, community), _("Welcome to the community."))
    return redirect("communities:detail", community.slug)


@require_POST
@not_found_as_404
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    agent = current_agent(request)
    community = _member_community(request, slug)
    if _done(request, lambda: actions.do_leave(agent, community), _("You left the community.")):
        return redirect("communities:index")
    return redirect("communities:detail", community.slug)


@require_POST
@not_found_as_404
def answer_invitation(request: HttpRequest, slug: str) -> HttpResponse:
    agent = current_agent(request)
    community = selectors.get_community_for(agent, slug)
    if request.POST.get("answer") == "accept":
        _done(
            request,
            lambda: actions.do_accept_invitation(agent, community),
            _("Welcome to the community."),
        )
        return redirect("communities:detail", community.slug)
    _done(
        request,
        lambda: actions.do_decline_invitation(agent, community),
        _("Invitation declined."),
    )
    return redirect("communities:index")


@not_found_as_404
def members(request: HttpRequest, slug: str) -> HttpResponse:
    community = _member_community(request, slug)
    actions.do_record_community_read(
        current_agent(request), community, page="members", request=request
    )
    offset = page_offset(request)
    rows, total = selectors.members_of(community, offset=offset)
    membership = selectors.my_membership(community)
    is_moderator = membership is not None and membership.is_moderator
    size = selectors.MEMBERS_PAGE
    return render(
        request,
        "communities/members.html",
        {
            "community": community,
            "rows": rows,
            "total": total,
            "is_moderator": is_moderator,
            "invite_form": InviteForm(),
            "invitations": selectors.pending_invitations(community) if is_moderator else [],
            "previous_offset": offset - size if offset > 0 else None,
            "next_offset": offset + size if offset + size < total else None,
            "first": offset + 1,
            "last": offset + len(rows),
        },
    )


@require_POST
@not_found_as_404
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    agent = current_agent(request)
    community = _moderated_community(request, slug)
    form = InviteForm(request.POST)
    invitee = None
    if form.is_valid():
        invitee = visible_agents(agent).filter(email__iexact=form.cleaned_data["email"]).first()
    if invitee is None:
        messages.error(request, _("No colleague you can see has this e-mail address."))
    else:
        _done(
            request,
            lambda: actions.do_invite(agent, community, invitee),
            _("Invitation sent to %(agent)s.") % {"agent": invitee.display_name},
        )
    return redirect("communities:members", community.slug)


@require_POST
@not_found_as_404
def set_role(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    agent = current_agent(request)
    community = _moderated_community(request, slug)
    role = request.POST.get("role", "")
    _done(
        request,
        lambda: actions.do_set_role(agent, community, membership_id, role=role),
        _("Moderator named.") if role == CommunityRole.MODERATOR else _("Moderator role removed."),
    )
    return redirect("communities:members", community.slug)


@not_found_as_404
def requests(request: HttpRequest, slug: str) -> HttpResponse:
    community = _moderated_community(request, slug)
    return render(
        request,
        "communities/requests.html",
        {"community": community, "rows": selectors.pending_requests(community)},
    )


@require_POST
@not_found_as_404
def decide(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    agent = current_agent(request)
    community = _moderated_community(request, slug)
    approve = request.POST.get("decision") == "approve"
    _done(
        request,
        lambda: actions.do_decide_request(agent, community, membership_id, approve=approve),
        _("Request approved.") if approve else _("Request refused."),
    )
    return redirect("communities:requests", community.slug)


# ---------------------------------------------------------------------------------------
# Discussions


def _thread_response(request: HttpRequest, publication_id: int, anchor: str = "") -> HttpResponse:
    agent = current_agent(request)
    if request.headers.get("HX-Request"):
        publication = actions.access_publication(agent, publication_id)
        return render(
            request,
            "communities/_thread.html",
            {"thread": selectors.thread_for(agent, publication), "comment_form": CommentForm()},
        )
    return redirect(reverse("publications:detail", args=[publication_id]) + anchor)


@require_POST
@not_found_as_404
def post_comment(request: HttpRequest, publication_id: int) -> HttpResponse:
    agent = current_agent(request)
    publication = actions.access_publication(agent, publication_id)
    form = CommentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("The comment is empty or too long."))
        return _thread_response(request, publication.pk, "#discussion")
    parent: Comment | None = None
    if form.cleaned_data.get("parent"):
        parent = actions.access_comment(agent, form.cleaned_data["parent"])
    anchor = "#discussion"
    try:
        comment = actions.do_post_comment(
            agent, publication, body=form.cleaned_data["body"], parent=parent
        )
        anchor = f"#comment-{comment.pk}"
    except NotFound:
        raise
    except DiplomatieError as exc:
        messages.error(request, str(exc))
    return _thread_response(request, publication.pk, anchor)


@not_found_as_404
def edit_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    agent = current_agent(request)
    comment = actions.access_comment(agent, comment_id)
    if not can_edit_comment(agent, comment):
        raise Http404
    form = CommentForm(request.POST or None, initial={"body": comment.body})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_edit_comment(agent, comment.pk, body=form.cleaned_data["body"])
        except NotFound:
            raise
        except DiplomatieError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Comment updated."))
            return redirect(actions.comment_url(comment))
    return render(request, "communities/comment_edit.html", {"form": form, "comment": comment})


@require_POST
@not_found_as_404
def delete_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    agent = current_agent(request)
    comment = actions.access_comment(agent, comment_id)
    _done(request, lambda: actions.do_delete_comment(agent, comment.pk), _("Comment deleted."))
    if request.POST.get("next") == "journal":
        return redirect("home")
    return redirect(actions.comment_url(comment))


@not_found_as_404
def report_comment(request: HttpRequest, comment_id: int) -> HttpResponse:
    agent = current_agent(request)
    comment = actions.access_comment(agent, comment_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_report_comment(agent, comment.pk, reason=form.cleaned_data["reason"])
        except NotFound:
            raise
        except DiplomatieError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Thank you: the moderators will look at this comment."))
            return redirect(actions.comment_url(comment))
    return render(request, "communities/comment_report.html", {"form": form, "comment": comment})


@require_POST
@not_found_as_404
def handle_report(request: HttpRequest, report_id: int) -> HttpResponse:
    agent = current_agent(request)
    delete = request.POST.get("decision") == "delete"
    _done(
        request,
        lambda: actions.do_handle_report(agent, report_id, delete=delete),
        _("Comment deleted.") if delete else _("Report dismissed."),
    )
    return redirect("home")


# ---------------------------------------------------------------------------------------
# Wiki


@not_found_as_404
def wiki(request: HttpRequest, slug: str) -> HttpResponse:
    """The wiki's pages, and the form that creates one (`?nouvelle=Title` pre-fills it)."""
    agent = current_agent(request)
    community = _member_community(request, slug)
    form = WikiForm(request.POST or None, initial={"title": request.GET.get("nouvelle", "")})
    if request.method == "POST" and form.is_valid():
        try:
            page = actions.do_create_wiki_page(agent, community, **form.cleaned_data)
        except DiplomatieError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Page created."))
            return redirect("communities:wiki_page", community.slug, page.slug)
    pages = list(community.wiki_pages.select_related("updated_by").order_by("title"))
    if request.method != "POST":
        actions.do_record_community_read(agent, community, page="wiki", request=request)
    return render(
        request,
        "communities/wiki_index.html",
        {
            "community": community,
            "pages": pages,
            "form": form,
            "creating": "nouvelle" in request.GET
            or "creer" in request.GET
            or request.method == "POST",
        },
    )


@not_found_as_404
def wiki_page(request: HttpRequest, slug: str, page: str) -> HttpResponse:
    community = _member_community(request, slug)
    wiki = selectors.get_wiki_page(community, page)
    actions.do_record_community_read(
        current_agent(request), community, page="wiki_page", wiki=wiki, request=request
    )
    return render(
        request,
        "communities/wiki_page.html",
        {"community": community, "page": wiki, "html": selectors.render_page(wiki, community)},
    )


@not_found_as_404
def wiki_edit(request: HttpRequest, slug: str, page: str) -> HttpResponse:
    agent = current_agent(request)
    community = _member_community(request, slug)
    wiki = selectors.get_wiki_page(community, page)
    form = WikiForm(request.POST or None, initial={"title": wiki.title, "body": wiki.body})
    if request.method == "POST" and form.is_valid():
        try:
            actions.do_edit_wiki_page(agent, wiki, **form.cleaned_data)
        except DiplomatieError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Page saved; the previous version is in its history."))
            return redirect("communities:wiki_page", community.slug, wiki.slug)
    return render(
        request, "communities/wiki_edit.html", {"community": community, "page": wiki, "form": form}
    )


@not_found_as_404
def wiki_history(request: HttpRequest, slug: str, page: str) -> HttpResponse:
    community = _member_community(request, slug)
    wiki = selectors.get_wiki_page(community, page)
    actions.do_record_community_read(
        current_agent(request), community, page="wiki_history", wiki=wiki, request=request
    )
    return render(
        request,
        "communities/wiki_history.html",
        {"community": community, "page": wiki, "revisions": selectors.revisions_of(wiki)},
    )


def _number(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() else default


@not_found_as_404
def wiki_diff(request: HttpRequest, slug: str, page: str) -> HttpResponse:
    community = _member_community(request, slug)
    wiki = selectors.get_wiki_page(community, page)
    new_number = _number(request.GET.get("b"), wiki.revision_count)
    old_number = _number(request.GET.get("a"), max(new_number - 1, 1))
    old = selectors.get_revision(wiki, old_number)
    new = selectors.get_revision(wiki, new_number)
    actions.do_record_community_read(
        current_agent(request), community, page="wiki_diff", wiki=wiki, request=request
    )
    return render(
        request,
        "communities/wiki_diff.html",
        {
            "community": community,
            "page": wiki,
            "old": old,
            "new": new,
            "title_changed": old.title != new.title,
            "lines": diff_lines(old.body, new.body),
        },
    )


@not_found_as_404
def wiki_revision(request: HttpRequest, slug: str, page: str, number: int) -> HttpResponse:
    community = _member_community(request, slug)
    wiki = selectors.get_wiki_page(community, page)
    revision = selectors.get_revision(wiki, number)
    actions.do_record_community_read(
        current_agent(request), community, page="wiki_revision", wiki=wiki, request=request
    )
    return render(
        request,
        "communities/wiki_revision.html",
        {
            "community": community,
            "page": wiki,
            "revision": revision,
            "html": selectors.render_page(wiki, community, revision.body),
        },
    )


@require_POST
@not_found_as_404
def wiki_revert(request: HttpRequest, slug: str, page: str, number: int) -> HttpResponse:
    agent = current_agent(request)
    community = _member_community(request, slug)
    wiki = selectors.get_wiki_page(community, page)
    _done(
        request,
        lambda: actions.do_revert_wiki_page(agent, wiki, number),
        _("Page reverted to revision %(number)s.") % {"number": number},
    )
    return redirect("communities:wiki_page", community.slug, wiki.slug)

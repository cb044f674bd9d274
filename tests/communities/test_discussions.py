"""Comments, replies, mentions, the edit window, deletion and reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from diplomatie.audit.models import Event
from diplomatie.communities.actions import (
    do_delete_comment,
    do_edit_comment,
    do_handle_report,
    do_post_comment,
    do_report_comment,
    resolve_mentions,
)
from diplomatie.communities.models import Comment, Report, ReportState
from diplomatie.communities.selectors import open_reports_for, thread_for
from diplomatie.core.errors import InvalidInput, NotFound, PermissionDenied
from diplomatie.directory.models import Agent
from diplomatie.notifications.models import Notification
from diplomatie.publications.models import Audience, Kind, Publication
from tests.communities.conftest import Communities, add_member, community_post
from tests.conftest import Ministry, signed_in
from tests.factories import make_member, send_publication


@pytest.fixture
def post(communities: Communities, desk_officer: Agent, service_head: Agent) -> Publication:
    add_member(communities.on_request, desk_officer, service_head)
    return community_post(desk_officer, communities.on_request)


def test_mentions_resolve_local_parts_the_author_may_see(
    ministry: Ministry, desk_officer: Agent, journalist: Agent, ambassador: Agent
) -> None:
    # camille@, henri@, marie@, alex@ (the journalist)
    assert resolve_mentions(desk_officer, "Bonjour @marie et @alex, cc @nobody.") == [
        ambassador,
        journalist,
    ]
    # An external sees only their colleagues: the ministry's agents are not resolved.
    assert resolve_mentions(journalist, "@marie @camille") == []
    # Ambiguous local parts mention no one; e-mail addresses in text are not mentions.
    make_member(ministry.levant, email="marie@other.example")
    assert resolve_mentions(desk_officer, "@marie write to x@marie.example") == []


def test_post_reply_and_mention_notify_readers_only(
    communities: Communities, post: Publication, desk_officer: Agent, service_head: Agent,
    ambassador: Agent,
) -> None:  # fmt: skip
    # The ambassador is not a member: mentioned, but not notified (cannot read it).
    comment = do_post_comment(
        service_head,
        post,
        body="Merci @camille, voir aussi @marie.",
    )
    assert set(comment.mentions.all()) == {desk_officer, ambassador}
    assert Notification.objects.filter(agent=desk_officer, kind="comment.mention").count() == 1
    assert not Notification.objects.filter(agent=ambassador).exists()
    event = Event.objects.get(action="comment.post", actor=service_head)
    assert event.details["mentions"] == [desk_officer.pk]
    # A reply to a reply answers the thread (one level).
    reply = do_post_comment(desk_officer, post, body="Avec plaisir.", parent=comment)
    second = do_post_comment(service_head, post, body="Parfait.", parent=reply)
    assert reply.parent_id == comment.pk and second.parent_id == comment.pk
    assert Notification.objects.filter(agent=service_head, kind="comment.reply").count() == 1
    with pytest.raises(InvalidInput):
        do_post_comment(desk_officer, post, body="   ")
    # A non-member cannot comment: the publication does not exist for them.
    with pytest.raises(NotFound):
        do_post_comment(ambassador, post, body="Bonjour")
    thread = thread_for(desk_officer, post)
    assert [c.pk for c in thread.comments] == [comment.pk]
    assert [r.pk for r in thread.comments[0].reply_list] == [reply.pk, second.pk]  # type: ignore[attr-defined]
    html = thread.comments[0].html  # type: ignore[attr-defined]
    assert f'href="/annuaire/personnes/{desk_officer.pk}/"' in html
    with pytest.raises(NotFound):
        thread_for(ambassador, post)


def test_markdown_in_comments_is_sanitised(post: Publication, desk_officer: Agent) -> None:
    comment = do_post_comment(
        desk_officer,
        post,
        body="**gras** <script>alert(1)</script> [x](javascript:alert(1))",
    )
    html = thread_for(desk_officer, post).comments[0].html  # type: ignore[attr-defined]
    assert "<strong>gras</strong>" in html
    assert "<script" not in html and 'href="javascript' not in html
    assert comment.body.startswith("**gras**")


def test_edit_window(post: Publication, desk_officer: Agent, service_head: Agent) -> None:
    comment = do_post_comment(desk_officer, post, body="Premier jet")
    with pytest.raises(PermissionDenied):
        do_edit_comment(service_head, comment.pk, body="Pas à moi")
    edited = do_edit_comment(desk_officer, comment.pk, body="Version corrigée @henri")
    assert edited.edited_at is not None and edited.body == "Version corrigée @henri"
    assert Notification.objects.filter(agent=service_head, kind="comment.mention").count() == 1
    event = Event.objects.get(action="comment.edit")
    assert event.details["previous"] == "Premier jet"
    Comment.objects.filter(pk=comment.pk).update(
        created_at=timezone.now() - dt.timedelta(minutes=16)
    )
    with pytest.raises(InvalidInput):
        do_edit_comment(desk_officer, comment.pk, body="Trop tard")


def test_deletion_by_author_or_moderator_keeps_the_row(
    communities: Communities, post: Publication, desk_officer: Agent, service_head: Agent,
    ambassador: Agent,
) -> None:  # fmt: skip
    add_member(communities.on_request, ambassador, service_head)
    comment = do_post_comment(desk_officer, post, body="À retirer")
    with pytest.raises(PermissionDenied):  # another member
        do_delete_comment(ambassador, comment.pk)
    do_delete_comment(service_head, comment.pk)  # the community's moderator
    comment.refresh_from_db()
    assert comment.is_deleted and comment.body == "À retirer"
    assert comment.deleted_by == service_head
    assert Event.objects.filter(action="comment.delete", actor=service_head).exists()
    assert Notification.objects.filter(agent=desk_officer, kind="comment.deleted").exists()
    thread = thread_for(ambassador, post)
    assert thread.comments[0].html == "" and thread.count == 0  # type: ignore[attr-defined]
    own = do_post_comment(ambassador, post, body="Le mien")
    do_delete_comment(ambassador, own.pk)
    with pytest.raises(InvalidInput):
        do_post_comment(desk_officer, post, body="Réponse", parent=own)


def test_reports_reach_the_right_moderators(
    ministry: Ministry, communities: Communities, post: Publication, desk_officer: Agent,
    service_head: Agent, ambassador: Agent,
) -> None:  # fmt: skip
    add_member(communities.on_request, ambassador, service_head)
    comment = do_post_comment(ambassador, post, body="Propos déplacés")
    with pytest.raises(InvalidInput):
        do_report_comment(desk_officer, comment.pk, reason="  ")
    with pytest.raises(InvalidInput):
        do_report_comment(ambassador, comment.pk, reason="moi-même")
    report = do_report_comment(desk_officer, comment.pk, reason="Insultant")
    with pytest.raises(InvalidInput):
        do_report_comment(desk_officer, comment.pk, reason="Encore")
    assert Notification.objects.filter(agent=service_head, kind="comment.report").exists()
    assert list(open_reports_for(service_head)) == [report]
    assert list(open_reports_for(desk_officer)) == []
    with pytest.raises(NotFound):  # not a moderator
        do_handle_report(desk_officer, report.pk, delete=False)
    do_handle_report(service_head, report.pk, delete=False)
    report.refresh_from_db()
    assert report.state == ReportState.DISMISSED and report.handled_by == service_head
    assert list(open_reports_for(service_head)) == []
    # A second report, and the moderator deletes the comment: the report is closed too.
    again = do_report_comment(desk_officer, comment.pk, reason="Toujours insultant")
    do_handle_report(service_head, again.pk, delete=True)
    again.refresh_from_db()
    comment.refresh_from_db()
    assert again.state == ReportState.DELETED and comment.is_deleted
    # Outside communities, the heads of the issuing organisation moderate.
    note = send_publication(
        desk_officer,
        kind=Kind.ARTICLE,
        summary="",
        body="Article de service.",
        issuer=ministry.levant,
        audience=Audience.MINISTRY,
    )
    remark = do_post_comment(ambassador, note, body="Remarque")
    report = do_report_comment(desk_officer, remark.pk, reason="Hors sujet")
    assert list(open_reports_for(service_head)) == [report]  # head of the Levant service
    assert list(open_reports_for(ambassador)) == []  # heads the embassy, not the issuer
    do_delete_comment(service_head, remark.pk)
    assert Report.objects.get(pk=report.pk).state == ReportState.DELETED


def test_the_journal_shows_open_reports_to_moderators(
    client: Client, post: Publication, desk_officer: Agent, service_head: Agent
) -> None:
    comment = do_post_comment(service_head, post, body="Texte signalé")
    do_report_comment(desk_officer, comment.pk, reason="Raison précise")
    page = signed_in(client, service_head).get(reverse("home")).content.decode()
    assert "Raison précise" in page and "Reported comments" in page
    page = signed_in(client, desk_officer).get(reverse("home")).content.decode()
    assert "Raison précise" not in page


def test_thread_query_count_does_not_grow(
    client: Client,
    django_assert_max_num_queries: object,
    post: Publication,
    desk_officer: Agent,
    service_head: Agent,
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = reverse("publications:detail", args=[post.pk])
    signed_in(client, desk_officer)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    top = do_post_comment(service_head, post, body="Un @camille")
    count()  # the first display counts a view (one write more); later ones in 30 min do not
    few = count()
    for i in range(15):
        parent = top if i % 2 else None
        do_post_comment(service_head, post, body=f"Commentaire {i} @camille", parent=parent)
    many = count()
    assert many == few, (few, many)


def test_posting_over_http_with_and_without_htmx(
    client: Client, post: Publication, desk_officer: Agent, service_head: Agent
) -> None:
    signed_in(client, desk_officer)
    url = reverse("communities:post_comment", args=[post.pk])
    response = client.post(url, {"body": "Sans JavaScript"})
    comment = Comment.objects.get(body="Sans JavaScript")
    assert response.status_code == 302
    assert response["Location"] == f"/publications/{post.pk}/#comment-{comment.pk}"
    response = client.post(
        url, {"body": "Réponse @henri", "parent": comment.pk}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith('<section class="discussion" id="discussion"')
    assert "Réponse" in html and "Sans JavaScript" in html
    assert Comment.objects.get(body="Réponse @henri").parent_id == comment.pk
    # Edit and report pages work without JavaScript too.
    edit = reverse("communities:edit_comment", args=[comment.pk])
    assert client.post(edit, {"body": "Corrigé"}).status_code == 302
    assert Comment.objects.get(pk=comment.pk).edited_at is not None
    signed_in(client, service_head)
    assert client.post(edit, {"body": "Pas le mien"}).status_code == 404  # not their comment
    report = reverse("communities:report_comment", args=[comment.pk])
    assert client.post(report, {"reason": "Test"}).status_code == 302
    assert Report.objects.filter(comment=comment, reporter=service_head).exists()

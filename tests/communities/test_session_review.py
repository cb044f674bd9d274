"""Review of the session: a member who becomes external keeps only the communities open to
externals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from diplomatie.access.policy import can_view_publication
from diplomatie.access.querysets import visible_publications
from diplomatie.communities.actions import do_delete_comment, do_leave, do_post_comment
from diplomatie.core.errors import PermissionDenied
from diplomatie.directory.models import Agent, Membership
from diplomatie.notifications.models import Notification
from diplomatie.publications.actions import do_create_draft, do_send
from diplomatie.publications.models import Status
from tests.communities.conftest import Communities, add_member, community_post
from tests.conftest import Ministry, signed_in
from tests.factories import draft_data, membership

pytestmark = pytest.mark.django_db


def test_member_who_became_external_no_longer_reads_a_closed_community(
    client: Client,
    ministry: Ministry,
    communities: Communities,
    service_head: Agent,
    desk_officer: Agent,
) -> None:
    add_member(communities.open, desk_officer, service_head)
    add_member(communities.externals, desk_officer, service_head)
    closed = community_post(service_head, communities.open, subject="Interne")
    shared = community_post(service_head, communities.externals, subject="Partagé")
    yesterday = timezone.localdate() - dt.timedelta(days=1)
    Membership.objects.filter(agent=desk_officer).update(start=yesterday, end=yesterday)
    membership(desk_officer, ministry.ngo)
    moved = Agent.objects.get(pk=desk_officer.pk)
    assert not can_view_publication(moved, closed)
    assert can_view_publication(moved, shared)
    visible = set(visible_publications(moved).values_list("pk", flat=True))
    assert closed.pk not in visible and shared.pk in visible
    signed_in(client, moved)
    assert client.get(reverse("publications:detail", args=[closed.pk])).status_code == 404
    wiki = reverse("communities:wiki", args=[communities.open.slug])
    assert client.get(wiki).status_code == 404
    shared_wiki = reverse("communities:wiki", args=[communities.externals.slug])
    assert client.get(shared_wiki).status_code == 200


def test_a_draft_is_not_published_in_a_community_its_author_has_left(
    communities: Communities, service_head: Agent, desk_officer: Agent
) -> None:
    add_member(communities.open, desk_officer, service_head)
    draft = do_create_draft(
        desk_officer,
        draft_data(
            kind="article",
            subject="Brouillon",
            summary="",
            issuer=desk_officer.memberships.get().organisation,
            community=communities.open,
        ),
    )
    do_leave(desk_officer, communities.open)
    with pytest.raises(PermissionDenied):
        do_send(desk_officer, draft)
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_a_former_member_is_not_told_the_subject_when_their_comment_is_deleted(
    communities: Communities, service_head: Agent, desk_officer: Agent
) -> None:
    add_member(communities.open, desk_officer, service_head)
    post = community_post(service_head, communities.open, subject="Sujet réservé aux membres")
    comment = do_post_comment(desk_officer, post, body="Un commentaire.")
    do_leave(desk_officer, communities.open)
    do_delete_comment(service_head, comment.pk)
    texts = Notification.objects.filter(agent=desk_officer).values_list("text", flat=True)
    assert not any("Sujet réservé" in text for text in texts)

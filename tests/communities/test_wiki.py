"""Wiki pages: revisions, history, diff, revert and links between pages."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from diplomatie.audit.models import Event
from diplomatie.communities.actions import (
    do_create_wiki_page,
    do_edit_wiki_page,
    do_revert_wiki_page,
)
from diplomatie.communities.models import WikiRevision
from diplomatie.communities.rendering import diff_lines
from diplomatie.communities.selectors import render_page
from diplomatie.core.errors import InvalidInput, NotFound, PermissionDenied
from diplomatie.directory.models import Agent
from tests.communities.conftest import Communities, add_member
from tests.conftest import signed_in


def test_revisions_are_all_kept_and_revert_adds_one(
    communities: Communities, desk_officer: Agent, service_head: Agent, ambassador: Agent
) -> None:
    community = communities.open
    add_member(community, desk_officer, service_head)
    page = do_create_wiki_page(
        service_head, community, title="Procédure visa", body="Étape 1\nÉtape 2\n"
    )
    assert page.slug == "procedure-visa" and page.revision_count == 1
    with pytest.raises(PermissionDenied):  # not a member
        do_create_wiki_page(ambassador, community, title="Intrus", body="")
    with pytest.raises(PermissionDenied):
        do_edit_wiki_page(ambassador, page, title="Procédure visa", body="x")
    with pytest.raises(InvalidInput):
        do_create_wiki_page(desk_officer, community, title="Procédure  visa", body="")
    with pytest.raises(InvalidInput):
        do_edit_wiki_page(desk_officer, page, title="Procédure visa", body="Étape 1\nÉtape 2\n")
    do_edit_wiki_page(
        desk_officer, page, title="Procédure visa", body="Étape 1\nÉtape 2 bis\nÉtape 3\n",
        comment="Précisions",
    )  # fmt: skip
    revision = do_revert_wiki_page(service_head, page, 1)
    page.refresh_from_db()
    assert page.revision_count == 3 and revision.number == 3 and revision.reverted_from == 1
    assert page.body == "Étape 1\nÉtape 2\n"
    assert list(
        WikiRevision.objects.filter(page=page).order_by("number").values_list("author", "comment")
    ) == [
        (service_head.pk, "Created"),
        (desk_officer.pk, "Précisions"),
        (service_head.pk, "Reverted to revision 1"),
    ]
    assert Event.objects.filter(action="wiki.revise").count() == 3
    with pytest.raises(InvalidInput):  # already reads like it
        do_revert_wiki_page(service_head, page, 1)
    with pytest.raises(NotFound):
        do_revert_wiki_page(service_head, page, 9)


def test_diff_lines() -> None:
    lines = diff_lines("a\nb\nc\n", "a\nB\nc\nd\n")
    assert [(x.kind, x.old, x.new, x.text) for x in lines] == [
        ("same", 1, 1, "a"),
        ("removed", 2, None, "b"),
        ("added", None, 2, "B"),
        ("same", 3, 3, "c"),
        ("added", None, 4, "d"),
    ]
    assert diff_lines("x", "x") == []


def test_links_between_pages(communities: Communities, service_head: Agent) -> None:
    community = communities.open
    target = do_create_wiki_page(service_head, community, title="Contacts utiles", body="")
    page = do_create_wiki_page(
        service_head,
        community,
        title="Accueil",
        body="Voir [[Contacts utiles]], [[contacts UTILES]] et [[Page à écrire]].",
    )
    html = str(render_page(page, community))
    base = f"/communautes/{community.slug}/wiki/"
    assert html.count(f'<a href="{base}{target.slug}/"') == 2
    assert f'<a class="wiki-missing" href="{base}?nouvelle=Page%20%C3%A0%20%C3%A9crire"' in html


def test_wiki_pages_over_http(
    client: Client, communities: Communities, desk_officer: Agent, service_head: Agent
) -> None:
    community = communities.open
    add_member(community, desk_officer, service_head)
    signed_in(client, desk_officer)
    wiki = reverse("communities:wiki", args=[community.slug])
    response = client.post(wiki, {"title": "Guide", "body": "Ligne un\n", "comment": ""})
    assert response.status_code == 302
    page_url = reverse("communities:wiki_page", args=[community.slug, "guide"])
    assert response["Location"] == page_url
    edit = reverse("communities:wiki_edit", args=[community.slug, "guide"])
    client.post(edit, {"title": "Guide", "body": "Ligne un\nLigne deux\n", "comment": "Ajout"})
    history = client.get(reverse("communities:wiki_history", args=[community.slug, "guide"]))
    assert "Ajout" in history.content.decode()
    diff = client.get(reverse("communities:wiki_diff", args=[community.slug, "guide"]) + "?a=1&b=2")
    assert "<ins>Ligne deux</ins>" in diff.content.decode()
    revision = reverse("communities:wiki_revision", args=[community.slug, "guide", 1])
    assert client.get(revision).status_code == 200
    revert = reverse("communities:wiki_revert", args=[community.slug, "guide", 1])
    assert client.post(revert).status_code == 302
    assert "Ligne deux" not in client.get(page_url).content.decode()
    assert client.get(wiki + "?nouvelle=Nouvelle").status_code == 200

"""Cross-site scripting: what people type comes back escaped or sanitised, never run.

Each payload carries the marker `xss-9`; the rendered HTML is parsed and no element,
event handler or URL may carry it (`inert.assert_inert`)."""

from __future__ import annotations

import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from diplomatie.communities.actions import do_create_community, do_create_wiki_page
from diplomatie.communities.models import Access
from diplomatie.directory.models import Agent
from diplomatie.publications.actions import do_add_attachment, do_create_draft, do_send
from diplomatie.publications.models import Audience, Kind
from tests.conftest import Ministry, signed_in
from tests.factories import draft_data
from tests.security.inert import assert_inert

MARK = "xss-9"
PAYLOADS = [
    f"<script>alert('{MARK}')</script>",
    f"<img src=x onerror=\"alert('{MARK}')\">",
    f"<svg onload=alert('{MARK}')>",
    f'"><iframe src="javascript:alert(\'{MARK}\')"></iframe>',
    f"<a href=\"javascript:alert('{MARK}')\">{MARK}</a>",
    f"</textarea><script>{MARK}</script>",
    f"{{{{ {MARK} }}}}{{% now 'Y' %}}",
]
MARKDOWN_PAYLOADS = [
    *PAYLOADS,
    f"[click](javascript:alert('{MARK}'))",
    f"[click](  JaVaScRiPt:alert('{MARK}'))",
    f"![img](javascript:alert('{MARK}'))",
    f"[data](data:text/html;base64,PHNjcmlwdD4={MARK})",
    f'<div style="background:url(javascript:alert(1))" title="{MARK}">x</div>',
    f"<details open ontoggle=alert('{MARK}')>",
]


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def shown_escaped(body: str, payload: str) -> bool:
    """The payload is in the page as text: escaped once by the template."""
    return html.escape(payload, quote=False) in body or html.escape(payload) in body


@pytest.mark.parametrize("payload", MARKDOWN_PAYLOADS)
def test_markdown_body_is_sanitised(
    client: Client, ministry: Ministry, desk_officer: Agent, payload: str
) -> None:
    publication = do_send(
        desk_officer,
        do_create_draft(
            desk_officer,
            draft_data(
                kind=Kind.NOTE,
                subject="Note",
                summary=payload,
                body=f"Texte.\n\n{payload}\n\n*fin* {payload}",
                issuer=ministry.levant,
                action_to=ministry.levant,
            ),
        ),
    )
    body = page(
        signed_in(client, desk_officer), reverse("publications:detail", args=[publication.pk])
    )
    assert "<em>fin</em>" in body  # the Markdown was rendered
    assert_inert(body, MARK)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_subject_and_tags_are_escaped_everywhere_they_are_shown(
    client: Client, ministry: Ministry, desk_officer: Agent, payload: str
) -> None:
    tag = payload[:40]
    publication = do_send(
        desk_officer,
        do_create_draft(
            desk_officer,
            draft_data(
                kind=Kind.NOTE,
                subject=payload,
                summary="Résumé.",
                issuer=ministry.levant,
                action_to=ministry.levant,
                audience=Audience.MINISTRY,
                tags=[tag],
            ),
        ),
    )
    draft = do_create_draft(
        desk_officer, draft_data(kind=Kind.NOTE, subject=payload, issuer=ministry.levant)
    )
    client = signed_in(client, desk_officer)
    detail = page(client, reverse("publications:detail", args=[publication.pk]))
    assert shown_escaped(detail, payload)
    assert shown_escaped(detail, tag.lower())
    for url in (
        reverse("home"),
        reverse("home") + "?pane=interest",
        reverse("publications:drafts"),
        reverse("publications:edit", args=[draft.pk]),
        reverse("publications:compose") + f"?reply_to={publication.pk}",
        reverse("audience:publication", args=[publication.pk]),
        reverse("audience:scope", args=["mine"]),
    ):
        assert_inert(page(client, url), MARK)
    assert_inert(detail, MARK)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_attachment_names_are_escaped_and_kept_out_of_headers(
    client: Client, ministry: Ministry, desk_officer: Agent, payload: str
) -> None:
    draft = do_create_draft(
        desk_officer, draft_data(kind=Kind.NOTE, subject="Pièces", issuer=ministry.levant)
    )
    name = f"{payload}.pdf"
    attachment = do_add_attachment(
        desk_officer, draft, SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n", "text/html")
    )
    client = signed_in(client, desk_officer)
    assert_inert(page(client, reverse("publications:detail", args=[draft.pk])), MARK)
    response = client.get(reverse("publications:attachment", args=[draft.pk, attachment.pk]))
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "\n" not in disposition and "\r" not in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_community_names_descriptions_and_wiki_titles_are_escaped(
    client: Client, ministry: Ministry, service_head: Agent, payload: str
) -> None:
    community = do_create_community(
        service_head,
        name=payload[:120],
        description=f"{payload}\n\n[[{payload}]]",
        access=Access.OPEN,
    )
    wiki = do_create_wiki_page(
        service_head,
        community,
        title=payload[:150],
        body=f"Voir [[{payload}]] et [[Une autre page]].\n\n{payload}",
    )
    client = signed_in(client, service_head)
    for url in (
        reverse("communities:index"),
        reverse("communities:detail", args=[community.slug]),
        reverse("communities:members", args=[community.slug]),
        reverse("communities:wiki", args=[community.slug]),
        reverse("communities:wiki_page", args=[community.slug, wiki.slug]),
        reverse("communities:wiki_history", args=[community.slug, wiki.slug]),
        reverse("communities:wiki_edit", args=[community.slug, wiki.slug]),
        reverse("communities:wiki", args=[community.slug]) + f"?nouvelle={payload}",
        reverse("audience:index") + "mine/",
    ):
        assert_inert(page(client, url), MARK)
    index = page(client, reverse("communities:index"))
    assert shown_escaped(index, payload[:120])


@pytest.mark.parametrize("payload", PAYLOADS)
def test_search_and_filter_queries_are_escaped(
    client: Client, ministry: Ministry, desk_officer: Agent, admin: Agent, payload: str
) -> None:
    client = signed_in(client, desk_officer)
    for url in (
        reverse("directory:tree"),
        reverse("directory:people"),
        reverse("home"),
        reverse("publications:compose"),
    ):
        params = {
            "q": payload,
            "kind": payload,
            "precedence": payload,
            "theme": payload,
            "since": payload,
            "pane": payload,
            "ranking": payload,
            "cursor": payload,
            payload: payload,
        }
        response = client.get(url, params)
        assert response.status_code == 200, url
        assert_inert(response.content.decode(), MARK)
    directory = client.get(reverse("directory:people"), {"q": payload}).content.decode()
    assert shown_escaped(directory, payload[:100])
    audit = signed_in(Client(HTTP_ACCEPT_LANGUAGE="en"), admin)
    response = audit.get(reverse("audit:events"), {"q": payload, "action": payload, payload: "1"})
    assert response.status_code == 200
    assert_inert(response.content.decode(), MARK)

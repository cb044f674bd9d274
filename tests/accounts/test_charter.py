"""The security charter: versions, immutability and fingerprint; the gate that leads an
external to it from every page until they accept it, and again at each new version;
the acceptance record."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.test import Client
from django.urls import reverse

from diplomatie.accounts.charter import (
    do_accept_charter,
    do_publish_charter,
    do_save_charter_draft,
)
from diplomatie.accounts.models import CharterAcceptance, CharterVersion
from diplomatie.audit.models import Event
from diplomatie.communities.actions import do_create_community, do_join
from diplomatie.core.errors import InvalidInput, NotFound, PermissionDenied
from diplomatie.directory.models import Agent
from tests.accounts.helpers import CHARTER_EN, CHARTER_FR, accredit, publish_charter
from tests.conftest import Ministry, signed_in
from tests.factories import make_member, send_publication


def test_a_published_version_is_numbered_fingerprinted_and_frozen(admin: Agent) -> None:
    first = publish_charter(admin)
    assert first.number == 1 and first.is_published
    canonical = json.dumps({"en": CHARTER_EN, "fr": CHARTER_FR}, ensure_ascii=False)
    assert first.sha256 == hashlib.sha256(canonical.encode()).hexdigest()
    assert first.digest_matches()
    with pytest.raises(InvalidInput, match="never change"):
        do_publish_charter(admin, first.pk)
    # Writing again makes a new draft; the published text stays as it was.
    draft = do_save_charter_draft(admin, text_fr="# V2", text_en="# V2 en")
    assert draft.pk != first.pk and draft.number is None
    first.refresh_from_db()
    assert first.text_fr == CHARTER_FR
    assert do_save_charter_draft(admin, text_fr="# V2 bis", text_en="# V2 en").pk == draft.pk
    second = do_publish_charter(admin, draft.pk)
    assert second.number == 2 and second.text_fr == "# V2 bis"
    actions = list(
        Event.objects.filter(action__startswith="charter.").values_list("action", flat=True)
    )
    assert sorted(actions) == sorted(
        ["charter.draft", "charter.publish", "charter.draft", "charter.edit", "charter.publish"]
    )


def test_both_languages_are_needed(admin: Agent) -> None:
    with pytest.raises(InvalidInput, match="English"):
        do_save_charter_draft(admin, text_fr="# Charte", text_en=" ")


def test_only_administrators_write_the_charter(
    ministry: Ministry, desk_officer: Agent, journalist: Agent, admin: Agent
) -> None:
    draft = do_save_charter_draft(admin, text_fr="a", text_en="b")
    for agent in (desk_officer, journalist):
        with pytest.raises(NotFound):
            do_save_charter_draft(agent, text_fr="a", text_en="b")
        with pytest.raises(NotFound):
            do_publish_charter(agent, draft.pk)


@pytest.fixture
def external(ministry: Ministry, desk_officer: Agent, admin: Agent) -> Agent:
    row = accredit(admin, desk_officer, ministry.media)
    assert row.agent is not None
    return row.agent


def test_nobody_is_blocked_before_a_charter_is_published(
    client: Client, external: Agent, journalist: Agent
) -> None:
    for agent in (external, journalist):
        signed_in(client, agent)
        assert client.get(reverse("home")).status_code == 200


def gated_pages(ministry: Ministry, journalist: Agent, admin: Agent) -> list[str]:
    """One page of each kind: journal, a publication, a community, the directory, a
    profile, notifications, the account, search-like lists, a form."""
    author = make_member(ministry.levant)
    article = send_publication(
        author, kind="article", summary="", audience="partners", issuer=ministry.levant
    )
    community = do_create_community(admin, name="Presse", open_to_externals=True)
    do_join(journalist, community)
    return [
        reverse("home"),
        reverse("me"),
        reverse("publications:detail", args=[article.pk]),
        reverse("publications:compose"),
        reverse("communities:index"),
        reverse("communities:detail", args=[community.slug]),
        reverse("directory:tree"),
        reverse("directory:organisation", args=[ministry.media.code]),
        reverse("directory:agent", args=[journalist.pk]),
        reverse("directory:people"),
        reverse("notifications:inbox"),
        reverse("accounts:account"),
        reverse("accounts:password_change"),
        reverse("parapheur:mine"),
        reverse("audience:follows"),
    ]


@pytest.mark.parametrize("persona", ["journalist", "external"])
def test_every_page_leads_an_external_to_the_charter(
    client: Client,
    ministry: Ministry,
    journalist: Agent,
    external: Agent,
    admin: Agent,
    persona: str,
) -> None:
    agent = {"journalist": journalist, "external": external}[persona]
    pages = gated_pages(ministry, journalist, admin)
    version = publish_charter(admin)
    signed_in(client, agent)
    charter = reverse("accounts:charter")
    for url in pages:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(charter + "?next="), url
    posted = client.post(reverse("publications:compose"), {"subject": "x"})
    assert posted.status_code == 302 and posted["Location"] == charter
    htmx = client.get(reverse("notifications:inbox"), headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and htmx["HX-Redirect"] == charter
    # The charter itself, the language switch and sign-out stay reachable.
    page = client.get(charter)
    assert page.status_code == 200 and "I accept the charter" in page.content.decode()
    switched = client.post(reverse("accounts:set_language"), {"language": "fr", "next": "/"})
    assert switched.status_code == 302
    client.cookies.pop("django_language", None)
    # Accepting lets every page through.
    response = client.post(
        charter, {"version": version.pk, "agree": "on", "language": "en", "next": pages[2]}
    )
    assert response.status_code == 302 and response["Location"] == pages[2]
    for url in pages:
        assert client.get(url).status_code in {200, 404}, url
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_accepting_needs_the_box_ticked(client: Client, external: Agent, admin: Agent) -> None:
    version = publish_charter(admin)
    signed_in(client, external)
    response = client.post(reverse("accounts:charter"), {"version": version.pk})
    assert "Tick the box" in response.content.decode()
    assert not CharterAcceptance.objects.exists()


def test_the_next_address_must_be_on_the_platform(
    client: Client, external: Agent, admin: Agent
) -> None:
    version = publish_charter(admin)
    signed_in(client, external)
    response = client.post(
        reverse("accounts:charter"),
        {"version": version.pk, "agree": "on", "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("home")


def test_internal_agents_and_administrators_are_not_asked(
    client: Client,
    ministry: Ministry,
    desk_officer: Agent,
    partner_agent: Agent,
    admin: Agent,
) -> None:
    publish_charter(admin)
    for agent in (desk_officer, partner_agent, admin):
        signed_in(client, agent)
        assert client.get(reverse("home")).status_code == 200
        page = client.get(reverse("accounts:charter")).content.decode()
        assert "I accept the charter" not in page
        with pytest.raises(PermissionDenied):
            do_accept_charter(agent, CharterVersion.objects.get().pk, language="fr")


def test_acceptance_is_recorded_and_shown(client: Client, external: Agent, admin: Agent) -> None:
    version = publish_charter(admin)
    signed_in(client, external)
    client.post(
        reverse("accounts:charter"),
        {"version": version.pk, "agree": "on", "language": "fr"},
        REMOTE_ADDR="192.0.2.44",
    )
    acceptance = CharterAcceptance.objects.get()
    assert acceptance.agent == external and acceptance.version == version
    assert acceptance.sha256 == version.sha256 and acceptance.ip_address == "192.0.2.44"
    assert acceptance.language == "fr"
    event = Event.objects.get(action="charter.accept")
    assert event.actor == external and event.ip_address == "192.0.2.44"
    assert event.details == {"number": 1, "sha256": version.sha256, "language": "fr"}
    page = client.get(reverse("accounts:account")).content.decode()
    assert version.sha256 in page and "192.0.2.44" in page
    assert reverse("accounts:account") in client.get(reverse("me")).content.decode()
    # Accepting twice records it once.
    do_accept_charter(external, version.pk, language="en")
    assert CharterAcceptance.objects.count() == 1


def test_a_new_version_is_accepted_again(client: Client, external: Agent, admin: Agent) -> None:
    first = publish_charter(admin)
    do_accept_charter(external, first.pk, language="en")
    signed_in(client, external)
    assert client.get(reverse("home")).status_code == 200
    second = publish_charter(admin, fr="# V2", en="# V2")
    assert client.get(reverse("home")).status_code == 302
    with pytest.raises(InvalidInput, match="newer version"):
        do_accept_charter(external, first.pk, language="en")
    do_accept_charter(external, second.pk, language="en")
    assert client.get(reverse("home")).status_code == 200
    assert list(
        CharterAcceptance.objects.filter(agent=external).values_list("version__number", flat=True)
    ) == [2, 1]


def test_the_charter_is_rendered_safely(client: Client, external: Agent, admin: Agent) -> None:
    publish_charter(admin, fr="<script>alert(1)</script> [x](javascript:alert(1))", en="ok")
    signed_in(client, external)
    page = client.get(reverse("accounts:charter") + "?langue=fr").content.decode()
    assert "<script>alert(1)" not in page
    assert "&lt;script&gt;" in page and 'href="javascript' not in page


def test_charter_administration_pages(
    client: Client, ministry: Ministry, desk_officer: Agent, external: Agent, admin: Agent
) -> None:
    signed_in(client, admin)
    response = client.post(
        reverse("accounts:charter_draft"), {"text_fr": "# Charte", "text_en": "# Charter"}
    )
    draft = CharterVersion.objects.get()
    assert response["Location"] == reverse("accounts:charter_version", args=[draft.pk])
    assert client.get(reverse("accounts:charter_versions")).status_code == 200
    page = client.get(reverse("accounts:charter_version", args=[draft.pk])).content.decode()
    assert "Publish this version" in page
    publish = reverse("accounts:charter_publish", args=[draft.pk])
    for agent in (desk_officer, external):
        signed_in(client, agent)
        for name in ("accounts:charter_versions", "accounts:charter_draft"):
            assert client.get(reverse(name)).status_code == 404
        assert client.get(reverse("accounts:charter_version", args=[draft.pk])).status_code == 404
        assert client.post(publish).status_code == 404
    client.logout()
    response = client.get(reverse("accounts:charter_versions"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    assert client.get(reverse("accounts:charter")).status_code == 302
    signed_in(client, admin)
    assert client.post(publish).status_code == 302
    draft.refresh_from_db()
    assert draft.number == 1
    again = client.post(publish, follow=True).content.decode()
    assert "never change" in again

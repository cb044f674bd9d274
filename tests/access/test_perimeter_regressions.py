"""Issue 9: the leaks of the sharing perimeter found when the demo was tried persona by
persona — one regression test per defect, each through the pages a person uses."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from diplomatie.access.perimeter import perimeter_of
from diplomatie.access.policy import can_view_publication
from diplomatie.audit.models import Event
from diplomatie.communities.actions import do_create_wiki_page
from diplomatie.communities.models import Community, CommunityMembership, MembershipState
from diplomatie.core.errors import InvalidInput, PermissionDenied
from diplomatie.directory.models import Agent, Organisation, OrganisationKind, Sector
from diplomatie.parapheur.actions import StepSpec, do_create_template
from diplomatie.publications.actions import do_add_attachment, do_create_draft
from diplomatie.publications.models import Audience, Kind, Publication, Status
from diplomatie.routing.models import DistributionList, Task
from tests.conftest import Ministry, signed_in
from tests.factories import draft_data, make_member, make_organisation, send_publication


@pytest.fixture
def dgef(ministry: Ministry) -> Organisation:
    """A service under a partner administration (the DGEF under the Interior ministry)."""
    return make_organisation(
        OrganisationKind.SERVICE, parent=ministry.interior, name="DGEF", code="dgef"
    )


@pytest.fixture
def dgef_agent(dgef: Organisation) -> Agent:
    return make_member(dgef, display_name="Dora Guérin", email="dora@i.example")


@pytest.fixture
def press_club(desk_officer: Agent, journalist: Agent) -> Community:
    """A community opened to externals, with the journalist and the desk officer in it."""
    community = Community.objects.create(
        name="Club de la presse",
        slug="club-presse",
        open_to_externals=True,
        created_by=desk_officer,
    )
    for agent in (desk_officer, journalist):
        CommunityMembership.objects.create(
            community=community, agent=agent, state=MembershipState.MEMBER
        )
    return community


def _article(author: Agent, issuer: Organisation, **fields: object) -> Publication:
    return send_publication(
        author, kind=Kind.ARTICLE, issuer=issuer, summary="", body="Un article.", **fields
    )


# --- The journalist and the compose form ---------------------------------------------------


def test_the_journalist_is_offered_articles_in_his_communities_only(
    client: Client, ministry: Ministry, journalist: Agent, press_club: Community
) -> None:
    DistributionList.objects.create(code="europe", name="Ambassades en Europe", kinds=["embassy"])
    closed = Community.objects.create(name="Interne", slug="interne", created_by=journalist)
    CommunityMembership.objects.create(
        community=closed, agent=journalist, state=MembershipState.MEMBER
    )
    signed_in(client, journalist)
    page = client.get(reverse("publications:compose"))
    assert page.status_code == 200
    form = page.context["form"]
    assert [value for value, _label in form.fields["kind"].choices] == [Kind.ARTICLE]
    for name in ("action_to", "info_to", "lists", "precedence", "audience"):
        assert name not in form.fields, name
    assert list(form.fields["community"].queryset) == [press_club]
    assert list(form.fields["issuer"].queryset) == [ministry.media]
    html = page.content.decode()
    for absent in ("Ambassades en Europe", ministry.levant.name, "Diplomatic telegram", "Interne"):
        assert absent not in html, absent


def test_the_journalist_cannot_send_a_telegram_for_action(
    client: Client, ministry: Ministry, journalist: Agent, press_club: Community
) -> None:
    """He sent a telegram "pour action" to the Middle East service; it was numbered and
    landed as a task. Neither the form nor the action lets it through now."""
    signed_in(client, journalist)
    response = client.post(
        reverse("publications:compose"),
        {
            "kind": Kind.TELEGRAM, "issuer": ministry.media.pk, "subject": "Demande d'entretien",
            "summary": "Résumé.", "body": "Texte.", "language": "fr", "classification": "NP",
            "action_to": ministry.levant.pk, "action": "send",
        },
    )  # fmt: skip
    assert response.status_code == 200  # the form again, with the reason
    assert not Publication.objects.filter(subject="Demande d'entretien").exists()
    for data in (
        draft_data(issuer=ministry.media, action_to=ministry.levant),
        draft_data(kind=Kind.NOTE, issuer=ministry.media, info_to=[ministry.levant]),
        draft_data(kind=Kind.ARTICLE, issuer=ministry.media, info_to=[ministry.levant]),
    ):
        with pytest.raises(PermissionDenied):
            do_create_draft(journalist, data)
    assert not Task.objects.exists()
    assert not Publication.objects.exclude(chrono="").exists()


def test_the_journalist_writes_articles_in_a_community_open_to_externals(
    ministry: Ministry, journalist: Agent, press_club: Community
) -> None:
    article = _article(journalist, ministry.media, community=press_club)
    assert article.status == Status.SENT and article.chrono == ""
    with pytest.raises(InvalidInput):  # outside a community
        _article(journalist, ministry.media)
    closed = Community.objects.create(name="Interne", slug="interne", created_by=journalist)
    CommunityMembership.objects.create(
        community=closed, agent=journalist, state=MembershipState.MEMBER
    )
    with pytest.raises(PermissionDenied):  # a community closed to externals
        _article(journalist, ministry.media, community=closed)


# --- An agent of a service under a partner administration ----------------------------------


def test_a_service_under_a_partner_administration_is_not_the_ministry(
    client: Client,
    ministry: Ministry,
    dgef: Organisation,
    dgef_agent: Agent,
    desk_officer: Agent,
    service_head: Agent,
) -> None:
    assert dgef.sector == Sector.ADMINISTRATION
    assert not perimeter_of(dgef_agent).in_ministry
    for_ministry = send_publication(
        desk_officer,
        issuer=ministry.levant,
        audience=Audience.MINISTRY,
        action_to=ministry.consular,
    )
    for_administrations = send_publication(
        desk_officer,
        issuer=ministry.levant,
        audience=Audience.ADMINISTRATIONS,
        action_to=ministry.consular,
    )
    assert not can_view_publication(dgef_agent, for_ministry)
    assert can_view_publication(dgef_agent, for_administrations)
    do_create_template(
        None,
        organisation=ministry.ministry,
        name="Visa du chef de service",
        steps=[StepSpec(kind="visa", agents=[service_head])],
    )
    signed_in(client, dgef_agent)
    templates = client.get(reverse("parapheur:templates"))
    assert "Visa du chef de service" not in templates.content.decode()
    for url in (
        reverse("publications:detail", args=[for_ministry.pk]),
        f"{reverse('publications:compose')}?reply_to={for_ministry.pk}",
        f"{reverse('publications:compose')}?supersedes={for_ministry.pk}",
        reverse("publications:edit", args=[for_ministry.pk]),
        reverse("parapheur:start", args=[for_ministry.pk]),
        f"{reverse('publications:compose')}?supersedes={for_administrations.pk}",
        reverse("publications:edit", args=[for_administrations.pk]),
        reverse("parapheur:start", args=[for_administrations.pk]),
    ):
        assert client.get(url).status_code == 404, url
    # She answers what reaches her administration, but starts no circuit of her own.
    reply = client.get(f"{reverse('publications:compose')}?reply_to={for_administrations.pk}")
    assert reply.status_code == 200
    assert Kind.LETTER not in [v for v, _ in reply.context["form"].fields["kind"].choices]
    own = do_create_draft(dgef_agent, draft_data(kind=Kind.NOTE, issuer=dgef, action_to=dgef))
    assert client.get(reverse("parapheur:start", args=[own.pk])).status_code == 404
    # The desk officer of the ministry still sees the templates.
    signed_in(client, desk_officer)
    templates = client.get(reverse("parapheur:templates"))
    assert "Visa du chef de service" in templates.content.decode()


# --- The start page of a circuit, the edit form of an article ------------------------------


def test_an_external_cannot_open_the_start_page_of_a_letter_addressed_to_them(
    client: Client, ministry: Ministry, journalist: Agent, desk_officer: Agent
) -> None:
    letter = do_create_draft(
        desk_officer,
        draft_data(kind=Kind.LETTER, issuer=ministry.levant, action_to=ministry.media, summary=""),
    )
    Publication.objects.filter(pk=letter.pk).update(status=Status.SENT, sent_at=timezone.now())
    assert can_view_publication(journalist, Publication.objects.get(pk=letter.pk))
    signed_in(client, journalist)
    assert client.get(reverse("publications:detail", args=[letter.pk])).status_code == 200
    assert client.get(reverse("parapheur:start", args=[letter.pk])).status_code == 404
    draft = do_create_draft(
        desk_officer,
        draft_data(kind=Kind.LETTER, issuer=ministry.levant, action_to=ministry.media, summary=""),
    )
    signed_in(client, desk_officer)
    assert client.get(reverse("parapheur:start", args=[draft.pk])).status_code == 200


def test_only_the_authors_open_the_edit_form_of_an_article(
    client: Client,
    ministry: Ministry,
    desk_officer: Agent,
    service_head: Agent,
    partner_agent: Agent,
    journalist: Agent,
) -> None:
    article = _article(desk_officer, ministry.levant, audience=Audience.PARTNERS)
    telegram = send_publication(desk_officer, issuer=ministry.levant, action_to=ministry.consular)
    url = reverse("publications:edit", args=[article.pk])
    for reader in (service_head, partner_agent, journalist):
        signed_in(client, reader)
        assert client.get(reverse("publications:detail", args=[article.pk])).status_code == 200
        assert client.get(url).status_code == 404, reader
        assert client.post(url, {"subject": "X", "body": "Y"}).status_code == 404, reader
    signed_in(client, desk_officer)
    assert client.get(url).status_code == 200
    # A sent telegram is a record: there is no form to change it, even for its author.
    assert client.get(reverse("publications:edit", args=[telegram.pk])).status_code == 404


# --- The audience box and the exports ------------------------------------------------------


def test_the_audience_box_tells_no_external_how_many_agents_the_addressees_have(
    client: Client, ministry: Ministry, desk_officer: Agent, journalist: Agent
) -> None:
    telegram = send_publication(
        desk_officer, issuer=ministry.levant, action_to=ministry.consular, info_to=[ministry.media]
    )
    make_member(ministry.consular)
    signed_in(client, journalist)
    page = client.get(reverse("publications:detail", args=[telegram.pk]))
    assert page.status_code == 200
    assert page.context["audience"].addressees is None
    assert "Addressees who read it" not in page.content.decode()
    signed_in(client, desk_officer)
    page = client.get(reverse("publications:detail", args=[telegram.pk]))
    assert "Addressees who read it" in page.content.decode()


def test_externals_never_export(
    client: Client,
    ministry: Ministry,
    journalist: Agent,
    desk_officer: Agent,
    press_club: Community,
) -> None:
    mine = _article(journalist, ministry.media, community=press_club)
    signed_in(client, journalist)
    assert client.get(reverse("audience:publication", args=[mine.pk])).status_code == 200
    for url in (
        reverse("audience:publication_export", args=[mine.pk]),
        reverse("audience:scope_export", args=["mine"]),
        reverse("audit:export"),
    ):
        assert client.get(url).status_code == 404, url
    page = client.get(reverse("audience:scope", args=["mine"])).content.decode()
    assert "Export as CSV" not in page
    theirs = _article(desk_officer, ministry.levant, community=press_club)
    signed_in(client, desk_officer)
    assert client.get(reverse("audience:publication_export", args=[theirs.pk])).status_code == 200


# --- What an external opened is in the audit log -------------------------------------------


def test_what_an_external_opens_is_in_the_audit_log(
    client: Client,
    ministry: Ministry,
    journalist: Agent,
    desk_officer: Agent,
    press_club: Community,
    tmp_path: object,
    settings: object,
) -> None:
    settings.DATA_DIR = tmp_path  # type: ignore[attr-defined]
    draft = do_create_draft(
        desk_officer,
        draft_data(kind=Kind.NOTE, issuer=ministry.levant, action_to=ministry.media, summary=""),
    )
    attachment = do_add_attachment(
        desk_officer, draft, SimpleUploadedFile("note.txt", b"hello press")
    )
    from diplomatie.publications.actions import do_send

    note = do_send(desk_officer, draft)
    wiki = do_create_wiki_page(desk_officer, press_club, title="Accréditations", body="Texte.")

    def reads(action: str) -> list[Event]:
        return list(Event.objects.filter(action=action).order_by("sequence"))

    signed_in(client, journalist)
    assert client.get(reverse("publications:detail", args=[note.pk])).status_code == 200
    download = client.get(reverse("publications:attachment", args=[note.pk, attachment.pk]))
    assert b"".join(download.streaming_content) == b"hello press"  # type: ignore[attr-defined]
    assert client.get(reverse("communities:detail", args=[press_club.slug])).status_code == 200
    assert client.get(reverse("communities:wiki", args=[press_club.slug])).status_code == 200
    page = reverse("communities:wiki_page", args=[press_club.slug, wiki.slug])
    assert client.get(page).status_code == 200
    publication_reads = reads("publication.read_by_external")
    assert [(e.actor_id, e.target_id) for e in publication_reads] == [
        (journalist.pk, str(note.pk)),
        (journalist.pk, str(note.pk)),
    ]
    assert "attachment" not in publication_reads[0].details
    assert publication_reads[1].details["attachment"] == attachment.pk
    community_reads = reads("community.read_by_external")
    assert [e.details["page"] for e in community_reads] == ["detail", "wiki", "wiki_page"]
    assert all(e.actor_id == journalist.pk for e in community_reads)
    assert community_reads[2].details["wiki"] == wiki.slug
    # An internal agent's ordinary reads are not logged.
    signed_in(client, desk_officer)
    before = Event.objects.count()
    client.get(reverse("publications:detail", args=[note.pk]))
    client.get(reverse("communities:detail", args=[press_club.slug]))
    client.get(page)
    assert Event.objects.count() == before


def test_an_external_reads_names_without_links_to_pages_he_cannot_open(
    client: Client, ministry: Ministry, desk_officer: Agent, service_head: Agent, journalist: Agent
) -> None:
    from diplomatie.communities.actions import do_post_comment

    article = _article(desk_officer, ministry.levant, audience=Audience.PARTNERS)
    do_post_comment(service_head, article, body="Merci pour cet éclairage.")
    profile = reverse("directory:agent", args=[desk_officer.pk])
    signed_in(client, journalist)
    page = client.get(reverse("publications:detail", args=[article.pk])).content.decode()
    assert desk_officer.display_name in page and service_head.display_name in page
    assert profile not in page
    assert reverse("directory:agent", args=[service_head.pk]) not in page
    assert client.get(profile).status_code == 404
    # He reads it, but does not comment outside the communities open to him.
    assert "comment-form" not in page
    signed_in(client, service_head)
    page = client.get(reverse("publications:detail", args=[article.pk])).content.decode()
    assert profile in page and "comment-form" in page

"""Publication pages: composing, refused input with its message, 404 for outsiders,
attachments served only through the policy, task actions over htmx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from pytest_django.fixtures import Settings

from diplomatie.directory.models import Agent
from diplomatie.publications.models import Attachment, Publication
from diplomatie.routing.models import Task
from tests.conftest import Ministry, signed_in
from tests.factories import make_member, send_publication

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _data_dir(settings: Settings, tmp_path: Path) -> None:
    settings.DATA_DIR = tmp_path


def form(ministry: Ministry, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "telegram",
        "issuer": ministry.embassy.pk,
        "subject": "Élections législatives",
        "summary": "Victoire de l'opposition.",
        "body": "Le scrutin s'est déroulé dans le calme.",
        "language": "fr",
        "classification": "NP",
        "audience": "addressees",
        "precedence": "routine",
        "action_to": ministry.levant.pk,
        "info_to": [ministry.consular.pk, ministry.political.pk],
        "tags": "élections",
        "action": "send",
    }
    data.update(overrides)
    return data


def test_compose_and_send(client: Client, ministry: Ministry, ambassador: Agent) -> None:
    signed_in(client, ambassador)
    assert client.get(reverse("publications:compose")).status_code == 200
    response = client.post(
        reverse("publications:compose"),
        form(ministry, attachment=SimpleUploadedFile("note.pdf", PDF)),
    )
    assert response.status_code == 302
    publication = Publication.objects.get()
    assert publication.status == "sent" and publication.chrono
    assert publication.attachments.get().content_type == "application/pdf"
    page = client.get(response["Location"]).content.decode()
    assert "Élections législatives" in page and publication.chrono in page


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"summary": ""}, "A telegram needs a summary"),
        ({"action_to": ""}, "pour action"),
        ({"classification": "SECRET"}, "nothing above Diffusion Restreinte"),
        ({"classification": "Confidentiel Défense"}, "nothing above Diffusion Restreinte"),
        ({"subject": ""}, "This field is required"),
        ({"tags": "a, b, c, d, e, f"}, "5 tags at most"),
        (
            {"attachment": SimpleUploadedFile("x.pdf", b"MZ\x90\x00" + b"\x00" * 200)},
            "cannot be attached",
        ),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_saved(
    client: Client, ministry: Ministry, ambassador: Agent, overrides: dict[str, Any], message: str
) -> None:
    signed_in(client, ambassador)
    response = client.post(
        reverse("publications:compose"),
        form(ministry, **overrides),
        headers={"accept-language": "en"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Publication.objects.exists()
    assert not Task.objects.exists()
    assert not Attachment.objects.exists()


def test_too_large_attachment(
    client: Client, ministry: Ministry, ambassador: Agent, settings: Settings
) -> None:
    settings.ATTACHMENT_MAX_BYTES = 1024
    signed_in(client, ambassador)
    response = client.post(
        reverse("publications:compose"),
        form(ministry, attachment=SimpleUploadedFile("big.pdf", PDF + b"0" * 4096)),
        headers={"accept-language": "en"},
    )
    assert "too large" in response.content.decode()
    assert not Publication.objects.exists()


def test_french_messages(client: Client, ministry: Ministry, ambassador: Agent) -> None:
    signed_in(client, ambassador)
    response = client.post(
        reverse("publications:compose"),
        form(ministry, summary=""),
        headers={"accept-language": "fr"},
    )
    assert "résumé" in response.content.decode()


def test_outsiders_get_404_on_the_page_and_the_attachment(
    client: Client, ministry: Ministry, ambassador: Agent, journalist: Agent
) -> None:
    signed_in(client, ambassador)
    client.post(
        reverse("publications:compose"),
        form(ministry, attachment=SimpleUploadedFile("note.pdf", PDF)),
    )
    publication = Publication.objects.get()
    attachment = publication.attachments.get()
    page = reverse("publications:detail", args=[publication.pk])
    file_url = reverse("publications:attachment", args=[publication.pk, attachment.pk])
    download = client.get(file_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == PDF  # type: ignore[attr-defined]
    assert download["Content-Disposition"].startswith("attachment")
    unrelated = make_member(ministry.ngo)
    stranger_service = make_member(ministry.interior)
    for outsider in (journalist, unrelated, stranger_service):
        client.logout()
        signed_in(client, outsider)
        assert client.get(page).status_code == 404
        assert client.get(file_url).status_code == 404
        assert client.get(reverse("home")).content.decode().count(publication.subject) == 0


def test_information_addressee_reads_but_cannot_act(
    client: Client, ministry: Ministry, ambassador: Agent
) -> None:
    telegram = send_publication(
        ambassador, issuer=ministry.embassy, action_to=ministry.levant, info_to=[ministry.consular]
    )
    consul = make_member(ministry.consular)
    signed_in(client, consul)
    page = client.get(reverse("publications:detail", args=[telegram.pk])).content.decode()
    assert telegram.subject in page
    task = Task.objects.get(publication=telegram)
    assert client.post(reverse("routing:take", args=[task.pk])).status_code == 302
    task.refresh_from_db()
    assert task.state == "new", "a member of an information addressee cannot take the task"


def test_task_actions_over_htmx(
    client: Client, ministry: Ministry, ambassador: Agent, desk_officer: Agent, service_head: Agent
) -> None:
    telegram = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    task = Task.objects.get(publication=telegram)
    signed_in(client, service_head)
    response = client.post(
        reverse("routing:assign", args=[task.pk]),
        {"assignee": desk_officer.pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert desk_officer.display_name in response.content.decode()
    client.logout()
    signed_in(client, desk_officer)
    response = client.post(reverse("routing:start", args=[task.pk]), headers={"HX-Request": "true"})
    assert "In progress" in response.content.decode() or "En cours" in response.content.decode()
    response = client.post(reverse("routing:close", args=[task.pk]), {"note": "Traité."})
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == "done"


def test_reply_from_the_compose_page_closes_the_task(
    client: Client, ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    telegram = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    task = Task.objects.get(publication=telegram)
    signed_in(client, desk_officer)
    client.post(reverse("routing:take", args=[task.pk]))
    compose = client.get(reverse("publications:compose"), {"reply_to": telegram.pk})
    assert compose.status_code == 200
    response = client.post(
        reverse("publications:compose"),
        form(
            ministry,
            issuer=ministry.levant.pk,
            action_to=ministry.embassy.pk,
            info_to=[],
            reply_to=telegram.pk,
            subject="RE: réponse",
        ),
    )
    assert response.status_code == 302
    task.refresh_from_db()
    assert task.state == "done" and task.reply is not None


def test_acknowledge_button(
    client: Client, ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    flash = send_publication(
        ambassador, issuer=ministry.embassy, action_to=ministry.levant, precedence="flash"
    )
    signed_in(client, desk_officer)
    page = client.get(reverse("publications:detail", args=[flash.pk])).content.decode()
    assert reverse("publications:acknowledge", args=[flash.pk]) in page
    client.post(reverse("publications:acknowledge", args=[flash.pk]))
    flash.refresh_from_db()
    assert flash.acknowledged_by == desk_officer


def test_drafts_are_private(
    client: Client, ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    signed_in(client, ambassador)
    client.post(reverse("publications:compose"), form(ministry, action="draft"))
    draft = Publication.objects.get()
    assert draft.status == "draft"
    assert client.get(reverse("publications:drafts")).content.decode().count(draft.subject) == 1
    client.logout()
    signed_in(client, desk_officer)
    assert client.get(reverse("publications:detail", args=[draft.pk])).status_code == 404
    assert client.post(reverse("publications:send", args=[draft.pk])).status_code == 404


def test_take_from_the_journal_over_htmx(
    client: Client, ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    telegram = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    task = Task.objects.get(publication=telegram)
    signed_in(client, desk_officer)
    journal = client.get(reverse("home")).content.decode()
    assert reverse("routing:take", args=[task.pk]) in journal
    response = client.post(
        reverse("routing:take", args=[task.pk]),
        {"from": "journal"},
        headers={"HX-Request": "true", "accept-language": "en"},
    )
    assert response.status_code == 200
    assert f"Taken — assigned to {desk_officer.display_name}" in response.content.decode()


def test_every_publication_and_task_endpoint_answers_404_to_outsiders(
    client: Client, ministry: Ministry, ambassador: Agent, journalist: Agent
) -> None:
    signed_in(client, ambassador)
    client.post(
        reverse("publications:compose"),
        form(ministry, attachment=SimpleUploadedFile("note.pdf", PDF)),
    )
    telegram = Publication.objects.get()
    attachment = telegram.attachments.get()
    task = Task.objects.get(publication=telegram)
    client.post(reverse("publications:compose"), form(ministry, action="draft"))
    own_draft = Publication.objects.get(status="draft")
    outsiders = [journalist, make_member(ministry.interior), make_member(ministry.ngo)]
    gets = [
        reverse("publications:detail", args=[telegram.pk]),
        reverse("publications:edit", args=[telegram.pk]),
        reverse("publications:attachment", args=[telegram.pk, attachment.pk]),
        reverse("publications:detail", args=[own_draft.pk]),
        reverse("publications:edit", args=[own_draft.pk]),
        reverse("publications:compose") + f"?reply_to={telegram.pk}",
        reverse("publications:compose") + f"?supersedes={telegram.pk}",
    ]
    posts = [
        reverse("publications:send", args=[own_draft.pk]),
        reverse("publications:delete", args=[own_draft.pk]),
        reverse("publications:acknowledge", args=[telegram.pk]),
        reverse("publications:mark_read", args=[telegram.pk]),
        reverse("publications:add_attachment", args=[own_draft.pk]),
        *(
            reverse(f"routing:{name}", args=[task.pk])
            for name in ("take", "assign", "start", "close", "reroute")
        ),
    ]
    for outsider in outsiders:
        client.logout()
        signed_in(client, outsider)
        for url in gets:
            assert client.get(url).status_code == 404, (outsider, url)
        for url in posts:
            assert client.post(url).status_code == 404, (outsider, url)
    assert Publication.objects.filter(status="draft").count() == 1
    task.refresh_from_db()
    assert task.state == "new"

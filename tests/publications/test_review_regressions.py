"""Rules that a review found missing, each pinned by a test."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from diplomatie.core.errors import InvalidInput, PermissionDenied
from diplomatie.directory.models import Agent
from diplomatie.notifications.actions import do_notify
from diplomatie.notifications.models import Notification
from diplomatie.publications.actions import (
    do_create_draft,
    do_send,
    do_update_draft,
    escalate_due,
)
from diplomatie.publications.models import Publication
from diplomatie.routing.actions import do_close_task, do_reroute_task, do_take_task
from diplomatie.routing.models import Addressing, DistributionList, DutyAssignment, Task
from tests.conftest import Ministry, signed_in
from tests.factories import draft_data, make_member, send_publication


def test_nobody_writes_on_behalf_of_an_ancestor_service(
    ministry: Ministry, desk_officer: Agent
) -> None:
    with pytest.raises(PermissionDenied):
        do_create_draft(desk_officer, draft_data(issuer=ministry.ministry))
    with pytest.raises(PermissionDenied):
        do_create_draft(desk_officer, draft_data(issuer=ministry.political))


def test_a_poste_section_writes_on_behalf_of_its_poste(ministry: Ministry) -> None:
    press_officer = make_member(ministry.embassy_press)
    telegram = send_publication(press_officer, issuer=ministry.embassy, action_to=ministry.levant)
    assert telegram.chrono.startswith("AMB-WASHINGTON")


def test_only_authors_cancel_and_replace(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    original = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    with pytest.raises(PermissionDenied):
        do_create_draft(
            desk_officer,
            draft_data(issuer=ministry.levant, references=[("supersedes", original)]),
        )


def test_references_point_to_sent_publications_only(ministry: Ministry, ambassador: Agent) -> None:
    draft = do_create_draft(ambassador, draft_data(issuer=ministry.embassy))
    with pytest.raises(InvalidInput, match="cannot be found"):
        do_create_draft(
            ambassador, draft_data(issuer=ministry.embassy, references=[("see_also", draft)])
        )


def test_dr_skips_external_organisations_of_a_list(ministry: Ministry, ambassador: Agent) -> None:
    mixed = DistributionList.objects.create(code="mixed", name="Mixte")
    mixed.organisations.add(ministry.media, ministry.consular)
    telegram = send_publication(
        ambassador,
        issuer=ministry.embassy,
        action_to=ministry.levant,
        classification="DR",
        lists=[mixed],
    )
    codes = set(
        Addressing.objects.filter(publication=telegram).values_list("organisation__code", flat=True)
    )
    assert codes == {"lev", "fae"}


def test_escalation_notifies_only_readers(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent, service_head: Agent
) -> None:
    stranger = make_member(ministry.consular)
    DutyAssignment.objects.create(organisation=ministry.levant, agent=stranger)
    DutyAssignment.objects.create(organisation=ministry.levant, agent=desk_officer, position=1)
    flash = send_publication(
        ambassador,
        issuer=ministry.embassy,
        action_to=ministry.levant,
        precedence="flash",
        classification="DR",
    )
    assert flash.sent_at is not None
    escalate_due(flash.sent_at + dt.timedelta(minutes=20))
    escalate_due(flash.sent_at + dt.timedelta(minutes=40))
    assert not Notification.objects.filter(agent=stranger).exists()
    assert Notification.objects.filter(agent=desk_officer, kind="publication.escalation").exists()


def test_reroute_is_for_managers_and_never_to_externals(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent, service_head: Agent
) -> None:
    telegram = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    task = do_take_task(desk_officer, Task.objects.get(publication=telegram))
    with pytest.raises(PermissionDenied):
        do_reroute_task(desk_officer, task, ministry.consular, note="pas pour nous")
    with pytest.raises(InvalidInput, match="administration"):
        do_reroute_task(service_head, task, ministry.media, note="presse")


def test_an_unreadable_reply_is_not_shown_on_the_task(
    client: Client, ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    telegram = send_publication(
        ambassador,
        issuer=ministry.embassy,
        action_to=ministry.levant,
        info_to=[ministry.consular],
    )
    task = do_take_task(desk_officer, Task.objects.get(publication=telegram))
    reply = send_publication(
        desk_officer,
        issuer=ministry.levant,
        action_to=ministry.embassy,
        classification="DR",
        subject="Réponse confidentielle au poste",
        references=[("reply", telegram)],
    )
    do_close_task(desk_officer, task, reply=reply)
    consul = make_member(ministry.consular)
    signed_in(client, consul)
    page = client.get(reverse("publications:detail", args=[telegram.pk])).content.decode()
    assert "Réponse confidentielle au poste" not in page


def test_externals_do_not_see_how_a_publication_is_handled(
    client: Client, ministry: Ministry, ambassador: Agent, journalist: Agent
) -> None:
    article = send_publication(
        ambassador,
        kind="note",
        issuer=ministry.embassy,
        action_to=ministry.levant,
        info_to=[ministry.ngo],
        audience="partners",
    )
    signed_in(client, journalist)
    page = client.get(reverse("publications:detail", args=[article.pk])).content.decode()
    assert article.subject in page
    assert "History" not in page and "Historique" not in page
    assert ministry.ngo.name not in page, "other external organisations stay hidden"


def test_editing_a_draft_keeps_its_coauthors(
    client: Client, ministry: Ministry, ambassador: Agent
) -> None:
    colleague = make_member(ministry.embassy)
    draft = do_create_draft(
        ambassador,
        draft_data(issuer=ministry.embassy, action_to=ministry.levant, coauthors=[colleague]),
    )
    signed_in(client, colleague)
    response = client.post(
        reverse("publications:edit", args=[draft.pk]),
        {
            "kind": "telegram",
            "issuer": ministry.embassy.pk,
            "subject": "Objet revu",
            "summary": "Résumé",
            "body": "Corps",
            "language": "fr",
            "classification": "NP",
            "audience": "addressees",
            "precedence": "routine",
            "action_to": ministry.levant.pk,
            "action": "draft",
        },
    )
    assert response.status_code == 302
    assert list(Publication.objects.get(pk=draft.pk).coauthors.all()) == [colleague]
    do_update_draft(
        ambassador,
        draft,
        draft_data(issuer=ministry.embassy, action_to=ministry.levant, coauthors=None),
    )
    assert list(Publication.objects.get(pk=draft.pk).coauthors.all()) == [colleague]
    do_send(colleague, draft)


def test_malformed_ids_are_answered_not_crashed(
    client: Client, ministry: Ministry, ambassador: Agent, service_head: Agent
) -> None:
    telegram = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    task = Task.objects.get(publication=telegram)
    signed_in(client, service_head)
    for name, data in (
        ("routing:assign", {"assignee": "x"}),
        ("routing:reroute", {"organisation": "y", "note": "z"}),
    ):
        response = client.post(reverse(name, args=[task.pk]), data)
        assert response.status_code == 302


def test_notifications_link_only_inside_the_platform(desk_officer: Agent) -> None:
    for url in ("https://evil.example/", "//evil.example/", "javascript:alert(1)"):
        with pytest.raises(ValueError, match="only to a page"):
            do_notify([desk_officer], kind="x", text="t", url=url)

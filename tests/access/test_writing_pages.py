"""Pages that exist only for who may use them: creating a community, editing a comment,
the circuit templates and the absences of the parapheur (404 for everyone else, like a
missing page), each following its predicate in `access/writing.py`."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from diplomatie.access.writing import (
    can_create_community,
    can_declare_delegation,
    can_edit_comment,
    editable_comments,
)
from diplomatie.communities.actions import do_post_comment
from diplomatie.directory.models import Agent
from diplomatie.publications.models import Audience
from tests.conftest import Ministry, signed_in
from tests.factories import send_publication


def test_only_institutional_agents_create_communities(
    client: Client, desk_officer: Agent, partner_agent: Agent, journalist: Agent
) -> None:
    url = reverse("communities:create")
    assert can_create_community(desk_officer) and can_create_community(partner_agent)
    assert not can_create_community(journalist)
    assert signed_in(client, desk_officer).get(url).status_code == 200
    assert signed_in(Client(), journalist).get(url).status_code == 404
    assert signed_in(Client(), journalist).post(url, {"name": "Presse"}).status_code == 404


def test_the_edit_form_of_a_comment_is_its_authors(
    ministry: Ministry, desk_officer: Agent, service_head: Agent
) -> None:
    publication = send_publication(
        desk_officer,
        issuer=ministry.levant,
        action_to=ministry.consular,
        audience=Audience.MINISTRY,
    )
    comment = do_post_comment(desk_officer, publication, body="Premier avis.")
    url = reverse("communities:edit_comment", args=[comment.pk])
    assert can_edit_comment(desk_officer, comment)
    assert not can_edit_comment(service_head, comment)
    for agent in (desk_officer, service_head):
        assert editable_comments(agent).filter(pk=comment.pk).exists() == can_edit_comment(
            agent, comment
        )
    assert signed_in(Client(), desk_officer).get(url).status_code == 200
    assert signed_in(Client(), service_head).get(url).status_code == 404
    assert signed_in(Client(), service_head).post(url, {"body": "Non."}).status_code == 404


def test_templates_and_absences_are_the_ministrys(
    desk_officer: Agent, partner_agent: Agent, journalist: Agent
) -> None:
    assert can_declare_delegation(desk_officer)
    for url in (reverse("parapheur:templates"), reverse("parapheur:delegations")):
        assert signed_in(Client(), desk_officer).get(url).status_code == 200
        for outsider in (partner_agent, journalist):
            assert not can_declare_delegation(outsider)
            assert signed_in(Client(), outsider).get(url).status_code == 404
    journal = signed_in(Client(), journalist).get(reverse("home")).content.decode()
    assert reverse("parapheur:mine") not in journal

"""What the issue asks of the write policy, checked through the pages an external and an
agent under a partner administration see (the policy itself is in `access/writing.py`)."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from diplomatie.access.perimeter import perimeter_of
from diplomatie.directory.models import Agent, OrganisationKind
from diplomatie.publications.models import Kind
from tests.conftest import Ministry, signed_in
from tests.factories import make_member, make_organisation


def kinds_offered(client: Client) -> set[str]:
    response = client.get(reverse("publications:compose"))
    assert response.status_code == 200
    form = response.context["form"]
    return {str(value) for value, _label in form.fields["kind"].choices}


def test_an_external_is_offered_articles_only(
    client: Client, ministry: Ministry, journalist: Agent
) -> None:
    assert kinds_offered(signed_in(client, journalist)) == {Kind.ARTICLE}


def test_an_external_is_offered_no_distribution_list_and_no_ministry_addressee(
    client: Client, ministry: Ministry, journalist: Agent
) -> None:
    response = signed_in(client, journalist).get(reverse("publications:compose"))
    form = response.context["form"]
    assert "lists" not in form.fields or not list(form.fields["lists"].queryset)
    assert "action_to" not in form.fields or not list(form.fields["action_to"].queryset)


def test_a_desk_officer_is_offered_every_kind(
    client: Client, ministry: Ministry, desk_officer: Agent
) -> None:
    assert Kind.TELEGRAM in kinds_offered(signed_in(client, desk_officer))


def test_a_service_below_a_partner_administration_is_not_the_ministry(
    ministry: Ministry,
) -> None:
    service = make_organisation(
        OrganisationKind.SERVICE, parent=ministry.interior, name="DGEF", code="dgef"
    )
    agent = make_member(service, display_name="Agent DGEF", email="dgef@i.example")
    assert not perimeter_of(agent).in_ministry

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from diplomatie.directory.models import Agent
from tests.conftest import Ministry, signed_in


def test_administrators_reach_the_admin(client: Client, admin: Agent, ministry: Ministry) -> None:
    signed_in(client, admin)
    assert client.get(reverse("admin:index")).status_code == 200
    assert client.get(reverse("admin:directory_organisation_changelist")).status_code == 200
    assert client.get(reverse("admin:directory_agent_changelist")).status_code == 200
    url = reverse("admin:directory_organisation_change", args=[ministry.levant.pk])
    assert client.get(url).status_code == 200
    assert client.get(reverse("admin:audit_event_changelist")).status_code == 200


def test_agents_do_not_reach_the_admin(client: Client, desk_officer: Agent) -> None:
    signed_in(client, desk_officer)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert "login" in response["Location"]
    assert client.get(reverse("admin:directory_agent_changelist")).status_code == 302

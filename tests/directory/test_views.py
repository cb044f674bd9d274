"""Directory pages: content, search, and a query count that does not grow with the data."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from diplomatie.directory.models import Agent, OrganisationKind, Role
from tests.conftest import Ministry, signed_in
from tests.factories import make_member, make_organisation

K = OrganisationKind


def grow(ministry: Ministry, n: int) -> None:
    """Add n services with two members each under the political directorate."""
    for i in range(n):
        service = make_organisation(
            K.SERVICE, parent=ministry.political, name=f"Service {i}", acronym=f"S{i}"
        )
        make_member(service, role=Role.HEAD)
        make_member(ministry.levant)
        make_member(service)


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


PAGES: dict[str, Callable[[Ministry, Agent], str]] = {
    "tree": lambda m, a: reverse("directory:tree"),
    "tree search": lambda m, a: reverse("directory:tree") + "?q=service",
    "organisation": lambda m, a: reverse("directory:organisation", args=[m.levant.code]),
    "parent organisation": lambda m, a: reverse("directory:organisation", args=["dgp"]),
    "people search": lambda m, a: reverse("directory:people") + "?q=agent",
    "profile": lambda m, a: reverse("directory:agent", args=[a.pk]),
    "my organisations": lambda m, a: reverse("me"),
}


@pytest.mark.parametrize("page", PAGES)
def test_query_count_does_not_grow(
    client: Client, ministry: Ministry, desk_officer: Agent, page: str
) -> None:
    signed_in(client, desk_officer)
    url = PAGES[page](ministry, desk_officer)
    grow(ministry, 2)
    small = count_queries(client, url)
    grow(ministry, 25)
    large = count_queries(client, url)
    assert small == large, f"{page}: {small} queries with little data, {large} with more"
    assert large <= 10


def test_tree_shows_the_nesting(client: Client, ministry: Ministry, desk_officer: Agent) -> None:
    signed_in(client, desk_officer)
    body = client.get(reverse("directory:tree")).content.decode()
    assert (
        body.index("Affaires politiques")
        < body.index("Afrique du Nord")
        < body.index("Service Levant")
    )
    assert "Ambassade à Washington" in body


@pytest.mark.parametrize("query", ["levant", "LEV", "washington", "DGP"])
def test_tree_search_by_name_acronym_or_city(
    client: Client, ministry: Ministry, desk_officer: Agent, query: str
) -> None:
    signed_in(client, desk_officer)
    response = client.get(reverse("directory:tree"), {"q": query})
    body = response.content.decode()
    assert "1 organisation" in body or "organisations" in body
    assert ("Service Levant" in body) or ("Washington" in body) or ("Affaires politiques" in body)


def test_tree_search_shows_the_path(
    client: Client, ministry: Ministry, desk_officer: Agent
) -> None:
    signed_in(client, desk_officer)
    body = client.get(reverse("directory:tree"), {"q": "levant"}).content.decode()
    assert "MEAE › DGP › Afrique du Nord et Moyen-Orient" in body


def test_tree_search_with_no_result(
    client: Client, ministry: Ministry, desk_officer: Agent
) -> None:
    signed_in(client, desk_officer)
    body = client.get(
        reverse("directory:tree"), {"q": "zzz"}, HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert "No organisation matches this search." in body


def test_overlong_search_is_cut_not_refused(
    client: Client, ministry: Ministry, desk_officer: Agent
) -> None:
    signed_in(client, desk_officer)
    assert client.get(reverse("directory:tree"), {"q": "x" * 5000}).status_code == 200
    assert client.get(reverse("directory:people"), {"q": "x" * 5000}).status_code == 200


def test_organisation_page_lists_children_and_members(
    client: Client, ministry: Ministry, desk_officer: Agent, service_head: Agent
) -> None:
    signed_in(client, desk_officer)
    body = client.get(reverse("directory:organisation", args=["anmo"])).content.decode()
    assert "Service Levant" in body
    body = client.get(reverse("directory:organisation", args=["lev"])).content.decode()
    assert "Camille Laurent" in body and "Henri Dubois" in body


def test_members_are_paginated(client: Client, ministry: Ministry, desk_officer: Agent) -> None:
    for _ in range(60):
        make_member(ministry.levant)
    signed_in(client, desk_officer)
    url = reverse("directory:organisation", args=["lev"])
    first = client.get(url).content.decode()
    assert "(61)" in first
    assert "?offset=50" in first
    second = client.get(url, {"offset": 50}).content.decode()
    assert "?offset=0" in second
    assert client.get(url, {"offset": "nonsense"}).status_code == 200


def test_profile_shows_memberships(
    client: Client, ministry: Ministry, desk_officer: Agent, ambassador: Agent
) -> None:
    signed_in(client, ambassador)
    body = client.get(reverse("directory:agent", args=[desk_officer.pk])).content.decode()
    assert "Camille Laurent" in body
    assert "Service Levant" in body
    assert desk_officer.email in body


def test_people_search(
    client: Client, ministry: Ministry, desk_officer: Agent, ambassador: Agent
) -> None:
    signed_in(client, desk_officer)
    body = client.get(reverse("directory:people"), {"q": "marie roux"}).content.decode()
    assert "Marie Roux" in body
    assert "Ambassade à Washington" in body

"""The page listing an external member's rights says what the policy enforces."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from diplomatie.access import writing
from diplomatie.access.policy import reads_are_audited
from diplomatie.access.querysets import visible_organisations, visible_publications
from diplomatie.directory.models import Agent, Organisation, Sector
from diplomatie.publications.models import Classification, Kind
from tests.conftest import Ministry, signed_in
from tests.factories import send_publication

URL = reverse("directory:external_rights")


@pytest.mark.parametrize("persona", ["journalist", "ngo_worker", "desk_officer", "partner_agent"])
def test_everyone_signed_in_reads_it(
    request: pytest.FixtureRequest, client: Client, persona: str
) -> None:
    signed_in(client, request.getfixturevalue(persona))
    page = client.get(URL)
    assert page.status_code == 200
    assert "Rights of external members" in page.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, db: None) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_the_page_reads_in_french(client: Client, journalist: Agent) -> None:
    signed_in(client, journalist)
    page = client.get(URL, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Droits des membres externes" in page
    assert "Télégramme diplomatique" in page


def test_the_page_agrees_with_the_policy(
    client: Client, ministry: Ministry, journalist: Agent, desk_officer: Agent
) -> None:
    rights = writing.rights_of_sector(Sector.EXTERNAL)
    # What the page is drawn from is what the predicates answer for a real external.
    assert list(rights.kinds) == writing.authorable_kinds(journalist)
    assert set(rights.refused_kinds) == set(Kind.values) - set(writing.authorable_kinds(journalist))
    assert rights.community_only == writing.community_only(ministry.media)
    assert rights.addresses == writing.addresses(journalist)
    assert rights.distribution_lists == writing.usable_distribution_lists(journalist).exists()
    assert rights.exports == writing.can_export(journalist)
    assert rights.addressee_counts == writing.can_see_addressee_counts(journalist)
    assert rights.circuits == writing.in_circuit_sector(journalist)
    assert rights.reads_audited == reads_are_audited(journalist)
    everything = Organisation.objects.count()
    assert rights.sees_whole_directory == (visible_organisations(journalist).count() == everything)
    dr = send_publication(
        desk_officer,
        issuer=ministry.levant,
        action_to=ministry.consular,
        classification=Classification.DR,
    )
    assert rights.reads_restricted == visible_publications(journalist).filter(pk=dr.pk).exists()
    # ... and the page says it.
    signed_in(client, journalist)
    page = client.get(URL).content.decode()
    for label in rights.kind_labels:
        assert label in page.split('data-right="kinds"')[1].split("</li>")[0]
    refused = page.split('data-right="refused_kinds"')[1].split("</li>")[0]
    for label in rights.refused_kind_labels:
        assert label in refused
    for key, allowed in (
        ("addresses", rights.addresses),
        ("exports", rights.exports),
        ("circuits", rights.circuits),
        ("addressee_counts", rights.addressee_counts),
        ("whole_directory", rights.sees_whole_directory),
        ("restricted", rights.reads_restricted),
    ):
        assert (f'data-right="{key}"' in page) == (not allowed), key
    assert ('data-right="reads_audited"' in page) == rights.reads_audited

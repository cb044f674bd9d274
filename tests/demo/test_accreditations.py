"""The demo accreditations and charter: loaded once, consistent with the rules."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from diplomatie.access.accreditations import bound_by_charter
from diplomatie.accounts.models import Accreditation, AccreditationState, CharterVersion
from diplomatie.accounts.selectors import must_accept_charter
from diplomatie.demo.accreditations import ALEX, PENDING, load_demo_accreditations
from diplomatie.demo.ministry import DEMO_PASSWORD, load_demo
from diplomatie.directory.models import Agent, Sector

S = AccreditationState


@pytest.fixture
def demo(db: None) -> dict[str, int]:
    load_demo()
    return load_demo_accreditations()


def test_demo_accreditations(demo: dict[str, int]) -> None:
    assert demo["charter versions"] == 1
    assert load_demo_accreditations() == dict.fromkeys(demo, 0)  # idempotent
    version = CharterVersion.objects.get()
    assert version.number == 1 and version.digest_matches()
    assert "Charte de sécurité" in version.text_fr and "Security charter" in version.text_en
    externals = Agent.objects.filter(memberships__organisation__sector=Sector.EXTERNAL).distinct()
    accepted = Accreditation.objects.filter(state=S.ACCEPTED)
    assert accepted.count() == externals.count() >= 9
    assert set(accepted.values_list("agent", flat=True)) == set(
        externals.values_list("pk", flat=True)
    )
    for row in accepted.select_related("sponsor"):
        assert row.sponsor is not None
        assert row.sponsor.memberships.filter(organisation__code="dcp-presse").exists()
        assert row.expires_on is not None
        assert row.expires_on <= timezone.localdate() + dt.timedelta(days=366)
    soon = accepted.filter(expires_on__lte=timezone.localdate() + dt.timedelta(days=30))
    assert soon.count() == 1
    pending = Accreditation.objects.get(state=S.PENDING)
    assert pending.email == PENDING.email and pending.sponsor is not None
    assert pending.press_card_number
    alex = Agent.objects.get(email=ALEX)
    assert must_accept_charter(alex) == version
    others = [a for a in externals if a.email != ALEX]
    assert all(bound_by_charter(a) and must_accept_charter(a) is None for a in others)


def test_alex_signs_in_and_is_shown_the_charter(demo: dict[str, int]) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post(reverse("accounts:login"), {"username": ALEX, "password": DEMO_PASSWORD})
    assert response.status_code == 302
    response = client.get(response["Location"])
    assert response.status_code == 302 and response["Location"].startswith(
        reverse("accounts:charter")
    )

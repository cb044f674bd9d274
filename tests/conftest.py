"""Shared fixtures: a small ministry and named personas."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.utils import translation
from pytest_django.fixtures import Settings as SettingsWrapper

from diplomatie.accounts.second_factor.devices import has_device
from diplomatie.accounts.second_factor.requirement import is_required
from diplomatie.directory.models import Agent, Organisation, OrganisationKind, Role
from tests.factories import PASSWORD, make_member, make_organisation
from tests.second_factor import verified_session

K = OrganisationKind


@pytest.fixture(autouse=True)
def _plain_static_storage(settings: SettingsWrapper) -> None:
    """Tests run with DEBUG off but without `collectstatic`: skip the manifest."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _english_messages() -> Iterator[None]:
    """Messages raised outside a request read in English; pages follow Accept-Language."""
    with translation.override("en"):
        yield


@pytest.fixture
def client() -> Client:
    """Pages in English unless a test asks for French (the default language is French)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@dataclass
class Ministry:
    ministry: Organisation
    political: Organisation
    middle_east: Organisation
    levant: Organisation
    consular: Organisation
    embassy: Organisation
    embassy_press: Organisation
    interior: Organisation
    media: Organisation
    ngo: Organisation


@pytest.fixture
def ministry(db: None) -> Ministry:
    root = make_organisation(K.MINISTRY, name="Ministère", code="ministere", acronym="MEAE")
    political = make_organisation(
        K.DIRECTORATE, parent=root, name="Affaires politiques", code="dgp", acronym="DGP"
    )
    middle_east = make_organisation(
        K.SUBDIRECTORATE, parent=political, name="Afrique du Nord et Moyen-Orient", code="anmo"
    )
    levant = make_organisation(K.SERVICE, parent=middle_east, name="Service Levant", code="lev")
    consular = make_organisation(
        K.DIRECTORATE, parent=root, name="Affaires consulaires", code="fae"
    )
    embassy = make_organisation(
        K.EMBASSY,
        parent=root,
        name="Ambassade à Washington",
        code="amb-washington",
        country="US",
        city="Washington",
    )
    embassy_press = make_organisation(
        K.POSTE_SECTION, parent=embassy, name="Service de presse", code="amb-washington-presse"
    )
    interior = make_organisation(K.PARTNER_ADMINISTRATION, name="Intérieur", code="interieur")
    media = make_organisation(K.MEDIA, name="Presse Internationale", code="presse")
    ngo = make_organisation(K.NGO, name="Solidarités", code="ssf")
    return Ministry(
        root, political, middle_east, levant, consular, embassy, embassy_press, interior, media, ngo
    )


@pytest.fixture
def desk_officer(ministry: Ministry) -> Agent:
    return make_member(ministry.levant, display_name="Camille Laurent", email="camille@d.example")


@pytest.fixture
def service_head(ministry: Ministry) -> Agent:
    return make_member(
        ministry.levant, role=Role.HEAD, display_name="Henri Dubois", email="henri@d.example"
    )


@pytest.fixture
def ambassador(ministry: Ministry) -> Agent:
    return make_member(
        ministry.embassy, role=Role.HEAD, display_name="Marie Roux", email="marie@d.example"
    )


@pytest.fixture
def partner_agent(ministry: Ministry) -> Agent:
    return make_member(ministry.interior, display_name="Paul Martin", email="paul@i.example")


@pytest.fixture
def journalist(ministry: Ministry) -> Agent:
    return make_member(ministry.media, display_name="Alex Morgan", email="alex@p.example")


@pytest.fixture
def ngo_worker(ministry: Ministry) -> Agent:
    return make_member(ministry.ngo, display_name="Nadia Kaci", email="nadia@s.example")


@pytest.fixture
def admin(db: None) -> Agent:
    return Agent.objects.create_superuser(
        "admin@d.example", PASSWORD, display_name="Administratrice"
    )


def signed_in(client: Client, agent: Agent) -> Client:
    client.force_login(agent, backend="django.contrib.auth.backends.ModelBackend")
    # Second factor: an agent who has a device, or must have one (administrators,
    # signers), gets a session that has passed the second step (enrolled if need be).
    if has_device(agent) or is_required(agent):
        verified_session(client, agent)
    return client


def pytest_report_header() -> str:
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} ({database['NAME']})"

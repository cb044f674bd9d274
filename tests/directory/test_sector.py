"""An organisation's sector follows its place in the tree, never its kind alone (issue 9):
on creation, on a move (treebeard, the admin), on a change of a root's kind, and in the
data migration that recomputes the rows written before."""

from __future__ import annotations

import importlib
from types import SimpleNamespace

from django.apps import apps
from django.db import connection
from django.test import Client
from django.urls import reverse

from diplomatie.access.perimeter import perimeter_of
from diplomatie.directory.models import Agent, Organisation, OrganisationKind, Sector
from tests.conftest import Ministry, signed_in
from tests.factories import make_member, make_organisation

K = OrganisationKind


def sectors(*organisations: Organisation) -> list[str]:
    return [Organisation.objects.get(pk=o.pk).sector for o in organisations]


def test_a_service_takes_the_sector_of_its_root(ministry: Ministry) -> None:
    dgef = make_organisation(K.SERVICE, parent=ministry.interior, code="dgef")
    asylum = make_organisation(K.SERVICE, parent=dgef, code="asile")
    assert sectors(dgef, asylum) == [Sector.ADMINISTRATION, Sector.ADMINISTRATION]
    assert sectors(ministry.levant, ministry.embassy_press) == [Sector.MINISTRY] * 2
    assert sectors(ministry.interior, ministry.media) == [Sector.ADMINISTRATION, Sector.EXTERNAL]
    agent = make_member(asylum)
    assert not perimeter_of(agent).in_ministry
    assert perimeter_of(agent).internal  # a partner administration still sees the directory


def test_moving_a_subtree_recomputes_its_sector(ministry: Ministry) -> None:
    unit = make_organisation(K.SERVICE, parent=ministry.political, code="unite")
    below = make_organisation(K.SERVICE, parent=unit, code="cellule")
    assert sectors(unit, below) == [Sector.MINISTRY] * 2
    Organisation.objects.move(
        Organisation.objects.get(pk=unit.pk), ministry.interior, pos="last-child"
    )
    assert sectors(unit, below) == [Sector.ADMINISTRATION] * 2
    assert Organisation.objects.get(pk=below.pk).path.startswith(ministry.interior.path)
    Organisation.objects.move(
        Organisation.objects.get(pk=unit.pk),
        Organisation.objects.get(pk=ministry.political.pk),
        pos="last-child",
    )
    assert sectors(unit, below) == [Sector.MINISTRY] * 2


def test_changing_the_kind_of_a_root_carries_its_sector_down(ministry: Ministry) -> None:
    dgef = make_organisation(K.SERVICE, parent=ministry.interior, code="dgef")
    interior = Organisation.objects.get(pk=ministry.interior.pk)
    interior.kind = K.NGO  # an administrator's mistake, then corrected
    interior.save()
    assert sectors(interior, dgef) == [Sector.EXTERNAL] * 2
    interior.kind = K.PARTNER_ADMINISTRATION
    interior.save()
    assert sectors(interior, dgef) == [Sector.ADMINISTRATION] * 2


def test_a_move_in_the_admin_recomputes_the_sector(
    client: Client, admin: Agent, ministry: Ministry
) -> None:
    unit = make_organisation(K.SERVICE, parent=ministry.political, code="unite")
    below = make_organisation(K.SERVICE, parent=unit, code="cellule")
    signed_in(client, admin)
    response = client.post(
        reverse("admin:directory_organisation_changelist") + "move/",
        {"node": unit.pk, "target": ministry.interior.pk, "relation": "child"},
    )
    assert response.status_code == 200, response.content
    assert sectors(unit, below) == [Sector.ADMINISTRATION] * 2


def test_the_data_migration_recomputes_existing_rows(ministry: Ministry) -> None:
    """Rows written when the sector came from the kind alone are put right."""
    dgef = make_organisation(K.SERVICE, parent=ministry.interior, code="dgef")
    Organisation.objects.filter(pk=dgef.pk).update(sector=Sector.MINISTRY)  # as before
    Organisation.objects.filter(pk=ministry.media.pk).update(sector=Sector.MINISTRY)
    migration = importlib.import_module("diplomatie.directory.migrations.0002_sector_from_tree")
    migration.sector_from_tree(apps, SimpleNamespace(connection=connection))
    assert sectors(dgef, ministry.media, ministry.levant) == [
        Sector.ADMINISTRATION,
        Sector.EXTERNAL,
        Sector.MINISTRY,
    ]


def test_an_external_kind_stays_external_wherever_it_is_put(db: None) -> None:
    """A media put (or moved) under a partner administration by mistake: its members do not
    become insiders, and a revoked accreditation still stops the account."""
    interior = make_organisation(K.PARTNER_ADMINISTRATION, name="Intérieur", code="int-x")
    agency = Organisation.add_root(kind=K.MEDIA, name="Agence", code="agence-x")
    under = interior.add_child(kind=K.MEDIA, name="Agence d'État", code="agence-etat-x")
    assert under.sector == Sector.EXTERNAL
    Organisation.objects.move(agency, interior, "last-child")
    agency.refresh_from_db()
    assert agency.sector == Sector.EXTERNAL
    member = make_member(under)
    assert not perimeter_of(member).internal
    interior.name = "Ministère de l'Intérieur"
    interior.save()
    under.refresh_from_db()
    assert under.sector == Sector.EXTERNAL

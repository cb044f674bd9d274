from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from diplomatie.core.errors import InvalidInput
from diplomatie.directory.actions import do_add_membership, do_end_membership
from diplomatie.directory.models import Membership, Organisation, OrganisationKind, Sector
from tests.conftest import Ministry
from tests.factories import make_agent, make_organisation

K = OrganisationKind


def test_descendants_and_ancestors(ministry: Ministry) -> None:
    descendants = set(ministry.political.descendants().values_list("code", flat=True))
    assert descendants == {"anmo", "lev"}
    assert [o.code for o in ministry.levant.ancestors()] == ["ministere", "dgp", "anmo"]
    assert ministry.political.descendants(include_self=True).first() == ministry.political


def test_ancestor_paths_need_no_query(ministry: Ministry) -> None:
    levant = Organisation.objects.get(code="lev")
    with CaptureQueriesContext(connection) as queries:
        paths = levant.ancestor_paths
    assert len(queries) == 0
    assert [o.code for o in Organisation.objects.filter(path__in=paths).order_by("depth")] == [
        "ministere",
        "dgp",
        "anmo",
    ]


def test_subtree_is_one_query_at_any_depth(ministry: Ministry) -> None:
    parent = ministry.levant
    for depth in range(6):
        parent = make_organisation(K.SERVICE, parent=parent, code=f"deep-{depth}")
    with CaptureQueriesContext(connection) as queries:
        codes = list(ministry.political.descendants().values_list("code", flat=True))
    assert len(queries) == 1
    assert "deep-5" in codes


def test_sector_follows_kind(ministry: Ministry) -> None:
    assert ministry.embassy.sector == Sector.MINISTRY
    assert ministry.interior.sector == Sector.ADMINISTRATION
    assert ministry.media.sector == Sector.EXTERNAL


@pytest.mark.parametrize(
    ("kind", "parent_code", "message"),
    [
        (K.DIRECTORATE, None, "must have a parent"),
        (K.EMBASSY, "dgp", "cannot be placed under"),
        (K.MEDIA, "ministere", "cannot be placed under"),
        (K.POSTE_SECTION, "lev", "cannot be placed under"),
    ],
)
def test_placement_rules(
    ministry: Ministry, kind: str, parent_code: str | None, message: str
) -> None:
    parent = Organisation.objects.get(code=parent_code) if parent_code else None
    before = Organisation.objects.count()
    with pytest.raises(InvalidInput, match=message):
        make_organisation(kind, parent=parent)
    assert Organisation.objects.count() == before


def test_duplicate_code_is_refused(ministry: Ministry) -> None:
    with pytest.raises(InvalidInput, match="already used"):
        make_organisation(K.SERVICE, parent=ministry.political, code="lev")


def test_active_memberships(ministry: Ministry) -> None:
    agent = make_agent()
    today = dt.date(2026, 6, 1)
    old = do_add_membership(
        agent=agent,
        organisation=ministry.embassy,
        start=dt.date(2020, 9, 1),
        end=dt.date(2023, 8, 31),
    )
    current = do_add_membership(
        agent=agent, organisation=ministry.levant, start=dt.date(2023, 9, 1)
    )
    active = Membership.objects.filter(agent=agent).active(today)
    assert list(active) == [current]
    assert old.is_active(dt.date(2021, 1, 1))
    do_end_membership(current, end=dt.date(2026, 5, 31))
    assert not Membership.objects.filter(agent=agent).active(today).exists()


def test_membership_cannot_end_before_it_starts(ministry: Ministry) -> None:
    agent = make_agent()
    with pytest.raises(InvalidInput, match="cannot end before"):
        do_add_membership(
            agent=agent,
            organisation=ministry.levant,
            start=dt.date(2024, 1, 1),
            end=dt.date(2023, 1, 1),
        )
    assert not Membership.objects.filter(agent=agent).exists()


def test_membership_changes_are_recorded(ministry: Ministry) -> None:
    from diplomatie.audit.models import Event

    agent = make_agent()
    membership = do_add_membership(agent=agent, organisation=ministry.levant)
    do_end_membership(membership)
    events = Event.objects.filter(target_type="directory.membership", target_id=str(membership.pk))
    actions = list(events.values_list("action", flat=True))
    assert sorted(actions) == ["membership.add", "membership.end"]

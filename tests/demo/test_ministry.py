from __future__ import annotations

import pytest

from diplomatie.audit.models import Event
from diplomatie.demo.ministry import DEMO_PASSWORD, FEATURED_ACCOUNTS, build_plan, load_demo
from diplomatie.directory.models import Agent, Membership, Organisation, OrganisationKind, Role

K = OrganisationKind


def _row_counts() -> dict[str, int]:
    return {
        "organisations": Organisation.objects.count(),
        "agents": Agent.objects.count(),
        "memberships": Membership.objects.count(),
        "events": Event.objects.count(),
    }


def test_the_plan_is_the_same_every_time() -> None:
    assert build_plan() == build_plan()


@pytest.mark.django_db
def test_load_demo_builds_a_ministry() -> None:
    messages: list[str] = []
    counts = load_demo(stdout=messages.append)

    assert counts == {
        "organisations": Organisation.objects.count(),
        "agents": Agent.objects.count(),
        "memberships": Membership.objects.count(),
    }
    assert messages
    postes = Organisation.objects.filter(
        kind__in=[K.EMBASSY, K.CONSULATE, K.PERMANENT_REPRESENTATION]
    )
    assert postes.count() >= 25
    assert Organisation.objects.filter(kind=K.EMBASSY).count() >= 28
    geneva = Organisation.objects.get(kind=K.PERMANENT_REPRESENTATION, city="Genève")
    assert geneva.country.code == "CH"
    assert Agent.objects.count() >= 250
    assert Organisation.objects.filter(kind=K.PARTNER_ADMINISTRATION).count() == 3
    for kind in (K.NGO, K.COMPANY, K.MEDIA):
        assert Organisation.objects.filter(kind=kind).count() == 1

    ministry = Organisation.objects.get(code="ministere")
    assert ministry.acronym == "MEAE"
    assert ministry.depth == 1
    washington = Organisation.objects.get(code="amb-washington")
    assert washington.ancestor_paths == [ministry.path]
    assert washington.country.code == "US"


@pytest.mark.django_db
def test_featured_accounts_sign_in_with_the_demo_password() -> None:
    load_demo()

    assert len(FEATURED_ACCOUNTS) == 5
    for _role, email in FEATURED_ACCOUNTS:
        agent = Agent.objects.get(email=email)
        assert agent.check_password(DEMO_PASSWORD), email
        assert agent.memberships.active().exists(), email
    admin = Agent.objects.get(email="admin@diplomatie.example")
    assert admin.is_superuser
    assert admin.is_staff

    middle_east = Organisation.objects.get(code="dgp-afmo-moyen-orient")
    heads = middle_east.memberships.filter(role=Role.HEAD)
    assert [m.agent.email for m in heads] == ["henri.dubois@diplomatie.example"]
    assert middle_east.memberships.filter(agent__email="camille.laurent@diplomatie.example")
    sophie = Agent.objects.get(email="sophie.bernard@diplomatie.example")
    assert sophie.memberships.active().get().organisation.code.startswith("amb-washington")
    assert sophie.memberships.filter(end__isnull=False).exists()
    alex = Agent.objects.get(email="alex.morgan@presse-internationale.example")
    assert alex.memberships.get().organisation.kind == K.MEDIA


@pytest.mark.django_db
def test_every_staffed_organisation_has_one_head() -> None:
    load_demo()

    for organisation in Organisation.objects.filter(memberships__isnull=False).distinct():
        assert organisation.memberships.filter(role=Role.HEAD).count() == 1, organisation.code
    assert Membership.objects.filter(end__isnull=False).count() >= 2


@pytest.mark.django_db
def test_loading_twice_changes_nothing() -> None:
    first = load_demo()
    after_first = _row_counts()

    second = load_demo()

    assert all(first.values())
    assert second == {"organisations": 0, "agents": 0, "memberships": 0}
    assert _row_counts() == after_first

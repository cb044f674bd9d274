"""What a person may write: every queryset of `access.writing` agrees with its predicate,
over a grid of personas, kinds and organisations and on random worlds, and both follow the rules
written out here by hand."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any

import pytest
from django.db import transaction
from django.db.models import Model, QuerySet
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings

from diplomatie.access import writing
from diplomatie.access.perimeter import forget_perimeter
from diplomatie.access.querysets import visible_organisations
from diplomatie.communities.models import Community, CommunityMembership, MembershipState
from diplomatie.directory.actions import do_add_membership, do_end_membership
from diplomatie.directory.models import Agent, Organisation, OrganisationKind, Sector
from diplomatie.directory.models.organisation import POSTE_KINDS, ROOT_SECTOR
from diplomatie.parapheur.models import SIGNABLE_KINDS, CircuitTemplate
from diplomatie.publications.models import ROUTED_KINDS, Audience, Kind, Publication, Status
from diplomatie.routing.models import DistributionList
from tests.access.test_publication_visibility import World, materialise, worlds
from tests.conftest import Ministry
from tests.factories import make_agent, make_member, make_organisation

PERSONAS = [
    "desk_officer",
    "service_head",
    "ambassador",
    "partner_agent",
    "journalist",
    "ngo_worker",
    "admin",
]
ALL_KINDS = list(Kind.values)
# The issuers of the grid's rows: one of each standing, a poste and its section.
ISSUERS = {"lev", "amb-washington", "amb-washington-presse", "interieur", "dgef", "presse"}


def ids(items: Iterable[Model]) -> set[int]:
    return {int(item.pk) for item in items}


def assert_pair(
    queryset: QuerySet[Any], predicate: Callable[[Any], bool], universe: Iterable[Any], why: Any
) -> set[int]:
    """The queryset holds exactly the objects of `universe` the predicate accepts."""
    universe = list(universe)
    listed = set(queryset.filter(pk__in=[o.pk for o in universe]).values_list("pk", flat=True))
    accepted = {o.pk for o in universe if predicate(o)}
    assert listed == accepted, why
    return accepted


def check_pairs(
    agent: Agent,
    organisations: list[Organisation],
    publications: list[Publication],
    communities: list[Community],
    lists: list[DistributionList],
    templates: list[CircuitTemplate],
) -> None:
    """Every queryset/predicate pair of the writing policy, for one agent."""
    agent = Agent.objects.get(pk=agent.pk)  # a fresh perimeter
    for kind in [None, *ALL_KINDS]:
        assert_pair(
            writing.sendable_issuers(agent, kind),
            partial(writing.can_send_as, agent, kind=kind),
            organisations,
            (agent, kind),
        )
    kinds = writing.authorable_kinds(agent)
    assert kinds == [k for k in ALL_KINDS if writing.can_author(agent, k)], agent
    assert_pair(
        writing.addressable_organisations(agent),
        lambda o: writing.can_address(agent, o),
        organisations,
        agent,
    )
    assert_pair(
        writing.usable_distribution_lists(agent),
        lambda d: writing.can_use_distribution_list(agent, d),
        lists,
        agent,
    )
    assert_pair(
        writing.writable_communities(agent),
        lambda c: writing.can_write_in_community(agent, c),
        communities,
        agent,
    )
    for queryset, predicate in (
        (writing.editable_publications, writing.can_edit_publication),
        (writing.repliable_publications, writing.can_reply_to),
        (writing.supersedable_publications, writing.can_supersede),
        (writing.startable_circuits, writing.can_start_circuit),
        (writing.commentable_publications, writing.can_comment_on),
    ):
        assert_pair(
            queryset(agent),
            partial(predicate, agent),
            publications,
            (agent, predicate.__name__),
        )
    assert_pair(
        writing.visible_circuit_templates(agent),
        lambda t: writing.can_view_circuit_template(agent, t),
        templates,
        agent,
    )
    assert_pair(
        writing.startable_templates(agent),
        lambda t: writing.can_start_with_template(agent, t),
        templates,
        agent,
    )


# ---------------------------------------------------------------------------------------
# The grid: the conftest ministry, a service under the partner administration, every kind.


@pytest.fixture
def cast(request: pytest.FixtureRequest, ministry: Ministry) -> dict[str, Agent]:
    found: dict[str, Agent] = {name: request.getfixturevalue(name) for name in PERSONAS}
    dgef = make_organisation(OrganisationKind.SERVICE, parent=ministry.interior, code="dgef")
    found["dgef_agent"] = make_member(dgef, display_name="Dora Guérin")
    found["press_officer"] = make_member(ministry.embassy_press, display_name="Attaché de presse")
    found["lonely"] = make_agent(display_name="Sans affectation")
    former = make_agent(display_name="Ancien de la DGP")
    membership = do_add_membership(
        agent=former, organisation=ministry.political, start=dt.date(2020, 1, 1)
    )
    do_end_membership(membership, end=timezone.localdate() - dt.timedelta(days=1))
    found["former"] = former
    return found


def grid_world(cast: dict[str, Agent]) -> tuple[list[Any], ...]:
    """Rows of every kind and status, written by every persona for each organisation
    (inserted directly, so also rows the services would refuse), communities, lists and
    templates."""
    organisations = list(Organisation.objects.order_by("path"))
    open_one = Community.objects.create(
        name="Ouverte", slug="ouverte", open_to_externals=True, created_by=cast["desk_officer"]
    )
    closed = Community.objects.create(name="Fermée", slug="fermee", created_by=cast["desk_officer"])
    for community in (open_one, closed):
        for name in ("desk_officer", "journalist", "dgef_agent", "former"):
            CommunityMembership.objects.create(
                community=community, agent=cast[name], state=MembershipState.MEMBER
            )
        CommunityMembership.objects.create(
            community=community, agent=cast["ngo_worker"], state=MembershipState.REQUESTED
        )
    now = timezone.now()
    publications: list[Publication] = []
    authors = [cast[name] for name in ("desk_officer", "journalist", "dgef_agent", "press_officer")]
    issuers = [o for o in organisations if o.code in ISSUERS]
    for author in authors:
        for organisation in issuers:
            external = organisation.sector == Sector.EXTERNAL
            publications.extend(
                Publication.objects.create(
                    kind=kind,
                    subject=f"{kind} {status}",
                    status=status,
                    audience=Audience.PARTNERS,
                    author=author,
                    issuer=organisation,
                    sent_at=now if status == Status.SENT else None,
                    community=open_one if kind == Kind.ARTICLE and external else None,
                )
                for kind in ALL_KINDS
                for status in Status.values
            )
    coauthored = publications[0]
    coauthored.coauthors.add(cast["service_head"])
    lists = [DistributionList.objects.create(code="ue", name="UE", kinds=["embassy"])]
    templates = [
        CircuitTemplate.objects.create(organisation=organisation, name=f"T {organisation.code}")
        for organisation in organisations
    ]
    templates.append(
        CircuitTemplate.objects.create(organisation=organisations[0], name="old", active=False)
    )
    return organisations, publications, [open_one, closed], lists, templates


def test_every_writing_pair_agrees_over_the_grid(cast: dict[str, Agent]) -> None:
    organisations, publications, communities, lists, templates = grid_world(cast)
    for agent in cast.values():
        check_pairs(agent, organisations, publications, communities, lists, templates)


def test_the_grid_follows_the_rules(ministry: Ministry, cast: dict[str, Agent]) -> None:
    """The rules of issue 9 written out for the grid's personas."""
    grid_world(cast)
    ministry_kinds = ALL_KINDS
    administration_kinds = [k for k in ALL_KINDS if k != Kind.LETTER]
    expected_kinds = {
        "desk_officer": ministry_kinds,
        "service_head": ministry_kinds,
        "ambassador": ministry_kinds,
        "press_officer": ministry_kinds,
        "partner_agent": administration_kinds,
        "dgef_agent": administration_kinds,
        "journalist": [Kind.ARTICLE],
        "ngo_worker": [Kind.ARTICLE],
        "admin": [],
        "lonely": [],
        "former": [],
    }
    everything = Organisation.objects.count()
    for name, stale in cast.items():
        agent = Agent.objects.get(pk=stale.pk)
        assert writing.authorable_kinds(agent) == expected_kinds[name], name
        external = name in {"journalist", "ngo_worker"}
        institutional = name not in {"journalist", "ngo_worker", "lonely", "former", "admin"}
        assert writing.addresses(agent) == institutional, name
        assert writing.addressable_organisations(agent).count() == (
            everything if institutional else 0
        ), name
        assert writing.usable_distribution_lists(agent).exists() == institutional, name
        assert writing.can_export(agent) == (institutional or name == "admin"), name
        assert writing.can_see_addressee_counts(agent) == institutional, name
        in_ministry = name in {"desk_officer", "service_head", "ambassador", "press_officer"}
        # Administrators manage the circuits: they see the templates too.
        assert writing.visible_circuit_templates(agent).exists() == (
            in_ministry or name == "admin"
        ), name
        assert writing.startable_circuits(agent).exists() == (
            name in {"desk_officer", "press_officer"}  # the authors of the grid's drafts
        ), name
        if external:
            assert not writing.repliable_publications(agent).exists(), name
            assert not writing.supersedable_publications(agent).exists(), name
            assert set(writing.commentable_publications(agent).values_list(
                "community__slug", flat=True
            )) <= {"ouverte"}, name  # fmt: skip
    # The press officer of the embassy writes on behalf of the section and of the embassy.
    press = cast["press_officer"]
    assert ids(writing.sendable_issuers(press)) == {ministry.embassy_press.pk, ministry.embassy.pk}
    # The journalist writes for the media, articles only, in the open community only.
    journalist = cast["journalist"]
    assert ids(writing.sendable_issuers(journalist, Kind.ARTICLE)) == {ministry.media.pk}
    assert not writing.sendable_issuers(journalist, Kind.TELEGRAM).exists()
    assert [c.slug for c in writing.writable_communities(journalist)] == ["ouverte"]
    assert {c.slug for c in writing.writable_communities(cast["dgef_agent"])} == {
        "fermee",
        "ouverte",
    }
    # Nobody edits what they did not write; sent records are not edited at all.
    for publication in writing.editable_publications(cast["desk_officer"]):
        assert publication.author_id == cast["desk_officer"].pk
        assert publication.status == Status.DRAFT or publication.kind == Kind.ARTICLE
    # The co-author of a draft edits it too.
    assert writing.editable_publications(cast["service_head"]).count() == 1
    # Superseding: the author's own official documents, issued where they still write.
    for publication in writing.supersedable_publications(cast["dgef_agent"]):
        assert publication.kind in ROUTED_KINDS - {Kind.LETTER}
        assert publication.issuer.code == "dgef"
    for publication in writing.startable_circuits(cast["press_officer"]):
        assert publication.kind in SIGNABLE_KINDS
        assert publication.issuer.kind in {*POSTE_KINDS, OrganisationKind.POSTE_SECTION}


def test_a_membership_ending_takes_the_rights_with_it(ministry: Ministry) -> None:
    agent = make_agent()
    membership = do_add_membership(
        agent=agent, organisation=ministry.levant, start=dt.date(2020, 1, 1)
    )
    assert writing.authorable_kinds(agent) == ALL_KINDS
    do_end_membership(membership, end=timezone.localdate() - dt.timedelta(days=1))
    forget_perimeter(agent)
    assert writing.authorable_kinds(agent) == []
    assert not writing.addresses(agent)
    assert not visible_organisations(agent).exists()


# ---------------------------------------------------------------------------------------
# The property test: random forests (services under partner administrations included).


def expected_kinds(world: World, index: int) -> list[str]:
    """An independent model: the kinds of the sectors of the agent's issuers, the sector
    being that of the root, whatever the organisation's own kind."""
    active = {org for org, state in world.agents[index].memberships if state == "active"}
    issuers = set(active)
    for org in active:
        issuers |= {o for o in world.lineage(org) if world.organisations[o].kind in POSTE_KINDS}
    kinds: set[str] = set()
    for org in issuers:
        kinds |= writing.KINDS_BY_SECTOR[world.sector(org)]
    return [k for k in ALL_KINDS if k in kinds]


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_the_writing_policy_holds_on_random_worlds(world: World) -> None:
    with transaction.atomic():
        built = materialise(world, with_attachments=False)
        for index, organisation in enumerate(built.organisations):
            assert organisation.sector == world.sector(index), (index, world)
        templates = [
            CircuitTemplate.objects.create(organisation=o, name=f"T {uuid.uuid4().hex[:6]}")
            for o in built.organisations[::2]
        ]
        lists = [DistributionList.objects.create(code=f"l-{uuid.uuid4().hex[:8]}", name="L")]
        for index, agent in enumerate(built.agents):
            check_pairs(
                agent,
                built.organisations,
                built.publications,
                built.communities,
                lists,
                templates,
            )
            fresh = Agent.objects.get(pk=agent.pk)
            assert writing.authorable_kinds(fresh) == expected_kinds(world, index), (index, world)
            active = {o for o, state in world.agents[index].memberships if state == "active"}
            sectors = {world.sector(o) for o in active}
            assert writing.addresses(fresh) == bool(sectors & writing.ADDRESSING_SECTORS)
            assert writing.in_circuit_sector(fresh) == (Sector.MINISTRY in sectors)
        transaction.set_rollback(True)


def test_the_root_sector_table_covers_every_kind() -> None:
    assert set(ROOT_SECTOR) == set(OrganisationKind.values)
    assert set(writing.KINDS_BY_SECTOR) == set(Sector.values)

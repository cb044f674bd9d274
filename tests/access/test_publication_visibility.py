"""Who may read a publication: the queryset and the predicate agree, pages obey them.

Two layers. A parity grid builds publications through the services for every
combination of kind, classification, audience, status and addressee, and compares the
policy with the rules written out by hand for each persona. A property test then draws
random organisation forests, memberships and publication rows — inserted directly, so
also rows the services would refuse — and checks the queryset, the predicate, the
journal selectors and the read paths over HTTP against an independent model of the
rules."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, event, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from pytest_django.fixtures import Settings as SettingsWrapper

from diplomatie.access.policy import can_view_publication
from diplomatie.access.querysets import visible_publications
from diplomatie.communities.models import (
    Access,
    Comment,
    Community,
    CommunityMembership,
    MembershipState,
)
from diplomatie.directory.actions import (
    do_add_membership,
    do_create_organisation,
    do_end_membership,
)
from diplomatie.directory.models import Agent, Membership, Organisation, OrganisationKind, Sector
from diplomatie.directory.models.organisation import ALLOWED_PARENTS, ROOT_SECTOR
from diplomatie.journal.selectors import interests_for, tasks_for
from diplomatie.publications.actions import DraftData, do_create_draft, do_send
from diplomatie.publications.attachments import store_attachment
from diplomatie.publications.models import (
    Attachment,
    Audience,
    Classification,
    Kind,
    Publication,
    Status,
)
from diplomatie.routing.models import OPEN_STATES, Addressing, Mode, Task, TaskState
from tests.conftest import Ministry, signed_in
from tests.factories import make_agent, make_member

# ---------------------------------------------------------------------------------------
# The parity grid, built through the services.

PERSONAS = [
    "desk_officer",
    "service_head",
    "ambassador",
    "partner_agent",
    "journalist",
    "ngo_worker",
    "admin",
]
GRID_KINDS = (Kind.TELEGRAM, Kind.NOTE, Kind.ARTICLE)
GRID_ADDRESSEES = ("levant", "political", "embassy", "embassy_press", "interior", "media")
MINISTRY_SECTOR = {"desk_officer", "service_head", "ambassador", "writer"}
ADMINISTRATIONS = MINISTRY_SECTOR | {"partner_agent"}
BELONGING = ADMINISTRATIONS | {"journalist", "ngo_worker", "admin"}
# Who is reached through the lineage of each addressee (members of it or below it).
REACHED_BY_ADDRESSEE = {
    "levant": {"desk_officer", "service_head"},
    "political": {"desk_officer", "service_head"},
    "embassy": {"ambassador"},
    "embassy_press": set(),  # the ambassador stands above it: not reached
    "interior": {"partner_agent"},
    "media": {"journalist"},
}


@dataclass(frozen=True)
class Spec:
    kind: str
    classification: str
    audience: str
    status: str
    addressee: str

    @property
    def effective_audience(self) -> str:
        """Diffusion Restreinte implies "addressees only", whatever was asked."""
        if self.classification == Classification.DR:
            return Audience.ADDRESSEES
        return self.audience


def grid_specs() -> list[Spec]:
    specs = []
    for kind, classification, audience, status, addressee in itertools.product(
        GRID_KINDS, Classification.values, Audience.values, Status.values, GRID_ADDRESSEES
    ):
        if classification == Classification.DR and addressee == "media":
            continue  # refused by the services: DR is never addressed to an external
        specs.append(Spec(kind, classification, audience, status, addressee))
    return specs


def expected_in_grid(viewer: str, spec: Spec) -> bool:
    """The rules written out for the grid's personas; the writer (in the consular
    directorate, the issuer) authors everything and the service head co-authors notes."""
    if viewer == "writer" or (viewer == "service_head" and spec.kind == Kind.NOTE):
        return True
    if spec.status == Status.DRAFT:
        return False
    audience = spec.effective_audience
    if audience == Audience.MINISTRY and viewer in MINISTRY_SECTOR:
        return True
    if audience == Audience.ADMINISTRATIONS and viewer in ADMINISTRATIONS:
        return True
    if audience == Audience.PARTNERS and viewer in BELONGING:
        return True
    return viewer in REACHED_BY_ADDRESSEE[spec.addressee]


def build(writer: Agent, ministry: Ministry, spec: Spec, coauthor: Agent) -> Publication:
    addressee: Organisation = getattr(ministry, spec.addressee)
    routed = spec.kind != Kind.ARTICLE
    data = DraftData(
        kind=spec.kind,
        subject=f"{spec}",
        issuer=ministry.consular,
        body="Body.",
        summary="Résumé." if spec.kind == Kind.TELEGRAM else "",
        classification=spec.classification,
        audience=spec.audience,
        action_to=addressee if routed else None,
        info_to=() if routed else (addressee,),
        coauthors=(coauthor,) if spec.kind == Kind.NOTE else (),
    )
    publication = do_create_draft(writer, data)
    if spec.status == Status.SENT:
        publication = do_send(writer, publication)
    return publication


@pytest.fixture
def viewers(request: pytest.FixtureRequest, ministry: Ministry) -> dict[str, Agent]:
    found: dict[str, Agent] = {name: request.getfixturevalue(name) for name in PERSONAS}
    found["writer"] = make_member(ministry.consular, display_name="Rédactrice consulaire")
    found["lonely"] = make_agent(display_name="Sans affectation")
    former = make_agent(display_name="Ancien de la DGP")
    membership = do_add_membership(
        agent=former, organisation=ministry.political, start=dt.date(2020, 1, 1)
    )
    do_end_membership(membership, end=timezone.localdate() - dt.timedelta(days=1))
    found["former"] = former
    return found


def test_the_grid_agrees_with_the_rules(ministry: Ministry, viewers: dict[str, Agent]) -> None:
    built = {
        spec: build(viewers["writer"], ministry, spec, viewers["service_head"])
        for spec in grid_specs()
    }
    assert len(built) == 3 * 2 * 4 * (6 + 5)  # kind, status, audience, addressees
    for name, stale in viewers.items():
        viewer = Agent.objects.get(pk=stale.pk)
        visible = set(visible_publications(viewer).values_list("pk", flat=True))
        for spec, publication in built.items():
            expected = expected_in_grid(name, spec)
            assert can_view_publication(viewer, publication) == expected, (name, spec)
            assert (publication.pk in visible) == expected, (name, spec)


def test_grid_spot_checks(ministry: Ministry, viewers: dict[str, Agent]) -> None:
    writer, head = viewers["writer"], viewers["service_head"]

    def sees(name: str, spec: Spec) -> bool:
        publication = build(writer, ministry, spec, head)
        viewer = Agent.objects.get(pk=viewers[name].pk)
        in_queryset = visible_publications(viewer).filter(pk=publication.pk).exists()
        assert can_view_publication(viewer, publication) == in_queryset, (name, spec)
        return in_queryset

    np, dr = Classification.NP, Classification.DR
    addressees, partners = Audience.ADDRESSEES, Audience.PARTNERS
    sent, draft = Status.SENT, Status.DRAFT
    # Addressed to the directorate: reaches the desk officer in a service below it.
    assert sees("desk_officer", Spec(Kind.TELEGRAM, dr, addressees, sent, "political"))
    assert sees("desk_officer", Spec(Kind.ARTICLE, np, addressees, sent, "political"))
    # ... but not the other way round, nor sideways.
    assert not sees("desk_officer", Spec(Kind.TELEGRAM, dr, addressees, sent, "embassy"))
    assert sees("ambassador", Spec(Kind.TELEGRAM, dr, addressees, sent, "embassy"))
    assert not sees("ambassador", Spec(Kind.TELEGRAM, dr, addressees, sent, "embassy_press"))
    assert not sees("ambassador", Spec(Kind.TELEGRAM, np, addressees, sent, "levant"))
    # The journalist never reads Diffusion Restreinte, even with a wide audience asked.
    for addressee in ("levant", "political", "embassy", "interior"):
        for audience in Audience.values:
            assert not sees("journalist", Spec(Kind.NOTE, dr, audience, sent, addressee))
    # ... reads Non protégé for partners, and what is addressed to the media.
    assert sees("journalist", Spec(Kind.ARTICLE, np, partners, sent, "levant"))
    assert sees("journalist", Spec(Kind.TELEGRAM, np, addressees, sent, "media"))
    assert not sees("journalist", Spec(Kind.TELEGRAM, np, Audience.MINISTRY, sent, "levant"))
    assert not sees("journalist", Spec(Kind.TELEGRAM, np, Audience.ADMINISTRATIONS, sent, "levant"))
    # Partner administrations: the "administrations" audience, not the ministry's.
    assert sees("partner_agent", Spec(Kind.ARTICLE, np, Audience.ADMINISTRATIONS, sent, "levant"))
    assert not sees("partner_agent", Spec(Kind.ARTICLE, np, Audience.MINISTRY, sent, "levant"))
    # Drafts: the authors only, whatever the audience and addressees.
    draft_spec = Spec(Kind.NOTE, np, partners, draft, "levant")
    for name in viewers:
        assert sees(name, draft_spec) == (name in {"writer", "service_head"}), name
    assert not sees("desk_officer", Spec(Kind.TELEGRAM, np, partners, draft, "levant"))
    # No membership today: nothing but what one wrote.
    for name in ("lonely", "former"):
        assert not sees(name, Spec(Kind.ARTICLE, np, partners, sent, "political"))
        assert not sees(name, Spec(Kind.TELEGRAM, np, addressees, sent, "political"))


COMMUNITY_STATES = {
    # persona -> membership state in every community of the grid
    "desk_officer": "member",
    "journalist": "member",
    "ambassador": "requested",
    "partner_agent": "left",
    "ngo_worker": "invited",
    "service_head": "refused",
}


def test_community_content_is_closed_to_non_members(
    ministry: Ministry, viewers: dict[str, Agent]
) -> None:
    """Community posts, whatever audience, issuer or addressees their rows carry, are
    read by the community's members only — never by a DR-shy external, a requester, a
    refused or invited agent, a former member, the issuer's service or an addressee."""
    writer = viewers["writer"]
    posts: dict[tuple[str, str, str], Publication] = {}
    for access in Access.values:
        community = Community.objects.create(
            name=f"Grid {access}", slug=f"grid-{access}", access=access,
            open_to_externals=True, created_by=writer,
        )  # fmt: skip
        for name, state in COMMUNITY_STATES.items():
            CommunityMembership.objects.create(
                community=community, agent=viewers[name], state=state
            )
        for classification, audience in (
            (Classification.NP, Audience.PARTNERS),
            (Classification.NP, Audience.ADDRESSEES),
            (Classification.DR, Audience.ADDRESSEES),
        ):
            publication = Publication.objects.create(
                kind=Kind.ARTICLE, subject=f"{access} {classification} {audience}",
                classification=classification, audience=audience, status=Status.SENT,
                author=writer, issuer=ministry.levant, sent_at=timezone.now(),
                community=community,
            )  # fmt: skip
            Addressing.objects.create(
                publication=publication, organisation=ministry.political, mode=Mode.INFORMATION
            )
            posts[(access, classification, audience)] = publication
    for name, stale in viewers.items():
        viewer = Agent.objects.get(pk=stale.pk)
        visible = set(visible_publications(viewer).values_list("pk", flat=True))
        for (_access, level, _audience), publication in posts.items():
            member = COMMUNITY_STATES.get(name) == "member"
            external = name in {"journalist", "ngo_worker"}
            expected = name == "writer" or (member and (level == Classification.NP or not external))
            assert can_view_publication(viewer, publication) == expected, (name, publication)
            assert (publication.pk in visible) == expected, (name, publication)


def test_an_unknown_and_a_forbidden_publication_answer_the_same_404(
    client: Client, ministry: Ministry, viewers: dict[str, Agent]
) -> None:
    hidden = build(
        viewers["writer"],
        ministry,
        Spec(Kind.TELEGRAM, Classification.DR, Audience.ADDRESSEES, Status.SENT, "embassy"),
        viewers["service_head"],
    )
    signed_in(client, viewers["journalist"])
    missing = Publication.objects.order_by("-pk").values_list("pk", flat=True)[0] + 1000
    for pk in (hidden.pk, missing):
        response = client.get(reverse("publications:detail", args=[pk]))
        assert response.status_code == 404, pk
    signed_in(client, viewers["ambassador"])
    assert client.get(reverse("publications:detail", args=[hidden.pk])).status_code == 200


# ---------------------------------------------------------------------------------------
# The property test: random forests, memberships and rows.

K = OrganisationKind
ANY_KIND = list(K.values)
INSTITUTIONAL = {Sector.MINISTRY, Sector.ADMINISTRATION}
MEMBERSHIP_STATES = ("active", "active", "ended", "future")  # active drawn twice as often


@dataclass
class OrgPlan:
    kind: str
    parent: int | None


@dataclass
class AgentPlan:
    superuser: bool
    memberships: set[tuple[int, str]]  # (organisation index, state)


@dataclass
class PublicationPlan:
    kind: str
    classification: str
    audience: str
    status: str
    author: int
    issuer: int
    coauthors: set[int]
    action: int | None
    information: set[int]
    task_state: str
    task_assignee: int | None
    community: int | None = None  # index into World.communities


@dataclass
class CommunityPlan:
    access: str
    open_to_externals: bool
    # agent index -> membership state (member, requested, invited, refused, left...)
    memberships: dict[int, str] = field(default_factory=dict)


@dataclass
class World:
    organisations: list[OrgPlan]
    agents: list[AgentPlan]
    publications: list[PublicationPlan] = field(default_factory=list)
    communities: list[CommunityPlan] = field(default_factory=list)

    def sector(self, index: int) -> str:
        """The sector of an organisation: its root's, whatever its own kind."""
        while (parent := self.organisations[index].parent) is not None:
            index = parent
        return ROOT_SECTOR[self.organisations[index].kind]

    def lineage(self, index: int) -> set[int]:
        found = set()
        current: int | None = index
        while current is not None:
            found.add(current)
            current = self.organisations[current].parent
        return found


@st.composite
def worlds(draw: st.DrawFn) -> World:
    # Three roots — the ministry, a partner administration, an external organisation —
    # then anything that may sit where it is put.
    external = draw(st.sampled_from([K.MEDIA, K.NGO, K.COMPANY]))
    organisations = [
        OrgPlan(K.MINISTRY, None),
        OrgPlan(K.PARTNER_ADMINISTRATION, None),
        OrgPlan(external, None),
    ]
    for _ in range(draw(st.integers(0, 5), label="more organisations")):
        options = [
            (kind, parent)
            for kind in ANY_KIND
            for parent in [None, *range(len(organisations))]
            if (None if parent is None else organisations[parent].kind) in ALLOWED_PARENTS[kind]
        ]
        kind, parent = draw(st.sampled_from(options))
        organisations.append(OrgPlan(kind, parent))
    n_orgs = len(organisations)
    org_index = st.integers(0, n_orgs - 1)

    agents = [
        AgentPlan(
            superuser=draw(st.integers(0, 7)) == 0,
            memberships=draw(
                st.sets(
                    st.tuples(org_index, st.sampled_from(MEMBERSHIP_STATES)), min_size=1, max_size=3
                )
            ),
        )
        for _ in range(draw(st.integers(2, 5), label="agents"))
    ]
    agent_index = st.integers(0, len(agents) - 1)

    communities = [
        CommunityPlan(
            access=draw(st.sampled_from(Access.values)),
            open_to_externals=draw(st.booleans()),
            memberships=draw(
                st.dictionaries(
                    agent_index,
                    # member drawn as often as all the other states together
                    st.sampled_from([*[MembershipState.MEMBER] * 5, *MembershipState.values]),
                    max_size=4,
                )
            ),
        )
        for _ in range(draw(st.integers(0, 2), label="communities"))
    ]
    community_index = st.none() | st.integers(0, len(communities) - 1) if communities else st.none()

    publications = []
    for _ in range(draw(st.integers(1, 6), label="publications")):
        classification = draw(st.sampled_from(Classification.values))
        audience = (
            Audience.ADDRESSEES
            if classification == Classification.DR
            else draw(st.sampled_from(Audience.values))
        )
        action = draw(st.none() | org_index)
        publications.append(
            PublicationPlan(
                kind=draw(st.sampled_from(Kind.values)),
                classification=classification,
                audience=audience,
                status=draw(st.sampled_from(Status.values)),
                author=draw(agent_index),
                issuer=draw(org_index),
                coauthors=draw(st.sets(agent_index, max_size=2)),
                action=action,
                information=draw(st.sets(org_index, max_size=3)) - {action},
                task_state=draw(st.sampled_from(TaskState.values)),
                task_assignee=draw(st.none() | agent_index),
                community=draw(community_index),
            )
        )
    return World(organisations, agents, publications, communities)


def verdict(world: World, viewer: int, plan: PublicationPlan) -> tuple[bool, str]:
    """The rules of `visible_publications`, restated over the plan alone (no paths, no
    queries): the independent model the policy is checked against, with the reason."""
    agent = world.agents[viewer]
    if viewer == plan.author or viewer in plan.coauthors:
        return True, "an author"
    active = {org for org, state in agent.memberships if state == "active"}
    if not active and not agent.superuser:
        return False, "belongs nowhere today"
    if plan.status != Status.SENT:
        return False, "someone else's draft"
    sectors = {world.sector(org) for org in active}
    internal = agent.superuser or bool(sectors & INSTITUTIONAL)
    np = plan.classification == Classification.NP
    if plan.community is not None:
        # Community content: its members only; audience, issuer, addressees play no part.
        state = world.communities[plan.community].memberships.get(viewer)
        if state != MembershipState.MEMBER:
            return False, f"community post, viewer {state or 'not in it'}"
        if not np and not internal:
            return False, "DR community post, external member"
        if not internal and not world.communities[plan.community].open_to_externals:
            return False, "community closed to externals, external member"
        return True, f"{plan.classification} community post, member"
    if np:
        if plan.audience == Audience.PARTNERS:
            return True, "NP for partners"
        if plan.audience == Audience.MINISTRY and Sector.MINISTRY in sectors:
            return True, "NP for the ministry"
        if plan.audience == Audience.ADMINISTRATIONS and sectors & INSTITUTIONAL:
            return True, "NP for administrations"
    elif not internal:
        return False, "DR, external viewer"
    lineage: set[int] = set()
    for org in active:
        lineage |= world.lineage(org)
    if plan.issuer in lineage:
        return True, f"{plan.classification} issued in the lineage"
    addressed = {*plan.information, *([] if plan.action is None else [plan.action])}
    if addressed & lineage:
        return True, f"{plan.classification} addressed to the lineage"
    if addressed & {org for org in range(len(world.organisations)) if world.lineage(org) & active}:
        return False, f"{plan.classification} addressed below the viewer only"
    return False, f"{plan.classification} out of reach"


def expected_visible(world: World, viewer: int, plan: PublicationPlan) -> bool:
    return verdict(world, viewer, plan)[0]


@dataclass
class Built:
    organisations: list[Organisation]
    agents: list[Agent]
    publications: list[Publication]
    attachments: list[Attachment]
    contents: list[bytes]
    communities: list[Community] = field(default_factory=list)
    comments: list[Comment] = field(default_factory=list)


def materialise(world: World, *, with_attachments: bool) -> Built:
    tag = uuid.uuid4().hex[:8]
    organisations: list[Organisation] = []
    for i, org_plan in enumerate(world.organisations):
        parent = None if org_plan.parent is None else organisations[org_plan.parent]
        organisations.append(
            do_create_organisation(
                code=f"o-{tag}-{i}", name=f"Org {tag} {i}", kind=org_plan.kind, parent=parent
            )
        )

    today = timezone.localdate()
    period = {
        "active": (today - dt.timedelta(days=10), None),
        "ended": (today - dt.timedelta(days=30), today - dt.timedelta(days=1)),
        "future": (today + dt.timedelta(days=5), None),
    }
    agents: list[Agent] = []
    for i, agent_plan in enumerate(world.agents):
        agent = make_agent(
            email=f"a-{tag}-{i}@prop.example",
            display_name=f"Agent {tag} {i}",
            is_superuser=agent_plan.superuser,
            is_staff=agent_plan.superuser,
        )
        for org, state in sorted(agent_plan.memberships):
            start, end = period[state]
            Membership.objects.create(
                agent=agent, organisation=organisations[org], start=start, end=end
            )
        agents.append(agent)

    communities: list[Community] = []
    for i, community_plan in enumerate(world.communities):
        community = Community.objects.create(
            name=f"Community {tag} {i}",
            slug=f"c-{tag}-{i}",
            access=community_plan.access,
            open_to_externals=community_plan.open_to_externals,
            created_by=agents[0],
        )
        for agent_index, state in sorted(community_plan.memberships.items()):
            CommunityMembership.objects.create(
                community=community, agent=agents[agent_index], state=state
            )
        communities.append(community)

    now = timezone.now()
    publications: list[Publication] = []
    comments: list[Comment] = []
    attachments: list[Attachment] = []
    contents: list[bytes] = []
    for plan in world.publications:
        sent = plan.status == Status.SENT
        publication = Publication.objects.create(
            kind=plan.kind,
            subject=f"SUBJ-{uuid.uuid4().hex}",
            summary="Résumé.",
            body="Body.",
            classification=plan.classification,
            audience=plan.audience,
            status=plan.status,
            author=agents[plan.author],
            issuer=organisations[plan.issuer],
            sent_at=now if sent else None,
            community=None if plan.community is None else communities[plan.community],
        )
        comments.append(
            Comment.objects.create(
                publication=publication, author=agents[plan.author], body=f"CMT-{uuid.uuid4().hex}"
            )
        )
        publication.coauthors.set([agents[i] for i in plan.coauthors])
        if plan.action is not None:
            Addressing.objects.create(
                publication=publication, organisation=organisations[plan.action], mode=Mode.ACTION
            )
            if sent:
                Task.objects.create(
                    publication=publication,
                    organisation=organisations[plan.action],
                    state=plan.task_state,
                    assignee=None if plan.task_assignee is None else agents[plan.task_assignee],
                    due_at=now + dt.timedelta(days=1),
                )
        for org in sorted(plan.information):
            Addressing.objects.create(
                publication=publication, organisation=organisations[org], mode=Mode.INFORMATION
            )
        publications.append(publication)
        if with_attachments:
            content = f"hello {uuid.uuid4().hex}".encode()
            attachment = store_attachment(
                SimpleUploadedFile("n.txt", content), publication=publication, actor=agents[0]
            )
            attachments.append(attachment)
            contents.append(content)
    return Built(organisations, agents, publications, attachments, contents, communities, comments)


def expected_for(world: World, built: Built, index: int) -> set[int]:
    expected = set()
    for plan, publication in zip(world.publications, built.publications, strict=True):
        visible, reason = verdict(world, index, plan)
        event(f"{'visible' if visible else 'hidden'}: {reason}")
        if visible:
            expected.add(publication.pk)
    return expected


def check_policy(world: World, built: Built) -> None:
    """The queryset, the predicate, the model and the journal selectors agree."""
    everything = {p.pk: p for p in built.publications}
    for index, stale in enumerate(built.agents):
        agent = Agent.objects.get(pk=stale.pk)  # a fresh perimeter
        expected = expected_for(world, built, index)
        predicate = {pk for pk, p in everything.items() if can_view_publication(agent, p)}
        queryset = set(
            visible_publications(agent).filter(pk__in=everything).values_list("pk", flat=True)
        )
        # The predicate and the queryset agree with each other and with the model.
        assert queryset == predicate, (index, world)
        assert predicate == expected, (index, world)

        # The journal selectors only ever return what the agent may read.
        memberships = Membership.objects.active().filter(agent=agent)
        own_orgs = set(memberships.values_list("organisation_id", flat=True))
        tasks = list(tasks_for(agent).filter(publication_id__in=everything))
        assert {t.publication_id for t in tasks} <= expected, (index, world)
        expected_tasks = {
            t.pk
            for t in Task.objects.filter(publication_id__in=expected, state__in=OPEN_STATES)
            if t.assignee_id == agent.pk
            or (t.state == TaskState.NEW and t.organisation_id in own_orgs)
        }
        assert {t.pk for t in tasks} == expected_tasks, (index, world)
        interests = set(interests_for(agent).filter(pk__in=everything).values_list("pk", flat=True))
        assert interests <= expected, (index, world)
        # Sent posts of my communities are among my interests (unless an open task of mine).
        mine = {
            p.pk
            for plan, p in zip(world.publications, built.publications, strict=True)
            if plan.community is not None
            and world.communities[plan.community].memberships.get(index) == MembershipState.MEMBER
            and p.pk in expected
            and p.status == Status.SENT
            and not plan.action
        }
        assert mine <= interests | {t.publication_id for t in tasks}, (index, world)
        assert all(everything[pk].status == Status.SENT for pk in interests), (index, world)
        check_follows_and_audience(agent, everything, expected, index, world)


def check_follows_and_audience(
    agent: Agent, everything: dict[int, Publication], expected: set[int], index: int, world: World
) -> None:
    """Following every author and a theme of every publication brings nothing the agent
    may not read; the audience queryset and predicate agree and stay within it too."""
    from diplomatie.access.audience import audience_publications, can_view_audience
    from diplomatie.audience.models import Follow
    from diplomatie.audience.selectors import followed_publications
    from diplomatie.publications.models import Theme

    theme, _ = Theme.objects.get_or_create(code="prop-all", defaults={"kind": "topic"})
    for publication in everything.values():
        publication.themes.add(theme)
    Follow.objects.bulk_create(
        [Follow(agent=agent, theme=theme)]
        + [
            Follow(agent=agent, followed_id=author_id)
            for author_id in {p.author_id for p in everything.values()} - {agent.pk}
        ],
        ignore_conflicts=True,
    )
    interests = set(interests_for(agent).filter(pk__in=everything).values_list("pk", flat=True))
    assert interests <= expected, (index, world)
    followed = set(
        followed_publications(agent).filter(pk__in=everything).values_list("pk", flat=True)
    )
    assert followed <= expected, (index, world)
    assert followed == {pk for pk in expected if everything[pk].status == Status.SENT}, index
    audience = set(
        audience_publications(agent).filter(pk__in=everything).values_list("pk", flat=True)
    )
    assert audience <= expected, (index, world)
    predicate = {pk for pk, p in everything.items() if can_view_audience(agent, p)}
    assert audience == predicate, (index, world)


def check_read_paths(client: Client, world: World, built: Built) -> None:
    """Over HTTP: 200 when readable, the same 404 otherwise (never 403); the journal
    never shows the subject of a publication the agent may not read."""
    everything = {p.pk: p for p in built.publications}
    for index, agent in enumerate(built.agents):
        expected = expected_for(world, built, index)
        signed_in(client, agent)
        journal = client.get(reverse("home"))
        assert journal.status_code == 200
        page = journal.content.decode()
        for pk, publication in everything.items():
            if pk not in expected:
                assert publication.subject not in page, (index, pk, world)
        for publication, attachment, content in zip(
            built.publications, built.attachments, built.contents, strict=True
        ):
            readable = publication.pk in expected
            detail = client.get(reverse("publications:detail", args=[publication.pk]))
            assert detail.status_code == (200 if readable else 404), (index, publication.pk)
            if readable:
                assert publication.subject in detail.content.decode()
            download = client.get(
                reverse("publications:attachment", args=[publication.pk, attachment.pk])
            )
            assert download.status_code == (200 if readable else 404), (index, attachment)
            if readable:
                # Reading the stream to its end also closes the file (and, through the
                # test client, without closing the database connection).
                assert b"".join(download.streaming_content) == content  # type: ignore[attr-defined]
        # Comments are read with their publication and nowhere else; a community's page
        # never shows the posts or comments of someone who may not read them.
        for publication, comment in zip(built.publications, built.comments, strict=True):
            readable = publication.pk in expected
            if publication.status == Status.SENT:
                detail = client.get(reverse("publications:detail", args=[publication.pk]))
                assert (comment.body in detail.content.decode()) == readable, (index, world)
            url = reverse("communities:report_comment", args=[comment.pk])
            assert (client.get(url).status_code == 404) == (not readable), (index, url)
            # The edit form is its author's only (and never beyond what they may read).
            url = reverse("communities:edit_comment", args=[comment.pk])
            if not readable:
                assert client.get(url).status_code == 404, (index, url)
        for community in built.communities:
            response = client.get(reverse("communities:detail", args=[community.slug]))
            assert response.status_code in (200, 404)
            text = response.content.decode()
            for publication, comment in zip(built.publications, built.comments, strict=True):
                if publication.pk not in expected:
                    assert publication.subject not in text, (index, world)
                    assert comment.body not in text, (index, world)
        # An attachment is only reachable through its own publication.
        readable_pubs = [p for p in built.publications if p.pk in expected]
        hidden_atts = [a for a in built.attachments if a.publication_id not in expected]
        if readable_pubs and hidden_atts:
            url = reverse("publications:attachment", args=[readable_pubs[0].pk, hidden_atts[0].pk])
            assert client.get(url).status_code == 404


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_the_policy_holds_on_random_worlds(world: World) -> None:
    with transaction.atomic():
        check_policy(world, materialise(world, with_attachments=False))
        transaction.set_rollback(True)


@pytest.mark.django_db
@hypothesis_settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(world=worlds())
def test_read_paths_obey_the_policy_on_random_worlds(
    client: Client, settings: SettingsWrapper, tmp_path: Path, world: World
) -> None:
    settings.DATA_DIR = tmp_path
    with transaction.atomic():
        built = materialise(world, with_attachments=True)
        check_policy(world, built)
        check_read_paths(client, world, built)
        transaction.set_rollback(True)


def test_the_model_is_not_vacuous() -> None:
    """Guard the oracle: on a small world it must say yes and no for the right reasons."""
    world = World(
        organisations=[
            OrgPlan(OrganisationKind.MINISTRY, None),
            OrgPlan(OrganisationKind.DIRECTORATE, 0),
            OrgPlan(OrganisationKind.MEDIA, None),
        ],
        agents=[
            AgentPlan(superuser=False, memberships=set()),  # the author of everything
            AgentPlan(superuser=False, memberships={(1, "active")}),
            AgentPlan(superuser=False, memberships={(2, "active")}),
            AgentPlan(superuser=False, memberships={(1, "ended")}),
        ],
    )

    def plan(classification: str, issuer: int, action: int) -> PublicationPlan:
        return PublicationPlan(
            Kind.NOTE, classification, "addressees", "sent", 0, issuer, set(), action, set(),
            "new", None,
        )  # fmt: skip

    dr_to_media, np_to_ministry = plan("DR", 2, 2), plan("NP", 2, 0)
    assert expected_visible(world, 0, dr_to_media)  # the author, without any membership
    assert expected_visible(world, 1, np_to_ministry)  # addressed to the directorate's parent
    assert expected_visible(world, 1, plan("DR", 0, 2))  # issued by the directorate's parent
    assert not expected_visible(world, 1, dr_to_media)  # neither issuer nor addressee
    assert not expected_visible(world, 2, dr_to_media)  # DR never reaches an external
    assert expected_visible(world, 2, np_to_ministry)  # issued by the media organisation
    assert not expected_visible(world, 3, np_to_ministry)  # an ended membership
    # A community where agent 1 is a member, agent 2 (external) a member, agent 3 left.
    world.communities = [CommunityPlan("open", True, {1: "member", 2: "member", 3: "left"})]
    in_community = plan("NP", 1, 1)
    in_community.community = 0
    in_community.audience = "partners"
    assert expected_visible(world, 1, in_community)
    assert expected_visible(world, 2, in_community)  # an external member, NP
    assert not expected_visible(world, 3, in_community)  # left (and belongs nowhere)
    in_community.community, in_community.classification = 0, Classification.DR
    assert not expected_visible(world, 2, in_community)  # DR never reaches an external
    in_community.classification = Classification.NP
    world.communities[0].open_to_externals = False
    assert not expected_visible(world, 2, in_community)  # closed to externals: not even NP
    world.communities[0].open_to_externals = True
    in_community.classification = Classification.DR
    world.communities[0].memberships = {1: "requested", 2: "member"}
    assert not expected_visible(world, 1, in_community)  # issuer's member, but not in it

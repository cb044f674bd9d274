"""The demo publications keep every invariant the services keep."""

from __future__ import annotations

from collections import Counter, defaultdict

import pytest
from django.db.models import Count
from django.utils import timezone

from diplomatie.access.querysets import visible_publications
from diplomatie.demo.ministry import load_demo
from diplomatie.demo.publications import a_ville, de_ville, load_demo_publications
from diplomatie.directory.models import Agent, Membership, Organisation, Sector
from diplomatie.publications.actions import format_chrono
from diplomatie.publications.models import (
    ACKNOWLEDGED_PRECEDENCES,
    ROUTED_KINDS,
    Audience,
    ChronoCounter,
    Classification,
    Kind,
    Precedence,
    Publication,
    Read,
    Reference,
    ReferenceKind,
    Status,
)
from diplomatie.publications.models.publication import PRECEDENCE_RANK
from diplomatie.publications.states import TASK_DELAY
from diplomatie.routing.models import (
    OPEN_STATES,
    Addressing,
    DistributionList,
    DutyAssignment,
    Mode,
    RoutingRule,
    Task,
    TaskEvent,
    TaskState,
)

CAMILLE = "camille.laurent@diplomatie.example"
SOPHIE = "sophie.bernard@diplomatie.example"
JOURNALIST = "alex.morgan@presse-internationale.example"


def test_city_names_take_their_article() -> None:
    assert a_ville("Le Caire") == "au Caire"
    assert de_ville("Le Caire") == "du Caire"
    assert a_ville("Rabat") == "à Rabat"
    assert de_ville("Abidjan") == "d'Abidjan"
    assert de_ville("La Haye") == "de La Haye"


def _sent_routed() -> list[Publication]:
    return list(Publication.objects.filter(status=Status.SENT, kind__in=ROUTED_KINDS))


def _check_chrono_numbers() -> None:
    sequences: dict[tuple[int, int], list[int]] = defaultdict(list)
    for publication in Publication.objects.filter(status=Status.SENT).select_related("issuer"):
        if publication.kind not in ROUTED_KINDS:
            assert publication.chrono_sequence is None and publication.chrono == ""
            continue
        assert publication.chrono_year is not None and publication.chrono_sequence is not None
        assert publication.sent_at is not None
        assert publication.chrono_year == timezone.localtime(publication.sent_at).year
        assert publication.chrono == format_chrono(
            publication.issuer, publication.chrono_year, publication.chrono_sequence
        )
        sequences[(publication.issuer_id, publication.chrono_year)].append(
            publication.chrono_sequence
        )
    assert sequences
    counters = {(c.issuer_id, c.year): c.last for c in ChronoCounter.objects.all()}
    assert set(counters) == set(sequences)
    for key, numbers in sequences.items():
        assert sorted(numbers) == list(range(1, len(numbers) + 1)), key
        assert counters[key] == len(numbers), key
    assert not Publication.objects.filter(status=Status.DRAFT, chrono_sequence__isnull=False)


def _check_addressees(routed: list[Publication]) -> None:
    actions = Counter(
        Addressing.objects.filter(mode=Mode.ACTION).values_list("publication_id", flat=True)
    )
    assert all(actions[p.pk] == 1 for p in routed)
    assert max(actions.values()) == 1
    articles = Publication.objects.filter(kind=Kind.ARTICLE)
    assert not Addressing.objects.filter(publication__in=articles).exists()
    rerouted = set(
        Task.objects.filter(state=TaskState.REROUTED).values_list("publication_id", flat=True)
    )
    information = Counter(
        Addressing.objects.filter(mode=Mode.INFORMATION).values_list("publication_id", flat=True)
    )
    for publication in routed:
        limit = 4 if publication.pk in rerouted else 3
        assert information[publication.pk] <= limit, publication.pk
    assert len({information[p.pk] for p in routed}) >= 4  # 0, 1, 2 and 3 copies

    dr = Publication.objects.filter(classification=Classification.DR)
    assert dr.exists()
    assert not dr.exclude(audience=Audience.ADDRESSEES).exists()
    assert not Addressing.objects.filter(
        publication__in=dr, organisation__sector=Sector.EXTERNAL
    ).exists()
    share = dr.filter(status=Status.SENT).count() / Publication.objects.count()
    assert 0.06 < share < 0.14


def _check_tasks(routed: list[Publication]) -> None:
    tasks: dict[int, list[Task]] = defaultdict(list)
    for task in Task.objects.all():
        tasks[task.publication_id].append(task)
    action_of = dict(
        Addressing.objects.filter(mode=Mode.ACTION).values_list("publication_id", "organisation_id")
    )
    information = set(
        Addressing.objects.filter(mode=Mode.INFORMATION).values_list(
            "publication_id", "organisation_id"
        )
    )
    assert set(tasks) == {p.pk for p in routed}
    for publication in routed:
        chain = tasks[publication.pk]
        by_pk = {t.pk: t for t in chain}
        last = [t for t in chain if t.state != TaskState.REROUTED]
        assert len(last) == 1, publication.pk
        assert sum(t.state in OPEN_STATES for t in chain) <= 1
        assert last[0].organisation_id == action_of[publication.pk]
        for task in chain:
            assert task.precedence_rank == publication.precedence_rank
            assert task.due_at == task.created_at + TASK_DELAY[Precedence(publication.precedence)]
            if task.state == TaskState.REROUTED:
                assert task.rerouted_to_id in by_pk and task.closed_at is not None
                assert (publication.pk, task.organisation_id) in information
            if task.state == TaskState.DONE:
                assert task.closed_at is not None
                assert task.closing_note or task.reply_id is not None
            if task.state in (TaskState.ASSIGNED, TaskState.IN_PROGRESS):
                assert task.assignee_id is not None
                assert Membership.objects.active().filter(
                    agent_id=task.assignee_id, organisation_id=task.organisation_id
                )
            if task.state in OPEN_STATES:
                assert task.closed_at is None
    states = set(Task.objects.values_list("state", flat=True))
    assert states == set(TaskState.values)
    now = timezone.now()
    assert Task.objects.filter(state__in=OPEN_STATES, due_at__lt=now).exists()  # overdue

    replies = Task.objects.filter(reply__isnull=False)
    assert replies.count() >= 50
    for task in replies.select_related("reply"):
        assert task.reply is not None and task.reply.status == Status.SENT
        assert Reference.objects.filter(
            source=task.reply, target_id=task.publication_id, kind=ReferenceKind.REPLY
        ).exists()

    # The last event of every task brought it to its state.
    events = TaskEvent.objects.exclude(to_state="").order_by("at", "pk")
    last_state = dict(events.values_list("task_id", "to_state"))
    assert last_state == dict(Task.objects.values_list("pk", "state"))


def _check_precedence_and_acknowledgements() -> None:
    for publication in Publication.objects.all():
        assert publication.precedence_rank == PRECEDENCE_RANK[Precedence(publication.precedence)]
    counts = Counter(Publication.objects.values_list("precedence", flat=True))
    assert counts[Precedence.ROUTINE] > counts[Precedence.PRIORITY] > counts[Precedence.IMMEDIATE]
    assert counts[Precedence.IMMEDIATE] > counts[Precedence.FLASH] > 0
    urgent = Publication.objects.filter(
        status=Status.SENT, kind__in=ROUTED_KINDS, precedence__in=ACKNOWLEDGED_PRECEDENCES
    )
    acknowledged = urgent.filter(acknowledged_at__isnull=False)
    assert acknowledged.count() > urgent.count() * 0.8
    assert not acknowledged.filter(acknowledged_by__isnull=True).exists()
    waiting = urgent.filter(acknowledged_at__isnull=True, escalation_level=1)
    assert waiting.count() >= 2
    assert not waiting.filter(escalation_due_at__isnull=True).exists()


def _check_reads_and_featured() -> None:
    assert Read.objects.count() > 10 * Publication.objects.count()
    camille = Agent.objects.get(email=CAMILLE)
    sophie = Agent.objects.get(email=SOPHIE)
    for agent in (camille, sophie):
        organisation = agent.memberships.active().get().organisation
        assert Task.objects.filter(organisation=organisation, state__in=OPEN_STATES).exists()
        assert Publication.objects.filter(author=agent, status=Status.DRAFT).count() >= 2
        assert visible_publications(agent).filter(status=Status.SENT).count() > 100
    middle_east = Organisation.objects.get(code="dgp-afmo-moyen-orient")
    assert Task.objects.filter(organisation=middle_east).count() >= 100
    assert Task.objects.filter(organisation=middle_east, state=TaskState.NEW).count() >= 3
    assert Task.objects.filter(assignee=camille, state__in=OPEN_STATES).count() >= 3
    assert Task.objects.filter(assignee=sophie, state__in=OPEN_STATES).exists()
    washington = Organisation.objects.get(code="amb-washington")
    assert Addressing.objects.filter(organisation=washington, mode=Mode.INFORMATION).exists()
    assert Addressing.objects.filter(organisation=washington, mode=Mode.ACTION).exists()
    journalist = Agent.objects.get(email=JOURNALIST)
    assert visible_publications(journalist).count() >= 5
    assert DistributionList.objects.count() == 2
    assert RoutingRule.objects.count() == 3
    assert DutyAssignment.objects.filter(organisation=middle_east).count() == 2


@pytest.mark.django_db
def test_demo_publications_keep_the_invariants() -> None:
    load_demo()
    messages: list[str] = []
    created = load_demo_publications(stdout=messages.append)

    assert messages
    assert created["publications"] >= 1900
    assert Publication.objects.filter(status=Status.SENT).count() == created["publications"]
    languages = Counter(Publication.objects.values_list("language", flat=True))
    assert 0.15 < languages["en"] / sum(languages.values()) < 0.35
    kinds = dict(Publication.objects.values_list("kind").annotate(n=Count("pk")).order_by())
    assert set(kinds) == set(Kind.values)
    assert (
        Publication.objects.filter(kind=Kind.TELEGRAM).exclude(summary="").count()
        == kinds[Kind.TELEGRAM]
    )
    articles = Publication.objects.filter(kind=Kind.ARTICLE)
    assert articles.filter(audience=Audience.PARTNERS).count() >= 5
    assert not articles.filter(audience=Audience.ADDRESSEES).exists()
    routed = _sent_routed()
    _check_chrono_numbers()
    _check_addressees(routed)
    _check_tasks(routed)
    _check_precedence_and_acknowledgements()
    _check_reads_and_featured()

    total = Publication.objects.count()
    again = load_demo_publications()

    assert set(again.values()) == {0}
    assert Publication.objects.count() == total

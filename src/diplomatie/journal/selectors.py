"""The journal's two panes, always through the visibility policy.

*À traiter*: my tasks and my organisations' untaken tasks, overdue first, then by
precedence and due date. *Centres d'intérêt*: visible publications addressed to my
organisations (or their ancestors), newest first. Both are keyset-paginated, both
carry their counts, and neither issues more queries as the data grows."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, QuerySet, Value, When
from django.utils import timezone

from diplomatie.access.perimeter import perimeter_of
from diplomatie.access.querysets import visible_publications
from diplomatie.audience.selectors import followed_by, follows_q, ranked
from diplomatie.communities.selectors import community_interest_ids
from diplomatie.core.keyset import after, decode_cursor, encode_cursor
from diplomatie.directory.models import Agent
from diplomatie.publications.models import Publication, Read, Status
from diplomatie.routing.models import OPEN_STATES, Addressing, Task, TaskState

PAGE_SIZE = 20
# Counts stop here ("1000+"): counting every row of a large journal would cost more
# than the page itself, and nobody reads a number beyond it.
COUNT_CAP = 1000
TASK_ORDER = ["-overdue", "-precedence_rank", "due_at", "id"]
INTEREST_ORDER = ["-sent_at", "-id"]


@dataclass
class Filters:
    kind: str = ""
    precedence: str = ""
    theme: int | None = None
    country: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None
    unread: bool = False

    def apply(self, qs: QuerySet[Any], prefix: str = "") -> QuerySet[Any]:
        if self.kind:
            qs = qs.filter(**{f"{prefix}kind": self.kind})
        if self.precedence:
            qs = qs.filter(**{f"{prefix}precedence": self.precedence})
        for theme in (self.theme, self.country):
            if theme is not None:
                through = Publication.themes.through.objects.filter(
                    publication_id=OuterRef(f"{prefix}pk" if prefix else "pk"), theme_id=theme
                )
                qs = qs.filter(Exists(through))
        if self.since is not None:
            qs = qs.filter(**{f"{prefix}sent_at__date__gte": self.since})
        if self.until is not None:
            qs = qs.filter(**{f"{prefix}sent_at__date__lte": self.until})
        return qs


@dataclass
class Page:
    rows: list[Any]
    total: int
    next_cursor: str | None
    extra: dict[str, int] = field(default_factory=dict)


def capped_count(qs: QuerySet[Any]) -> int:
    """The number of rows, or COUNT_CAP + 1 when there are more (one bounded query)."""
    return qs.order_by()[: COUNT_CAP + 1].count()


def _unread(agent: Agent, ref: str = "pk") -> Any:
    return ~Exists(Read.objects.filter(agent_id=agent.pk, publication_id=OuterRef(ref)))


def tasks_for(agent: Agent) -> QuerySet[Task]:
    """Open tasks assigned to me, and untaken tasks of the organisations I belong to,
    limited to publications I may read."""
    perimeter = perimeter_of(agent)
    now = timezone.now()
    return (
        Task.objects.filter(state__in=OPEN_STATES)
        .filter(
            Q(assignee_id=agent.pk)
            | Q(state=TaskState.NEW, organisation_id__in=perimeter.organisation_ids)
        )
        .filter(publication__in=visible_publications(agent))
        .annotate(
            overdue=Case(
                When(due_at__lt=now, then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            ),
            unread=_unread(agent, "publication_id"),
        )
    )


def task_page(agent: Agent, filters: Filters, cursor: str | None = None) -> Page:
    qs = filters.apply(tasks_for(agent), prefix="publication__")
    if filters.unread:
        qs = qs.filter(unread=True)
    total = capped_count(qs)
    key = decode_cursor(cursor, len(TASK_ORDER))
    page_qs = qs.order_by(*TASK_ORDER)
    if key is not None:
        page_qs = page_qs.filter(after(TASK_ORDER, key))
    rows = list(
        page_qs.select_related("publication", "publication__issuer", "organisation", "assignee")[
            : PAGE_SIZE + 1
        ]
    )
    next_cursor = None
    if len(rows) > PAGE_SIZE:
        rows = rows[:PAGE_SIZE]
        last = rows[-1]
        next_cursor = encode_cursor([last.overdue, last.precedence_rank, last.due_at, last.pk])
    return Page(rows, total, next_cursor)


def interests_for(agent: Agent) -> QuerySet[Publication]:
    """Sent publications I may read that are addressed to my organisations or their
    ancestors, or that my follows bring or that are in my communities — except those that
    are in the other pane as my open tasks."""
    perimeter = perimeter_of(agent)
    # Driven by the addressing rows of my organisations (an indexed, uncorrelated
    # subquery) rather than a test on every publication: the cost follows what is
    # addressed to me, not the size of the archive.
    addressed = Addressing.objects.filter(organisation_id__in=perimeter.lineage_ids).values(
        "publication_id"
    )
    in_my_tasks = Task.objects.filter(publication_id=OuterRef("pk"), state__in=OPEN_STATES).filter(
        Q(assignee_id=agent.pk)
        | Q(state=TaskState.NEW, organisation_id__in=perimeter.organisation_ids)
    )
    return (
        visible_publications(agent)
        .filter(status=Status.SENT)
        .filter(
            Q(pk__in=addressed.union(community_interest_ids(agent))) | follows_q(followed_by(agent))
        )
        .exclude(Exists(in_my_tasks))
        .annotate(unread=_unread(agent))
    )


def interest_page(
    agent: Agent, filters: Filters, cursor: str | None = None, ranking: str = "recent"
) -> Page:
    """Newest first; or, with `ranking` "read" / "rated", the most read this week / the
    best rated this month (`rank` first, then newest)."""
    qs = ranked(filters.apply(interests_for(agent)), ranking)
    order = INTEREST_ORDER if ranking == "recent" else ["-rank", *INTEREST_ORDER]
    total = capped_count(qs)
    unread_total = capped_count(qs.filter(unread=True))
    if filters.unread:
        qs = qs.filter(unread=True)
    key = decode_cursor(cursor, len(order))
    page_qs = qs.order_by(*order)
    if key is not None:
        page_qs = page_qs.filter(after(order, key))
    rows = list(page_qs.select_related("issuer")[: PAGE_SIZE + 1])
    next_cursor = None
    if len(rows) > PAGE_SIZE:
        rows = rows[:PAGE_SIZE]
        next_cursor = encode_cursor([getattr(rows[-1], name.lstrip("-")) for name in order])
    return Page(rows, total, next_cursor, {"unread": unread_total})

"""Reads of follows, ratings and views, always starting from the visibility policy."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import (
    Avg,
    Count,
    Exists,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, TruncDate
from django.utils import timezone

from diplomatie.access.audience import can_view_audience
from diplomatie.access.querysets import visible_agents, visible_publications
from diplomatie.access.writing import can_see_addressee_counts
from diplomatie.audience.models import SCORES, Follow, Rating, View
from diplomatie.directory.models import Agent, Membership
from diplomatie.publications.models import Publication, Status, Theme
from diplomatie.routing.models import Addressing

# --- Follows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Followed:
    theme_ids: frozenset[int]
    agent_ids: frozenset[int]

    def __bool__(self) -> bool:
        return bool(self.theme_ids or self.agent_ids)


def followed_by(agent: Agent) -> Followed:
    """What the agent follows, in one query."""
    rows = list(Follow.objects.filter(agent_id=agent.pk).values_list("theme_id", "followed_id"))
    return Followed(
        theme_ids=frozenset(t for t, _ in rows if t is not None),
        agent_ids=frozenset(a for _, a in rows if a is not None),
    )


def follows_q(followed: Followed) -> Q:
    """Publications that follows bring: about a followed theme (or a country of a followed
    region), or written by a followed agent. A condition on publications, to be combined
    with the visibility policy, never used alone."""
    if not followed:
        return Q(pk__in=[])
    q = Q(author_id__in=followed.agent_ids) if followed.agent_ids else Q(pk__in=[])
    if followed.theme_ids:
        themes = Theme.objects.filter(
            Q(pk__in=followed.theme_ids) | Q(region_id__in=followed.theme_ids)
        ).values("pk")
        about = Publication.themes.through.objects.filter(theme_id__in=themes).values(
            "publication_id"
        )
        q |= Q(pk__in=about)
    return q


def followed_publications(agent: Agent) -> QuerySet[Publication]:
    """Sent publications the agent may read that their follows bring."""
    return (
        visible_publications(agent).filter(status=Status.SENT).filter(follows_q(followed_by(agent)))
    )


@dataclass
class FollowList:
    themes: list[Theme]
    agents: list[Agent]


def follow_list_for(agent: Agent) -> FollowList:
    rows = (
        Follow.objects.filter(agent_id=agent.pk)
        .filter(Q(theme__isnull=False) | Q(followed__in=visible_agents(agent)))
        .select_related("theme", "followed")
        .order_by("theme__kind", "theme__name", "followed__display_name")
    )
    themes: list[Theme] = []
    agents: list[Agent] = []
    for row in rows:
        if row.theme is not None:
            themes.append(row.theme)
        elif row.followed is not None:
            agents.append(row.followed)
    return FollowList(themes, agents)


# --- One publication's audience ------------------------------------------------------------


@dataclass
class PublicationAudience:
    views: int
    readers: int
    ratings: int
    mean: float | None
    my_rating: int | None
    addressees: int | None = None
    addressees_read: int | None = None
    may_see_details: bool = False

    @property
    def share(self) -> int | None:
        """The percentage of the addressees' members who have read it."""
        if not self.addressees:
            return None
        return round(100 * (self.addressees_read or 0) / self.addressees)


def addressees_reading(publication: Publication) -> tuple[int, int]:
    """(members of the addressed organisations and their descendants, how many of them
    have opened the publication) — active agents with a membership valid today."""
    paths = list(
        Addressing.objects.filter(publication=publication).values_list(
            "organisation__path", flat=True
        )
    )
    if not paths:
        return 0, 0
    below = Q(pk__in=[])
    for path in paths:
        below |= Q(organisation__path__startswith=path)
    members = Membership.objects.active().filter(below).filter(agent_id=OuterRef("pk"))
    viewed = View.objects.filter(publication=publication, agent_id=OuterRef("pk"))
    result = (
        Agent.objects.filter(is_active=True)
        .filter(Exists(members))
        .aggregate(total=Count("pk"), read=Count("pk", filter=Q(Exists(viewed))))
    )
    return int(result["total"]), int(result["read"])


def publication_audience(agent: Agent, publication: Publication) -> PublicationAudience:
    """The audience box of a publication page; the caller has checked it is readable."""
    counted = View.objects.filter(publication=publication).aggregate(
        views=Count("pk"), readers=Count("agent", distinct=True)
    )
    rated = Rating.objects.filter(publication=publication).aggregate(
        n=Count("pk"), mean=Avg("score"), mine=Max("score", filter=Q(agent_id=agent.pk))
    )
    audience = PublicationAudience(
        views=counted["views"],
        readers=counted["readers"],
        ratings=rated["n"],
        mean=float(rated["mean"]) if rated["mean"] is not None else None,
        my_rating=rated["mine"],
        may_see_details=can_view_audience(agent, publication),
    )
    if can_see_addressee_counts(agent):  # never told to an external member
        total, read = addressees_reading(publication)
        if total:
            audience.addressees, audience.addressees_read = total, read
    return audience


# --- Audience of a set of publications over time -------------------------------------------


@dataclass
class DayPoint:
    day: dt.date
    views: int = 0
    readers: int = 0


@dataclass
class Ranked:
    publication_id: int
    subject: str
    chrono: str
    views: int = 0
    readers: int = 0
    mean: float = 0.0
    ratings: int = 0


@dataclass
class AudienceStats:
    days: int
    series: list[DayPoint]
    views: int
    readers: int
    distribution: dict[int, int]
    ratings: int
    mean: float | None
    top_read: dict[str, list[Ranked]] = field(default_factory=dict)
    top_rated: dict[str, list[Ranked]] = field(default_factory=dict)


PERIODS = (30, 90)
TOP = 5


def _start(today: dt.date, days: int) -> dt.datetime:
    """Midnight, local time, at the beginning of the last `days` days (today included)."""
    first = today - dt.timedelta(days=days - 1)
    return timezone.make_aware(dt.datetime.combine(first, dt.time.min))


def daily_series(pubs: QuerySet[Publication], *, days: int, today: dt.date) -> list[DayPoint]:
    rows = (
        View.objects.filter(publication__in=pubs.values("pk"), at__gte=_start(today, days))
        .annotate(day=TruncDate("at"))
        .values("day")
        .annotate(views=Count("pk"), readers=Count("agent", distinct=True))
        .order_by("day")
    )
    found = {row["day"]: row for row in rows}
    points = []
    for i in range(days):
        day = today - dt.timedelta(days=days - 1 - i)
        row = found.get(day)
        points.append(DayPoint(day, row["views"], row["readers"]) if row else DayPoint(day))
    return points


def rating_distribution(
    pubs: QuerySet[Publication], *, days: int, today: dt.date
) -> dict[int, int]:
    rows = (
        Rating.objects.filter(publication__in=pubs.values("pk"), rated_at__gte=_start(today, days))
        .values("score")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = dict.fromkeys(SCORES, 0)
    for row in rows:
        counts[row["score"]] = row["n"]
    return counts


def most_read(pubs: QuerySet[Publication], *, days: int, today: dt.date) -> list[Ranked]:
    rows = (
        View.objects.filter(publication__in=pubs.values("pk"), at__gte=_start(today, days))
        .values("publication_id", "publication__subject", "publication__chrono")
        .annotate(n=Count("pk"), readers=Count("agent", distinct=True))
        .order_by("-n", "-readers", "-publication_id")[:TOP]
    )
    return [
        Ranked(
            r["publication_id"],
            r["publication__subject"],
            r["publication__chrono"],
            views=r["n"],
            readers=r["readers"],
        )
        for r in rows
    ]


def best_rated(pubs: QuerySet[Publication], *, days: int, today: dt.date) -> list[Ranked]:
    rows = (
        Rating.objects.filter(publication__in=pubs.values("pk"), rated_at__gte=_start(today, days))
        .values("publication_id", "publication__subject", "publication__chrono")
        .annotate(mean=Avg("score"), n=Count("pk"))
        .order_by("-mean", "-n", "-publication_id")[:TOP]
    )
    return [
        Ranked(
            r["publication_id"],
            r["publication__subject"],
            r["publication__chrono"],
            mean=float(r["mean"]),
            ratings=r["n"],
        )
        for r in rows
    ]


def audience_stats(
    pubs: QuerySet[Publication], *, days: int, today: dt.date | None = None, tops: bool = True
) -> AudienceStats:
    """Everything an audience page shows, in a fixed number of aggregate queries."""
    today = today or timezone.localdate()
    since = _start(today, days)
    totals = View.objects.filter(publication__in=pubs.values("pk"), at__gte=since).aggregate(
        views=Count("pk"), readers=Count("agent", distinct=True)
    )
    rated = Rating.objects.filter(publication__in=pubs.values("pk"), rated_at__gte=since).aggregate(
        n=Count("pk"), mean=Avg("score")
    )
    stats = AudienceStats(
        days=days,
        series=daily_series(pubs, days=days, today=today),
        views=totals["views"],
        readers=totals["readers"],
        distribution=rating_distribution(pubs, days=days, today=today),
        ratings=rated["n"],
        mean=float(rated["mean"]) if rated["mean"] is not None else None,
    )
    if tops:
        for name, period in (("week", 7), ("month", 30)):
            stats.top_read[name] = most_read(pubs, days=period, today=today)
            stats.top_rated[name] = best_rated(pubs, days=period, today=today)
    return stats


# --- Rankings of the interests pane --------------------------------------------------------

RANKINGS = ("recent", "read", "rated")


def _since(days: int) -> dt.datetime:
    return timezone.now() - dt.timedelta(days=days)


def rank_by_views(pubs: QuerySet[Any], *, days: int = 7) -> QuerySet[Any]:
    """Publications viewed in the last `days` days, annotated with `rank`, their number of
    counted views in that time (computed in the same SQL query)."""
    since = _since(days)
    recent = View.objects.filter(at__gte=since)
    count = (
        recent.filter(publication_id=OuterRef("pk"))
        .values("publication_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    annotated: QuerySet[Any] = pubs.filter(pk__in=recent.values("publication_id")).annotate(
        rank=Subquery(count, output_field=IntegerField())
    )
    return annotated


def rank_by_rating(pubs: QuerySet[Any], *, days: int = 30) -> QuerySet[Any]:
    """Publications rated in the last `days` days, annotated with `rank`, their mean
    interest in thousandths (an integer, so that it can key a pagination cursor)."""
    since = _since(days)
    recent = Rating.objects.filter(rated_at__gte=since)
    mean = (
        recent.filter(publication_id=OuterRef("pk"))
        .values("publication_id")
        .annotate(m=Cast(Avg("score") * 1000, IntegerField()))
        .values("m")
    )
    annotated: QuerySet[Any] = pubs.filter(pk__in=recent.values("publication_id")).annotate(
        rank=Subquery(mean, output_field=IntegerField())
    )
    return annotated


def ranked(pubs: QuerySet[Any], ranking: str) -> QuerySet[Any]:
    if ranking == "read":
        return rank_by_views(pubs)
    if ranking == "rated":
        return rank_by_rating(pubs)
    return pubs

"""Demo follows, counted views and ratings, so that audience pages show real curves.

Over the last 90 days, the readers of the featured accounts' publications (and of those
of the organisations they head) open them mostly in the hours after sending, less at the
weekend, and some come back days later; about a third rate them. Written with
`bulk_create`, deterministic for a given day, and done once: a second run changes nothing."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from diplomatie.audience.models import Follow, Rating, View, ViewClock
from diplomatie.demo.ministry import FEATURED_ACCOUNTS
from diplomatie.directory.models import Agent, Membership, Organisation, Role
from diplomatie.publications.models import Publication, Read, Status, Theme, ThemeKind
from diplomatie.routing.models import Addressing

SEED = 20261122
DAYS = 90
MAX_PUBLICATIONS = 400


def _follows(agents: dict[str, Agent]) -> list[Follow]:
    topics = list(Theme.objects.filter(kind=ThemeKind.TOPIC).order_by("code")[:6])
    regions = list(Theme.objects.filter(kind=ThemeKind.REGION).order_by("code")[:2])
    countries = {
        t.code.lower(): t
        for t in Theme.objects.filter(kind=ThemeKind.COUNTRY, code__in=["LB", "lb", "US", "us"])
    }
    rows: list[Follow] = []

    def add(email: str, *, theme: Theme | None = None, other: str | None = None) -> None:
        agent = agents.get(email)
        if agent is None:
            return
        if theme is not None:
            rows.append(Follow(agent=agent, theme=theme))
        elif other is not None and other in agents:
            rows.append(Follow(agent=agent, followed=agents[other]))

    camille, henri, sophie = (e for _, e in FEATURED_ACCOUNTS[:3])
    for theme in topics[:3]:
        add(camille, theme=theme)
    if "lb" in countries:
        add(camille, theme=countries["lb"])
    add(camille, other=sophie)
    for theme in regions[:1] + topics[3:5]:
        add(henri, theme=theme)
    add(henri, other=camille)
    if "us" in countries:
        add(sophie, theme=countries["us"])
    add(sophie, other=henri)
    return rows


def _moment(rng: random.Random, start: dt.datetime, now: dt.datetime) -> dt.datetime | None:
    """A first view: within hours of sending (exponential), rarely at the weekend."""
    moment = start + dt.timedelta(seconds=rng.expovariate(1 / (8 * 3600)))
    local = timezone.localtime(moment)
    if local.weekday() >= 5 and rng.random() < 0.75:
        moment += dt.timedelta(days=7 - local.weekday())
    return moment if moment <= now else None


def load_demo_audience(*, now: dt.datetime | None = None) -> dict[str, int]:
    counts = {"follows": 0, "views": 0, "ratings": 0}
    now = now or timezone.now()
    with transaction.atomic():
        if View.objects.exists() or Rating.objects.exists():
            return counts
        emails = [email for _, email in FEATURED_ACCOUNTS]
        agents = {a.email: a for a in Agent.objects.filter(email__in=emails)}
        if not agents:
            return counts
        follows = _follows(agents)
        Follow.objects.bulk_create(follows, ignore_conflicts=True)
        counts["follows"] = len(follows)

        headed = Organisation.objects.filter(
            pk__in=Membership.objects.active()
            .filter(agent__in=agents.values(), role=Role.HEAD)
            .values("organisation_id")
        ).values_list("path", flat=True)
        below = Q(pk__in=[])
        for path in headed:
            below |= Q(issuer__path__startswith=path)
        publications = list(
            Publication.objects.filter(status=Status.SENT, sent_at__gte=now - dt.timedelta(DAYS))
            .filter(Q(author__in=agents.values()) | below)
            .order_by("-sent_at", "pk")
            .values_list("pk", "sent_at")[:MAX_PUBLICATIONS]
        )
        readers: dict[int, list[int]] = defaultdict(list)
        for publication_id, agent_id in (
            Read.objects.filter(publication_id__in=[pk for pk, _ in publications])
            .order_by("publication_id", "agent_id")
            .values_list("publication_id", "agent_id")
        ):
            readers[publication_id].append(agent_id)
        # Members of the addressed organisations read too (not all of them).
        addressed: dict[int, list[int]] = defaultdict(list)
        for publication_id, organisation_id in (
            Addressing.objects.filter(publication_id__in=[pk for pk, _ in publications])
            .order_by("publication_id", "organisation_id")
            .values_list("publication_id", "organisation_id")
        ):
            addressed[publication_id].append(organisation_id)
        members: dict[int, list[int]] = defaultdict(list)
        for organisation_id, agent_id in (
            Membership.objects.active()
            .filter(organisation_id__in={o for orgs in addressed.values() for o in orgs})
            .order_by("organisation_id", "agent_id")
            .values_list("organisation_id", "agent_id")
        ):
            members[organisation_id].append(agent_id)

        # A reproducible demo, not a secret.
        rng = random.Random(SEED)  # noqa: S311  # nosec B311
        views: list[View] = []
        clocks: list[ViewClock] = []
        ratings: list[Rating] = []
        for publication_id, sent_at in publications:
            if sent_at is None:
                continue
            interest = rng.uniform(2.0, 4.6)
            pool = set(readers[publication_id])
            for organisation_id in addressed[publication_id]:
                pool.update(a for a in members[organisation_id][:40] if rng.random() < 0.6)
            for agent_id in sorted(pool):
                first = _moment(rng, sent_at, now)
                if first is None:
                    continue
                moments = [first]
                while rng.random() < 0.3:
                    later = moments[-1] + dt.timedelta(hours=rng.uniform(20, 240))
                    if later > now:
                        break
                    moments.append(later)
                views.extend(
                    View(agent_id=agent_id, publication_id=publication_id, at=m) for m in moments
                )
                clocks.append(
                    ViewClock(
                        agent_id=agent_id, publication_id=publication_id, counted_at=moments[-1]
                    )
                )
                if rng.random() < 0.35:
                    score = min(5, max(1, round(rng.gauss(interest, 0.9))))
                    rated_at = min(now, first + dt.timedelta(minutes=rng.uniform(2, 25)))
                    ratings.append(
                        Rating(
                            agent_id=agent_id,
                            publication_id=publication_id,
                            score=score,
                            rated_at=rated_at,
                        )
                    )
        View.objects.bulk_create(views, batch_size=2000)
        ViewClock.objects.bulk_create(clocks, batch_size=2000)
        Rating.objects.bulk_create(ratings, batch_size=2000)
        counts["views"], counts["ratings"] = len(views), len(ratings)
    return counts

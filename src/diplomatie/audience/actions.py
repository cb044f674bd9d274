"""The only writers of follows, ratings and counted views."""

from __future__ import annotations

import datetime as dt

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from diplomatie.access.policy import can_view_agent, can_view_publication
from diplomatie.audience.models import SCORES, VIEW_WINDOW, Follow, Rating, View, ViewClock
from diplomatie.audit.recorder import record_event
from diplomatie.core.errors import InvalidInput, NotFound
from diplomatie.directory.models import Agent
from diplomatie.publications.models import Publication, Status, Theme

# --- Follows -------------------------------------------------------------------------------


@transaction.atomic
def do_follow_theme(agent: Agent, theme: Theme) -> None:
    """Idempotent: following twice is following once."""
    if not theme.active:
        raise NotFound("theme")
    Follow.objects.bulk_create([Follow(agent=agent, theme=theme)], ignore_conflicts=True)


@transaction.atomic
def do_unfollow_theme(agent: Agent, theme: Theme) -> None:
    Follow.objects.filter(agent=agent, theme=theme).delete()


@transaction.atomic
def do_follow_agent(agent: Agent, other: Agent) -> None:
    if not can_view_agent(agent, other):
        raise NotFound("agent")
    if other.pk == agent.pk:
        raise InvalidInput(_("You cannot follow yourself."))
    Follow.objects.bulk_create([Follow(agent=agent, followed=other)], ignore_conflicts=True)


@transaction.atomic
def do_unfollow_agent(agent: Agent, other: Agent) -> None:
    Follow.objects.filter(agent=agent, followed=other).delete()


# --- Ratings -------------------------------------------------------------------------------


def check_score(raw: object) -> int:
    try:
        score = int(str(raw))
    except ValueError:
        score = 0
    if score not in SCORES:
        raise InvalidInput(_("Rate the interest from 1 to 5."))
    return score


@transaction.atomic
def do_rate_publication(
    agent: Agent, publication: Publication, *, score: int, now: dt.datetime | None = None
) -> Rating:
    """Record or change the agent's rating: one row per reader, written with an upsert so
    that concurrent ratings by the same reader leave exactly one row (the last one)."""
    if not can_view_publication(agent, publication) or publication.status != Status.SENT:
        raise NotFound("publication")
    score = check_score(score)
    moment = now or timezone.now()
    Rating.objects.bulk_create(
        [Rating(agent=agent, publication=publication, score=score, rated_at=moment)],
        update_conflicts=True,
        unique_fields=["agent", "publication"],
        update_fields=["score", "rated_at"],
    )
    record_event("publication.rate", actor=agent, target=publication, details={"score": score})
    return Rating.objects.get(agent=agent, publication=publication)


# --- Views ---------------------------------------------------------------------------------


def _claim_view(agent: Agent, publication: Publication, now: dt.datetime) -> bool:
    """Move the reader's clock to `now` if no view was counted in the window, in one
    statement: an INSERT for a first view, else an UPDATE guarded by the window. The
    database serialises concurrent statements on the unique (agent, publication) row and
    re-checks the guard on the latest version, so exactly one of them claims the view."""
    table = connection.ops.quote_name(ViewClock._meta.db_table)
    adapt = connection.ops.adapt_datetimefield_value
    # Only the quoted table name is interpolated; every value is a parameter.
    insert = f"INSERT INTO {table} (agent_id, publication_id, counted_at) VALUES (%s, %s, %s)"  # noqa: S608  # nosec B608
    sql = (
        f"{insert} ON CONFLICT (agent_id, publication_id) "  # nosec B608  # the same
        "DO UPDATE SET counted_at = excluded.counted_at "
        f"WHERE {table}.counted_at <= %s RETURNING id"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [agent.pk, publication.pk, adapt(now), adapt(now - VIEW_WINDOW)])
        return cursor.fetchone() is not None


@transaction.atomic
def do_record_view(
    agent: Agent, publication: Publication, *, now: dt.datetime | None = None
) -> bool:
    """Count a display of a sent publication's page by a signed-in reader, unless the same
    reader's view was already counted in the last 30 minutes. Returns whether it counted.
    The caller has checked that the agent may read the publication."""
    if publication.status != Status.SENT:
        return False
    moment = now or timezone.now()
    if not _claim_view(agent, publication, moment):
        return False
    View.objects.create(agent=agent, publication=publication, at=moment)
    return True


# --- Audit of exports ----------------------------------------------------------------------


@transaction.atomic
def do_record_export(agent: Agent, *, scope: str, table: str, days: int) -> None:
    record_event(
        "audience.export", actor=agent, details={"scope": scope, "table": table, "days": days}
    )

"""Reading the audit log: filtered pages for the administrators' page and the CSV export."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from diplomatie.access.querysets import visible_events
from diplomatie.audit.models import Event
from diplomatie.directory.models import Agent

PAGE_SIZE = 50
EXPORT_BATCH = 2000


@dataclass(frozen=True)
class EventFilters:
    actor: str = ""  # part of the actor's e-mail
    action: str = ""  # an action or its beginning ("auth." for every sign-in event)
    target_type: str = ""
    target_id: str = ""
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    def as_details(self) -> dict[str, Any]:
        """The filters as recorded with an export (only those set)."""
        return {key: value for key, value in self.__dict__.items() if value not in ("", None)}


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def filtered_events(agent: Agent, filters: EventFilters) -> QuerySet[Event]:
    rows = visible_events(agent)
    if filters.actor:
        rows = rows.filter(actor__email__icontains=filters.actor)
    if filters.action:
        rows = rows.filter(action__startswith=filters.action)
    if filters.target_type:
        rows = rows.filter(target_type=filters.target_type)
    if filters.target_id:
        rows = rows.filter(target_id=filters.target_id)
    if filters.date_from:
        rows = rows.filter(at__gte=_start_of(filters.date_from))
    if filters.date_to:
        rows = rows.filter(at__lt=_start_of(filters.date_to + dt.timedelta(days=1)))
    return rows


@dataclass
class EventPage:
    events: list[Event]
    next_before: int | None  # the `before` of the next (older) page


def event_page_for(agent: Agent, filters: EventFilters, *, before: int | None) -> EventPage:
    """Newest first, keyset on the sequence: one indexed query whatever the depth."""
    rows = filtered_events(agent, filters).select_related("actor").order_by("-sequence")
    if before is not None:
        rows = rows.filter(sequence__lt=before)
    events = list(rows[: PAGE_SIZE + 1])
    more = len(events) > PAGE_SIZE
    events = events[:PAGE_SIZE]
    return EventPage(events=events, next_before=events[-1].sequence if more else None)


EXPORT_FIELDS = (
    "sequence",
    "at",
    "actor__email",
    "action",
    "target_type",
    "target_id",
    "ip_address",
    "details",
    "prev_hash",
    "hash",
)


def export_rows_for(agent: Agent, filters: EventFilters) -> Iterator[tuple[Any, ...]]:
    """Every matching event in chain order, read in keyset batches (bounded memory)."""
    rows = filtered_events(agent, filters).order_by("sequence")
    last = 0
    while True:
        batch = list(rows.filter(sequence__gt=last).values_list(*EXPORT_FIELDS)[:EXPORT_BATCH])
        if not batch:
            return
        yield from batch
        last = int(batch[-1][0])

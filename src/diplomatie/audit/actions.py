"""Writers of the audit app itself: the export is an audited act."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from diplomatie.audit.recorder import record_event
from diplomatie.audit.selectors import EventFilters

if TYPE_CHECKING:
    from django.http import HttpRequest

    from diplomatie.directory.models import Agent


@transaction.atomic
def do_record_export(actor: Agent, filters: EventFilters, *, request: HttpRequest | None) -> None:
    """Recorded before the file is streamed: whoever exports the log leaves a trace in it."""
    record_event(
        "audit.export",
        actor=actor,
        details={"filters": filters.as_details(), "format": "csv"},
        request=request,
    )

"""The administrators' page of the audit log: filter, page through, export, verify."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_POST

from diplomatie.access.policy import can_read_audit_log
from diplomatie.access.writing import can_export
from diplomatie.audit import actions, selectors
from diplomatie.audit.chain import ChainReport, verify_chain
from diplomatie.audit.forms import EventFilterForm
from diplomatie.directory.models import Agent
from diplomatie.directory.requests import current_agent

CSV_HEADER = (
    "sequence",
    "time",
    "actor",
    "action",
    "object_type",
    "object_id",
    "ip_address",
    "details",
    "prev_hash",
    "hash",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _administrator(request: HttpRequest) -> Agent:
    agent = current_agent(request)
    if not can_read_audit_log(agent):
        raise Http404
    return agent


def _before(request: HttpRequest) -> int | None:
    raw = request.GET.get("before", "")
    return int(raw) if raw.isdigit() else None


def events(request: HttpRequest) -> HttpResponse:
    agent = _administrator(request)
    form = EventFilterForm(request.GET or None)
    filters = form.filters()
    page = selectors.event_page_for(agent, filters, before=_before(request))
    query = request.GET.copy()
    query.pop("before", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "first_page": _before(request) is None,
    }
    return render(request, "audit/events.html", context)


class _Echo:
    def write(self, value: str) -> str:
        return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dict | list):
        text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    elif hasattr(value, "isoformat"):
        text = value.isoformat()
    else:
        text = str(value)
    # A spreadsheet must not run a value as a formula.
    return f"'{text}" if text.startswith(FORMULA_START) else text


def export(request: HttpRequest) -> StreamingHttpResponse:
    agent = _administrator(request)
    if not can_export(agent):
        raise Http404  # an administrator who is an external member does not export
    filters = EventFilterForm(request.GET or None).filters()
    actions.do_record_export(agent, filters, request=request)
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield writer.writerow(CSV_HEADER)
        for row in selectors.export_rows_for(agent, filters):
            yield writer.writerow([_cell(value) for value in row])

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audit-{stamp}.csv"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_POST
def verify(request: HttpRequest) -> HttpResponse:
    """On demand only: walking the whole chain is too long for every page load."""
    _administrator(request)
    report: ChainReport = verify_chain()
    context = {"report": report, "problems": report.problems[:50]}
    if request.headers.get("HX-Request"):
        return render(request, "audit/_chain_status.html", context)
    return render(request, "audit/chain_status.html", context)

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from diplomatie.core.requests import current_agent
from diplomatie.journal.selectors import Filters, interest_page, task_page
from diplomatie.parapheur.selectors import waiting_steps_for
from diplomatie.publications.models import Kind, Precedence, Theme, ThemeKind


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def filters_from(request: HttpRequest) -> Filters:
    """Filters from the query string; anything malformed is ignored, never an error."""
    get = request.GET
    return Filters(
        kind=get.get("kind", "") if get.get("kind") in Kind.values else "",
        precedence=get.get("precedence", "") if get.get("precedence") in Precedence.values else "",
        theme=_int(get.get("theme")),
        country=_int(get.get("country")),
        since=_date(get.get("since")),
        until=_date(get.get("until")),
        unread=get.get("unread") == "1",
    )


def journal(request: HttpRequest) -> HttpResponse:
    """The home page: *À traiter* and *Centres d'intérêt*, side by side (stacked on a phone).
    htmx asks for one pane's next page with `pane` and `cursor`."""
    agent = current_agent(request)
    filters = filters_from(request)
    pane = request.GET.get("pane")
    cursor = request.GET.get("cursor")
    query = request.GET.copy()
    for key in ("pane", "cursor"):
        query.pop(key, None)
    if request.headers.get("HX-Request") and pane == "tasks":
        page = task_page(agent, filters, cursor)
        return render(
            request, "journal/_task_rows.html", {"page": page, "query": query.urlencode()}
        )
    if request.headers.get("HX-Request") and pane == "interests":
        page = interest_page(agent, filters, cursor)
        return render(
            request, "journal/_interest_rows.html", {"page": page, "query": query.urlencode()}
        )
    context = {
        # Without JavaScript, "More" reloads the page with the pane's cursor.
        "tasks": task_page(agent, filters, cursor if pane == "tasks" else None),
        "interests": interest_page(agent, filters, cursor if pane == "interests" else None),
        "signature_steps": list(waiting_steps_for(agent)[:10]),
        "filters": filters,
        "kinds": Kind.choices,
        "precedences": Precedence.choices,
        "topics": Theme.objects.filter(kind__in=[ThemeKind.TOPIC, ThemeKind.REGION]).order_by(
            "kind", "name"
        ),
        "countries": Theme.objects.filter(kind=ThemeKind.COUNTRY).order_by("name"),
        "query": query.urlencode(),
    }
    return render(request, "journal/journal.html", context)

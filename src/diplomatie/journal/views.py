from __future__ import annotations

import datetime as dt

from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from diplomatie.audience.selectors import RANKINGS
from diplomatie.communities.selectors import reports_pane_for
from diplomatie.directory.requests import current_agent
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


def ranking_links(query: QueryDict, current: str) -> list[tuple[str, str, bool]]:
    """The interests ranking switch: (label, query string keeping the filters, current)."""
    labels = {
        "recent": _("Most recent"),
        "read": _("Most read this week"),
        "rated": _("Best rated this month"),
    }
    links = []
    for name in RANKINGS:
        q = query.copy()
        q.pop("ranking", None)
        if name != "recent":
            q["ranking"] = name
        links.append((labels[name], q.urlencode(), name == current))
    return links


def journal(request: HttpRequest) -> HttpResponse:
    """The home page: *À traiter* and *Centres d'intérêt*, side by side (stacked on a phone).
    htmx asks for one pane's next page with `pane` and `cursor`."""
    agent = current_agent(request)
    filters = filters_from(request)
    pane = request.GET.get("pane")
    cursor = request.GET.get("cursor")
    ranking = request.GET.get("ranking", "")
    ranking = ranking if ranking in RANKINGS else "recent"
    query = request.GET.copy()
    for key in ("pane", "cursor"):
        query.pop(key, None)
    if request.headers.get("HX-Request") and pane == "tasks":
        page = task_page(agent, filters, cursor)
        return render(
            request, "journal/_task_rows.html", {"page": page, "query": query.urlencode()}
        )
    if request.headers.get("HX-Request") and pane == "interests":
        page = interest_page(agent, filters, cursor, ranking)
        return render(
            request,
            "journal/_interest_rows.html",
            {"page": page, "query": query.urlencode(), "ranking": ranking},
        )
    context = {
        # Without JavaScript, "More" reloads the page with the pane's cursor.
        "tasks": task_page(agent, filters, cursor if pane == "tasks" else None),
        "interests": interest_page(
            agent, filters, cursor if pane == "interests" else None, ranking
        ),
        "ranking": ranking,
        "rankings": ranking_links(query, ranking),
        "signature_steps": list(waiting_steps_for(agent)[:10]),
        "filters": filters,
        "kinds": Kind.choices,
        "precedences": Precedence.choices,
        "topics": Theme.objects.filter(kind__in=[ThemeKind.TOPIC, ThemeKind.REGION]).order_by(
            "kind", "name"
        ),
        "countries": Theme.objects.filter(kind=ThemeKind.COUNTRY).order_by("name"),
        "query": query.urlencode(),
        "reports": reports_pane_for(agent),  # reported comments I moderate
    }
    return render(request, "journal/journal.html", context)

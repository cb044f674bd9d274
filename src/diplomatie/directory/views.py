from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from diplomatie.access.writing import rights_of_sector
from diplomatie.core.errors import NotFound
from diplomatie.core.requests import page_offset
from diplomatie.directory import selectors
from diplomatie.directory.models import Sector
from diplomatie.directory.requests import current_agent

MAX_QUERY = 100


def _query(request: HttpRequest) -> str:
    return request.GET.get("q", "").strip()[:MAX_QUERY]


def organisation_tree(request: HttpRequest) -> HttpResponse:
    agent = current_agent(request)
    query = _query(request)
    context: dict[str, object] = {"query": query}
    if query:
        results = selectors.search_organisations_for(agent, query)
        lineages = selectors.lineages_for(agent, results)
        context["results"] = [(o, lineages[o.pk]) for o in results]
        context["limit"] = selectors.SEARCH_LIMIT
    else:
        context["tree"] = selectors.organisation_tree_for(agent)
    return render(request, "directory/tree.html", context)


def organisation_detail(request: HttpRequest, code: str) -> HttpResponse:
    agent = current_agent(request)
    try:
        organisation = selectors.get_organisation_for(agent, code)
    except NotFound:
        raise Http404 from None
    offset = page_offset(request)
    members = selectors.members_for(agent, organisation, offset=offset)
    total = selectors.member_count_for(agent, organisation)
    context = {
        "organisation": organisation,
        "lineage": selectors.lineages_for(agent, [organisation])[organisation.pk],
        "children": list(selectors.children_for(agent, organisation)),
        "members": members,
        "member_total": total,
        "offset": offset,
        "previous_offset": max(offset - selectors.MEMBERS_PAGE, 0) if offset else None,
        "next_offset": offset + selectors.MEMBERS_PAGE
        if offset + selectors.MEMBERS_PAGE < total
        else None,
    }
    return render(request, "directory/organisation.html", context)


def people(request: HttpRequest) -> HttpResponse:
    agent = current_agent(request)
    query = _query(request)
    results = selectors.search_agents_for(agent, query) if query else []
    organisations = selectors.primary_organisations_for(agent, results) if results else {}
    context = {
        "query": query,
        "results": [(a, organisations.get(a.pk)) for a in results],
        "limit": selectors.SEARCH_LIMIT,
    }
    return render(request, "directory/people.html", context)


def agent_profile(request: HttpRequest, agent_id: int) -> HttpResponse:
    viewer = current_agent(request)
    try:
        other = selectors.get_agent_for(viewer, agent_id)
    except NotFound:
        raise Http404 from None
    memberships = selectors.memberships_of_for(viewer, other)
    lineages = selectors.lineages_for(viewer, [m.organisation for m in memberships])
    context = {
        "profile": other,
        "memberships": [(m, lineages[m.organisation.pk]) for m in memberships],
    }
    return render(request, "directory/agent.html", context)


def external_rights(request: HttpRequest) -> HttpResponse:
    """What an external member (company, NGO, media) may and may not do here — drawn from
    the writing and reading policy in `access/`, for everyone signed in to read."""
    return render(request, "directory/rights.html", {"rights": rights_of_sector(Sector.EXTERNAL)})


def me(request: HttpRequest) -> HttpResponse:
    """The landing page after sign-in: who I am and where I belong."""
    agent = current_agent(request)
    memberships = selectors.memberships_of_for(agent, agent)
    lineages = selectors.lineages_for(agent, [m.organisation for m in memberships])
    context = {"memberships": [(m, lineages[m.organisation.pk]) for m in memberships]}
    return render(request, "directory/me.html", context)

from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from diplomatie.core.requests import current_agent
from diplomatie.directory import selectors as directory


def home(request: HttpRequest) -> HttpResponse:
    """The landing page after sign-in: who I am and where I belong."""
    agent = current_agent(request)
    memberships = directory.memberships_of_for(agent, agent)
    lineages = directory.lineages_for(agent, [m.organisation for m in memberships])
    context = {"memberships": [(m, lineages[m.organisation.pk]) for m in memberships]}
    return render(request, "core/home.html", context)


@login_not_required
def health(request: HttpRequest) -> HttpResponse:
    """For load balancers: answers 200 when the database answers."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})

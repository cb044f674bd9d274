from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from diplomatie.directory.requests import current_agent
from diplomatie.notifications.actions import do_mark_notifications_read
from diplomatie.notifications.selectors import notifications_for

PAGE = 50


def inbox(request: HttpRequest) -> HttpResponse:
    agent = current_agent(request)
    rows = list(notifications_for(agent)[:PAGE])
    return render(request, "notifications/inbox.html", {"notifications": rows})


@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    do_mark_notifications_read(current_agent(request))
    return redirect("notifications:inbox")

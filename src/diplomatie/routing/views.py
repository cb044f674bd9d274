"""Task actions. Each answers htmx with the refreshed task panel, others with a redirect."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diplomatie.access.querysets import visible_organisations
from diplomatie.core.errors import DiplomatieError, NotFound
from diplomatie.directory.models import Agent, Membership
from diplomatie.directory.requests import current_agent
from diplomatie.publications.models import Publication
from diplomatie.publications.selectors import (
    get_publication_for,
    get_task_for,
    hide_unreadable_replies,
)
from diplomatie.routing import actions
from diplomatie.routing.models import Task


def task_forms(agent: Agent, task: Task) -> dict[str, Any]:
    """What the agent may do with an open task, and the forms for it."""
    from diplomatie.publications.forms import AssignForm, CloseTaskForm, RerouteForm

    manages = actions.manages(agent, task.organisation_id)
    member = actions.is_member(agent, task.organisation_id)
    members = Agent.objects.filter(
        pk__in=Membership.objects.active()
        .filter(organisation_id=task.organisation_id)
        .values("agent_id"),
        is_active=True,
    ).order_by("display_name")
    return {
        "may_take": member and task.state == "new",
        "may_assign": manages,
        "may_start": task.assignee_id == agent.pk and member and task.state == "assigned",
        "may_close": (task.assignee_id == agent.pk and member) or manages,
        "may_reroute": manages,
        "assign_form": AssignForm(members=members) if manages else None,
        "close_form": CloseTaskForm(),
        "reroute_form": RerouteForm(agent=agent),
    }


def _task(request: HttpRequest, task_id: int) -> Task:
    try:
        return get_task_for(current_agent(request), task_id)
    except NotFound:
        raise Http404 from None


def _answer(request: HttpRequest, task: Task, error: str | None = None) -> HttpResponse:
    if error:
        messages.error(request, error)
    if request.headers.get("HX-Request") and not error:
        agent = current_agent(request)
        try:
            task = get_task_for(agent, task.pk)
        except NotFound:
            raise Http404 from None
        if request.POST.get("from") == "journal":
            return render(request, "routing/_taken.html", {"task": task})
        hide_unreadable_replies(agent, [task])
        context = {"task": task, "in_journal": request.POST.get("from") == "journal"}
        if task.is_open:
            context["task_forms"] = task_forms(agent, task)
        return render(request, "routing/_task_actions.html", context)
    if request.POST.get("from") == "journal":
        return redirect("home")
    return redirect("publications:detail", task.publication_id)


def _perform(
    request: HttpRequest, task: Task, call: Callable[[], object], success: str = ""
) -> HttpResponse:
    """Run one task action and answer: the refusal's message, or the refreshed task."""
    try:
        call()
    except DiplomatieError as exc:
        return _answer(request, task, str(exc))
    if success:
        messages.success(request, success)
    return _answer(request, task)


@require_POST
def take(request: HttpRequest, task_id: int) -> HttpResponse:
    agent = current_agent(request)
    task = _task(request, task_id)
    return _perform(request, task, lambda: actions.do_take_task(agent, task))


@require_POST
def assign(request: HttpRequest, task_id: int) -> HttpResponse:
    agent = current_agent(request)
    task = _task(request, task_id)
    raw = request.POST.get("assignee", "")
    assignee = Agent.objects.filter(pk=int(raw), is_active=True).first() if raw.isdigit() else None
    if assignee is None:
        return _answer(request, task, _("Choose the member to assign."))
    return _perform(request, task, lambda: actions.do_assign_task(agent, task, assignee))


@require_POST
def start(request: HttpRequest, task_id: int) -> HttpResponse:
    agent = current_agent(request)
    task = _task(request, task_id)
    return _perform(request, task, lambda: actions.do_start_task(agent, task))


@require_POST
def close(request: HttpRequest, task_id: int) -> HttpResponse:
    agent = current_agent(request)
    task = _task(request, task_id)
    reply: Publication | None = None
    reply_id = request.POST.get("reply", "")
    if reply_id.isdigit():
        try:
            reply = get_publication_for(agent, int(reply_id))
        except NotFound:
            return _answer(request, task, _("The reply cannot be found."))
    note = request.POST.get("note", "")
    return _perform(
        request,
        task,
        lambda: actions.do_close_task(agent, task, note=note, reply=reply),
        _("Task closed."),
    )


@require_POST
def reroute(request: HttpRequest, task_id: int) -> HttpResponse:
    agent = current_agent(request)
    task = _task(request, task_id)
    raw = request.POST.get("organisation", "")
    organisation = (
        visible_organisations(agent).filter(pk=int(raw)).first() if raw.isdigit() else None
    )
    if organisation is None:
        return _answer(request, task, _("Choose the organisation to re-route to."))
    note = request.POST.get("note", "")
    return _perform(
        request,
        task,
        lambda: actions.do_reroute_task(agent, task, organisation, note=note),
        _("Task re-routed to %(org)s.") % {"org": organisation.label},
    )

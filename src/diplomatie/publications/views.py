from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diplomatie.access.perimeter import perimeter_of
from diplomatie.access.policy import can_view_agent
from diplomatie.access.writing import can_edit_publication, can_reply_to, can_supersede
from diplomatie.audience.actions import do_record_view
from diplomatie.audience.selectors import publication_audience
from diplomatie.core.errors import DiplomatieError, NotFound
from diplomatie.directory.requests import current_agent
from diplomatie.publications import actions, selectors
from diplomatie.publications.attachments import open_attachment
from diplomatie.publications.forms import (
    ArticleEditForm,
    AttachmentForm,
    PublicationForm,
    initial_from,
)
from diplomatie.publications.models import Kind, Publication, ReferenceKind, Status
from diplomatie.routing.actions import manages
from diplomatie.routing.models import OPEN_STATES
from diplomatie.routing.views import task_forms


def _publication(request: HttpRequest, publication_id: int) -> Publication:
    try:
        return selectors.get_publication_for(current_agent(request), publication_id)
    except NotFound:
        raise Http404 from None


def _references(request: HttpRequest, form: PublicationForm) -> list[tuple[str, Publication]]:
    found = []
    for kind, name in ((ReferenceKind.REPLY, "reply_to"), (ReferenceKind.SUPERSEDES, "supersedes")):
        target_id = form.cleaned_data.get(name)
        if target_id:
            found.append((kind.value, _publication(request, int(target_id))))
    return found


def compose(request: HttpRequest) -> HttpResponse:
    """Write a new publication: save it as a draft, or send it at once."""
    agent = current_agent(request)
    initial: dict[str, object] = {"kind": request.GET.get("kind", Kind.TELEGRAM)}
    replying: Publication | None = None
    if request.GET.get("community", "").isdigit():  # "Write in this community"
        initial.update(community=int(request.GET["community"]), kind=Kind.ARTICLE)
    if request.GET.get("reply_to", "").isdigit():
        replying = _publication(request, int(request.GET["reply_to"]))
        if not can_reply_to(agent, replying):
            raise Http404
        initial.update(
            reply_to=replying.pk,
            subject=f"RE: {replying.subject}"[:300],
            kind=replying.kind if replying.kind != Kind.ARTICLE else Kind.NOTE,
            action_to=replying.issuer_id,
            classification=replying.classification,
        )
    if request.GET.get("supersedes", "").isdigit():
        original = _publication(request, int(request.GET["supersedes"]))
        if not can_supersede(agent, original):
            raise Http404
        initial.update(
            supersedes=original.pk,
            subject=original.subject,
            kind=original.kind,
            summary=original.summary,
            body=original.body,
            classification=original.classification,
            audience=original.audience,
            precedence=original.precedence,
            issuer=original.issuer_id,
        )
    form = PublicationForm(
        request.POST or None, request.FILES or None, agent=agent, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        send = request.POST.get("action") == "send"
        try:
            publication = actions.do_save_publication(
                agent,
                form.draft_data(_references(request, form)),
                upload=form.cleaned_data.get("attachment"),
                send=send,
            )
        except DiplomatieError as exc:
            form.add_error(None, str(exc))
        else:
            if send:
                messages.success(
                    request,
                    _("Sent: %(chrono)s") % {"chrono": publication.chrono or publication.subject},
                )
            else:
                messages.success(request, _("Draft saved."))
            return redirect("publications:detail", publication.pk)
    return render(request, "publications/compose.html", {"form": form, "replying": replying})


def edit(request: HttpRequest, publication_id: int) -> HttpResponse:
    agent = current_agent(request)
    publication = _publication(request, publication_id)
    if not can_edit_publication(agent, publication):
        raise Http404  # the form is for the authors only: for others it does not exist
    if publication.kind == Kind.ARTICLE and publication.status == Status.SENT:
        article_form = ArticleEditForm(
            request.POST or None,
            initial={
                "subject": publication.subject,
                "summary": publication.summary,
                "body": publication.body,
            },
        )
        if request.method == "POST" and article_form.is_valid():
            try:
                actions.do_edit_article(agent, publication, **article_form.cleaned_data)
            except DiplomatieError as exc:
                article_form.add_error(None, str(exc))
            else:
                messages.success(request, _("Article updated; the previous text is kept."))
                return redirect("publications:detail", publication.pk)
        return render(
            request,
            "publications/edit_article.html",
            {"form": article_form, "publication": publication},
        )
    form = PublicationForm(
        request.POST or None, request.FILES or None, agent=agent, initial=initial_from(publication)
    )
    if request.method == "POST" and form.is_valid():
        send = request.POST.get("action") == "send"
        try:
            publication = actions.do_save_publication(
                agent,
                form.draft_data(_references(request, form)),
                publication=publication,
                upload=form.cleaned_data.get("attachment"),
                send=send,
            )
        except DiplomatieError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Sent.") if send else _("Draft saved."))
            return redirect("publications:detail", publication.pk)
    return render(request, "publications/compose.html", {"form": form, "publication": publication})


def detail(request: HttpRequest, publication_id: int) -> HttpResponse:
    agent = current_agent(request)
    publication = _publication(request, publication_id)
    if publication.status == Status.SENT:
        actions.do_mark_read(agent, publication)
        do_record_view(agent, publication)
    actions.do_record_read(agent, publication, request=request)
    info = selectors.publication_detail_for(agent, publication)
    open_task = next((t for t in info.tasks if t.state in OPEN_STATES), None)
    sent = publication.status == Status.SENT
    context = {
        "info": info,
        "publication": publication,
        "is_author": publication.author_id == agent.pk
        or any(a.pk == agent.pk for a in info.coauthors),
        "author_visible": can_view_agent(agent, publication.author),
        "may_reply": sent and can_reply_to(agent, publication),
        "may_supersede": sent and can_supersede(agent, publication),
        "may_edit_article": sent and can_edit_publication(agent, publication),
        "open_task": open_task,
        "task_forms": task_forms(agent, open_task) if open_task else None,
        "may_acknowledge": publication.needs_acknowledgement
        and publication.acknowledged_at is None
        and info.action is not None
        and info.action.organisation_id in perimeter_of(agent).lineage_ids,
        "manages_action": info.action is not None and manages(agent, info.action.organisation_id),
        "attachment_form": AttachmentForm(),
        "audience": publication_audience(agent, publication)
        if publication.status == Status.SENT
        else None,
    }
    return render(request, "publications/detail.html", context)


@require_POST
def send(request: HttpRequest, publication_id: int) -> HttpResponse:
    agent = current_agent(request)
    publication = _publication(request, publication_id)
    try:
        publication = actions.do_send_answering(agent, publication)
    except DiplomatieError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Sent: %(chrono)s") % {"chrono": publication.chrono or ""})
    return redirect("publications:detail", publication.pk)


@require_POST
def delete(request: HttpRequest, publication_id: int) -> HttpResponse:
    agent = current_agent(request)
    publication = _publication(request, publication_id)
    try:
        actions.do_delete_draft(agent, publication)
    except DiplomatieError as exc:
        messages.error(request, str(exc))
        return redirect("publications:detail", publication.pk)
    messages.success(request, _("Draft deleted."))
    return redirect("publications:drafts")


@require_POST
def acknowledge(request: HttpRequest, publication_id: int) -> HttpResponse:
    agent = current_agent(request)
    publication = _publication(request, publication_id)
    try:
        actions.do_acknowledge(agent, publication)
    except DiplomatieError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Acknowledged."))
    return redirect("publications:detail", publication.pk)


@require_POST
def mark_read(request: HttpRequest, publication_id: int) -> HttpResponse:
    agent = current_agent(request)
    publication = _publication(request, publication_id)
    actions.do_mark_read(agent, publication)
    if request.headers.get("HX-Request"):
        return HttpResponse(_("Read"))
    return redirect("publications:detail", publication.pk)


@require_POST
def add_attachment(request: HttpRequest, publication_id: int) -> HttpResponse:
    agent = current_agent(request)
    publication = _publication(request, publication_id)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a file to attach."))
    else:
        try:
            actions.do_add_attachment(agent, publication, form.cleaned_data["attachment"])
        except DiplomatieError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("File attached."))
    return redirect("publications:detail", publication.pk)


def download(request: HttpRequest, publication_id: int, attachment_id: int) -> FileResponse:
    agent = current_agent(request)
    try:
        attachment = selectors.get_attachment_for(agent, publication_id, attachment_id)
    except NotFound:
        raise Http404 from None
    actions.do_record_read(agent, attachment.publication, attachment=attachment, request=request)
    response = FileResponse(
        open_attachment(attachment),
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.content_type,
    )
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def drafts(request: HttpRequest) -> HttpResponse:
    agent = current_agent(request)
    rows = list(selectors.drafts_for(agent)[:100])
    return render(request, "publications/drafts.html", {"drafts": rows})

"""Follows, ratings and audience pages. Views call services and selectors only."""

from __future__ import annotations

import csv
from collections.abc import Callable

from django.contrib import messages
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from diplomatie.access.audience import can_view_audience
from diplomatie.access.querysets import visible_publications
from diplomatie.access.writing import can_export
from diplomatie.audience import actions, plots, selectors
from diplomatie.audience.scopes import get_scope_for, scopes_for
from diplomatie.core.errors import DiplomatieError, NotFound
from diplomatie.directory.requests import current_agent
from diplomatie.directory.selectors import get_agent_for
from diplomatie.publications.models import Publication, Theme, ThemeKind
from diplomatie.publications.selectors import get_publication_for

PLOTS: dict[str, Callable[[selectors.AudienceStats], bytes]] = {
    "views": plots.views_svg,
    "ratings": plots.ratings_svg,
}


def _days(request: HttpRequest) -> int:
    raw = request.GET.get("days", "")
    return int(raw) if raw.isdigit() and int(raw) in selectors.PERIODS else selectors.PERIODS[0]


def _back(request: HttpRequest, fallback: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _readable(request: HttpRequest, publication_id: int) -> Publication:
    try:
        return get_publication_for(current_agent(request), publication_id)
    except NotFound:
        raise Http404 from None


def _audience_of(request: HttpRequest, publication_id: int) -> Publication:
    publication = _readable(request, publication_id)
    if not can_view_audience(current_agent(request), publication):
        raise Http404
    return publication


def _single(request: HttpRequest, publication: Publication) -> QuerySet[Publication]:
    return visible_publications(current_agent(request)).filter(pk=publication.pk)


# --- Follows -------------------------------------------------------------------------------


def follows(request: HttpRequest) -> HttpResponse:
    """What I follow, with a form to follow more themes and countries."""
    agent = current_agent(request)
    followed = selectors.follow_list_for(agent)
    followed_ids = {t.pk for t in followed.themes}
    choices = [
        t
        for t in Theme.objects.filter(active=True).order_by("kind", "name")
        if t.pk not in followed_ids
    ]
    context = {
        "followed": followed,
        "topics": [t for t in choices if t.kind != ThemeKind.COUNTRY],
        "countries": [t for t in choices if t.kind == ThemeKind.COUNTRY],
    }
    return render(request, "audience/follows.html", context)


@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    """Follow or unfollow a theme (`theme`) or an agent (`agent`); `action` is "follow" or
    "unfollow". htmx gets the button back; without JavaScript, the page it came from."""
    agent = current_agent(request)
    action = request.POST.get("action")
    theme_id, other_id = request.POST.get("theme", ""), request.POST.get("agent", "")
    if action not in ("follow", "unfollow") or not (theme_id.isdigit() or other_id.isdigit()):
        raise Http404
    following = action == "follow"
    try:
        if theme_id.isdigit():
            theme = Theme.objects.filter(pk=int(theme_id)).first()
            if theme is None:
                raise NotFound("theme")
            (actions.do_follow_theme if following else actions.do_unfollow_theme)(agent, theme)
            context: dict[str, object] = {"theme": theme, "following": following}
        else:
            other = get_agent_for(agent, int(other_id))
            (actions.do_follow_agent if following else actions.do_unfollow_agent)(agent, other)
            context = {"followed_agent": other, "following": following}
    except NotFound:
        raise Http404 from None
    except DiplomatieError as exc:
        messages.error(request, str(exc))
        return redirect(_back(request, reverse("audience:follows")))
    if request.headers.get("HX-Request"):
        context["next"] = request.POST.get("next", "")
        return render(request, "audience/_follow_button.html", context)
    return redirect(_back(request, reverse("audience:follows")))


# --- Ratings -------------------------------------------------------------------------------


@require_POST
def rate(request: HttpRequest, publication_id: int) -> HttpResponse:
    agent = current_agent(request)
    publication = _readable(request, publication_id)
    try:
        actions.do_rate_publication(
            agent, publication, score=actions.check_score(request.POST.get("score", ""))
        )
    except NotFound:
        raise Http404 from None
    except DiplomatieError as exc:
        if request.headers.get("HX-Request"):
            return HttpResponse(str(exc), status=400)
        messages.error(request, str(exc))
    else:
        if request.headers.get("HX-Request"):
            return render(
                request,
                "audience/_publication_audience.html",
                {
                    "publication": publication,
                    "audience": selectors.publication_audience(agent, publication),
                    "rated": True,
                },
            )
        messages.success(request, _("Thank you: your rating is recorded."))
    return redirect("publications:detail", publication.pk)


# --- Audience pages ------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    return redirect("audience:scope", scopes_for(current_agent(request))[0].key)


def _page(
    request: HttpRequest,
    *,
    title: str,
    pubs: QuerySet[Publication],
    plot_url: Callable[[str], str],
    export_url: str,
    extra: dict[str, object],
) -> HttpResponse:
    days = _days(request)
    stats = selectors.audience_stats(pubs, days=days)
    context = {
        "title": title,
        "stats": stats,
        "days": days,
        "periods": selectors.PERIODS,
        "views_plot": f"{plot_url('views')}?days={days}",
        "ratings_plot": f"{plot_url('ratings')}?days={days}",
        "export_url": export_url if can_export(current_agent(request)) else None,
        **extra,
    }
    return render(request, "audience/audience.html", context)


def scope(request: HttpRequest, key: str) -> HttpResponse:
    agent = current_agent(request)
    try:
        current = get_scope_for(agent, key)
    except NotFound:
        raise Http404 from None
    return _page(
        request,
        title=current.title,
        pubs=current.publications,
        plot_url=lambda name: reverse("audience:scope_plot", args=[key, name]),
        export_url=reverse("audience:scope_export", args=[key]),
        extra={"scopes": scopes_for(agent), "scope": current},
    )


def publication(request: HttpRequest, publication_id: int) -> HttpResponse:
    target = _audience_of(request, publication_id)
    return _page(
        request,
        title=_("Audience of %(subject)s") % {"subject": target.chrono or target.subject},
        pubs=_single(request, target),
        plot_url=lambda name: reverse("audience:publication_plot", args=[target.pk, name]),
        export_url=reverse("audience:publication_export", args=[target.pk]),
        extra={"publication": target},
    )


def _svg(request: HttpRequest, pubs: QuerySet[Publication], plot: str) -> HttpResponse:
    draw = PLOTS.get(plot)
    if draw is None:
        raise Http404
    svg = draw(selectors.audience_stats(pubs, days=_days(request), tops=False))
    response = HttpResponse(svg, content_type="image/svg+xml")
    # The drawing carries its own <style> and no script: allow inline style, nothing else.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, max-age=300"
    return response


def scope_plot(request: HttpRequest, key: str, plot: str) -> HttpResponse:
    try:
        current = get_scope_for(current_agent(request), key)
    except NotFound:
        raise Http404 from None
    return _svg(request, current.publications, plot)


def publication_plot(request: HttpRequest, publication_id: int, plot: str) -> HttpResponse:
    return _svg(request, _single(request, _audience_of(request, publication_id)), plot)


def _csv(request: HttpRequest, pubs: QuerySet[Publication], name: str) -> HttpResponse:
    """The daily series and the ratings distribution; each export is audited."""
    if not can_export(current_agent(request)):
        raise Http404  # externals never export
    days = _days(request)
    stats = selectors.audience_stats(pubs, days=days, tops=False)
    actions.do_record_export(current_agent(request), scope=name, table="daily", days=days)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="audience-{name}-{days}d.csv"'
    response["Cache-Control"] = "private, no-store"
    writer = csv.writer(response)
    writer.writerow(["date", "views", "unique_readers"])
    for point in stats.series:
        writer.writerow([point.day.isoformat(), point.views, point.readers])
    writer.writerow([])
    writer.writerow(["interest", "ratings"])
    for score, count in stats.distribution.items():
        writer.writerow([score, count])
    return response


def scope_export(request: HttpRequest, key: str) -> HttpResponse:
    if not can_export(current_agent(request)):
        raise Http404
    try:
        current = get_scope_for(current_agent(request), key)
    except NotFound:
        raise Http404 from None
    return _csv(request, current.publications, key)


def publication_export(request: HttpRequest, publication_id: int) -> HttpResponse:
    if not can_export(current_agent(request)):
        raise Http404
    target = _audience_of(request, publication_id)
    return _csv(request, _single(request, target), f"publication-{target.pk}")

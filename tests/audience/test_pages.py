"""Audience pages: scopes and their permissions, plots, CSV export, query counts."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from diplomatie.access.audience import audience_publications, can_view_audience
from diplomatie.audience.actions import do_rate_publication, do_record_view
from diplomatie.audience.scopes import scopes_for
from diplomatie.audience.selectors import audience_stats
from diplomatie.audit.models import Event
from diplomatie.directory.models import Agent, Role
from diplomatie.publications.models import Publication
from tests.conftest import Ministry, signed_in
from tests.factories import make_member, send_publication


def test_scopes_author_and_head_of_the_issuing_organisation_and_below(
    ministry: Ministry, desk_officer: Agent, service_head: Agent, ambassador: Agent
) -> None:
    # Ministry-wide: the head of the directorate above may read it (audiences never go
    # beyond what one may read).
    by_officer = send_publication(
        desk_officer, issuer=ministry.levant, action_to=ministry.embassy, audience="ministry"
    )
    hidden = send_publication(desk_officer, issuer=ministry.levant, action_to=ministry.embassy)
    by_ambassador = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    head_of_dgp = make_member(ministry.political, role=Role.HEAD)
    keys = {s.key: s for s in scopes_for(service_head)}
    assert set(keys) == {"mine", "org-lev"}
    assert set(keys["org-lev"].publications) == {by_officer, hidden}
    assert list(keys["mine"].publications) == []
    assert [s.key for s in scopes_for(desk_officer)] == ["mine"]
    dgp = {s.key: s for s in scopes_for(head_of_dgp)}["org-dgp"]
    assert list(dgp.publications) == [by_officer]
    # The predicate and the queryset agree.
    for agent in (desk_officer, service_head, ambassador, head_of_dgp):
        for publication in (by_officer, by_ambassador, hidden):
            assert can_view_audience(agent, publication) == (
                audience_publications(agent).filter(pk=publication.pk).exists()
            ), (agent, publication)


def test_other_agents_get_404(
    client: Client, ministry: Ministry, desk_officer: Agent, service_head: Agent, ambassador: Agent
) -> None:
    note = send_publication(desk_officer, issuer=ministry.levant, action_to=ministry.embassy)
    signed_in(client, ambassador)  # may read it, but neither wrote it nor heads the service
    for url in (
        reverse("audience:scope", args=["org-lev"]),
        reverse("audience:scope_plot", args=["org-lev", "views"]),
        reverse("audience:scope_export", args=["org-lev"]),
        reverse("audience:scope", args=["nonsense"]),
        reverse("audience:publication", args=[note.pk]),
        reverse("audience:publication_plot", args=[note.pk, "views"]),
        reverse("audience:publication_export", args=[note.pk]),
    ):
        assert client.get(url).status_code == 404, url
    signed_in(client, service_head)
    assert client.get(reverse("audience:scope", args=["org-lev"])).status_code == 200
    assert client.get(reverse("audience:publication", args=[note.pk])).status_code == 200
    assert (
        client.get(reverse("audience:publication_plot", args=[note.pk, "nope"])).status_code == 404
    )


def test_stats_series_distribution_and_tops(
    ministry: Ministry, desk_officer: Agent, service_head: Agent
) -> None:
    first = send_publication(desk_officer, issuer=ministry.levant, action_to=ministry.embassy)
    second = send_publication(desk_officer, issuer=ministry.levant, action_to=ministry.embassy)
    readers = [make_member(ministry.levant) for _ in range(3)]
    now = timezone.now()
    for i, reader in enumerate(readers):
        do_record_view(reader, first, now=now - dt.timedelta(days=2))
        do_record_view(reader, first, now=now)
        if i == 0:
            do_record_view(reader, second, now=now)
        do_rate_publication(reader, first, score=4 + (i % 2))
    do_rate_publication(readers[0], second, score=2)
    pubs = Publication.objects.filter(pk__in=[first.pk, second.pk])
    stats = audience_stats(pubs, days=30)
    assert len(stats.series) == 30
    assert stats.series[-1].views == 4 and stats.series[-1].readers == 3
    assert stats.series[-3].views == 3
    assert stats.views == 7 and stats.readers == 3
    assert stats.distribution == {1: 0, 2: 1, 3: 0, 4: 2, 5: 1}
    assert [r.publication_id for r in stats.top_read["week"]] == [first.pk, second.pk]
    assert [r.publication_id for r in stats.top_rated["month"]] == [first.pk, second.pk]


def test_page_plots_and_csv(client: Client, ministry: Ministry, desk_officer: Agent) -> None:
    note = send_publication(desk_officer, issuer=ministry.levant, action_to=ministry.embassy)
    do_record_view(desk_officer, note)
    do_rate_publication(desk_officer, note, score=4)
    signed_in(client, desk_officer)
    page = client.get(reverse("audience:scope", args=["mine"]), {"days": "90"})
    html = page.content.decode()
    assert "<caption>" in html and 'scope="col"' in html and "<img" in html
    assert reverse("audience:scope_plot", args=["mine", "views"]) + "?days=90" in html
    svg = client.get(reverse("audience:scope_plot", args=["mine", "views"]), {"days": "90"})
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'"
    body = svg.content.decode()
    assert "<svg" in body and "<script" not in body
    ratings = client.get(reverse("audience:scope_plot", args=["mine", "ratings"]))
    assert "<svg" in ratings.content.decode()
    export = client.get(reverse("audience:scope_export", args=["mine"]))
    lines = export.content.decode().splitlines()
    assert lines[0] == "date,views,unique_readers"
    assert lines[30] == f"{timezone.localdate().isoformat()},1,1"
    assert "4,1" in lines
    event = Event.objects.get(action="audience.export")
    assert event.actor_id == desk_officer.pk and event.details["scope"] == "mine"
    assert client.get(reverse("audience:index"))["Location"].endswith("/audience/mine/")


def test_audience_page_query_count_does_not_grow(
    client: Client, ministry: Ministry, desk_officer: Agent, service_head: Agent
) -> None:
    send_publication(desk_officer, issuer=ministry.levant, action_to=ministry.embassy)
    signed_in(client, service_head)
    url = reverse("audience:scope", args=["org-lev"])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    small = count()
    now = timezone.now()
    for day in range(10):
        note = send_publication(desk_officer, issuer=ministry.levant, action_to=ministry.embassy)
        for reader in (desk_officer, service_head):
            do_record_view(reader, note, now=now - dt.timedelta(days=day))
            do_rate_publication(reader, note, score=1 + day % 5)
    large = count()
    assert small == large, f"{small} queries before, {large} after"
    assert large <= 20

"""Ratings (one per reader, changeable), counted views (30-minute window) and the
audience box of a publication page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from diplomatie.audience.actions import do_rate_publication, do_record_view
from diplomatie.audience.models import Rating, View
from diplomatie.audience.selectors import addressees_reading, publication_audience
from diplomatie.audit.models import Event
from diplomatie.core.errors import InvalidInput, NotFound
from diplomatie.directory.models import Agent, Role
from diplomatie.publications.actions import do_create_draft
from tests.conftest import Ministry, signed_in
from tests.factories import draft_data, make_member, make_organisation, send_publication


def test_rating_is_validated_and_changeable(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    note = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    for bad in (0, 6, -1):
        with pytest.raises(InvalidInput):
            do_rate_publication(desk_officer, note, score=bad)
    assert not Rating.objects.exists()
    do_rate_publication(desk_officer, note, score=2)
    do_rate_publication(desk_officer, note, score=5)
    assert list(Rating.objects.values_list("agent_id", "score")) == [(desk_officer.pk, 5)]
    assert Event.objects.filter(action="publication.rate").count() == 2
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            agent=desk_officer, publication=note, score=9, rated_at=timezone.now()
        )


def test_rating_an_unreadable_publication_is_not_found(
    client: Client, ministry: Ministry, ambassador: Agent, journalist: Agent, desk_officer: Agent
) -> None:
    note = send_publication(
        ambassador, issuer=ministry.embassy, action_to=ministry.levant, classification="DR"
    )
    with pytest.raises(NotFound):
        do_rate_publication(journalist, note, score=3)
    draft = do_create_draft(ambassador, draft_data(issuer=ministry.embassy))
    with pytest.raises(NotFound):
        do_rate_publication(ambassador, draft, score=3)
    signed_in(client, journalist)
    response = client.post(reverse("audience:rate", args=[note.pk]), {"score": 3})
    assert response.status_code == 404
    assert not Rating.objects.exists()


def test_rating_through_the_page(
    client: Client, ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    note = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    signed_in(client, desk_officer)
    url = reverse("audience:rate", args=[note.pk])
    response = client.post(url, {"score": "9"})
    assert response.status_code == 302
    assert not Rating.objects.exists()
    response = client.post(url, {"score": "4"}, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert 'value="4" id="score-4" checked' in response.content.decode()
    assert client.post(url, {"score": "x"}, headers={"HX-Request": "true"}).status_code == 400
    page = client.get(reverse("publications:detail", args=[note.pk])).content.decode()
    assert "4,0/5" in page or "4.0/5" in page


def test_views_inside_thirty_minutes_count_once(
    ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    note = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    start = timezone.now()
    assert do_record_view(desk_officer, note, now=start)
    assert not do_record_view(desk_officer, note, now=start + dt.timedelta(minutes=10))
    assert not do_record_view(desk_officer, note, now=start + dt.timedelta(minutes=29))
    assert do_record_view(desk_officer, note, now=start + dt.timedelta(minutes=30))
    assert not do_record_view(desk_officer, note, now=start + dt.timedelta(minutes=45))
    assert do_record_view(desk_officer, note, now=start + dt.timedelta(hours=2))
    assert do_record_view(ambassador, note, now=start + dt.timedelta(minutes=1))
    audience = publication_audience(desk_officer, note)
    assert (audience.views, audience.readers) == (4, 2)


def test_opening_the_page_counts_a_view_and_shows_the_audience(
    client: Client, ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    note = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    signed_in(client, desk_officer)
    url = reverse("publications:detail", args=[note.pk])
    client.get(url)
    client.get(url)
    assert View.objects.filter(publication=note).count() == 1
    draft = do_create_draft(ambassador, draft_data(issuer=ministry.embassy))
    signed_in(client, ambassador)
    client.get(reverse("publications:detail", args=[draft.pk]))
    assert not View.objects.filter(publication=draft).exists()


def test_share_of_addressees_counts_members_of_descendants(
    ministry: Ministry, ambassador: Agent
) -> None:
    # Addressed to the political directorate: its members and those of the Middle East
    # sub-directorate and the Levant service below it; not the consular directorate.
    readers = [make_member(ministry.political), make_member(ministry.middle_east)]
    idle = [make_member(ministry.levant), make_member(ministry.levant, role=Role.HEAD)]
    outsider = make_member(ministry.consular)
    other = make_organisation(parent=ministry.consular)
    make_member(other)
    note = send_publication(
        ambassador,
        issuer=ministry.embassy,
        action_to=ministry.political,
        audience="ministry",
    )
    for agent in [*readers, outsider]:
        do_record_view(agent, note)
    do_record_view(readers[0], note, now=timezone.now() + dt.timedelta(hours=1))
    assert addressees_reading(note) == (len(readers) + len(idle), len(readers))
    audience = publication_audience(ambassador, note)
    assert audience.share == 50
    assert audience.views == 4 and audience.readers == 3


def test_publication_page_query_count_does_not_grow_with_audience(
    client: Client, ministry: Ministry, ambassador: Agent, desk_officer: Agent
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    note = send_publication(ambassador, issuer=ministry.embassy, action_to=ministry.levant)
    signed_in(client, ambassador)
    url = reverse("publications:detail", args=[note.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    client.get(url)
    small = count()
    for _ in range(8):
        reader = make_member(ministry.levant)
        do_record_view(reader, note)
        do_rate_publication(reader, note, score=3)
    assert count() == small
